import type { Caller } from '../auth/caller';
import { AppError, ErrorCode } from '../common/errors';

/** Who owns an opportunity, as far as visibility goes. */
export interface Owned {
  partnerOrgId: string;
  customerOrgId: string;
}

/**
 * Tenancy, in one place: ops see everything, a partner its org's
 * opportunities, a customer those whose customer it is. Anything else does
 * not exist for the caller: 404, never 403.
 */
export function visibleOr404<T extends Owned>(caller: Caller, record: T | null, id: string): T {
  const visible =
    record !== null &&
    (caller.role === 'ops' ||
      (caller.role === 'partner' && record.partnerOrgId === caller.orgId) ||
      (caller.role === 'customer' && record.customerOrgId === caller.orgId));
  if (!visible || record === null) throw new AppError(ErrorCode.NotFound, `No opportunity ${id}`);
  return record;
}
