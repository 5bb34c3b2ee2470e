import fc from 'fast-check';
import { Client } from 'pg';
import { TEST_OPS_KEY } from '../support/test-app';
import { useApiOnUrl } from './support/harness';
import { json, problemFault, Reply, send, sendRaw } from './support/http';
import { OpenApiDocument, Route, routesOf } from './support/openapi';
import { runSeed } from './support/random';
import { makeWorld, World } from './support/world';

/**
 * Hostile input (DESIGN.md section 6): at least 10k generated requests against
 * every route of /docs-json (so a new route is covered without touching this
 * file): wrong types, huge strings, deep JSON, unknown event types and fields,
 * bad UUIDs, negative and overflowing cents, broken headers and framing, bodies
 * over the limit; and text PostgreSQL cannot store (NUL, lone surrogates) in
 * bodies, queries and paths, whitespace-only text, impossible or unbounded
 * dates, integers past int4, cursors PostgreSQL would reject, weak, listed and
 * `*` If-Match. No answer is a 5xx; every answer that is not a 2xx is a
 * problem document; afterwards every table holds the rows it held, and every
 * opportunity is at the version it was.
 */
const STRUCTURED_RUNS = Number(process.env.RELIABILITY_HOSTILE_RUNS ?? 9_000);
const RAW_RUNS = Math.ceil(STRUCTURED_RUNS / 9);
const OVER_LIMIT_RUNS = 60;
/** The checkpoint verify route takes more than the 1 MiB of every other route: 1.5 MiB in this run. */
const CHECKPOINT_BODY_LIMIT = 1_572_864;
/** Parallel properties (each sequential, so that fast-check can shrink a failure). */
const LANES = 3;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Real ids a path may name. */
interface Ids {
  opportunities: string[];
  orgs: string[];
}

/** One generated request, and a short description of it for fast-check's report. */
interface Hostile {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Why it must not change anything (for POST): the invalid part. */
  killer: string;
}

/** Paths (as key lists) to every value inside `value`. */
function pathsOf(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const paths: (string | number)[][] = prefix.length > 0 ? [prefix] : [];
  if (Array.isArray(value)) value.forEach((v, i) => paths.push(...pathsOf(v, [...prefix, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) paths.push(...pathsOf(v, [...prefix, k]));
  }
  return paths;
}

function getAt(value: Json, path: (string | number)[]): Json {
  let current: Json = value;
  for (const key of path) current = (current as Record<string | number, Json>)[key] as Json;
  return current;
}

/** A copy of `value` with the value at `path` replaced. */
function setAt(value: Json, path: (string | number)[], replacement: Json): Json {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[head as number] = setAt(copy[head as number] as Json, rest, replacement);
    return copy;
  }
  const copy = { ...(value as Record<string, Json>) };
  copy[head] = setAt(copy[head] as Json, rest, replacement);
  return copy;
}

const typeOf = (v: Json): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** A value of another JSON type than `v` (never null: null is "absent" to an optional field). */
const otherType = (v: Json): fc.Arbitrary<Json> =>
  fc
    .oneof(
      fc.integer().map((n): Json => n),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((n): Json => n),
      fc.string({ maxLength: 20 }).map((s): Json => s),
      fc.boolean().map((b): Json => b),
      fc.constant<Json>([]),
      fc.constant<Json>({}),
      fc.array(fc.integer(), { maxLength: 3 }).map((a): Json => a),
    )
    .filter((x) => typeOf(x) !== typeOf(v) && !(typeof v === 'number' && typeof x === 'number'));

/** Nested arrays (or objects) `depth` deep, as JSON text. */
function deepJson(depth: number, objects: boolean): string {
  return objects ? `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` : `${'['.repeat(depth)}1${']'.repeat(depth)}`;
}

/** A calendar-date string, as the examples write `signedOn` and `projectEndDate`. */
const isDate = (v: Json): boolean => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);

/** What PostgreSQL cannot store as text: NUL (text, jsonb), a lone UTF-16 surrogate (jsonb; text stores it altered). */
const NUL = '\u0000';
const LONE_SURROGATES = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDE00\uD83D'] as const;
/** Strings with no character but whitespace. */
const BLANKS = [' ', '   ', '\t', '\n', ' \u00a0 ', '\u3000', '\r\n\t '] as const;
/** Dates that are not real calendar dates, or lie outside 2000-2099. */
const BAD_DATES = [
  '2027-02-30',
  '2027-04-31',
  '2026-02-29',
  '2027-13-01',
  '2027-00-10',
  '9999-12-02',
  '2100-01-01',
  '1999-12-31',
  '0000-01-01',
] as const;
/** Integers past what a PostgreSQL int4 (or a safe JS integer) holds, as JSON literals. */
const BIG_INTEGERS = ['2147483648', '-2147483649', '4294967296', '1e15', '9007199254740993'] as const;
/** Texts a cursor may hide that Date.parse accepts and PostgreSQL rejects (a 500 once), and other non-instants. */
const CURSOR_TEXTS = [
  '2024-01-01 (x)',
  '1',
  '(x) 2024',
  '0000-01-01T00:00:00.000Z',
  '+275760-09-13T00:00:00.000Z',
  '-000001-01-01T00:00:00.000Z',
  '2024-02-30T00:00:00.000Z',
  '2024-01-01T24:00:00.000Z',
  '2024-01-01',
  '',
] as const;
/** A cursor as the API encodes them (base64url of `<instant>|<uuid>`), around a hostile instant or id. */
const badCursor: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(fc.constantFrom(...CURSOR_TEXTS), fc.string({ maxLength: 30 })),
    fc.oneof(fc.uuid(), fc.constantFrom('', 'x', '00000000-0000-0000-0000-00000000000G', 'a|b')),
  )
  .map(([instant, id]) => Buffer.from(`${instant}|${id}`, 'utf8').toString('base64url'));

/**
 * A body that is invalid by the contract whatever the route: each kind names
 * the killer. The base is a plausible body of the route (its examples), so the
 * validation of the real fields runs too.
 */
function invalidBody(route: Route): fc.Arbitrary<{ body: string; killer: string }> {
  const bases = route.bodies.length > 0 ? (route.bodies as Json[]) : [{} as Json];
  const mutated = fc.constantFrom(...bases).chain((base) => {
    const paths = pathsOf(base);
    const leafPath = paths.length > 0 ? fc.constantFrom(...paths) : fc.constant<(string | number)[]>([]);
    const stringPaths = paths.filter((p) => typeof getAt(base, p) === 'string' && p[p.length - 1] !== 'type');
    const centsPaths = paths.filter((p) => /cents$/i.test(String(p[p.length - 1])));
    const integerPaths = paths.filter((p) => Number.isInteger(getAt(base, p)) && !centsPaths.includes(p));
    const isObject = typeOf(base) === 'object';
    const kinds: fc.Arbitrary<{ body: string; killer: string }>[] = [
      // Not JSON at all: anything followed by an unterminated object.
      fc.string({ maxLength: 60 }).map((s) => ({ body: `${s}{`, killer: 'malformed JSON' })),
      // A JSON value that is not an object.
      fc
        .oneof(
          fc.constant('null'),
          fc.constant('[]'),
          fc.integer().map(String),
          fc.string({ maxLength: 30 }).map((s) => JSON.stringify(s)),
          fc.constant('true'),
          fc.constant(JSON.stringify([base])),
        )
        .map((body) => ({ body, killer: 'root is not an object' })),
      // An unknown field, at the top or nested.
      fc
        .tuple(fc.stringMatching(/^[a-zA-Z_$][a-zA-Z0-9_$]{0,20}$/), fc.jsonValue({ maxDepth: 2 }))
        .filter(([key]) => !isObject || !(key in (base as Record<string, Json>)))
        .map(([key, value]) => ({
          body: JSON.stringify(
            isObject ? { ...(base as Record<string, Json>), [key]: value as Json } : { [key]: value },
          ),
          killer: `unknown field ${key}`,
        })),
      // Prototype poisoning.
      fc.constantFrom('__proto__', 'constructor').map((key) => ({
        body: `{"${key}":{"prototype":{"polluted":true},"polluted":true}${isObject ? `,${JSON.stringify(base).slice(1)}` : '}'}`,
        killer: `${key} key`,
      })),
      // The nesting of a value far deeper than any DTO.
      fc.tuple(leafPath, fc.integer({ min: 50, max: 200_000 }), fc.boolean()).map(([path, depth, objects]) => {
        const marker = '"__DEEP__"';
        const text = JSON.stringify(setAt(base, path, '__DEEP__'));
        return {
          body: text.replace(marker, deepJson(depth, objects)),
          killer: `${depth}-deep ${objects ? 'objects' : 'arrays'} at ${path.join('.') || 'root'}`,
        };
      }),
    ];
    if (paths.length > 0) {
      // A field of the wrong type.
      kinds.push(
        leafPath.chain((path) =>
          otherType(getAt(base, path)).map((value) => ({
            body: JSON.stringify(setAt(base, path, value)),
            killer: `wrong type at ${path.join('.')}`,
          })),
        ),
      );
    }
    if (stringPaths.length > 0) {
      // A huge string where a bounded one belongs (every text field is bounded; 2,000 at most).
      kinds.push(
        fc
          .tuple(
            fc.constantFrom(...stringPaths),
            fc.integer({ min: 2_001, max: 400_000 }),
            fc.constantFrom('x', 'é', '😀', '\u0000'),
          )
          .map(([path, length, unit]) => ({
            body: JSON.stringify(setAt(base, path, unit.repeat(length))),
            killer: `${length}-long string at ${path.join('.')}`,
          })),
      );
      // A NUL anywhere in a string, or a lone surrogate at its end (after ASCII, so it cannot pair).
      kinds.push(
        fc
          .tuple(
            fc.constantFrom(...stringPaths),
            fc.oneof(fc.constant(NUL), fc.constantFrom(...LONE_SURROGATES)),
            fc.nat(),
          )
          .map(([path, bad, at]) => {
            const text = String(getAt(base, path));
            const i = bad === NUL ? at % (text.length + 1) : text.length;
            return {
              body: JSON.stringify(setAt(base, path, `${text.slice(0, i)}${bad}${text.slice(i)}`)),
              killer: `${bad === NUL ? 'NUL' : 'surrogate'} at ${path.join('.')}`,
            };
          }),
      );
      // Only whitespace where a string is required (every string of every DTO must say something).
      kinds.push(
        fc.tuple(fc.constantFrom(...stringPaths), fc.constantFrom(...BLANKS)).map(([path, blank]) => ({
          body: JSON.stringify(setAt(base, path, blank)),
          killer: `blank at ${path.join('.')}`,
        })),
      );
    }
    if (integerPaths.length > 0) {
      // Counts past every bound, and past PostgreSQL's int4.
      kinds.push(
        fc.tuple(fc.constantFrom(...integerPaths), fc.constantFrom(...BIG_INTEGERS)).map(([path, literal]) => ({
          body: JSON.stringify(setAt(base, path, '__INT__')).replace('"__INT__"', literal),
          killer: `integer ${literal} at ${path.join('.')}`,
        })),
      );
    }
    if (centsPaths.length > 0) {
      // Money out of range: negative, fractional, past $100 billion, past 2^53, or not finite.
      kinds.push(
        fc
          .tuple(
            fc.constantFrom(...centsPaths),
            fc.constantFrom(
              '-1',
              '-9007199254740993',
              '0.5',
              '10000000000001',
              '9007199254740993',
              '1e21',
              '1e400',
              '-1e400',
              '123456789012345678901234567890',
              '"100"',
            ),
          )
          .map(([path, literal]) => ({
            body: JSON.stringify(setAt(base, path, '__CENTS__')).replace('"__CENTS__"', literal),
            killer: `cents ${literal} at ${path.join('.')}`,
          })),
      );
    }
    if (isObject && 'type' in (base as Record<string, Json>)) {
      // An event type outside the v1 vocabulary.
      kinds.push(
        fc
          .oneof(
            fc.string({ maxLength: 40 }),
            fc.constantFrom('advance', 'CREATE_OPPORTUNITY', 'ADVANCE ', 'toString', '__proto__', ''),
          )
          .map((type) => ({
            body: JSON.stringify({ ...(base as Record<string, Json>), type }),
            killer: `event type ${JSON.stringify(type)}`,
          })),
      );
    }
    return fc.oneof(...kinds);
  });
  // Few bodies hold a date (2 of the 26 events), so a date-bearing base gets its own share.
  const dated = bases.filter((base) => pathsOf(base).some((p) => isDate(getAt(base, p))));
  if (dated.length === 0) return mutated;
  const badDate = fc.constantFrom(...dated).chain((base) =>
    fc
      .tuple(fc.constantFrom(...pathsOf(base).filter((p) => isDate(getAt(base, p)))), fc.constantFrom(...BAD_DATES))
      .map(([path, date]) => ({
        body: JSON.stringify(setAt(base, path, date)),
        killer: `date ${date} at ${path.join('.')}`,
      })),
  );
  return fc.oneof({ weight: 6, arbitrary: mutated }, { weight: 1, arbitrary: badDate });
}

/** Path parameter values: a real id, an unknown UUID, or not a UUID at all. */
function pathValue(ids: string[]): fc.Arbitrary<{ value: string; valid: boolean }> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...ids).map((value) => ({ value, valid: true })) },
    { weight: 1, arbitrary: fc.uuid().map((value) => ({ value, valid: true })) },
    {
      weight: 3,
      arbitrary: fc
        .oneof(
          fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
          fc.constantFrom(
            'not-a-uuid',
            '00000000-0000-0000-0000-000000000000x',
            "1' OR '1'='1",
            '%',
            '%zz',
            '%E0%A4%A',
            '..%2f..%2fetc%2fpasswd',
            '%00',
            'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ',
            '-1',
            'null',
            encodeURIComponent('😀'.repeat(30)),
            'a'.repeat(500),
            '%ED%A0%80',
            '%C0%80',
            '00000000-0000-4000-8000-000000000000%00',
            '%20%20',
          ),
          fc.uuid().map((u) => u.toUpperCase() + '0'),
        )
        .map((value) => ({ value, valid: false })),
    },
  );
}

/**
 * Query strings: declared and unknown parameters, with hostile values, sometimes repeated. Values
 * starting with `%` are sent as they are: NUL, an encoded lone surrogate or overlong NUL, blanks.
 */
function queryString(route: Route): fc.Arbitrary<string> {
  const names = [...route.queryParams, 'unknown', 'limit', '__proto__', 'format'];
  const value = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom('', '-1', '0', '1e309', '99999999999999999999', 'NaN', 'true', 'maybe', '[object Object]'),
    fc.constantFrom('%', '%zz', '%E0%A4%A', 'a'.repeat(3000), 'mermaid', 'svg', 'png'),
    fc.constantFrom('%00', '%00migrate', 'migrate\u0000', '%ED%A0%80', '%ED%B0%80x', '%C0%80', '%20%20', '%09'),
    fc.constantFrom(...BIG_INTEGERS, '2147483647', '-0', '0x10', '1.5'),
    badCursor,
    fc.integer().map(String),
  );
  return fc
    .array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 4 })
    .map((pairs) =>
      pairs.length === 0
        ? ''
        : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${/^%|^a{3000}$/.test(v) ? v : encodeURIComponent(v)}`).join('&')}`,
    );
}

/** Authorization: a real key of each role, or missing, malformed, unknown. */
function authorization(keys: Record<string, string>): fc.Arbitrary<{ header: string | null; valid: boolean }> {
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(...Object.values(keys)).map((k) => ({ header: `Bearer ${k}`, valid: true })),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.constant<string | null>(null),
          fc.constantFrom('', 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer', `Token ${keys.ops}`),
          fc.string({ maxLength: 60 }).map((s) => `Bearer ${s}`),
          fc.string({ maxLength: 4000 }).map((s) => `Bearer ${s}${s}`),
          fc.constant(`Bearer ${keys.ops}x`),
        )
        .map((header) => ({ header, valid: false })),
    },
  );
}

/** Noise on the other headers: If-Match, Idempotency-Key, Content-Type, Accept, X-Request-Id. */
function noiseHeaders(): fc.Arbitrary<Record<string, string>> {
  // Each header is there one time in four: enough noise, without drowning the bodies in 415s.
  const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
    fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
  return fc
    .record({
      'if-match': maybe(
        fc.oneof(
          fc.constantFrom(
            '"1"',
            '"2"',
            '"999999"',
            '*',
            'W/"1"',
            '"-1"',
            '"1.5"',
            '"1e3"',
            '""',
            '1',
            '"99999999999999999999"',
            'W/"2"',
            '"1", "2"',
            '"2", W/"2"',
            ' * ',
            '*, "1"',
            'W/"1", W/"2"',
            '"2",,',
            ', "2"',
            '"1" "2"',
            'w/"2"',
            'W/',
          ),
          fc.string({ maxLength: 30 }),
        ),
      ),
      'idempotency-key': maybe(
        fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('"', '""', ' ', 'a'.repeat(256), 'k-1', 'k-2')),
      ),
      'content-type': maybe(
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'application/json; charset=latin1',
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/problem+json',
          'application/merge-patch+json',
          'application/octet-stream',
          'json',
          '',
        ),
      ),
      accept: maybe(
        fc.constantFrom(
          'application/x-ndjson',
          'text/html',
          '*/*',
          'application/xml',
          'image/png',
          ';;;',
          'text/plain',
        ),
      ),
      'x-request-id': maybe(fc.string({ maxLength: 300 })),
    })
    .map((headers) => {
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = v;
      return out;
    });
}

/** A request fetch can send: a route of the document, hostile in one or more ways. */
function hostileRequest(routes: Route[], ids: Ids, keys: Record<string, string>): fc.Arbitrary<Hostile> {
  return fc.constantFrom(...routes).chain((route) =>
    fc
      .record({
        auth: authorization(keys),
        pathValue: pathValue(route.template.startsWith('/v1/orgs/') ? ids.orgs : ids.opportunities),
        query: queryString(route),
        headers: noiseHeaders(),
        body: invalidBody(route),
        otherMethod: fc.oneof(
          { weight: 15, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.constantFrom('PUT', 'PATCH', 'DELETE', 'OPTIONS') },
        ),
        killer: fc.constantFrom('body', 'auth', 'path'),
      })
      .map((g): Hostile => {
        const path = route.template.replace(/\{[^}]+\}/g, () => g.pathValue.value) + g.query;
        const headers: Record<string, string> = { ...g.headers };
        const method = g.otherMethod ?? route.method;
        let killer = 'GET';
        let body: string | undefined;
        if (method === 'POST') {
          // A POST must be invalid by the contract: its body, or else its key or its path id is bad.
          const useAuth = g.killer === 'auth' && !g.auth.valid;
          const usePath = g.killer === 'path' && route.pathParams.length > 0 && !g.pathValue.valid;
          killer = useAuth ? 'no valid key' : usePath ? `path id ${g.pathValue.value}` : g.body.killer;
          body =
            useAuth || usePath
              ? route.bodies.length > 0
                ? JSON.stringify(route.bodies[0])
                : g.body.body
              : g.body.body;
        } else if (method !== 'GET') {
          killer = `method ${method}`;
          body = g.body.body;
        }
        if (g.auth.header !== null) headers.authorization = g.auth.header;
        if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
        return { method, path, headers, body, killer };
      })
      .map((h) =>
        Object.assign(h, {
          [fc.toStringMethod]: () =>
            `${h.method} ${h.path.slice(0, 200)} [${h.killer}] headers ${JSON.stringify(h.headers).slice(0, 300)} body ${
              h.body === undefined ? '-' : `${h.body.length} chars: ${h.body.slice(0, 200)}`
            }`,
        }),
      ),
  );
}

/**
 * Events whose only fault is their If-Match, so that its parsing is reached (any other fault is
 * answered first). By the partner that owns the opportunity, at the version it was left at:
 * - an event the state accepts, under an If-Match that must not hold (weak tags compare false
 *   under RFC 9110's strong comparison; stale, unquoted, malformed lists, a run of `, ` that a
 *   backtracking parser would choke on): 412, or 428 when it is blank;
 * - an event the state refuses, under an If-Match that holds (`*`, a list holding the current
 *   tag): it passes the precondition and is refused by the machine (409), so nothing changes.
 */
function preconditionRequest(world: World): fc.Arbitrary<Hostile> {
  const accepted = JSON.stringify({ type: 'UPDATE_PROFILE', profile: { servers: 7 } });
  const refused = JSON.stringify({ type: 'START_WAVE', waveId: 'pilot-1' });
  const failing = (v: number): string[] => [
    `W/"${v}"`,
    `W/"${v - 1}", W/"${v}"`,
    `"${v - 1}"`,
    `"${v + 1}", "${v + 2}"`,
    `${v}`,
    `"0${v}"`,
    `"${v}" "${v}"`,
    `"${v}`,
    `*, "${v}"`,
    `${', \t'.repeat(4_000)}W/`,
    ' ',
  ];
  const holding = (v: number): string[] => [
    '*',
    ` * `,
    `"${v}"`,
    `"${v - 1}", "${v}"`,
    `W/"${v}", "${v}"`,
    `,,"${v}",`,
  ];
  return fc.tuple(fc.constantFrom(...world.ids), fc.boolean(), fc.nat()).map(([id, holds, pick]): Hostile => {
    const version = world.versions.get(id) ?? 1;
    const headers = holding(version);
    const ifMatch = holds ? (headers[pick % headers.length] as string) : (failing(version)[pick % 11] as string);
    const h: Hostile = {
      method: 'POST',
      path: `/v1/opportunities/${id}/events`,
      headers: {
        authorization: `Bearer ${world.partner.key}`,
        'content-type': 'application/json',
        'if-match': ifMatch,
      },
      body: holds ? refused : accepted,
      killer: holds ? `if-match-holds ${ifMatch.slice(0, 20)}` : `if-match ${ifMatch.slice(0, 20)}`,
    };
    return Object.assign(h, {
      [fc.toStringMethod]: () => `POST ${h.path} If-Match ${JSON.stringify(ifMatch.slice(0, 60))} body ${h.body}`,
    });
  });
}

/** Requests only raw TCP can send: broken request lines, header names and values, framing. */
function rawRequest(
  routes: Route[],
  ids: Ids,
  keys: Record<string, string>,
): fc.Arbitrary<{ bytes: Buffer; what: string }> {
  const target = fc
    .constantFrom(...routes)
    .chain((route) =>
      fc
        .constantFrom(...(route.template.startsWith('/v1/orgs/') ? ids.orgs : ids.opportunities))
        .map((id) => ({ route, path: route.template.replace(/\{[^}]+\}/g, id) })),
    );
  const auth = fc.constantFrom(...Object.values(keys)).map((k) => `Authorization: Bearer ${k}\r\n`);
  const body = fc.constantFrom('{"type":"ADVANCE"}', '{"kind":"customer","name":"x"}', '{}', '{"a":');
  const cases: fc.Arbitrary<{ bytes: Buffer; what: string }>[] = [
    fc.tuple(target, auth, body).map(([t, a, b]) => ({
      bytes: Buffer.from(
        `POST ${t.path} HTTP/1.1\r\nHost: x\r\n${a}Content-Type: application/json\r\nContent-Length: ${Math.max(0, b.length - 3)}\r\nConnection: close\r\n\r\n${b}`,
      ),
      what: 'Content-Length shorter than the body',
    })),
    fc.tuple(target, auth, body).map(([t, a, b]) => ({
      bytes: Buffer.from(
        `POST ${t.path} HTTP/1.1\r\nHost: x\r\n${a}Content-Type: application/json\r\nContent-Length: ${b.length}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${b.length.toString(16)}\r\n${b}\r\n0\r\n\r\n`,
      ),
      what: 'Content-Length and Transfer-Encoding together',
    })),
    fc
      .tuple(target, auth, fc.constantFrom('zz', '-1', 'fffffffffffffffff', '1;ext=\u0001', ''))
      .map(([t, a, size]) => ({
        bytes: Buffer.from(
          `POST ${t.path} HTTP/1.1\r\nHost: x\r\n${a}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${size}\r\n{}\r\n0\r\n\r\n`,
        ),
        what: `broken chunk size ${JSON.stringify(size)}`,
      })),
    fc
      .tuple(target, auth, fc.constantFrom('Bad Header', 'X-\u0001', 'X:Y', '', ' Folded', 'Üml'))
      .map(([t, a, name]) => ({
        bytes: Buffer.from(
          `GET ${t.path} HTTP/1.1\r\nHost: x\r\n${a}${name}: value\r\nConnection: close\r\n\r\n`,
          'latin1',
        ),
        what: `header name ${JSON.stringify(name)}`,
      })),
    fc
      .tuple(
        target,
        fc.constantFrom('Authorization', 'If-Match', 'Idempotency-Key', 'Accept', 'Content-Type'),
        fc.constantFrom('\u00ff\u00fe', 'caf\u00e9', '\u0001', 'a\u0000b'),
      )
      .map(([t, name, value]) => ({
        bytes: Buffer.from(
          `${t.route.method} ${t.path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${keys.partner}\r\n${name}: ${value}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
          'latin1',
        ),
        what: `non-ASCII ${name}`,
      })),
    fc.tuple(target, fc.integer({ min: 17_000, max: 40_000 })).map(([t, size]) => ({
      bytes: Buffer.from(
        `GET ${t.path} HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(size)}\r\nConnection: close\r\n\r\n`,
      ),
      what: `${size}-byte header`,
    })),
    fc
      .constantFrom(
        'GET /health HTTP/9.9',
        'FOO BAR',
        'GET health HTTP/1.1',
        'GET /health',
        'GET /\u0000 HTTP/1.1',
        'GET http://evil.example/health HTTP/1.1',
        'G\u00c9T /health HTTP/1.1',
      )
      .map((line) => ({
        bytes: Buffer.from(`${line}\r\nHost: x\r\nConnection: close\r\n\r\n`, 'latin1'),
        what: `request line ${JSON.stringify(line)}`,
      })),
    fc.tuple(target, auth).map(([t, a]) => ({
      bytes: Buffer.concat([
        Buffer.from(
          `POST ${t.path} HTTP/1.1\r\nHost: x\r\n${a}Content-Type: application/json\r\nContent-Length: 6\r\nConnection: close\r\n\r\n`,
        ),
        Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      ]),
      what: 'body that is not UTF-8',
    })),
  ];
  return fc.oneof(...cases).map((r) =>
    Object.assign(r, {
      [fc.toStringMethod]: () => `${r.what}: ${JSON.stringify(r.bytes.toString('latin1').slice(0, 400))}`,
    }),
  );
}

async function tableCounts(url: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows) {
      const res = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${client.escapeIdentifier(name)}`);
      counts[name] = res.rows[0]?.n ?? 0;
    }
    return counts;
  } finally {
    await client.end();
  }
}

async function dbQuery<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Why an answer breaks the contract, or null. */
function answerFault(reply: Reply): string | null {
  if (reply.status >= 500) return `${reply.status}: ${reply.text.slice(0, 300)}`;
  if (reply.status >= 200 && reply.status < 300) return null;
  const fault = problemFault(reply);
  return fault === null ? null : `${reply.status} is not a problem document (${fault}): ${reply.text.slice(0, 200)}`;
}

describe('hostile input: generated requests against every route of /docs-json', () => {
  const seed = runSeed();
  const suite = useApiOnUrl('hostile', { MAPFLOW_CHECKPOINT_BODY_LIMIT_BYTES: String(CHECKPOINT_BODY_LIMIT) });
  let world: World;
  let routes: Route[];
  let ids: Ids;
  let keys: Record<string, string>;

  beforeAll(async () => {
    const { api } = suite;
    world = await makeWorld(api.baseUrl, { opportunities: 2, phase: 'assess', customerPerOpportunity: true });
    const docs = await send(api.baseUrl, { method: 'GET', path: '/docs-json' });
    routes = routesOf(json<OpenApiDocument>(docs));
    // Real ids of every kind a path may name: opportunities and orgs.
    ids = { opportunities: world.ids, orgs: [world.partner.id, ...world.customers.map((c) => c.id)] };
    keys = { ops: TEST_OPS_KEY, partner: world.partner.key, customer: (world.customers[0] as { key: string }).key };
  }, 120_000);

  it('no 5xx, every refusal a problem document, no row or version changed', async () => {
    const { api, pg } = suite;
    process.stdout.write(
      `hostile: seed ${seed} (RELIABILITY_SEED to replay); ${routes.length} routes: ${routes.map((r) => `${r.method} ${r.template}`).join(', ')}\n`,
    );
    expect(routes.length).toBeGreaterThanOrEqual(10);
    const before = await tableCounts(pg.url);
    const versionsBefore = await dbQuery<{ id: string; version: number; chain_head: string }>(
      pg.url,
      'SELECT id, version, chain_head FROM opportunities ORDER BY id',
    );
    const statuses: Record<string, number> = {};
    const tally = (status: number): void => {
      statuses[status] = (statuses[status] ?? 0) + 1;
    };
    const killers = new Map<string, number>();
    let sent = 0;
    const started = Date.now();

    const structured = Array.from({ length: LANES }, (_, lane) =>
      fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { weight: 19, arbitrary: hostileRequest(routes, ids, keys) },
            { weight: 1, arbitrary: preconditionRequest(world) },
          ),
          async (h) => {
            sent += 1;
            const kind = h.killer.replace(/^[\d-]+|\s.*$/g, '') || h.killer;
            killers.set(kind, (killers.get(kind) ?? 0) + 1);
            const reply = await send(api.baseUrl, {
              method: h.method,
              path: h.path,
              headers: h.headers,
              raw: h.body,
              timeoutMs: 15_000,
            });
            tally(reply.status);
            const fault = answerFault(reply);
            // A 5xx comes with the API's log of it, which names the cause.
            if (fault !== null) throw new Error(reply.status >= 500 ? `${fault}\n${api.output().slice(-2500)}` : fault);
            // Invalid by the contract, so refused: only POST /v1/audit/checkpoints takes no body to be wrong.
            if (h.method !== 'GET' && reply.status < 300 && !/^\/v1\/audit\/checkpoints(\?|$)/.test(h.path)) {
              throw new Error(`${h.method} with ${h.killer} was accepted: ${reply.status}`);
            }
            // An If-Match that holds passes to the machine, which refuses the event; one that does not is 412 (428 blank).
            const expected = /^if-match-holds/.test(h.killer) ? [409] : /^if-match/.test(h.killer) ? [412, 428] : null;
            if (expected !== null && !expected.includes(reply.status)) {
              throw new Error(
                `${h.killer}: ${reply.status}, expected ${expected.join(' or ')}: ${reply.text.slice(0, 300)}`,
              );
            }
          },
        ),
        { numRuns: Math.ceil(STRUCTURED_RUNS / LANES), seed: seed + lane, endOnFailure: false },
      ),
    );
    const raw = fc.assert(
      fc.asyncProperty(rawRequest(routes, ids, keys), async (r) => {
        sent += 1;
        const reply = await sendRaw(api.baseUrl, r.bytes);
        tally(reply.status);
        const fault = answerFault(reply);
        if (fault !== null) throw new Error(`${r.what}: ${fault}`);
      }),
      { numRuns: RAW_RUNS, seed: seed + 100 },
    );
    await Promise.all([...structured, raw]);

    // Bodies over the limit: 413, declared honestly, chunked, or with a Content-Length that says so.
    const bodyRoutes = routes.filter((r) => r.method === 'POST');
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...bodyRoutes),
        fc.integer({ min: CHECKPOINT_BODY_LIMIT + 1, max: CHECKPOINT_BODY_LIMIT + 300_000 }),
        fc.constantFrom('honest', 'chunked', 'declared'),
        async (route, size, framing) => {
          sent += 1;
          const path = route.template.replace(/\{[^}]+\}/g, world.ids[0] as string);
          // A role refusal comes before the body is read: a route ops may not call (a partner's offers) is sent
          // again with the partner's key, so that the size is the body's only fault.
          const oversized = (key: string): string => {
            const head = `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\nIf-Match: "2"\r\nContent-Type: application/json\r\nConnection: close\r\n`;
            const payload = `{"title":"${'x'.repeat(size)}"}`;
            if (framing === 'honest') return `${head}Content-Length: ${payload.length}\r\n\r\n${payload}`;
            if (framing === 'chunked')
              return `${head}Transfer-Encoding: chunked\r\n\r\n${payload.length.toString(16)}\r\n${payload}\r\n0\r\n\r\n`;
            return `${head}Content-Length: ${payload.length}\r\n\r\n{"title":"x"}`; // says large, sends little
          };
          let reply = await sendRaw(api.baseUrl, oversized(keys.ops as string), 20_000);
          if (reply.status === 403) {
            tally(reply.status);
            reply = await sendRaw(api.baseUrl, oversized(keys.partner as string), 20_000);
          }
          tally(reply.status);
          if (reply.status !== 413)
            throw new Error(`${framing} ${size} bytes: ${reply.status} ${reply.text.slice(0, 200)}`);
          const fault = answerFault(reply);
          if (fault !== null) throw new Error(fault);
        },
      ),
      { numRuns: OVER_LIMIT_RUNS, seed: seed + 200 },
    );
    const seconds = (Date.now() - started) / 1000;

    const after = await tableCounts(pg.url);
    const versionsAfter = await dbQuery<{ id: string; version: number; chain_head: string }>(
      pg.url,
      'SELECT id, version, chain_head FROM opportunities ORDER BY id',
    );
    // Idempotency-Keys record the first final answer to a key (a 400 included, and the 2xx of
    // triage and checkpoints, which write nothing) to replay it: that table is a response cache,
    // not data, so it is left out of the comparison. It never keeps a 5xx.
    const storedFailures = await dbQuery<{ n: number }>(
      pg.url,
      'SELECT count(*)::int AS n FROM idempotency_keys WHERE response_status >= 500',
    );
    delete before.idempotency_keys;
    delete after.idempotency_keys;
    process.stdout.write(
      `hostile: ${sent} requests in ${seconds.toFixed(1)} s; answers ${JSON.stringify(statuses)}; ` +
        `invalid parts ${JSON.stringify(Object.fromEntries(killers))}; rows ${JSON.stringify(after)}\n`,
    );
    expect(sent).toBeGreaterThanOrEqual(10_000);
    expect(after).toEqual(before);
    expect(versionsAfter).toEqual(versionsBefore);
    expect(storedFailures[0]?.n).toBe(0);
    expect(api.running()).toBe(true);
  }, 175_000);
});
