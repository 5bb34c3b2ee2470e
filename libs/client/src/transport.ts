/**
 * How the client reaches mapflow's HTTP API: a `Transport` sends one request
 * and answers status, headers and the parsed body. `fetchTransport` speaks
 * real HTTP with Node's global fetch (the demo); the e2e suites plug in
 * supertest on the in-process server. Everything above it is shared.
 */

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** The caller's API key (Authorization: Bearer). */
  key: string;
  /** JSON body; a POST without one sends no body and no content type. */
  body?: object;
  headers?: Record<string, string>;
}

export interface ApiAnswer {
  status: number;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The parsed JSON body, or the text when the answer is not JSON. */
  body: unknown;
}

export type Transport = (request: ApiRequest) => Promise<ApiAnswer>;

/** An RFC 9457 problem document, as mapflow answers every error. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  state?: string;
  errors?: { field: string; message: string }[];
  missing?: { key: string; description: string }[];
}

function isProblem(body: unknown): body is Problem {
  return typeof body === 'object' && body !== null && 'title' in body && 'status' in body;
}

/** An answer other than the one the caller needed; the message says what was sent and why it was refused. */
export class UnexpectedAnswer extends Error {
  override name = 'UnexpectedAnswer';

  constructor(
    readonly request: ApiRequest,
    readonly answer: ApiAnswer,
    expected: string,
  ) {
    super(UnexpectedAnswer.describe(request, answer, expected));
  }

  private static describe(request: ApiRequest, answer: ApiAnswer, expected: string): string {
    const event =
      request.body !== undefined && 'type' in request.body && typeof request.body.type === 'string'
        ? ` ${request.body.type}`
        : '';
    const body = answer.body;
    let why: string;
    if (isProblem(body)) {
      const missing = body.missing?.map((m) => m.key).join(', ');
      const errors = body.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
      why = [body.title, body.detail, missing && `missing: ${missing}`, errors && `errors: ${errors}`]
        .filter(Boolean)
        .join(' - ');
    } else {
      why = (typeof body === 'string' ? body : JSON.stringify(body)).slice(0, 500);
    }
    return `${request.method} ${request.path}${event} answered ${answer.status}, expected ${expected}: ${why}`;
  }
}

/** Requires `status` and returns the body as `T` (the API's documented shape for that status). */
export function expectAnswer<T>(request: ApiRequest, answer: ApiAnswer, status: number): T {
  if (answer.status !== status) throw new UnexpectedAnswer(request, answer, String(status));
  return answer.body as T;
}

/** Sends `request` and requires `status`: the body, typed as the API documents it. */
export async function call<T>(transport: Transport, request: ApiRequest, status: number): Promise<T> {
  return expectAnswer<T>(request, await transport(request), status);
}

/** Real HTTP to `baseUrl` (e.g. http://127.0.0.1:3000) with Node's global fetch. */
export function fetchTransport(baseUrl: string): Transport {
  return async (request) => {
    const headers: Record<string, string> = { authorization: `Bearer ${request.key}`, ...request.headers };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    }).catch((error: unknown) => {
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
      throw new Error(`${request.method} ${baseUrl}${request.path} failed${cause}`);
    });
    const text = await res.text();
    const json = /[/+]json\b/.test(res.headers.get('content-type') ?? '') && text !== '';
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers.entries()),
      body: json ? (JSON.parse(text) as unknown) : text,
    };
  };
}
