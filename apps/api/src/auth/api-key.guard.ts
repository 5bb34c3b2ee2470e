import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { OrgKind } from '@mapflow/persistence';
import { AppError, ErrorCode } from '../common/errors';
import { assertRole, IS_PUBLIC, IS_WEB, ROLES } from './caller';

/**
 * Every route but the public ones needs `Authorization: Bearer <key>`: a
 * missing or unknown key is 401. The key is resolved to (user, org, role)
 * once, before the body is read, by the `onRequest` hook of
 * `authenticateBeforeBody` (route-auth.ts); this guard checks what it left on
 * the request: no caller is 401, and a route limited by {@link Roles}
 * answers 403 to any other role.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    // Web pages are checked by their own guard (WebGuard): a session, not a key.
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (this.reflector.getAllAndOverride<boolean>(IS_WEB, targets)) return true;
    const caller = context.switchToHttp().getRequest<FastifyRequest>().caller;
    if (!caller) {
      throw new AppError(ErrorCode.Unauthenticated, 'Send your API key as "Authorization: Bearer <key>"', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    assertRole(this.reflector.getAllAndOverride<OrgKind[] | undefined>(ROLES, targets), caller);
    return true;
  }
}
