/** Every error mapflow answers with, by code. The problem filter maps each to an HTTP status. */
export enum ErrorCode {
  Validation = 'validation',
  MalformedJson = 'malformed-json',
  MalformedRequest = 'malformed-request',
  HeadersTooLarge = 'headers-too-large',
  RequestTimeout = 'request-timeout',
  Unauthenticated = 'unauthenticated',
  Forbidden = 'forbidden',
  NotFound = 'not-found',
  RouteNotFound = 'route-not-found',
  MethodNotAllowed = 'method-not-allowed',
  StateConflict = 'state-conflict',
  GateNotReady = 'gate-not-ready',
  RuleRefused = 'rule-refused',
  PreconditionRequired = 'precondition-required',
  PreconditionFailed = 'precondition-failed',
  IdempotencyKeyReused = 'idempotency-key-reused',
  IdempotencyInFlight = 'idempotency-in-flight',
  PayloadTooLarge = 'payload-too-large',
  UnsupportedMediaType = 'unsupported-media-type',
  NotAcceptable = 'not-acceptable',
  RateLimited = 'rate-limited',
  DatabaseUnavailable = 'database-unavailable',
  Internal = 'internal',
}

/** One invalid field of a request. */
export interface FieldError {
  field: string;
  message: string;
}

/** One unmet gate item. */
export interface MissingItem {
  key: string;
  description: string;
}

export interface AppErrorExtras {
  errors?: FieldError[];
  missing?: MissingItem[];
  state?: string;
  headers?: Record<string, string>;
}

/** An error with a code from {@link ErrorCode}; thrown by services, mapped to HTTP in one place. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extras: AppErrorExtras = {},
  ) {
    super(detail);
    this.name = 'AppError';
  }
}
