import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { Figures } from './stats';

/** Samples the API process's resident set size while a run lasts; answers the peak in MiB. */
export function rssSampler(pid: number): { stop(): number } {
  let peak = 0;
  const sample = (): void => {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peak = Math.max(peak, kb / 1024);
    } catch {
      // not Linux, or the process is gone: no figure
    }
  };
  sample();
  const timer = setInterval(sample, 100);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}

function etagOf(headers: unknown): number | null {
  let raw: unknown;
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length - 1; i += 2) {
      if (String(headers[i]).toLowerCase() === 'etag') raw = headers[i + 1];
    }
  } else if (headers && typeof headers === 'object') {
    for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === 'etag') raw = v;
  }
  const n = Number(String(raw ?? '').replace(/"/g, ''));
  return Number.isInteger(n) && n > 0 ? n : null;
}

interface Run {
  url: string;
  key: string;
  connections: number;
  seconds: number;
  pid: number;
}

async function cannon(run: Run, options: Partial<autocannon.Options>, count?: () => number): Promise<Figures> {
  const rss = rssSampler(run.pid);
  const result = await autocannon({
    url: run.url,
    connections: run.connections,
    duration: run.seconds,
    headers: { authorization: `Bearer ${run.key}`, 'content-type': 'application/json' },
    ...options,
  });
  const peakRssMiB = rss.stop();
  const ok = count ? count() : result['2xx'];
  return {
    throughput: ok / run.seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    peakRssMiB,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

type Request = autocannon.Request;

/** GET of one opportunity, for its ETag. */
const readRequest = (req: Request, id: string): Request => ({
  ...req,
  method: 'GET',
  path: `/v1/opportunities/${id}`,
  body: undefined,
});

/** A valid lifecycle event (a profile update in intake) with If-Match. */
const eventRequest = (req: Request, id: string, version: number): Request => ({
  ...req,
  method: 'POST',
  path: `/v1/opportunities/${id}/events`,
  headers: { ...req.headers, 'if-match': `"${version}"` },
  body: JSON.stringify({ type: 'UPDATE_PROFILE', profile: { servers: (version % 400) + 1 } }),
});

/** The last ETag seen per opportunity, across runs (the seed leaves every opportunity at version 1). */
const versions = new Map<string, number>();

/** What one request was, for its response (autocannon gives each request a fresh context). */
type Context = { id?: string; read?: boolean; sent?: number };

/**
 * (a) Valid lifecycle events with If-Match, spread over many opportunities in
 * turn (more of them than connections, so two in flight never share one),
 * each sent with the version from the ETag its last answer carried.
 */
export function apiEvents(run: Run, ids: string[]): Promise<Figures> {
  for (const id of ids) if (!versions.has(id)) versions.set(id, 1);
  let n = 0;
  let events = 0;
  return cannon(
    run,
    {
      requests: [
        {
          setupRequest: (req, raw) => {
            const context = raw as Context;
            const id = ids[n++ % ids.length] as string;
            const version = versions.get(id);
            context.id = id;
            context.read = version === undefined;
            // Not known (a 412 said it moved): read the ETag first, as a client would.
            return version === undefined ? readRequest(req, id) : eventRequest(req, id, version);
          },
          onResponse: (status, _body, raw, headers) => {
            const context = raw as Context;
            const etag = etagOf(headers);
            if (!context.id) return;
            if (status === 200 && etag !== null) {
              versions.set(context.id, etag);
              if (!context.read) events += 1;
            } else {
              versions.delete(context.id);
            }
          },
        },
      ],
    },
    () => events,
  );
}

/**
 * (b) Every connection on one opportunity: send with the newest ETag seen, and
 * on 412 read again and retry. Counts commits per second. What the clients
 * know only moves forward: an answer that overtook a slower one (a read served
 * before a commit, answered after it) does not take them back to a version
 * they know is gone, and a 412 for a version they have already left behind
 * does not make them forget the newer one.
 */
export function apiHotRow(run: Run, id: string): Promise<Figures> {
  let commits = 0;
  let known: number | null = null;
  return cannon(
    run,
    {
      requests: [
        {
          setupRequest: (req, raw) => {
            const context = raw as Context;
            context.read = known === null;
            context.sent = known ?? undefined;
            return known === null ? readRequest(req, id) : eventRequest(req, id, known);
          },
          onResponse: (status, _body, raw, headers) => {
            const context = raw as Context;
            const etag = etagOf(headers);
            if (status === 200) {
              if (!context.read) commits += 1;
              if (etag !== null && (known === null || etag > known)) known = etag;
            } else if (status === 412 && known === context.sent) {
              known = null;
            }
          },
        },
      ],
    },
    () => commits,
  );
}

/** A run whose n-th request (counting from 1, over all connections) is `nth(req, n)`. */
function cannonEach(run: Run, nth: (req: Request, n: number) => Request): Promise<Figures> {
  let n = 0;
  return cannon(run, { requests: [{ setupRequest: (req) => nth(req, (n += 1)) }] });
}

/** (c) Reads of one opportunity at a time, over the seeded set. */
export function apiReads(run: Run, ids: string[]): Promise<Figures> {
  return cannonEach(run, (req, n) => readRequest(req, ids[(n * 104729) % ids.length] as string));
}

/** (d) Lists with filters, cycling through `queries`. */
export function apiLists(run: Run, queries: string[]): Promise<Figures> {
  return cannonEach(run, (req, n) => ({
    ...req,
    method: 'GET',
    path: `/v1/opportunities?${queries[n % queries.length]}`,
    body: undefined,
  }));
}
