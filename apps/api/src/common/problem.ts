import { HttpException } from '@nestjs/common';
import { QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { problemTypeUrl } from '@mapflow/client/problem-types';
import { AppError, ErrorCode, FieldError, MissingItem } from './errors';

/** RFC 9457 problem document, as every mapflow error is answered. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  state?: string;
  errors?: FieldError[];
  missing?: MissingItem[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The status and title of each code. Exhaustive: a new code that is not mapped does not compile. */
export function describe(code: ErrorCode): { status: number; title: string } {
  switch (code) {
    case ErrorCode.Validation:
      return { status: 400, title: 'The request is invalid' };
    case ErrorCode.MalformedJson:
      return { status: 400, title: 'The request body is not valid JSON' };
    case ErrorCode.MalformedRequest:
      return { status: 400, title: 'The request is not valid HTTP' };
    case ErrorCode.HeadersTooLarge:
      return { status: 431, title: 'The request headers are too large' };
    case ErrorCode.RequestTimeout:
      return { status: 408, title: 'The request did not arrive in time' };
    case ErrorCode.Unauthenticated:
      return { status: 401, title: 'A valid API key is required' };
    case ErrorCode.Forbidden:
      return { status: 403, title: 'Not allowed for this caller' };
    case ErrorCode.NotFound:
      return { status: 404, title: 'Not found' };
    case ErrorCode.RouteNotFound:
      return { status: 404, title: 'No such route' };
    case ErrorCode.MethodNotAllowed:
      return { status: 405, title: 'Method not allowed' };
    case ErrorCode.StateConflict:
      return { status: 409, title: 'The current state refuses this' };
    case ErrorCode.GateNotReady:
      return { status: 409, title: 'The gate is not ready' };
    case ErrorCode.RuleRefused:
      return { status: 409, title: 'A rule refuses this' };
    case ErrorCode.IdempotencyInFlight:
      return {
        status: 409,
        title: 'A request with this Idempotency-Key is still in progress',
      };
    case ErrorCode.PreconditionFailed:
      return {
        status: 412,
        title: 'The resource has changed since it was read',
      };
    case ErrorCode.PayloadTooLarge:
      return { status: 413, title: 'The request body is too large' };
    case ErrorCode.UnsupportedMediaType:
      return { status: 415, title: 'Unsupported content type' };
    case ErrorCode.NotAcceptable:
      return { status: 406, title: 'Not acceptable' };
    case ErrorCode.IdempotencyKeyReused:
      return {
        status: 422,
        title: 'This Idempotency-Key was used with a different request',
      };
    case ErrorCode.PreconditionRequired:
      return { status: 428, title: 'If-Match is required' };
    case ErrorCode.RateLimited:
      return { status: 429, title: 'Too many requests' };
    case ErrorCode.DatabaseUnavailable:
      return { status: 503, title: 'The database is unavailable' };
    case ErrorCode.Internal:
      return { status: 500, title: 'Internal error' };
    default: {
      const unmapped: never = code;
      throw new Error(`unmapped error code ${String(unmapped)}`);
    }
  }
}

const STATUS_TO_CODE: Record<number, ErrorCode> = {
  400: ErrorCode.Validation,
  401: ErrorCode.Unauthenticated,
  403: ErrorCode.Forbidden,
  404: ErrorCode.RouteNotFound,
  405: ErrorCode.MethodNotAllowed,
  406: ErrorCode.NotAcceptable,
  413: ErrorCode.PayloadTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.RateLimited,
  503: ErrorCode.DatabaseUnavailable,
};

/** Connection-level failures of PostgreSQL or the pool: the database is down, not the request wrong. */
function isDatabaseUnavailable(error: Error): boolean {
  // TypeORM releases a query runner whose connection dies mid-request (PostgreSQL restarted or
  // unreachable); the request's next query then throws one of these (test/reliability/outage).
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) {
    return true;
  }
  const candidate = error as Error & {
    code?: unknown;
    driverError?: { code?: unknown };
  };
  const code = String(candidate.code ?? candidate.driverError?.code ?? '');
  if (/^(08|57P0)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '53300'].includes(code)) {
    return true;
  }
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|Connection is not established/i.test(
    error.message,
  );
}

function messageOf(response: string | object): string | undefined {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.filter((m) => typeof m === 'string').join('; ');
  return undefined;
}

/**
 * Turns anything thrown while serving a request into an {@link AppError}:
 * mapflow's own errors pass through; Nest's and Fastify's HTTP errors keep
 * their status; database outages become 503; anything else is a 500 whose
 * detail says nothing about the internals.
 */
export function toAppError(exception: unknown): AppError {
  if (exception instanceof AppError) return exception;
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    // Nest hands on Fastify's body-parser failures as a plain 400 carrying Fastify's message.
    if (status === 400 && /JSON/.test(exception.message)) {
      return new AppError(ErrorCode.MalformedJson, 'The request body could not be parsed as JSON');
    }
    const code = STATUS_TO_CODE[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.Validation);
    const detail = messageOf(exception.getResponse()) ?? exception.message;
    return new AppError(code, code === ErrorCode.Internal ? 'The server could not complete the request' : detail);
  }
  if (exception instanceof Error) {
    const withStatus = exception as Error & { statusCode?: unknown };
    if (isDatabaseUnavailable(exception)) {
      return new AppError(ErrorCode.DatabaseUnavailable, 'The database is unavailable; retry shortly', {
        headers: { 'retry-after': '1' },
      });
    }
    if (typeof withStatus.statusCode === 'number' && withStatus.statusCode >= 400 && withStatus.statusCode < 500) {
      const code = STATUS_TO_CODE[withStatus.statusCode] ?? ErrorCode.Validation;
      return new AppError(code, exception.message);
    }
  }
  return new AppError(ErrorCode.Internal, 'The server could not complete the request');
}

/** The problem document for an {@link AppError}. Never carries a stack trace. */
export function toProblem(error: AppError, instance?: string, requestId?: string): ProblemDocument {
  const { status, title } = describe(error.code);
  const problem: ProblemDocument = {
    type: problemTypeUrl(error.code),
    title,
    status,
    detail: error.detail,
  };
  if (instance !== undefined) problem.instance = instance;
  if (requestId !== undefined) problem.requestId = requestId;
  if (error.extras.state !== undefined) problem.state = error.extras.state;
  if (error.extras.errors !== undefined) problem.errors = error.extras.errors;
  if (error.extras.missing !== undefined) problem.missing = error.extras.missing;
  return problem;
}
