import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import type { OrgKind } from '../../../../libs/persistence/src';
import { AppError, ErrorCode } from '../common/errors';
import { AuthRepository } from './auth.repository';
import { IS_PUBLIC, ROLES } from './caller';
import { bearerKey, hashApiKey } from './keys';

/**
 * Every route but the public ones needs `Authorization: Bearer <key>`: a
 * missing or unknown key is 401. The key resolves to (user, org, role); a
 * route limited by {@link Roles} answers 403 to any other role.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = bearerKey(request.headers.authorization);
    if (key === null) {
      throw new AppError(ErrorCode.Unauthenticated, 'Send your API key as "Authorization: Bearer <key>"', {
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    const caller = await this.auth.findCallerByKeyHash(hashApiKey(key));
    if (!caller) {
      throw new AppError(ErrorCode.Unauthenticated, 'The API key is unknown or revoked', {
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      });
    }
    request.caller = caller;
    const roles = this.reflector.getAllAndOverride<OrgKind[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(caller.role)) {
      throw new AppError(
        ErrorCode.Forbidden,
        `This route is for ${roles.join(' or ')} callers; you are ${caller.role}`,
      );
    }
    return true;
  }
}
