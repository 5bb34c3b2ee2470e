import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { dateIn, expectStatus, herokuProfile, OpportunityDriver } from '../support/opportunity-driver';
import { makeOrg, startTestApp, TestApp } from '../support/test-app';
import { mapRecord } from '../../libs/workflow/test/factories';

const MPE = 'MPE0012345';
const ASSESS_ITEMS = [
  'discovery_inventory',
  'tco_model',
  'seven_rs_disposition',
  'readiness_assessment',
  'target_architecture',
  'wave_plan',
];
const app = (name: string, disposition = 'rehost', tag = `mig${MPE}`): Record<string, unknown> =>
  disposition === 'retire' || disposition === 'retain'
    ? { name, disposition }
    : { name, disposition, expectedTagValue: tag };

describe('the whole MAP lifecycle over HTTP: the Heroku Series-B case (real PostgreSQL)', () => {
  let t: TestApp;
  let o: OpportunityDriver;

  beforeAll(async () => {
    t = await startTestApp();
    o = new OpportunityDriver(t.http, await makeOrg(t.http, 'partner', 'premier'), await makeOrg(t.http, 'customer'));
  });
  afterAll(async () => {
    await t.close();
  });

  it('goes intake -> assess -> mobilize -> migrate -> closeout -> closed, refusing each ADVANCE until its gate holds', async () => {
    await o.create('Heroku to AWS');
    expect(o.last).toMatchObject({ phase: 'intake', state: 'intake', version: 1 });
    expect(await o.missingOnAdvance()).toEqual(['profile_complete']);

    // Intake -> Assess.
    await o.p({ type: 'UPDATE_PROFILE', profile: herokuProfile() });
    expect(o.last).toMatchObject({
      triage: { program: 'MAP', ladder: 'standard' },
      gate: { next: 'assess', ready: true },
    });
    await o.p({ type: 'ADVANCE' });
    expect(o.last.phase).toBe('assess');
    expect(await o.missingOnAdvance()).toEqual(
      expect.arrayContaining([
        ...ASSESS_ITEMS,
        'map_record_attested',
        'business_case_approved',
        'map_agreement_recorded',
      ]),
    );

    // Assess: funding filed before the work, the checklist, the attested record, the customer's approval, the agreement.
    await o.file('assess_partner_funding', 1_200_000);
    await o.checklist(ASSESS_ITEMS);
    await o.p({
      type: 'ATTEST_MAP_RECORD',
      record: mapRecord(),
    });
    expect(await o.missingOnAdvance()).toEqual(['business_case_approved', 'map_agreement_recorded']);
    await o.c({ type: 'APPROVE_BUSINESS_CASE' });
    await o.p({ type: 'RECORD_MAP_AGREEMENT', tagScheme: 'map-migrated', mpeId: MPE, signedOn: dateIn(0) });
    await o.claim('assess_partner_funding', 'assess-1', 1_200_000);
    await o.p({ type: 'RECORD_FUND_REQUEST_STAGE', tranche: 'assess_partner_funding', stage: 'completed' });
    await o.file('mobilize_partner_funding', 3_000_000);
    await o.file('mobilize_credits', 660_000);
    await o.p({ type: 'ADVANCE' });
    expect(o.last.phase).toBe('mobilize');

    // Mobilize: landing zone, runbook, factory, and a pilot wave the customer says go to.
    expect(await o.missingOnAdvance()).toEqual([
      'landing_zone',
      'runbook',
      'migration_factory',
      'pilot_wave_validated',
    ]);
    await o.checklist(['landing_zone', 'runbook', 'migration_factory']);
    await o.plan('pilot', 'pilot', [app('status-page')]);
    await o.runWave('pilot');
    await o.claim('mobilize_partner_funding', 'mob-1', 3_000_000);
    await o.claim('mobilize_credits', 'credits-1', 660_000);
    await o.p({ type: 'RECORD_FUND_REQUEST_STAGE', tranche: 'mobilize_partner_funding', stage: 'completed' });
    await o.p({ type: 'RECORD_FUND_REQUEST_STAGE', tranche: 'mobilize_credits', stage: 'completed' });
    await o.file('migrate_partner_funding', 2_000_000);
    await o.file('migrate_credits', 2_640_000);
    await o.p({ type: 'ADVANCE' });
    expect(o.last.phase).toBe('migrate');

    // Migrate: three production waves, one declined by the customer and re-planned.
    expect(await o.missingOnAdvance()).toEqual(
      expect.arrayContaining([
        'production_waves_validated',
        'source_decommissioned',
        'cost_validated',
        'run_rate_recorded',
      ]),
    );
    await o.plan('w1', 'production', [app('web-monolith', 'replatform'), app('heroku-scheduler', 'retire')]);
    await o.runWave('w1');
    await o.plan('w2', 'production', [app('postgres', 'replatform', `comm${MPE}`)]);
    await o.p({ type: 'REQUEST_WAVE_DECISION', waveId: 'w2' });
    await o.c({ type: 'DECIDE_WAVE', waveId: 'w2', decision: 'no_go', reason: 'DMS CDC not rehearsed' });
    const declined = (o.last.waves as { waveId: string; status: string }[]).find((w) => w.waveId === 'w2');
    expect(declined?.status).toBe('no_go');
    await o.plan('w2', 'production', [app('postgres', 'replatform', `comm_ec2_${MPE}`)]);
    await o.runWave('w2');
    await o.plan('w3', 'production', [app('workers', 'rehost', `mig_ec2_${MPE}`)]);
    await o.runWave('w3');
    await o.checklist(['source_decommissioned', 'cost_validated']);
    expect(await o.missingOnAdvance()).toEqual(['run_rate_recorded']);
    await o.p({ type: 'RECORD_RUN_RATE', monthlyCents: 495_000 });
    await o.claim('migrate_partner_funding', 'mig-1', 2_000_000, 'downgraded', 1_980_000);
    await o.claim('migrate_credits', 'mig-credits-1', 2_640_000);
    await o.p({ type: 'ADVANCE' });
    expect(o.last.phase).toBe('closeout');

    // Closeout: every request settled, then closed.
    expect(await o.missingOnAdvance()).toEqual(['fund_requests_settled']);
    await o.p({ type: 'RECORD_FUND_REQUEST_STAGE', tranche: 'migrate_partner_funding', stage: 'completed' });
    await o.p({ type: 'RECORD_FUND_REQUEST_STAGE', tranche: 'migrate_credits', stage: 'completed' });
    await o.p({ type: 'ADVANCE' });
    expect(o.last).toMatchObject({ phase: 'closed', gate: { next: null } });

    // The read, as a customer sees it: funding by tranche, in cents (hand-computed in the domain suite).
    const read = await o.read(o.customer);
    expectStatus(read, 200);
    expect(read.headers.etag).toBe(`"${o.version}"`);
    expect(read.body.funding).toEqual({
      assess_partner_funding: {
        envelopeCents: 1_200_000,
        requestedCents: 1_200_000,
        approvedCents: 1_200_000,
        paidCents: 1_200_000,
      },
      mobilize_partner_funding: {
        envelopeCents: 3_000_000,
        requestedCents: 3_000_000,
        approvedCents: 3_000_000,
        paidCents: 3_000_000,
      },
      mobilize_credits: { envelopeCents: 660_000, requestedCents: 660_000, approvedCents: 660_000, paidCents: 660_000 },
      migrate_partner_funding: {
        envelopeCents: 1_980_000,
        requestedCents: 2_000_000,
        approvedCents: 1_980_000,
        paidCents: 1_980_000,
      },
      migrate_credits: {
        envelopeCents: 2_640_000,
        requestedCents: 2_640_000,
        approvedCents: 2_640_000,
        paidCents: 2_640_000,
      },
    });
    expect(read.body.attestation).toMatchObject({ hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(read.body.waves.map((w: { waveId: string; status: string }) => [w.waveId, w.status])).toEqual([
      ['pilot', 'validated'],
      ['w1', 'validated'],
      ['w2', 'validated'],
      ['w3', 'validated'],
    ]);

    // One audit entry per accepted event, chained, seq = version.
    const entries = await t.dataSource.query<{ seq: number; prev_hash: string; hash: string; entry: object }[]>(
      'SELECT seq, prev_hash, hash, entry FROM audit_entries WHERE opportunity_id = $1 ORDER BY seq',
      [o.id],
    );
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: o.version }, (_, i) => i + 1));
    let prev = '0'.repeat(64);
    for (const e of entries) {
      expect(e.prev_hash).toBe(prev);
      const canonical = canonicalize({ opportunityId: o.id, seq: e.seq, prevHash: e.prev_hash, entry: e.entry }) ?? '';
      expect(e.hash).toBe(createHash('sha256').update(canonical).digest('hex'));
      prev = e.hash;
    }
  });
});
