import type { Caller } from './caller';
import { AppError, ErrorCode } from '../common/errors';

/** Who owns an opportunity, as far as visibility goes. */
export interface Owned {
  partnerOrgId: string;
  customerOrgId: string;
}

/**
 * Tenancy, in one place: ops see everything, a partner its org's
 * opportunities, a customer those whose customer it is. The owner an
 * opportunity must have for the caller to see it (none for ops).
 */
function scopeOf(caller: Caller): Partial<Owned> {
  switch (caller.role) {
    case 'ops':
      return {};
    case 'partner':
      return { partnerOrgId: caller.orgId };
    case 'customer':
      return { customerOrgId: caller.orgId };
  }
}

const OWNER_KEYS = ['partnerOrgId', 'customerOrgId'] as const;

/** One opportunity: anything the caller may not see does not exist for it: 404, never 403. */
export function visibleOr404<T extends Owned>(caller: Caller, record: T | null, id: string): T {
  const scope = scopeOf(caller);
  const visible = record !== null && OWNER_KEYS.every((key) => scope[key] === undefined || scope[key] === record[key]);
  if (!visible || record === null) throw new AppError(ErrorCode.NotFound, `No opportunity ${id}`);
  return record;
}

/**
 * A list: the owner filters asked for, narrowed to what the caller may see;
 * null when one names another org than the caller's, which matches nothing
 * (and leaks nothing).
 */
export function visibleFilter(caller: Caller, wanted: Partial<Owned>): Partial<Owned> | null {
  const scope = scopeOf(caller);
  const filter = { ...wanted };
  for (const key of OWNER_KEYS) {
    const own = scope[key];
    if (own === undefined) continue;
    if (wanted[key] !== undefined && wanted[key] !== own) return null;
    filter[key] = own;
  }
  return filter;
}
