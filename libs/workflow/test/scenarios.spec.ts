/**
 * Worked scenarios from the brief, each as events from intake to an end,
 * with cents computed by hand in the comments. Each is replayed twice to
 * show the machine is deterministic.
 */
import {
  decide,
  replay,
  viewOpportunity,
  findings,
  triage,
  type OpportunityEvent,
  type CreateOpportunityInput,
} from '../src';
import { actors, app, createInput, Drive, HEROKU_FUNDING_AT_CLOSE, herokuProfile, MPE } from './factories';

function expectDeterministic(input: CreateOpportunityInput, events: OpportunityEvent[], expected: unknown): void {
  const a = replay(input, events);
  const b = replay(input, events);
  expect(a).toEqual(b);
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  expect(a).toEqual(expected);
}

describe('Heroku Series-B SaaS: ~$9K/month on Heroku, $11K/month committed, pilot + three production waves', () => {
  // Hand computation (policy 2026.1, ladder standard: $5K <= $11K <= $15K):
  //   services cost $120,000 = 12,000,000 c; annual committed 1,100,000 c x 12 = 13,200,000 c
  //   assess_partner_funding   10% of 12,000,000 = 1,200,000 (cap 2,500,000)
  //   mobilize_partner_funding 25% of 12,000,000 = 3,000,000
  //   mobilize_credits          5% of 13,200,000 =   660,000
  //   migrate_partner_funding  15% of 13,200,000 = 1,980,000  (we request 2,000,000: over by 20,000)
  //   migrate_credits          20% of 13,200,000 = 2,640,000
  const s = new Drive();

  it('runs from intake to closed with every tranche filed, claimed and paid', () => {
    expect(triage(herokuProfile())).toMatchObject({ program: 'MAP', ladder: 'standard', edpCandidate: false });
    s.toAssess();
    expect(s.state).toBe('assess');
    s.file('assess_partner_funding', 1_200_000);
    s.toCashClaim('assess_partner_funding');
    s.assessWork();
    s.claim('assess_partner_funding', 'assess-1', 1_200_000);
    s.complete('assess_partner_funding');
    s.file('mobilize_partner_funding', 3_000_000);
    s.file('mobilize_credits', 660_000);
    s.toCashClaim('mobilize_partner_funding').toCashClaim('mobilize_credits');
    s.advance();
    expect(s.state).toBe('mobilize');

    s.wait(7)
      .mobilizeChecklist()
      .plan('pilot', 'pilot', [app('status-page', 'rehost')])
      .runWave('pilot');
    s.claim('mobilize_partner_funding', 'mob-1', 1_500_000).claim('mobilize_partner_funding', 'mob-2', 1_500_000);
    s.claim('mobilize_credits', 'credits-1', 660_000);
    s.complete('mobilize_partner_funding').complete('mobilize_credits');
    s.file('migrate_partner_funding', 2_000_000).file('migrate_credits', 2_640_000);
    const migrateRequest = s.ctx.fundRequests.find((r) => r.tranche === 'migrate_partner_funding');
    expect(migrateRequest).toMatchObject({ envelopeCents: 1_980_000, likelyDowngrade: true, overByCents: 20_000 });
    expect(s.lastActions[0]).toMatchObject({
      type: 'fundRequestFiled',
      tranche: 'migrate_credits',
      likelyDowngrade: false,
    });
    s.toCashClaim('migrate_partner_funding').toCashClaim('migrate_credits');
    s.wait(7).advance();
    expect(s.state).toBe('migrate');

    s.plan('w1', 'production', [app('web-monolith', 'replatform'), app('heroku-scheduler', 'retire')]).runWave('w1');
    s.plan('w2', 'production', [app('postgres', 'replatform', `comm${MPE}`)]);
    s.ok(s.p('REQUEST_WAVE_DECISION', { waveId: 'w2' }));
    const notify = s.lastActions;
    expect(notify).toEqual([{ type: 'notifyCustomerDecisionNeeded', opportunityId: 'opp-1', waveId: 'w2' }]);
    s.ok(s.c('DECIDE_WAVE', { waveId: 'w2', decision: 'no_go', reason: 'DMS CDC not rehearsed' }));
    expect(s.ctx.waves.find((w) => w.waveId === 'w2')?.status).toBe('no_go');
    // Re-planned: back to planned, the no-go void.
    s.plan('w2', 'production', [app('postgres', 'replatform', `comm_ec2_${MPE}`)]);
    expect(s.ctx.waves.find((w) => w.waveId === 'w2')).toMatchObject({
      status: 'planned',
      revision: 2,
      decision: null,
    });
    s.runWave('w2');
    s.plan('w3', 'production', [app('workers', 'rehost', `mig_ec2_${MPE}`)]).runWave('w3');
    s.migrateChecklist();
    s.ok(s.p('RECORD_RUN_RATE', { monthlyCents: 495_000 }));
    s.claim('migrate_partner_funding', 'mig-1', 2_000_000, 'downgraded', 1_980_000);
    s.claim('migrate_credits', 'mig-credits-1', 2_640_000);
    s.advance();
    expect(s.state).toBe('closeout');
    s.complete('migrate_partner_funding').complete('migrate_credits');
    s.advance();
    expect(s.state).toBe('closed');
    expect(s.lastActions.map((a) => a.type)).toEqual(['phaseChanged', 'opportunityEnded']);

    const view = viewOpportunity(s.snapshot, s.now());
    expect(view.phase).toBe('closed');
    expect(view.funding).toEqual(HEROKU_FUNDING_AT_CLOSE);
    // 1,200,000 + 3,000,000 + 660,000 + 1,980,000 + 2,640,000 = 9,480,000 cents ($94,800) paid.
    const paid = Object.values(view.funding).reduce((sum, f) => sum + f.paidCents, 0);
    expect(paid).toBe(9_480_000);
    expect(view.gate).toEqual({ next: null, ready: false, missing: [] });
    expect(view.fundRequests.map((r) => r.name)).toEqual(Array(5).fill('[MAP] Heroku to AWS - Acme SaaS'));
    // A premier partner with a track record, funding sequenced before the work: nothing left on the table.
    expect(findings(s.snapshot, s.now(), { closedMapOpportunities: 10 })).toEqual([]);
  });

  it('replays twice to the same snapshot', () => {
    expectDeterministic(s.input, s.events, s.snapshot);
    expect(s.events).toHaveLength(s.snapshot.context.seq - 1);
  });
});

describe('tiny app below the floor', () => {
  const s = new Drive(createInput({ opportunityId: 'tiny', title: 'Tiny Heroku app' }));
  it('is referred on ADVANCE, with its reasons kept, and then accepts nothing', () => {
    // $200/month committed < $1,000 floor.
    s.ok(
      s.p('UPDATE_PROFILE', {
        profile: herokuProfile({
          servers: 1,
          databases: 1,
          applications: 1,
          currentMonthlySpendCents: 15_000,
          projectedMonthlyAwsSpendCents: 20_000,
          migrationServicesCostCents: 300_000,
        }),
      }),
    );
    expect(viewOpportunity(s.snapshot, s.now()).gate).toEqual({ next: 'referred', ready: true, missing: [] });
    s.advance();
    expect(s.state).toBe('referred');
    expect(s.ctx.ending?.reasons[0]).toContain('below the $1,000/month MAP floor');
    expect(viewOpportunity(s.snapshot, s.now()).funding.migrate_credits.envelopeCents).toBe(0);
    expect(s.no(s.p('ADVANCE'))).toMatchObject({ code: 'STATE', state: 'referred' });
  });
  it('replays deterministically', () => expectDeterministic(s.input, s.events, s.snapshot));
});

describe('greenfield build', () => {
  const s = new Drive(createInput({ opportunityId: 'green', title: 'New GenAI product' }));
  it('triages to Activate and ends referred (DESIGN: REFERRAL / ACTIVATE -> referred)', () => {
    s.ok(s.p('UPDATE_PROFILE', { profile: herokuProfile({ greenfield: true, sourcePlatform: 'none' }) }));
    s.advance();
    expect(s.state).toBe('referred');
    expect(s.ctx.ending?.reasons.join(' ')).toContain('Activate credits, not MAP');
  });
  it('replays deterministically', () => expectDeterministic(s.input, s.events, s.snapshot));

  it('an AWS competitor ends ineligible', () => {
    const x = new Drive(createInput({ opportunityId: 'rival' }));
    x.ok(x.p('UPDATE_PROFILE', { profile: herokuProfile({ awsCompetitor: true }) }));
    x.advance();
    expect(x.state).toBe('ineligible');
    expectDeterministic(x.input, x.events, x.snapshot);
  });
});

describe('select-tier partner', () => {
  const s = new Drive(createInput({ opportunityId: 'select', actor: actors.partner('select') }));
  it('is refused funding (FORBIDDEN) but may run the rest, and withdraws', () => {
    s.toAssess();
    const r = s.no(
      s.p('FILE_FUND_REQUEST', {
        tranche: 'assess_partner_funding',
        fundingType: 'cash',
        amountCents: 1_200_000,
        projectEndDate: s.date(30),
        workloads: ['heroku-monolith'],
        customerFundedWorkloads: { map: [], activate: [] },
      }),
    );
    expect(r).toMatchObject({ code: 'FORBIDDEN', state: 'assess' });
    expect(r.detail).toContain('advanced or premier');
    s.ok(s.p('WITHDRAW', { reason: 'Customer will re-engage with a Premier partner' }));
    expect(s.state).toBe('withdrawn');
    expect(s.ctx.ending).toEqual({
      phase: 'withdrawn',
      at: s.ctx.lastEventAt,
      reasons: ['Customer will re-engage with a Premier partner'],
    });
  });
  it('replays deterministically', () => expectDeterministic(s.input, s.events, s.snapshot));
});

describe('double claim on one workload (MAP and Activate)', () => {
  const s = new Drive(createInput({ opportunityId: 'stack' }));
  it('refuses MAP on an Activate workload, and Activate on a MAP workload; distinct workloads stack', () => {
    s.toAssess();
    s.ok(
      s.p('RECORD_ACTIVATE_WORKLOAD', {
        workload: 'bedrock-assistant',
        amountCents: 2_500_000,
        customerFundedWorkloads: { map: [], activate: [] },
      }),
    );
    const mapOnActivate = s.no(
      s.p('FILE_FUND_REQUEST', {
        tranche: 'assess_partner_funding',
        fundingType: 'cash',
        amountCents: 1_000_000,
        projectEndDate: s.date(30),
        workloads: ['heroku-monolith', 'bedrock-assistant'],
        customerFundedWorkloads: { map: [], activate: [] },
      }),
    );
    expect(mapOnActivate).toMatchObject({ code: 'RULE' });
    expect(mapOnActivate.detail).toContain('already funded by Activate');
    s.file('assess_partner_funding', 1_000_000, ['heroku-monolith']);
    const activateOnMap = s.no(
      s.p('RECORD_ACTIVATE_WORKLOAD', {
        workload: 'heroku-monolith',
        amountCents: 500_000,
        customerFundedWorkloads: { map: [], activate: [] },
      }),
    );
    expect(activateOnMap.code).toBe('RULE');
    // The customer's other opportunities count too (put in the event by the service).
    const otherOpp = s.no(
      s.p('RECORD_ACTIVATE_WORKLOAD', {
        workload: 'billing',
        amountCents: 500_000,
        customerFundedWorkloads: { map: ['billing'], activate: [] },
      }),
    );
    expect(otherOpp.detail).toContain('named by a MAP fund request');
    s.ok(s.p('WITHDRAW', { reason: 'Assess failed' }));
  });
  it('replays deterministically', () => expectDeterministic(s.input, s.events, s.snapshot));
});

describe('rejected claim followed by a paid one', () => {
  const s = new Drive(createInput({ opportunityId: 'reject' }));
  it('settles the request with the second claim and closes', () => {
    s.toAssess();
    s.file('assess_partner_funding', 1_200_000).toCashClaim('assess_partner_funding');
    s.assessWork();
    s.claim('assess_partner_funding', 'c1', 1_200_000, 'rejected', 0);
    // The rejected claim holds nothing: the full amount may be claimed again.
    s.claim('assess_partner_funding', 'c2', 1_200_000);
    s.complete('assess_partner_funding');
    const fr = viewOpportunity(s.snapshot, s.now()).fundRequests[0];
    expect(fr).toMatchObject({ status: 'completed', approvedCents: 1_200_000, paidCents: 1_200_000 });
    expect(fr.claims.map((c) => [c.claimId, c.status, c.approvedCents])).toEqual([
      ['c1', 'rejected', 0],
      ['c2', 'paid', 1_200_000],
    ]);
    s.ok(s.p('WITHDRAW', { reason: 'Customer postponed the migration after Assess' }));
  });
  it('replays deterministically', () => expectDeterministic(s.input, s.events, s.snapshot));
});

describe('purity', () => {
  function deepFreeze<T>(x: T): T {
    if (typeof x === 'object' && x !== null) {
      Object.freeze(x);
      for (const v of Object.values(x)) deepFreeze(v);
    }
    return x;
  }

  it('decide never mutates the persisted snapshot it is given (every step of a full scenario, frozen)', () => {
    const s = new Drive(createInput({ opportunityId: 'frozen' }));
    s.toCloseout();
    let current = deepFreeze(replay(s.input, []));
    for (const event of s.events) {
      const d = decide(current, deepFreeze(event));
      expect(d.accepted).toBe(true);
      if (d.accepted) current = deepFreeze(d.snapshot);
    }
    expect(current).toEqual(s.snapshot);
  });
});
