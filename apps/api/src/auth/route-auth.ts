import { PATH_METADATA } from '@nestjs/common/constants';
import { MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants';
import type { FastifyRequest } from 'fastify';
import type { OrgKind } from '@mapflow/persistence';
import { AppError, ErrorCode } from '../common/errors';
import type { Authenticator } from './authenticator';
import { assertRole, IS_PUBLIC, IS_WEB, ROLES } from './caller';

/** Who may call a route, as its controller's @Public and @Roles say. */
export interface RouteAuth {
  public: boolean;
  roles: OrgKind[] | null;
  /** A web page: its caller is a person's session (the cookie), never an API key. */
  web: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set on every route of a Nest controller by {@link declareRouteAuth}. */
    mapflowAuth?: RouteAuth;
  }
}

/**
 * Copies what @Public and @Roles say (on the method, else its controller)
 * into the Fastify route config of every controller route, so that a Fastify
 * hook, which runs before the body is read, can authenticate the request.
 * Call it after the app is created and before `init()` registers the routes
 * (Nest copies a handler's metadata, its route config included, onto the route).
 */
export function declareRouteAuth(modules: ModulesContainer, reflector: Reflector): void {
  const scanner = new MetadataScanner();
  for (const module of modules.values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype;
      if (typeof controller !== 'function') continue;
      const prototype: unknown = controller.prototype;
      if (typeof prototype !== 'object' || prototype === null) continue;
      for (const name of scanner.getAllMethodNames(prototype)) {
        const handler: unknown = Reflect.get(prototype, name);
        if (typeof handler !== 'function' || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        const targets = [handler, controller];
        const auth: RouteAuth = {
          public: reflector.getAllAndOverride<boolean | undefined>(IS_PUBLIC, targets) === true,
          roles: reflector.getAllAndOverride<OrgKind[] | undefined>(ROLES, targets) ?? null,
          web: reflector.getAllAndOverride<boolean | undefined>(IS_WEB, targets) === true,
        };
        const config: unknown = Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler);
        Reflect.defineMetadata(
          FASTIFY_ROUTE_CONFIG_METADATA,
          { ...(typeof config === 'object' ? config : {}), mapflowAuth: auth },
          handler,
        );
      }
    }
  }
}

/**
 * Whether the refused request's body is too large to drain: chunked (of unknown size), or declared
 * larger than `drainLimit`. Such a connection is closed, so the body is never read. A smaller body
 * is read and discarded by Node (never parsed), which keeps the connection, and lets a client that
 * is still sending read the answer instead of failing on a closed socket.
 */
function tooLargeToDrain(request: FastifyRequest, drainLimit: number): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && Number(length) > drainLimit);
}

/** How long {@link discardBody} waits for the next piece of a body before answering anyway, in ms. */
const DISCARD_IDLE_MS = 500;

/**
 * Reads and discards what is left of a request's body (at most the drain limit, see
 * {@link tooLargeToDrain}), until it ends or nothing arrives for {@link DISCARD_IDLE_MS}: a client that
 * declares a body it never sends is answered, not waited for.
 */
function discardBody(request: FastifyRequest): Promise<void> {
  const raw = request.raw;
  if (Number(request.headers['content-length'] ?? 0) === 0 || raw.readableEnded) return Promise.resolve();
  return new Promise((done) => {
    let timer = setTimeout(finish, DISCARD_IDLE_MS);
    function finish(): void {
      clearTimeout(timer);
      raw.off('data', onData).off('end', finish).off('error', finish);
      done();
    }
    function onData(): void {
      clearTimeout(timer);
      timer = setTimeout(finish, DISCARD_IDLE_MS);
    }
    raw.on('data', onData).on('end', finish).on('error', finish);
  });
}

/**
 * A body declared larger than the route's limit is refused here, before it is read, rather than
 * by Fastify's parser, which closes the connection on every such body; here a body up to the
 * drain limit is read and discarded, so the client reads its 413.
 */
function assertWithinBodyLimit(request: FastifyRequest): void {
  const length = Number(request.headers['content-length'] ?? 0);
  const limit = request.routeOptions.bodyLimit;
  if (limit === undefined || !(length > limit)) return;
  throw new AppError(ErrorCode.PayloadTooLarge, `The body is ${length} bytes; this route takes at most ${limit}.`);
}

/**
 * Fastify `onRequest` hook: authenticates the caller of every controller
 * route before its body is read (Nest guards run after parsing), and refuses
 * a caller whose role the route does not take, and a body over the route's limit: 401, 403, 413 or 429 before a byte
 * of the body is parsed; a body over `drainLimit` is not read either: its
 * connection is closed. Requests that need no key (public routes, docs, unknown routes)
 * count against their address's anonymous limit, except `unlimited` routes.
 * The caller is left on `request.caller` for the guard and the controllers.
 */
export function authenticateBeforeBody(
  authenticator: Authenticator,
  unlimited: ReadonlySet<string>,
  drainLimit: number,
  webSession: (request: FastifyRequest) => Promise<void>,
) {
  return async (request: FastifyRequest): Promise<void> => {
    const route = request.routeOptions.config.mapflowAuth;
    try {
      if (route?.web === true) {
        // A page: the session cookie's person, or nobody (the page's guard decides); signed out, it counts as anonymous.
        await webSession(request);
        if (request.caller === undefined && !unlimited.has(request.routeOptions.url ?? '')) {
          await authenticator.countAnonymous(request);
        }
      } else if (route === undefined || route.public) {
        if (!unlimited.has(request.routeOptions.url ?? '')) await authenticator.countAnonymous(request);
      } else {
        const caller = await authenticator.authenticate(request);
        request.caller = caller;
        assertRole(route.roles, caller);
      }
      assertWithinBodyLimit(request);
    } catch (error: unknown) {
      if (!(error instanceof AppError)) throw error;
      if (!tooLargeToDrain(request, drainLimit)) {
        // Read the rest of the body before answering: a client that asked for `Connection: close` gets its
        // socket closed right after the answer, and closing with its body still arriving resets the
        // connection, which can lose the answer on the client's side.
        await discardBody(request);
        throw error;
      }
      throw new AppError(error.code, error.detail, {
        ...error.extras,
        headers: { ...error.extras.headers, connection: 'close' },
      });
    }
  };
}
