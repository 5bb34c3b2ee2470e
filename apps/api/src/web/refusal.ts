import { AppError, ErrorCode } from '../common/errors';
import { describe as describeCode } from '../common/problem';

/** Refusals a page does not answer with its form again: the error page (or the sign-in form) says them. */
const PASSED_ON: ReadonlySet<ErrorCode> = new Set([ErrorCode.NotFound, ErrorCode.Forbidden, ErrorCode.Unauthenticated]);

/** Why a form was refused, for the page to show above the form again. */
export interface Refusal {
  code: ErrorCode;
  status: number;
  messages: string[];
}

/**
 * A form's refusal in words (its detail, each missing item, each field
 * error), to show with the form again; an error that is not a refusal of the
 * form (not found, forbidden, signed out, a fault) is thrown on, to the
 * problem filter's error page.
 */
export function refusalOf(error: unknown): Refusal {
  if (!(error instanceof AppError) || PASSED_ON.has(error.code)) throw error;
  return {
    code: error.code,
    status: describeCode(error.code).status,
    messages: [
      error.detail,
      ...(error.extras.missing ?? []).map((m) => m.description),
      ...(error.extras.errors ?? []).map((e) => `${e.field}: ${e.message}`),
    ],
  };
}
