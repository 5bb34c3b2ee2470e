import request from 'supertest';
import { AuditEntryBody, ChainLink, GENESIS_HASH, nextLink, verifyExport } from '@mapflow/audit';
import { APPEND_LINKS_SQL, appendLinksParams } from '@mapflow/persistence';
import { verifyChain, withAuditTriggersOff } from '../support/audit';
import { expectStatus, herokuProfile, OpportunityDriver } from '../support/opportunity-driver';
import { exportNdjson } from '../support/ndjson';
import { makeOrg, TEST_OPS_KEY, TestOrg, useTestApp } from '../support/test-app';

/**
 * Tamper cases, done as a superuser who disables the append-only triggers:
 * verify must say the chain is invalid and name the first bad seq.
 */
describe('audit verify and export (whole app, real PostgreSQL)', () => {
  const t = useTestApp();
  let partner: TestOrg;
  let customer: TestOrg;

  beforeAll(async () => {
    partner = await makeOrg(t.http, 'partner');
    customer = await makeOrg(t.http, 'customer');
  });

  /** An opportunity with 6 entries: creation (with its profile), advance, four profile updates. */
  async function opportunity(): Promise<OpportunityDriver> {
    const o = await new OpportunityDriver(t.http, partner, customer).create('Audited', herokuProfile());
    await o.p({ type: 'ADVANCE' });
    for (const servers of [31, 32, 33]) await o.p({ type: 'UPDATE_PROFILE', profile: { servers } });
    await o.p({ type: 'UPDATE_PROFILE', profile: { databases: 3 } });
    return o;
  }

  const verify = (o: OpportunityDriver) => verifyChain(t.http, o.id);

  /** Runs `sql` with the append-only triggers disabled, as a superuser would. */
  async function asSuperuser(sql: string, params: unknown[]): Promise<void> {
    await withAuditTriggersOff(t.dataSource, async (tx) => {
      await tx.query(sql, params);
    });
  }

  it('finds an untouched chain valid, replay included', async () => {
    const o = await opportunity();
    const verdict = await verify(o);
    expect(verdict).toEqual({
      valid: true,
      entries: 6,
      headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      firstBadSeq: null,
      reason: null,
    });
    const customerView = await request(t.http)
      .get(`/v1/opportunities/${o.id}/audit/verify`)
      .set('authorization', `Bearer ${customer.key}`);
    expect(customerView.body.valid).toBe(true);
  });

  it('names the entry whose payload changed by one byte', async () => {
    const o = await opportunity();
    await asSuperuser(
      `UPDATE audit_entries SET entry = jsonb_set(entry, '{event,profile,servers}', '34') WHERE opportunity_id = $1 AND seq = 4`,
      [o.id],
    );
    expect(await verify(o)).toMatchObject({ valid: false, firstBadSeq: 4, reason: expect.stringContaining('altered') });
  });

  it('names the first of two reordered entries', async () => {
    const o = await opportunity();
    await asSuperuser(
      `UPDATE audit_entries SET seq = -4 WHERE opportunity_id = $1 AND seq = 4;
       UPDATE audit_entries SET seq = 4 WHERE opportunity_id = $1 AND seq = 5;
       UPDATE audit_entries SET seq = 5 WHERE opportunity_id = $1 AND seq = -4`.replace(/\$1/g, `'${o.id}'`),
      [],
    );
    expect(await verify(o)).toMatchObject({ valid: false, firstBadSeq: 4 });
  });

  it('names a deleted last entry, and a deleted middle one', async () => {
    const last = await opportunity();
    await asSuperuser('DELETE FROM audit_entries WHERE opportunity_id = $1 AND seq = 6', [last.id]);
    expect(await verify(last)).toMatchObject({
      valid: false,
      entries: 5,
      firstBadSeq: 6,
      reason: expect.stringContaining('missing'),
    });
    const middle = await opportunity();
    await asSuperuser('DELETE FROM audit_entries WHERE opportunity_id = $1 AND seq = 3', [middle.id]);
    expect(await verify(middle)).toMatchObject({ valid: false, firstBadSeq: 3 });
  });

  /** The chain as stored, in seq order. */
  async function stored(id: string): Promise<ChainLink[]> {
    const rows = await t.dataSource.query<{ seq: number; prev_hash: string; hash: string; entry: AuditEntryBody }[]>(
      'SELECT seq, prev_hash, hash, entry FROM audit_entries WHERE opportunity_id = $1 ORDER BY seq',
      [id],
    );
    return rows.map((r) => ({ opportunityId: id, seq: r.seq, prevHash: r.prev_hash, hash: r.hash, entry: r.entry }));
  }

  /**
   * The forger's work, as a superuser: put `forged` in at `at`, shift the later
   * entries by one, re-link and re-hash everything from `at` on, and (when
   * `moveHead`) move the row's version and chain head to the new end.
   */
  async function forge(o: OpportunityDriver, at: number, forged: AuditEntryBody, moveHead: boolean): Promise<void> {
    const old = await stored(o.id);
    const bodies = [...old.slice(0, at - 1).map((l) => l.entry), forged, ...old.slice(at - 1).map((l) => l.entry)];
    const links: ChainLink[] = [];
    for (const [i, body] of bodies.entries()) {
      links.push(nextLink(o.id, i + 1, links[i - 1]?.hash ?? GENESIS_HASH, body));
    }
    await withAuditTriggersOff(t.dataSource, async (tx) => {
      await tx.query('DELETE FROM audit_entries WHERE opportunity_id = $1 AND seq >= $2', [o.id, at]);
      await tx.query(APPEND_LINKS_SQL, appendLinksParams(o.id, links.slice(at - 1)));
      if (moveHead) {
        await tx.query('UPDATE opportunities SET version = $2, chain_head = $3 WHERE id = $1', [
          o.id,
          links.length,
          links[links.length - 1]?.hash,
        ]);
      }
    });
  }

  it('names a forged entry inserted with a recomputed chain and a moved head, by replay; the offline check agrees', async () => {
    const o = await opportunity();
    const [, , third] = await stored(o.id);
    // The partner forges the customer's approval of the business case, in the customer's name.
    const customerActor = { userId: customer.userId, orgId: customer.id, role: 'customer' };
    await forge(
      o,
      4,
      {
        recordedAt: third?.entry.recordedAt ?? '',
        actor: customerActor,
        event: { type: 'APPROVE_BUSINESS_CASE', at: third?.entry.recordedAt, actor: customerActor },
        state: 'assess',
      },
      true,
    );
    const verdict = await verify(o);
    expect(verdict).toMatchObject({
      valid: false,
      entries: 7,
      firstBadSeq: 4,
      reason: expect.stringContaining('replay refuses entry 4'),
    });
    const offline = await verifyExport(await exportNdjson(t.http, o.id, TEST_OPS_KEY));
    expect(offline).toMatchObject({ valid: false, firstBadSeq: 4, reason: verdict.reason });
  });

  it('catches a forged entry the machine would accept: by the row head, else by the snapshot', async () => {
    const o = await opportunity();
    const [, , third] = await stored(o.id);
    const forged = (servers: number): AuditEntryBody => ({
      recordedAt: third?.entry.recordedAt ?? '',
      actor: third?.entry.actor ?? { userId: '', orgId: '', role: '' },
      event: { ...third?.entry.event, type: 'UPDATE_PROFILE', profile: { servers } },
      state: 'assess',
    });
    // Re-chained but the row left alone: the chain runs past the row's version.
    await forge(o, 4, forged(500), false);
    expect(await verify(o)).toMatchObject({
      valid: false,
      entries: 7,
      firstBadSeq: 7,
      reason: expect.stringContaining("beyond the opportunity's version 6"),
    });
    // The row's version and head moved too: the stored snapshot is not the replay of that history.
    const moved = await opportunity();
    await forge(moved, 4, forged(500), true);
    expect(await verify(moved)).toMatchObject({ valid: false, reason: expect.stringContaining('stored snapshot') });
  });

  it('catches a snapshot edited without an audit entry, by replay', async () => {
    const o = await opportunity();
    await t.dataSource.query(
      `UPDATE opportunities SET snapshot = jsonb_set(snapshot, '{context,profile,servers}', '999') WHERE id = $1`,
      [o.id],
    );
    expect(await verify(o)).toMatchObject({ valid: false, reason: expect.stringContaining('replay') });
  });

  it('exports JSON pages and NDJSON that agree, to visible callers only', async () => {
    const o = await opportunity();
    const page1 = await request(t.http)
      .get(`/v1/opportunities/${o.id}/audit?limit=4`)
      .set('authorization', `Bearer ${partner.key}`);
    expectStatus(page1, 200);
    const page2 = await request(t.http)
      .get(`/v1/opportunities/${o.id}/audit?limit=4&afterSeq=${page1.body.nextAfterSeq}`)
      .set('authorization', `Bearer ${partner.key}`);
    expect(page2.body.nextAfterSeq).toBeNull();
    const json = [...page1.body.items, ...page2.body.items];
    expect(json.map((l: { seq: number }) => l.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    const ndjson = await exportNdjson(t.http, o.id, TEST_OPS_KEY);
    const lines = ndjson
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual(json);
    const stranger = await makeOrg(t.http, 'partner');
    const hidden = await request(t.http)
      .get(`/v1/opportunities/${o.id}/audit`)
      .set('authorization', `Bearer ${stranger.key}`);
    expectStatus(hidden, 404);
  });
});
