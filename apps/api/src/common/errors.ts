import { ProblemCode } from '@mapflow/client/problem-types';

/**
 * Every error mapflow answers with, by code: the problem types of @mapflow/client, which builds their
 * URLs for the API and its clients alike. The problem filter maps each code to an HTTP status.
 */
export const ErrorCode = ProblemCode;
export type ErrorCode = ProblemCode;

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

/** Thrown to answer with the first response to an Idempotency-Key; the problem filter sends it as stored. */
export class IdempotentReplay extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly headers: Record<string, string>,
  ) {
    super('idempotent replay');
  }
}
