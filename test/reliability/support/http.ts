import { connect } from 'node:net';

/** One answer, as the client saw it. */
export interface Reply {
  status: number;
  contentType: string;
  etag: string | null;
  text: string;
  /** Milliseconds from sending to the end of the body. */
  ms: number;
}

export interface Call {
  method: string;
  path: string;
  /** API key: sent as `Authorization: Bearer <key>`. */
  key?: string;
  headers?: Record<string, string>;
  /** A value sent as JSON, or (with `raw`) a string sent as is. */
  body?: unknown;
  raw?: string;
  timeoutMs?: number;
}

/** Sends one request with Node's fetch (undici, keep-alive). Throws on a network error or the timeout. */
export async function send(baseUrl: string, call: Call): Promise<Reply> {
  const headers: Record<string, string> = { ...(call.headers ?? {}) };
  if (call.key !== undefined) headers.authorization = `Bearer ${call.key}`;
  let body: string | undefined;
  if (call.raw !== undefined) body = call.raw;
  else if (call.body !== undefined) body = JSON.stringify(call.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  const started = performance.now();
  const res = await fetch(`${baseUrl}${call.path}`, {
    method: call.method,
    headers,
    body,
    signal: AbortSignal.timeout(call.timeoutMs ?? 30_000),
  });
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    etag: res.headers.get('etag'),
    text,
    ms: performance.now() - started,
  };
}

/** The JSON body of a reply. */
export function json<T>(reply: Reply): T {
  return JSON.parse(reply.text) as T;
}

/** The version an ETag names (`"7"` -> 7). */
export function versionOf(reply: Reply): number {
  return Number(String(reply.etag).replace(/"/g, ''));
}

/**
 * Why a reply is not an RFC 9457 problem document (content type
 * application/problem+json; `type`, `title`, `status` equal to the HTTP status,
 * `detail`; no stack trace), or null when it is one.
 */
export function problemFault(reply: Reply): string | null {
  if (!reply.contentType.startsWith('application/problem+json')) return `content-type "${reply.contentType}"`;
  let doc: unknown;
  try {
    doc = JSON.parse(reply.text);
  } catch {
    return 'body is not JSON';
  }
  if (typeof doc !== 'object' || doc === null) return 'body is not an object';
  const p = doc as Record<string, unknown>;
  if (typeof p.type !== 'string' || typeof p.title !== 'string' || typeof p.detail !== 'string') {
    return 'type, title or detail missing';
  }
  if (p.status !== reply.status) return `status field ${String(p.status)} differs from ${reply.status}`;
  if (/\n\s+at .+\(.+:\d+:\d+\)/.test(reply.text)) return 'carries a stack trace';
  return null;
}

/** A raw HTTP/1.1 exchange over TCP, for requests fetch refuses to send (lying Content-Length, bad framing). */
export function sendRaw(baseUrl: string, request: string | Buffer, timeoutMs = 10_000): Promise<Reply> {
  const url = new URL(baseUrl);
  const started = performance.now();
  return new Promise((done, fail) => {
    const socket = connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      fail(new Error('raw request timed out'));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // One response is enough: stop when its head and (declared) body are in.
      const all = Buffer.concat(chunks).toString('latin1');
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(all.slice(0, end));
      if (length?.[1] !== undefined && all.length - end - 4 >= Number(length[1])) socket.end();
    });
    socket.on('error', () => undefined); // a reset after the answer is fine; a missing answer fails below
    socket.on('close', () => {
      clearTimeout(timer);
      const all = Buffer.concat(chunks).toString('utf8');
      const head = /^HTTP\/1\.1 (\d{3})[^\r]*\r\n([\s\S]*?)\r\n\r\n([\s\S]*)$/.exec(all);
      if (!head) {
        fail(new Error(`no HTTP answer: ${JSON.stringify(all.slice(0, 200))}`));
        return;
      }
      const headerText = head[2] ?? '';
      const header = (name: string): string | null =>
        new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headerText)?.[1]?.trim() ?? null;
      done({
        status: Number(head[1]),
        contentType: header('content-type') ?? '',
        etag: header('etag'),
        text: head[3] ?? '',
        ms: performance.now() - started,
      });
    });
    socket.write(request);
  });
}

/** Runs `count` workers until each returns. */
export async function workers(count: number, work: (worker: number) => Promise<void>): Promise<void> {
  await Promise.all(Array.from({ length: count }, (_, i) => work(i)));
}
