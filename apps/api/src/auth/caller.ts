import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { OrgKind, PartnerTierName } from '@mapflow/persistence';
import { AppError, ErrorCode } from '../common/errors';

/** Who is calling: resolved from the API key by {@link ApiKeyGuard}. The role is the org's kind. */
export interface Caller {
  userId: string;
  orgId: string;
  role: OrgKind;
  tier: PartnerTierName | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

export const IS_PUBLIC = 'mapflow:public';
export const ROLES = 'mapflow:roles';
/** Set on the web app's page controllers (`@WebPages()`): their caller comes from a session cookie. */
export const IS_WEB = 'mapflow:web';

/** A route that needs no API key (health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route; others get 403. */
export const Roles = (...roles: OrgKind[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES, roles);

/** The authenticated caller of this request. */
export const CurrentCaller = createParamDecorator((_data: unknown, ctx: ExecutionContext): Caller => {
  const caller = ctx.switchToHttp().getRequest<FastifyRequest>().caller;
  if (!caller) throw new AppError(ErrorCode.Unauthenticated, 'No API key was presented');
  return caller;
});

/** Refuses (403) a caller whose role is not among a route's `roles`; `null` or `undefined` means any role. */
export function assertRole(roles: readonly OrgKind[] | null | undefined, caller: Caller): void {
  if (roles && !roles.includes(caller.role)) {
    throw new AppError(ErrorCode.Forbidden, `This route is for ${roles.join(' or ')} callers; you are ${caller.role}`);
  }
}
