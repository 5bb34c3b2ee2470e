import { randomBytes } from 'node:crypto';
import request, { Response } from 'supertest';
import { expectStatus } from '../support/opportunity-driver';
import { makeOrg, type SuiteApp, TestOrg, useTestApp } from '../support/test-app';
import { problemType } from '../support/problem-types';

const LIMIT = 20;
const PROBLEM = /^application\/problem\+json/;

const unknownKey = (): string => `mf_${randomBytes(32).toString('base64url')}`;

/** Asserts a 429 problem document that says when to retry. */
function expectRateLimited(res: Response): void {
  expectStatus(res, 429);
  expect(res.headers['content-type']).toMatch(PROBLEM);
  expect(res.body).toMatchObject({ status: 429, type: problemType('rate-limited') });
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
}

/** Counts the queries that look a key up in the database, from the moment it is called. */
function countKeyLookups(t: SuiteApp): { readonly count: number; stop(): void } {
  const query = t.dataSource.query.bind(t.dataSource);
  let count = 0;
  const spy = jest.spyOn(t.dataSource, 'query').mockImplementation((sql: string, parameters?: unknown[]) => {
    if (sql.includes('FROM api_keys k JOIN users u')) count += 1;
    return query(sql, parameters);
  });
  return {
    get count() {
      return count;
    },
    stop: () => spy.mockRestore(),
  };
}

/**
 * Requests with no API key or an unknown one are held to
 * MAPFLOW_ANON_RATE_LIMIT_PER_MIN per client address (here 20), answered 429
 * with Retry-After past it, without a database query; unknown keys are
 * remembered, so each costs one query per cache window; a legitimate key is
 * served throughout. The client address is X-Forwarded-For only from the
 * proxies MAPFLOW_TRUST_PROXY names.
 */
describe('anonymous and unknown-key traffic is rate-limited per client address', () => {
  describe('behind a trusted proxy (MAPFLOW_TRUST_PROXY=127.0.0.1)', () => {
    const t = useTestApp({ MAPFLOW_ANON_RATE_LIMIT_PER_MIN: String(LIMIT), MAPFLOW_TRUST_PROXY: '127.0.0.1' });
    let partner: TestOrg;
    let address = 0;
    /** A client address of its own for each test, as the proxy reports it. */
    const nextClient = (): string => `203.0.113.${(address += 1)}`;

    beforeAll(async () => {
      partner = await makeOrg(t.http, 'partner');
    });

    it('holds a flood of unknown keys and keyless requests to the limit, with no query past it, and serves a real key throughout', async () => {
      const client = nextClient();
      const asClient = (key: string | null) => {
        const req = request(t.http).get('/v1/opportunities').set('x-forwarded-for', client);
        return key === null ? req : req.set('authorization', `Bearer ${key}`);
      };
      expectStatus(await asClient(partner.key), 200);
      const lookups = countKeyLookups(t);
      try {
        const within: Response[] = [];
        for (let i = 0; i < LIMIT; i += 1) within.push(await asClient(unknownKey()));
        within.forEach((res) => expectStatus(res, 401));
        expect(lookups.count).toBe(LIMIT);

        const past: Response[] = [];
        for (let i = 0; i < 3 * LIMIT; i += 1) {
          past.push(await asClient(i % 2 === 0 ? unknownKey() : null));
          if (i % 10 === 0) {
            // The legitimate client shares the address and is still served, by its own key's limit.
            const mine = await asClient(partner.key);
            expectStatus(mine, 200);
            expect(mine.body).toMatchObject({ items: [], nextCursor: null });
          }
        }
        past.forEach(expectRateLimited);
        // Past the limit, a made-up key costs no query.
        expect(lookups.count).toBe(LIMIT);
      } finally {
        lookups.stop();
      }
    });

    it('remembers an unknown key: the same one, sent again and again, is looked up once', async () => {
      const client = nextClient();
      const key = unknownKey();
      const lookups = countKeyLookups(t);
      try {
        for (let i = 0; i < 10; i += 1) {
          const res = await request(t.http)
            .get('/v1/opportunities')
            .set('x-forwarded-for', client)
            .set('authorization', `Bearer ${key}`);
          expectStatus(res, 401);
          expect(res.body).toMatchObject({ status: 401, detail: 'The API key is unknown or revoked' });
        }
        expect(lookups.count).toBe(1);
      } finally {
        lookups.stop();
      }
    });

    it('counts keyless requests to public routes, except /health, which load balancers probe', async () => {
      const client = nextClient();
      for (let i = 0; i < LIMIT; i += 1) {
        expectStatus(await request(t.http).get('/docs-json').set('x-forwarded-for', client), 200);
      }
      expectRateLimited(await request(t.http).get('/docs-json').set('x-forwarded-for', client));
      expectRateLimited(await request(t.http).post('/v1/orgs').set('x-forwarded-for', client).send({}));
      for (let i = 0; i < LIMIT; i += 1) {
        expectStatus(await request(t.http).get('/health').set('x-forwarded-for', client), 200);
      }
      // Another client behind the same proxy has its own count.
      expectStatus(await request(t.http).get('/docs-json').set('x-forwarded-for', nextClient()), 200);
    });
  });

  describe('without a trusted proxy (the default)', () => {
    const t = useTestApp({ MAPFLOW_ANON_RATE_LIMIT_PER_MIN: String(LIMIT) });

    it('counts the socket address: an X-Forwarded-For of its own choosing does not get a client past the limit', async () => {
      const answers: number[] = [];
      for (let i = 0; i < LIMIT + 5; i += 1) {
        const res = await request(t.http)
          .get('/v1/opportunities')
          .set('x-forwarded-for', `198.51.100.${i + 1}`)
          .set('authorization', `Bearer ${unknownKey()}`);
        answers.push(res.status);
        if (res.status === 429) expectRateLimited(res);
      }
      expect(answers).toEqual([...Array<number>(LIMIT).fill(401), ...Array<number>(5).fill(429)]);
    });
  });
});
