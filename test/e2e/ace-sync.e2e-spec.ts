import request from 'supertest';
import { herokuAceProfile, herokuProfile } from '@mapflow/workflow/scenarios/heroku';
import { AceSyncService } from '../../apps/api/src/ace/ace-sync.service';
import { AceStub } from '../support/ace-stub';
import { OpportunityDriver } from '../support/opportunity-driver';
import { makeOrg, useTestApp } from '../support/test-app';
import { until } from '../support/webhook-receiver';

const SOLUTION = 'S-0001234';

interface Ace {
  aceOpportunityId: string | null;
  stage: string | null;
  reviewStatus: string | null;
  syncError?: { message: string; attempts: number };
}

/**
 * The ACE sync (design/ace.md) with the real SDK client against a local
 * stand-in of Partner Central (test/support/ace-stub.ts): created once
 * whatever runs it twice, the MAP solution associated, submitted on the
 * partner's SUBMIT_TO_ACE, AWS's review read back as the system actor's
 * events, the edit lock on the way, and a ValidationException shown on the
 * read and tried again once the partner mends the profile.
 */
describe('the ACE sync (whole app, its worker, the SDK against a local Partner Central, real PostgreSQL)', () => {
  const stub = new AceStub();
  const env: Record<string, string> = {
    MAPFLOW_WORKER: 'in-process',
    MAPFLOW_ACE_SYNC: 'on',
    MAPFLOW_ACE_CATALOG: 'Sandbox',
    MAPFLOW_ACE_SWEEP_SECONDS: '1',
    MAPFLOW_ACE_SOLUTION_ID: SOLUTION,
  };
  beforeAll(async () => {
    env.MAPFLOW_ACE_ENDPOINT = await stub.start();
    // The SDK's default chain finds these; it never looks off the machine.
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'not-a-secret';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  });
  const t = useTestApp(env);
  afterAll(async () => {
    await stub.stop();
  });

  const aceOf = async (o: OpportunityDriver): Promise<Ace | null> =>
    (
      (await request(t.http).get(`/v1/opportunities/${o.id}`).set('authorization', `Bearer ${o.partner.key}`)).body as {
        ace: Ace | null;
      }
    ).ace;

  /** The partner reads again: the sync's events moved the version on. */
  const fresh = async (o: OpportunityDriver): Promise<OpportunityDriver> => {
    o.version = Number(String((await o.read()).headers.etag).replace(/"/g, ''));
    return o;
  };

  it('creates once, associates MAP, submits on SUBMIT_TO_ACE, and records each review as the system actor', async () => {
    const o = await new OpportunityDriver(
      t.http,
      await makeOrg(t.http, 'partner'),
      await makeOrg(t.http, 'customer'),
    ).create('Synced to ACE', herokuProfile());
    // The first create's answer is lost on the way: it is sent again, with the same client token.
    stub.loseNextCreateAnswer();
    await o.p({ type: 'UPDATE_PROFILE', profile: herokuAceProfile() });
    await until(async () => (await aceOf(o))?.reviewStatus === 'Pending Submission', 20_000);
    const [made, ...more] = stub.made(o.id);
    expect(more).toEqual([]);
    const sent = stub.calls.filter(
      (c) => c.operation === 'CreateOpportunity' && c.body.PartnerOpportunityIdentifier === o.id,
    );
    expect(sent.map((c) => [c.status, c.body.ClientToken])).toEqual([
      [500, `mapflow-${o.id}`],
      [200, `mapflow-${o.id}`],
    ]);
    expect(made?.solutions).toEqual([SOLUTION]);
    expect((await aceOf(o))?.aceOpportunityId).toBe(made?.id);

    // The job run twice, and again with its place lost: still one ACE opportunity (the client token).
    const sync = t.app.get(AceSyncService);
    await Promise.all([sync.sync(o.id), sync.sync(o.id)]);
    await t.dataSource.query(`DELETE FROM ace_syncs WHERE opportunity_id = $1`, [o.id]);
    await sync.sync(o.id);
    expect(stub.made(o.id)).toHaveLength(1);
    const creates = stub.calls.filter(
      (c) => c.operation === 'CreateOpportunity' && c.body.PartnerOpportunityIdentifier === o.id,
    );
    expect(new Set(creates.map((c) => c.body.ClientToken))).toEqual(new Set([`mapflow-${o.id}`]));

    const id = made?.id ?? '';
    await (await fresh(o)).p({ type: 'SUBMIT_TO_ACE' });
    await until(async () => (await aceOf(o))?.reviewStatus === 'Submitted', 20_000);
    expect(
      stub.calls.filter((c) => c.operation === 'StartEngagementFromOpportunityTask' && c.body.Identifier === id),
    ).toHaveLength(1);

    stub.review(id, 'In review', 'Qualified');
    await until(async () => (await aceOf(o))?.reviewStatus === 'In review', 20_000);
    const locked = await (await fresh(o)).refused(o.partner, { type: 'UPDATE_PROFILE', profile: { servers: 31 } });
    expect(locked.detail).toContain('In review');

    stub.review(id, 'Action Required');
    await until(async () => (await aceOf(o))?.reviewStatus === 'Action Required', 20_000);
    expect(
      (await (await fresh(o)).refused(o.partner, { type: 'UPDATE_PROFILE', profile: { servers: 31 } })).detail,
    ).toContain('Action Required');
    await o.p({ type: 'UPDATE_PROFILE', profile: { customerWebsite: 'https://www.acme-saas.example' } });

    stub.review(id, 'Approved', 'Committed');
    await until(async () => (await aceOf(o))?.reviewStatus === 'Approved', 20_000);
    expect(await aceOf(o)).toMatchObject({ aceOpportunityId: id, stage: 'Committed', reviewStatus: 'Approved' });

    // The audit log shows what AWS said and when, each as the system actor's event.
    const audit = await request(t.http)
      .get(`/v1/opportunities/${o.id}/audit`)
      .set('authorization', `Bearer ${o.partner.key}`);
    const recorded = (
      audit.body.items as {
        entry: { actor: { role: string; service?: string }; event: { type: string; reviewStatus?: string } };
      }[]
    )
      .filter((l) => l.entry.event.type === 'RECORD_ACE_OPPORTUNITY')
      .map((l) => [l.entry.event.reviewStatus, l.entry.actor.role, l.entry.actor.service]);
    expect(recorded).toEqual([
      ['Pending Submission', 'system', 'ace-sync'],
      ['Submitted', 'system', 'ace-sync'],
      ['In review', 'system', 'ace-sync'],
      ['Action Required', 'system', 'ace-sync'],
      ['Approved', 'system', 'ace-sync'],
    ]);
    const verdict = await request(t.http)
      .get(`/v1/opportunities/${o.id}/audit/verify`)
      .set('authorization', `Bearer ${o.partner.key}`);
    expect(verdict.body.valid).toBe(true);
  }, 120_000);

  it('updates ACE when the profile changes; a change made meanwhile in Partner Central is read again, and the update succeeds', async () => {
    const o = await new OpportunityDriver(
      t.http,
      await makeOrg(t.http, 'partner'),
      await makeOrg(t.http, 'customer'),
    ).create('Updated in ACE', herokuProfile());
    await o.p({ type: 'UPDATE_PROFILE', profile: herokuAceProfile() });
    await until(async () => (await aceOf(o))?.reviewStatus === 'Pending Submission', 20_000);
    const id = stub.made(o.id)[0]?.id ?? '';
    const before = stub.calls.length;
    // Someone edits it in Partner Central between the sync's read and its update.
    stub.changeAfterNextGet(id);
    await (await fresh(o)).p({ type: 'UPDATE_PROFILE', profile: { servers: 45 } });
    const problem = () =>
      String((stub.made(o.id)[0]?.request.Project as { CustomerBusinessProblem?: string }).CustomerBusinessProblem);
    await until(() => problem().includes('on 45 servers'), 20_000);
    expect(problem()).toContain('on 45 servers');
    const mine = stub.calls
      .slice(before)
      .filter(
        (c) => (c.body.Identifier === id || c.body.OpportunityIdentifier === id) && c.operation !== 'GetOpportunity',
      );
    expect(mine.map((c) => [c.operation, c.status])).toEqual([
      ['UpdateOpportunity', 409],
      ['UpdateOpportunity', 200],
    ]);
    expect(stub.made(o.id)).toHaveLength(1);
    expect((await aceOf(o))?.syncError).toBeUndefined();
  }, 60_000);

  it('shows a ValidationException on the read, and tries again once the partner mends the profile', async () => {
    const o = await new OpportunityDriver(
      t.http,
      await makeOrg(t.http, 'partner'),
      await makeOrg(t.http, 'customer'),
    ).create('Refused by ACE', herokuProfile());
    await o.p({
      type: 'UPDATE_PROFILE',
      profile: { ...herokuAceProfile(), customerWebsite: 'http://acme-saas.example' },
    });
    await until(async () => (await aceOf(o))?.syncError !== undefined, 20_000);
    const refused = await aceOf(o);
    expect(refused).toMatchObject({ aceOpportunityId: null, reviewStatus: null });
    expect(refused?.syncError?.message).toBe(
      'ValidationException: Customer.Account.WebsiteUrl must be an https:// URL',
    );
    expect(stub.made(o.id)).toEqual([]);
    await (await fresh(o)).p({ type: 'UPDATE_PROFILE', profile: { customerWebsite: 'https://acme-saas.example' } });
    await until(async () => (await aceOf(o))?.reviewStatus === 'Pending Submission', 20_000);
    const mended = await aceOf(o);
    expect(mended?.syncError).toBeUndefined();
    expect(mended?.aceOpportunityId).toBe(stub.made(o.id)[0]?.id);
  }, 60_000);

  it("does not sync an ACE opportunity a partner recorded that Partner Central says is another's", async () => {
    const theirs = await new OpportunityDriver(
      t.http,
      await makeOrg(t.http, 'partner'),
      await makeOrg(t.http, 'customer'),
    ).create('Theirs in ACE', herokuProfile());
    await theirs.p({ type: 'UPDATE_PROFILE', profile: herokuAceProfile() });
    await until(async () => (await aceOf(theirs))?.reviewStatus === 'Pending Submission', 20_000);
    const theirId = stub.made(theirs.id)[0]?.id ?? '';
    const mine = await new OpportunityDriver(
      t.http,
      await makeOrg(t.http, 'partner'),
      await makeOrg(t.http, 'customer'),
    ).create('Claims theirs', herokuProfile());
    await mine.p({
      type: 'RECORD_ACE_OPPORTUNITY',
      aceOpportunityId: theirId,
      stage: 'Prospect',
      reviewStatus: 'Pending Submission',
      lastModifiedDate: new Date().toISOString(),
    });
    await mine.p({ type: 'UPDATE_PROFILE', profile: herokuAceProfile() });
    await mine.p({ type: 'SUBMIT_TO_ACE' });
    await until(async () => (await aceOf(mine))?.syncError !== undefined, 20_000);
    expect((await aceOf(mine))?.syncError?.message).toContain(
      `ACE opportunity ${theirId}, recorded on this opportunity, is not this opportunity's`,
    );
    // Nothing was submitted for it, and theirs is untouched.
    expect(
      stub.calls.filter((c) => c.operation === 'StartEngagementFromOpportunityTask' && c.body.Identifier === theirId),
    ).toEqual([]);
    expect(stub.made(theirs.id)[0]?.reviewStatus).toBe('Pending Submission');
    expect(stub.made(mine.id)).toEqual([]);
  }, 60_000);
});
