import { holdTable } from '../support/held-table';
import { postOrgWithKey, useTestApp } from '../support/test-app';
import { problemType } from '../support/problem-types';

describe('Idempotency-Key on POST (whole app, real PostgreSQL)', () => {
  const t = useTestApp();

  async function orgCount(): Promise<number> {
    const rows = await t.dataSource.query<{ n: string }[]>('SELECT count(*) AS n FROM orgs');
    return Number(rows[0]?.n);
  }

  it('replays the first status and body byte for byte, and creates once', async () => {
    const key = `create-org-${Date.now()}`;
    const before = await orgCount();
    const first = await postOrgWithKey(t.http, key, { kind: 'customer', name: 'Initech' }).expect(201);
    const again = await postOrgWithKey(
      t.http,
      `"${key}"`, // quoted or not, the same key
      { name: 'Initech', kind: 'customer' }, // same body, other key order
    ).expect(201);
    expect(again.text).toBe(first.text);
    expect(again.headers['content-type']).toBe(first.headers['content-type']);
    expect(await orgCount()).toBe(before + 1);
  });

  it('answers 422 when the key comes back with a different body, and changes nothing', async () => {
    const key = `reuse-${Date.now()}`;
    await postOrgWithKey(t.http, key, { kind: 'customer', name: 'Hooli' }).expect(201);
    const before = await orgCount();
    const res = await postOrgWithKey(t.http, key, { kind: 'customer', name: 'Hooli 2' }).expect(422);
    expect(res.body).toMatchObject({ status: 422, type: problemType('idempotency-key-reused') });
    expect(await orgCount()).toBe(before);
  });

  it('answers 409 while the first request with the key is still running', async () => {
    const key = `in-flight-${Date.now()}`;
    const body = { kind: 'customer', name: 'Pied Piper' };
    // The first request has claimed the key and not answered yet: its INSERT waits for a lock the test holds.
    const orgs = await holdTable(t.dataSource, 'orgs');
    const first = postOrgWithKey(t.http, key, body).then((answer) => answer);
    try {
      await orgs.waiter('%INSERT INTO%orgs%');
      const res = await postOrgWithKey(t.http, key, body).expect(409);
      expect(res.body).toMatchObject({ status: 409, type: problemType('idempotency-in-flight') });
    } finally {
      await orgs.release();
      await first;
    }
  });

  it('replays a final 400 as it was, and refuses a malformed key', async () => {
    const key = `bad-body-${Date.now()}`;
    const first = await postOrgWithKey(t.http, key, { kind: 'customer' }).expect(400);
    const again = await postOrgWithKey(t.http, key, { kind: 'customer' }).expect(400);
    expect(again.text).toBe(first.text);
    const malformed = await postOrgWithKey(t.http, 'has spaces in it', { kind: 'customer', name: 'x' }).expect(400);
    expect(malformed.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });
});
