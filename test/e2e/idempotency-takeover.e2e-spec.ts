import type { Server } from 'node:http';
import type { Response } from 'supertest';
import { fingerprintOf } from '../../apps/api/src/idempotency/idempotency';
import { holdTable } from '../support/held-table';
import { expectStatus } from '../support/opportunity-driver';
import { postOrgWithKey, TEST_OPS_KEY, useTestApp } from '../support/test-app';
import { problemType } from '../support/problem-types';

/**
 * An Idempotency-Key is taken over only when its first request has died,
 * never because it has run long: two API processes on one database, a first
 * request held in flight (its INSERT waits for a table lock the test holds)
 * and made to look 61 seconds old, past the 60-second window the takeover
 * used to allow. Before, a retry took the key over while the first still ran,
 * and one key created two orgs, both answered 201.
 */
describe('Idempotency-Key takeover (two API processes, one database)', () => {
  const a = useTestApp();
  const b = useTestApp();

  const create = (http: Server, key: string, name: string) => postOrgWithKey(http, key, { kind: 'customer', name });

  async function orgsNamed(name: string): Promise<number> {
    const rows = await a.dataSource.query<{ n: number }[]>('SELECT count(*)::int AS n FROM orgs WHERE name = $1', [
      name,
    ]);
    return rows[0]?.n ?? -1;
  }

  /** The answers that arrive within `ms`, in order; null for those still pending. */
  async function answeredWithin(ms: number, pending: Promise<Response>[]): Promise<(Response | null)[]> {
    const results: (Response | null)[] = pending.map(() => null);
    pending.forEach((p, i) => void p.then((res) => (results[i] = res)));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(pending), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
    return [...results];
  }

  it('answers 409 to retries, in either process, while a first request that began over 60 s ago still runs; one org is created', async () => {
    const key = `long-running-${Date.now()}`;
    const name = `Long-running ${key}`;
    const orgs = await holdTable(a.dataSource, 'orgs');
    let first: Promise<Response> | undefined;
    let retries: Promise<Response>[] = [];
    try {
      first = create(a.http, key, name).then((res) => res);
      await orgs.waiter('%INSERT INTO%orgs%');
      // As if the first request had been running for 61 seconds.
      await a.dataSource.query(
        `UPDATE idempotency_keys SET created_at = now() - interval '61 seconds' WHERE key = $1`,
        [key],
      );
      retries = [create(b.http, key, name).then((res) => res), create(a.http, key, name).then((res) => res)];
      const early = await answeredWithin(3_000, retries);
      for (const res of early) {
        expect(res?.status).toBe(409);
        expect(res?.body).toMatchObject({ status: 409, type: problemType('idempotency-in-flight') });
      }
    } finally {
      await orgs.release();
      await Promise.all([first, ...retries]);
    }
    const done = await (first as Promise<Response>);
    expectStatus(done, 201);
    expect(await orgsNamed(name)).toBe(1);
    // Once it has answered, a retry in the other process replays that answer byte for byte.
    const replay = await create(b.http, key, name);
    expectStatus(replay, 201);
    expect(replay.text).toBe(done.text);
    expect(await orgsNamed(name)).toBe(1);
  });

  it('takes over at once a key whose first request died with its process (its claim holds no lock)', async () => {
    const key = `died-${Date.now()}`;
    const name = `Died ${key}`;
    const body = { kind: 'customer', name };
    const [opsOrg] = await a.dataSource.query<{ org_id: string }[]>(
      `SELECT u.org_id FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = encode(sha256($1::bytea), 'hex')`,
      [TEST_OPS_KEY],
    );
    // What a process killed mid-request leaves: a claim just made, never answered, and no session holding it.
    await a.dataSource.query(
      `INSERT INTO idempotency_keys (org_id, key, fingerprint, expires_at) VALUES ($1, $2, $3, now() + interval '1 day')`,
      [opsOrg?.org_id, key, fingerprintOf('POST', '/v1/orgs', body)],
    );
    const retry = await create(b.http, key, name);
    expectStatus(retry, 201);
    expect(await orgsNamed(name)).toBe(1);
    const again = await create(a.http, key, name);
    expect(again.text).toBe(retry.text);
    expect(await orgsNamed(name)).toBe(1);
  });
});
