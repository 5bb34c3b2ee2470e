/**
 * Every transition of the machine and every refusal: authorization, state,
 * each gate with its full missing list, and each business rule.
 */
import {
  createOpportunity,
  decide,
  EVENT_DEFINITIONS,
  EVENT_TYPES,
  EVENTS_BY_PHASE,
  InvalidCreateInputError,
  MACHINE_VERSION,
  nextGate,
  opportunityMachine,
  phaseOf,
  ReplayRefusedError,
  replay,
  restore,
  stateString,
  type OpportunityEvent,
} from '../src';
import { ASSESS_ITEMS } from '../src/scenarios/heroku';
import { actors, app, createInput, Drive, evidence, herokuProfile, makeEvent, MPE, T0 } from './factories';

const keys = (r: { missing?: { key: string }[] }) => (r.missing ?? []).map((m) => m.key);

describe('creation', () => {
  it('starts in intake at seq 1 with opportunityCreated, through initialTransition', () => {
    const { snapshot, actions } = createOpportunity(createInput({ profile: { region: 'eu-west-1' } }));
    expect(snapshot.value).toBe('intake');
    expect(snapshot.status).toBe('active');
    expect(snapshot.context).toMatchObject({
      seq: 1,
      machineVersion: MACHINE_VERSION,
      policyId: '2026.1',
      profile: { region: 'eu-west-1' },
    });
    expect(actions).toEqual([{ type: 'opportunityCreated', opportunityId: 'opp-1', title: 'Heroku to AWS' }]);
    expect(stateString(snapshot)).toBe('intake');
    expect(phaseOf(snapshot)).toBe('intake');
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  it('defaults the customer name to the customer org id', () => {
    const { customerName: _omit, ...rest } = createInput();
    expect(createOpportunity(rest).snapshot.context.customerName).toBe('org-customer');
  });

  it('refuses invalid input with a typed error', () => {
    expect(() => createOpportunity(createInput({ title: ' ', at: 'yesterday', profile: { servers: -1 } }))).toThrow(
      InvalidCreateInputError,
    );
    expect(() => createOpportunity(createInput({ actor: actors.customer() }))).toThrow(/partner org/);
    try {
      createOpportunity(createInput({ opportunityId: '' }));
    } catch (e) {
      expect(e instanceof InvalidCreateInputError && e.errors).toEqual(['opportunityId is required']);
    }
  });

  it('machine carries its version and id', () => {
    expect(opportunityMachine.id).toBe('mapOpportunity.v1');
  });
});

describe('authorization (FORBIDDEN)', () => {
  it('refuses a role not in the permission table, a foreign org, and ops', () => {
    const s = new Drive();
    expect(s.no(makeEvent(actors.customer(), T0, 'ADVANCE'))).toMatchObject({ code: 'FORBIDDEN', state: 'intake' });
    expect(s.no(makeEvent(actors.ops(), T0, 'WITHDRAW', { reason: 'x' })).code).toBe('FORBIDDEN');
    expect(s.no(makeEvent({ ...actors.partner(), orgId: 'other' }, T0, 'ADVANCE')).detail).toContain(
      'not this opportunity',
    );
    s.toAssess();
    expect(s.no(s.p('APPROVE_BUSINESS_CASE')).code).toBe('FORBIDDEN');
  });

  it('refuses funding submissions to a partner without tier', () => {
    const s = new Drive().toAssess();
    s.partnerActor = { ...actors.partner(), tier: undefined };
    const r = s.no(
      s.p('PREPARE_CLAIM', {
        tranche: 'assess_partner_funding',
        claimId: 'x',
        amountCents: 1,
        evidence: [evidence('x')],
      }),
    );
    expect(r.detail).toContain('of no tier');
  });
});

describe('state acceptance (STATE)', () => {
  it('names the state and refuses events the state does not accept', () => {
    const s = new Drive();
    const r = s.no(
      s.p('PLAN_WAVE', { waveId: 'w', kind: 'pilot', name: 'n', applications: [app('a')], rollbackPlan: 'r' }),
    );
    expect(r).toEqual({ code: 'STATE', state: 'intake', detail: 'PLAN_WAVE is not accepted in state intake.' });
  });

  it('accepts exactly its table of events in each open state', () => {
    for (const [phase, events] of Object.entries(EVENTS_BY_PHASE)) {
      const node = opportunityMachine.states[phase as keyof typeof opportunityMachine.states];
      expect([...node.ownEvents].sort()).toEqual([...events].sort());
    }
    expect(new Set(Object.values(EVENTS_BY_PHASE).flat())).toEqual(new Set(EVENT_TYPES));
  });

  it('refuses an event whose time is not ISO', () => {
    const s = new Drive();
    expect(s.no(makeEvent(actors.partner(), 'soon', 'ADVANCE')).code).toBe('RULE');
  });
});

describe('intake', () => {
  it('UPDATE_PROFILE merges and validates', () => {
    const s = new Drive();
    s.ok(s.p('UPDATE_PROFILE', { profile: { servers: 3 } }));
    s.ok(s.p('UPDATE_PROFILE', { profile: { databases: 1 } }));
    expect(s.ctx.profile).toEqual({ servers: 3, databases: 1 });
    expect(s.no(s.p('UPDATE_PROFILE', { profile: {} })).detail).toContain('empty');
    expect(s.no(s.p('UPDATE_PROFILE', { profile: { servers: 1.5 } })).detail).toContain('servers has an invalid value');
  });

  it('ADVANCE refused with profile_complete listing the missing fields', () => {
    const s = new Drive();
    s.ok(s.p('UPDATE_PROFILE', { profile: { servers: 3, region: 'us-east-1' } }));
    const r = s.no(s.p('ADVANCE'));
    expect(r.code).toBe('GATE');
    expect(keys(r)).toEqual(['profile_complete']);
    expect(r.missing?.[0].description).toContain('sourcePlatform, customerCountry, databases');
    expect(r.missing?.[0].description).not.toContain('servers,');
  });

  it('ADVANCE to assess on a MAP profile stamps the phase', () => {
    const s = new Drive().toAssess();
    expect(s.state).toBe('assess');
    expect(s.ctx.phaseHistory.map((p) => p.phase)).toEqual(['intake', 'assess']);
    expect(s.ctx.phaseEnteredAt).toBe(s.ctx.lastEventAt);
    expect(s.lastActions).toEqual([{ type: 'phaseChanged', opportunityId: 'opp-1', from: 'intake', to: 'assess' }]);
  });

  it('sanctioned country ends ineligible', () => {
    const s = new Drive();
    s.ok(s.p('UPDATE_PROFILE', { profile: herokuProfile({ customerCountry: 'KP' }) }));
    s.advance();
    expect(s.state).toBe('ineligible');
    expect(s.ctx.ending?.reasons[0]).toContain('export-control');
  });
});

describe('assess', () => {
  it('ADVANCE refused with every missing item, then each satisfied in any order', () => {
    const s = new Drive().toAssess();
    const r = s.no(s.p('ADVANCE'));
    expect(r).toMatchObject({ code: 'GATE', state: 'assess' });
    expect(keys(r)).toEqual([
      ...ASSESS_ITEMS,
      'map_record_attested',
      'business_case_approved',
      'map_agreement_recorded',
    ]);
    s.ok(s.p('RECORD_MAP_AGREEMENT', { tagScheme: 'aws-apn-id', mpeId: 'acme-prm-1', signedOn: s.date() }));
    s.attest();
    expect(keys(s.no(s.p('ADVANCE')))).toEqual([...ASSESS_ITEMS, 'business_case_approved']);
  });

  it('checklist: complete, supersede, reopen; refuses bad items and evidence', () => {
    const s = new Drive().toAssess();
    const complete = (item: 'tco_model' | 'landing_zone', sha256 = evidence('x').sha256) =>
      s.p('COMPLETE_CHECKLIST_ITEM', { item, evidence: { uri: 's3://e/x', sha256 } });
    expect(s.no(complete('landing_zone')).detail).toContain('mobilize checklist');
    expect(s.no(complete('tco_model', 'abc')).detail).toContain('64-hex');
    expect(
      s.no(s.p('COMPLETE_CHECKLIST_ITEM', { item: 'bogus' as 'tco_model', evidence: evidence('x') })).detail,
    ).toContain('Unknown');
    s.ok(complete('tco_model'));
    expect(s.lastActions.map((a) => a.type)).toEqual(['notifyCustomerBusinessCaseReady']);
    s.ok(complete('tco_model', evidence('y').sha256));
    expect(s.ctx.checklist).toHaveLength(1);
    expect(s.no(s.p('REOPEN_CHECKLIST_ITEM', { item: 'tco_model', reason: ' ' })).detail).toContain('reason');
    expect(s.no(s.p('REOPEN_CHECKLIST_ITEM', { item: 'wave_plan', reason: 'x' })).detail).toContain('not complete');
    s.ok(s.p('REOPEN_CHECKLIST_ITEM', { item: 'tco_model', reason: 'numbers changed' }));
    expect(s.ctx.checklist).toEqual([]);
  });

  it('business case: needs a TCO model; approve, reject with reason; reopening the TCO voids approval', () => {
    const s = new Drive().toAssess();
    expect(s.no(s.c('APPROVE_BUSINESS_CASE')).detail).toContain('TCO model');
    s.ok(s.p('COMPLETE_CHECKLIST_ITEM', { item: 'tco_model', evidence: evidence('tco') }));
    expect(s.no(s.c('REJECT_BUSINESS_CASE', { reason: '' })).code).toBe('RULE');
    s.ok(s.c('REJECT_BUSINESS_CASE', { reason: 'Savings unclear' }));
    expect(s.lastActions).toEqual([{ type: 'businessCaseDecided', opportunityId: 'opp-1', status: 'rejected' }]);
    expect(s.no(s.c('REJECT_BUSINESS_CASE', { reason: 'again' })).detail).toContain('already rejected');
    const gate = nextGate(s.snapshot);
    expect(gate.missing.find((m) => m.key === 'business_case_approved')?.description).toContain('Savings unclear');
    s.ok(s.c('APPROVE_BUSINESS_CASE'));
    expect(s.no(s.c('APPROVE_BUSINESS_CASE')).detail).toContain('already approved');
    expect(s.ctx.businessCase).toMatchObject({ status: 'approved', by: 'u-customer' });
    s.ok(s.p('REOPEN_CHECKLIST_ITEM', { item: 'tco_model', reason: 'rework' }));
    expect(s.ctx.businessCase.status).toBe('pending');
  });

  it('MAP record: six parts required; re-attestation supersedes', () => {
    const s = new Drive().toAssess();
    const bad = s.p('ATTEST_MAP_RECORD', {
      record: {
        sourceEnvironment: '',
        targetArchitecture: '',
        projectedSpend: [],
        wavePlan: '',
        fundingRequest: [{ tranche: 'assess_partner_funding', amountCents: -1 }],
        deliveryScope: '',
      },
    });
    expect(s.no(bad).detail).toBe(
      'The MAP record is incomplete: sourceEnvironment, targetArchitecture, projectedSpend, wavePlan, fundingRequest, deliveryScope.',
    );
    s.attest();
    s.attest();
    expect(s.ctx.attestations.map((a) => a.seq)).toEqual([4, 5]);
    expect(s.lastActions).toEqual([{ type: 'mapRecordAttested', opportunityId: 'opp-1', seq: 5 }]);
  });

  it('MAP agreement: scheme and ID format, date', () => {
    const s = new Drive().toAssess();
    // A malformed ID is malformed input (INVALID: a 400 naming the field), in the scheme's own words.
    expect(s.no(s.p('RECORD_MAP_AGREEMENT', { tagScheme: 'map-migrated', mpeId: '1234', signedOn: s.date() }))).toEqual(
      {
        code: 'INVALID',
        state: 'assess',
        detail:
          'mpeId must be a well-formed MPE ID for map-migrated: 5 digits, or 10 uppercase letters and digits; 1234 is not one',
        errors: [
          {
            field: 'mpeId',
            message:
              'mpeId must be a well-formed MPE ID for map-migrated: 5 digits, or 10 uppercase letters and digits; 1234 is not one',
          },
        ],
      },
    );
    expect(s.no(s.p('RECORD_MAP_AGREEMENT', { tagScheme: 'aws-apn-id', mpeId: 'Acme', signedOn: s.date() })).code).toBe(
      'INVALID',
    );
    expect(
      s.no(s.p('RECORD_MAP_AGREEMENT', { tagScheme: 'other' as 'aws-apn-id', mpeId: 'acme', signedOn: s.date() }))
        .detail,
    ).toContain('Unknown tag scheme');
    expect(
      s.no(s.p('RECORD_MAP_AGREEMENT', { tagScheme: 'map-migrated', mpeId: '12345', signedOn: '2026-02-30' })).detail,
    ).toContain('signedOn');
    s.ok(s.p('RECORD_MAP_AGREEMENT', { tagScheme: 'map-migrated', mpeId: '12345', signedOn: s.date() }));
    expect(s.lastActions[0]).toMatchObject({ type: 'mapAgreementRecorded', mpeId: '12345' });
  });

  it('ADVANCE goes to referred when triage no longer says MAP (and ineligible for a competitor)', () => {
    const s = new Drive().toAssess();
    s.ok(s.p('UPDATE_PROFILE', { profile: { projectedMonthlyAwsSpendCents: 50_000 } }));
    expect(nextGate(s.snapshot)).toEqual({ next: 'referred', ready: true, missing: [] });
    s.advance();
    expect(s.state).toBe('referred');
    const x = new Drive().toAssess();
    x.ok(x.p('UPDATE_PROFILE', { profile: { awsCompetitor: true } }));
    x.advance();
    expect(x.state).toBe('ineligible');
  });
});

describe('mobilize and waves', () => {
  it('ADVANCE refused until the Mobilize checklist and the pilot hold', () => {
    const s = new Drive().toMobilize();
    expect(s.lastActions).toEqual([{ type: 'phaseChanged', opportunityId: 'opp-1', from: 'assess', to: 'mobilize' }]);
    expect(keys(s.no(s.p('ADVANCE')))).toEqual([
      'landing_zone',
      'runbook',
      'migration_factory',
      'pilot_wave_validated',
    ]);
    s.mobilizeChecklist();
    expect(keys(s.no(s.p('ADVANCE')))).toEqual(['pilot_wave_validated']);
  });

  it('PLAN_WAVE rules: kind by phase, one pilot, tags, migrating apps, names, rollback', () => {
    const s = new Drive().toMobilize();
    const plan = (
      waveId: string,
      applications = [app('a')],
      kind: 'pilot' | 'production' = 'pilot',
      rollbackPlan = 'DNS back',
    ) => s.p('PLAN_WAVE', { waveId, kind, name: 'Pilot', applications, rollbackPlan });
    expect(s.no(plan('p', [app('a')], 'production')).detail).toContain('pilot waves');
    expect(s.no(plan('p', [app('a')], 'pilot', '')).detail).toContain('rollback plan');
    expect(s.no(plan('p', [])).detail).toContain('at least one application');
    expect(s.no(plan('p', [app('a'), app('a')])).detail).toContain('distinct name');
    expect(s.no(plan('p', [{ name: 'a', disposition: 'rehost' }])).detail).toContain('needs an expected MAP tag value');
    expect(
      s.no(plan('p', [{ name: 'a', disposition: 'rebuild' as 'rehost', expectedTagValue: `mig${MPE}` }])).detail,
    ).toContain('unknown disposition');
    expect(s.no(plan('p', [app('a', 'rehost', 'migBAD')]))).toMatchObject({
      code: 'INVALID',
      errors: [{ field: 'applications.0.expectedTagValue' }],
    });
    // Well-formed under aws-apn-id (PRM ID 1234), but this agreement is map-migrated: malformed, not a rule.
    const short = s.no(plan('p', [app('a'), app('b', 'rehost', 'mig1234')]));
    expect(short).toMatchObject({ code: 'INVALID', state: 'mobilize' });
    expect(short.errors).toEqual([
      {
        field: 'applications.1.expectedTagValue',
        message:
          'mig1234 is not a map-migrated tag value: one of comm_ec2_, mig_ec2_, oracle, comm, mig, sap followed by the MPE ID (5 digits, or 10 uppercase letters and digits)',
      },
    ]);
    const mismatch = s.no(plan('p', [app('a', 'rehost', 'mig99999')]));
    expect(mismatch).toMatchObject({ code: 'RULE', state: 'mobilize' });
    expect(mismatch.detail).toContain('does not carry');
    expect(s.no(plan('p', [app('old', 'retire'), app('keep', 'retain')])).detail).toContain('must migrate something');
    s.ok(plan('p', [app('a'), app('old', 'retire')]));
    expect(s.lastActions).toEqual([
      { type: 'waveStatusChanged', opportunityId: 'opp-1', waveId: 'p', status: 'planned' },
    ]);
    expect(s.no(plan('p2')).detail).toContain('exactly one pilot');
  });

  it('wave life: request, decide (customer only, awaiting only), start, cut over, validate; roll back; cancel; re-plan', () => {
    const s = new Drive().toMobilize().plan('p', 'pilot');
    const w = () => s.ctx.waves.find((x) => x.waveId === 'p');
    expect(s.no(s.p('START_WAVE', { waveId: 'p' })).detail).toBe('Wave p is planned; START_WAVE needs it go.');
    expect(s.no(s.p('START_WAVE', { waveId: 'nope' })).detail).toContain('no wave nope');
    expect(s.no(s.c('DECIDE_WAVE', { waveId: 'p', decision: 'go' })).detail).toContain('not awaiting a decision');
    expect(s.no(s.c('DECIDE_WAVE', { waveId: 'nope', decision: 'go' })).code).toBe('RULE');
    s.ok(s.p('REQUEST_WAVE_DECISION', { waveId: 'p' }));
    expect(s.no(s.p('DECIDE_WAVE', { waveId: 'p', decision: 'go' })).code).toBe('FORBIDDEN');
    expect(s.no(s.c('DECIDE_WAVE', { waveId: 'p', decision: 'no_go' })).detail).toContain('needs a reason');
    expect(s.no(s.c('DECIDE_WAVE', { waveId: 'p', decision: 'maybe' as 'go' })).detail).toContain('go or no_go');
    s.ok(s.c('DECIDE_WAVE', { waveId: 'p', decision: 'go' }));
    expect(s.lastActions[0]).toMatchObject({ type: 'notifyPartnerWaveDecided', decision: 'go' });
    expect(w()?.decision).toMatchObject({ decision: 'go', by: 'u-customer', reason: null });
    s.ok(s.p('START_WAVE', { waveId: 'p' }));
    expect(w()?.startedWithCashClaim).toBe(false);
    expect(s.no(s.p('CANCEL_WAVE', { waveId: 'p', reason: 'x' })).detail).toContain('in_progress');
    expect(s.no(s.p('ROLL_BACK_WAVE', { waveId: 'p', reason: '' })).detail).toContain('needs a reason');
    s.ok(s.p('ROLL_BACK_WAVE', { waveId: 'p', reason: 'replication lag' }));
    expect(w()).toMatchObject({ status: 'rolled_back', rolledBack: { reason: 'replication lag' } });
    s.plan('p', 'pilot');
    expect(w()).toMatchObject({ status: 'planned', revision: 2, startedAt: null });
    s.runWave('p');
    expect(w()?.status).toBe('validated');
    expect(
      s.no(s.p('PLAN_WAVE', { waveId: 'p', kind: 'pilot', name: 'n', applications: [app('a')], rollbackPlan: 'r' }))
        .detail,
    ).toContain('can no longer be re-planned');
  });

  it('cancels a wave never started; a cancelled pilot may be replaced', () => {
    const s = new Drive().toMobilize().plan('p', 'pilot');
    expect(s.no(s.p('CANCEL_WAVE', { waveId: 'p', reason: '' })).code).toBe('RULE');
    s.ok(s.p('CANCEL_WAVE', { waveId: 'p', reason: 'scope changed' }));
    expect(s.ctx.waves[0]).toMatchObject({ status: 'cancelled', cancelled: { reason: 'scope changed' } });
    s.plan('p2', 'pilot');
    expect(s.ctx.waves.map((w) => w.status)).toEqual(['cancelled', 'planned']);
  });
});

describe('migrate', () => {
  it('ADVANCE refused until production waves, Migrate checklist and run-rate hold', () => {
    const s = new Drive().toMigrate();
    expect(keys(s.no(s.p('ADVANCE')))).toEqual([
      'production_waves_validated',
      'source_decommissioned',
      'cost_validated',
      'run_rate_recorded',
    ]);
    expect(s.no(s.p('ADVANCE')).missing?.[0].description).toBe('Validate at least one production wave.');
    const plan = (waveId: string, kind: 'pilot' | 'production') =>
      s.p('PLAN_WAVE', { waveId, kind, name: 'n', applications: [app('a')], rollbackPlan: 'r' });
    expect(s.no(plan('x', 'pilot')).detail).toContain('production waves');
    expect(s.no(plan('pilot', 'production')).detail).toContain('is a pilot wave');
    s.plan('w1', 'production').plan('w2', 'production').runWave('w1');
    expect(s.no(s.p('ADVANCE')).missing?.[0].description).toContain('w2 (planned)');
    s.ok(s.p('CANCEL_WAVE', { waveId: 'w2', reason: 'retired instead' }));
    s.migrateChecklist();
    expect(s.no(s.p('RECORD_RUN_RATE', { monthlyCents: 0 })).code).toBe('RULE');
    s.ok(s.p('RECORD_RUN_RATE', { monthlyCents: 600_000 }));
    expect(s.lastActions[0]).toMatchObject({ type: 'runRateRecorded', monthlyCents: 600_000 });
    s.advance();
    expect(s.state).toBe('closeout');
  });
});

describe('closeout', () => {
  it('ADVANCE refused while a fund request is open; expired counts as settled', () => {
    const s = new Drive().toAssess();
    s.file('assess_partner_funding', 1_000_000, ['app'], 10);
    s.assessWork().advance().mobilizeChecklist().plan('pilot', 'pilot').runWave('pilot').advance();
    s.plan('w1', 'production').runWave('w1').migrateChecklist();
    s.ok(s.p('RECORD_RUN_RATE', { monthlyCents: 1_000_000 }));
    s.advance();
    const r = s.no(s.p('ADVANCE'));
    expect(keys(r)).toEqual(['fund_requests_settled']);
    expect(r.missing?.[0].description).toContain('assess_partner_funding (created)');
    // Due date = project end (10 days after filing) + 30 days; the request expires with no submitted claim.
    s.wait(45).advance();
    expect(s.state).toBe('closed');
  });

  it('withdraws from any open phase with a reason', () => {
    const s = new Drive().toCloseout();
    expect(s.no(s.p('WITHDRAW', { reason: '' })).code).toBe('RULE');
    s.ok(s.p('WITHDRAW', { reason: 'stop' }));
    expect(s.state).toBe('withdrawn');
    expect(s.snapshot.status).toBe('done');
  });
});

describe('funding rules', () => {
  const filing = (s: Drive, over: Partial<Extract<OpportunityEvent, { type: 'FILE_FUND_REQUEST' }>> = {}) =>
    s.p('FILE_FUND_REQUEST', {
      tranche: 'assess_partner_funding',
      fundingType: 'cash',
      amountCents: 100_000,
      projectEndDate: s.date(30),
      workloads: ['monolith'],
      customerFundedWorkloads: { map: [], activate: [] },
      ...over,
    });

  it('filing: tranche, timing, type, amount, date, workloads, one per tranche, downgrade flag', () => {
    const s = new Drive().toAssess();
    expect(s.no(filing(s, { tranche: 'bogus' as 'migrate_credits' })).detail).toContain('Unknown tranche');
    expect(s.no(filing(s, { tranche: 'mobilize_partner_funding' })).detail).toContain(
      'once the MAP opportunity record is attested',
    );
    expect(s.no(filing(s, { fundingType: 'credits' })).detail).toContain('funded as cash');
    expect(s.no(filing(s, { amountCents: 0 })).code).toBe('RULE');
    expect(s.no(filing(s, { amountCents: 1.5 })).code).toBe('RULE');
    expect(s.no(filing(s, { projectEndDate: '2020-01-01' })).detail).toContain('not before today');
    expect(s.no(filing(s, { projectEndDate: 'June' })).code).toBe('RULE');
    expect(s.no(filing(s, { workloads: [] })).detail).toContain('Name the workloads');
    expect(s.no(filing(s, { customerFundedWorkloads: { map: ['monolith'], activate: [] } })).detail).toContain(
      'another MAP opportunity',
    );
    expect(s.no(filing(s, { customerFundedWorkloads: { map: [], activate: ['monolith'] } })).detail).toContain(
      'Activate',
    );
    s.ok(filing(s, { amountCents: 1_300_000 }));
    // Envelope 10% of 12,000,000 = 1,200,000; 1,300,000 requested is 100,000 over.
    expect(s.ctx.fundRequests[0]).toMatchObject({
      envelopeCents: 1_200_000,
      likelyDowngrade: true,
      overByCents: 100_000,
      claimDueDate: s.date(60),
      stage: 'created',
    });
    expect(s.no(filing(s)).detail).toContain('one per tranche');
    s.attest();
    s.ok(filing(s, { tranche: 'mobilize_credits', fundingType: 'credits' }));
  });

  it('stages: forward only, terminated from any open stage, completed only from cash_claim with claims settled', () => {
    const s = new Drive().toAssess();
    const stage = (
      st: 'created' | 'business_approval' | 'finance_approval' | 'cash_claim' | 'completed' | 'terminated',
      tranche: 'assess_partner_funding' | 'mobilize_credits' = 'assess_partner_funding',
    ) => s.p('RECORD_FUND_REQUEST_STAGE', { tranche, stage: st });
    expect(s.no(stage('business_approval')).detail).toContain('no fund request');
    s.file('assess_partner_funding', 1_000_000);
    expect(s.no(stage('created')).detail).toContain('forward only');
    expect(s.no(stage('completed')).detail).toContain('from cash_claim');
    expect(s.no(stage('unknown' as 'created')).detail).toContain('Unknown stage');
    s.ok(stage('finance_approval'));
    expect(s.no(stage('business_approval')).code).toBe('RULE');
    s.ok(stage('cash_claim'));
    expect(s.lastActions[0]).toMatchObject({ type: 'fundRequestStageRecorded', stage: 'cash_claim' });
    s.assessWork();
    s.ok(
      s.p('PREPARE_CLAIM', {
        tranche: 'assess_partner_funding',
        claimId: 'c1',
        amountCents: 500_000,
        evidence: [evidence('c1')],
      }),
    );
    expect(s.no(stage('completed')).detail).toContain('unsettled');
    s.ok(stage('terminated'));
    expect(s.no(stage('completed')).detail).toContain('already terminated');
    expect(
      s.no(
        s.p('PREPARE_CLAIM', {
          tranche: 'assess_partner_funding',
          claimId: 'c2',
          amountCents: 1,
          evidence: [evidence('c2')],
        }),
      ).detail,
    ).toContain('terminated');
  });

  it('claims: checklist, ids, amounts over request, evidence, sign-off, submit window, outcomes, payment', () => {
    const s = new Drive().toAssess();
    const T = 'assess_partner_funding' as const;
    const prep = (claimId: string, amountCents: number, ev = [evidence(claimId)]) =>
      s.p('PREPARE_CLAIM', { tranche: T, claimId, amountCents, evidence: ev });
    expect(s.no(prep('c1', 100)).detail).toContain('no fund request');
    s.file(T, 1_000_000, ['monolith'], 5);
    expect(s.no(prep('c1', 100)).detail).toContain('The Assess checklist is complete.');
    s.assessWork();
    expect(s.no(prep('', 100)).detail).toContain('already used');
    expect(s.no(prep('c1', 0)).code).toBe('RULE');
    expect(s.no(prep('c1', 100, [])).detail).toContain('needs evidence');
    expect(s.no(prep('c1', 100, [{ uri: 's3://x', sha256: 'nothex' }])).code).toBe('RULE');
    expect(s.no(prep('c1', 1_000_001)).detail).toContain('1000000 remain');
    s.ok(prep('c1', 600_000));
    expect(s.lastActions).toEqual([
      { type: 'notifyCustomerClaimSignOffNeeded', opportunityId: 'opp-1', tranche: T, claimId: 'c1' },
    ]);
    expect(s.no(prep('c1', 1)).detail).toContain('already used');
    expect(s.no(prep('c2', 400_001)).detail).toContain('400000 remain');
    const submit = s.p('SUBMIT_CLAIM', { tranche: T, claimId: 'c1' });
    expect(s.no(submit).detail).toContain('sign it off');
    expect(s.no(s.p('SUBMIT_CLAIM', { tranche: T, claimId: 'zz' })).detail).toContain('no claim zz');
    expect(s.no(s.p('SIGN_OFF_CLAIM', { tranche: T, claimId: 'c1' })).code).toBe('FORBIDDEN');
    s.ok(s.c('SIGN_OFF_CLAIM', { tranche: T, claimId: 'c1' }));
    expect(s.no(s.c('SIGN_OFF_CLAIM', { tranche: T, claimId: 'c1' })).detail).toContain('only a prepared claim');
    expect(s.no(s.p('SUBMIT_CLAIM', { tranche: T, claimId: 'c1' })).detail).toContain('in cash_claim');
    s.toCashClaim(T);
    const outcome = (o: 'approved' | 'downgraded' | 'rejected', approvedCents: number) =>
      s.p('RECORD_CLAIM_OUTCOME', { tranche: T, claimId: 'c1', outcome: o, approvedCents });
    expect(s.no(outcome('approved', 600_000)).detail).toContain('outcomes follow submission');
    expect(s.no(s.p('RECORD_PAYMENT', { tranche: T, claimId: 'c1' })).detail).toContain(
      'only an approved or downgraded',
    );
    s.ok(s.p('SUBMIT_CLAIM', { tranche: T, claimId: 'c1' }));
    expect(s.lastActions[0]).toMatchObject({ type: 'claimSubmitted', claimId: 'c1' });
    expect(s.no(outcome('approved', 500_000)).detail).toContain('approved in full');
    expect(s.no(outcome('downgraded', 600_000)).detail).toContain('less than');
    expect(s.no(outcome('rejected', 1)).detail).toContain('0 cents');
    expect(s.no(outcome('approved', -5)).detail).toContain('non-negative');
    s.ok(outcome('downgraded', 450_000));
    expect(s.lastActions[0]).toMatchObject({
      type: 'claimOutcomeRecorded',
      outcome: 'downgraded',
      approvedCents: 450_000,
    });
    s.ok(s.p('RECORD_PAYMENT', { tranche: T, claimId: 'c1' }));
    expect(s.lastActions[0]).toMatchObject({ type: 'paymentRecorded' });
    // The downgrade frees 150,000: 1,000,000 - 450,000 = 550,000 remain.
    expect(s.no(prep('c2', 550_001)).detail).toContain('550000 remain');
    s.ok(prep('c2', 550_000));
    s.ok(s.c('SIGN_OFF_CLAIM', { tranche: T, claimId: 'c2' }));
    // Project end 5 days after filing, due 30 days later: through the end of the due date only.
    s.wait(40);
    expect(s.no(s.p('SUBMIT_CLAIM', { tranche: T, claimId: 'c2' })).detail).toContain('has passed');
  });

  it('claim checklists of the Mobilize and Migrate tranches', () => {
    const s = new Drive().toMobilize();
    s.file('mobilize_partner_funding', 3_000_000).file('migrate_credits', 2_000_000);
    const prep = (tranche: 'mobilize_partner_funding' | 'migrate_credits') =>
      s.p('PREPARE_CLAIM', { tranche, claimId: 'c', amountCents: 1, evidence: [evidence('c')] });
    expect(s.no(prep('mobilize_partner_funding')).detail).toContain(
      'The pilot wave is validated. The Mobilize checklist is complete.',
    );
    expect(s.no(prep('migrate_credits')).detail).toContain('At least one production wave is validated.');
    s.mobilizeChecklist().plan('pilot', 'pilot').runWave('pilot');
    s.ok(prep('mobilize_partner_funding'));
  });

  it('RECORD_ACTIVATE_WORKLOAD rules', () => {
    const s = new Drive();
    const act = (workload: string, amountCents = 100, activate: string[] = []) =>
      s.p('RECORD_ACTIVATE_WORKLOAD', { workload, amountCents, customerFundedWorkloads: { map: [], activate } });
    expect(s.no(act('')).code).toBe('RULE');
    expect(s.no(act('genai', 0)).code).toBe('RULE');
    expect(s.no(act('genai', 100, ['genai'])).detail).toContain('already funded by Activate');
    s.ok(act('genai'));
    expect(s.lastActions[0]).toMatchObject({ type: 'activateWorkloadRecorded', workload: 'genai' });
    expect(s.no(act('genai')).code).toBe('RULE');
  });

  it('records work started only after cash_claim', () => {
    const s = new Drive().toMobilize();
    s.file('mobilize_partner_funding', 3_000_000).toCashClaim('mobilize_partner_funding');
    s.plan('pilot', 'pilot').runWave('pilot');
    expect(s.ctx.waves[0].startedWithCashClaim).toBe(true);
  });
});

describe('restore, replay and nextGate', () => {
  it('restore gives a live snapshot that can() the same events', () => {
    const s = new Drive().toAssess();
    const live = restore(s.snapshot);
    expect(live.value).toBe('assess');
    expect(live.can(s.p('ADVANCE'))).toBe(false);
    expect(live.can(s.p('COMPLETE_CHECKLIST_ITEM', { item: 'tco_model', evidence: evidence('t') }))).toBe(true);
  });

  it('a final snapshot restores as done', () => {
    const s = new Drive();
    s.ok(s.p('WITHDRAW', { reason: 'no' }));
    expect(restore(s.snapshot).status).toBe('done');
    expect(nextGate(s.snapshot)).toEqual({ next: null, ready: false, missing: [] });
    expect(decide(s.snapshot, s.p('ADVANCE'))).toEqual({
      accepted: false,
      refusal: { code: 'STATE', state: 'withdrawn', detail: 'ADVANCE is not accepted in state withdrawn.' },
    });
  });

  it('replay throws a typed error on a refused event', () => {
    const s = new Drive();
    const bad = s.p('ADVANCE');
    expect(() => replay(s.input, [bad])).toThrow(ReplayRefusedError);
    try {
      replay(s.input, [bad]);
    } catch (e) {
      expect(e instanceof ReplayRefusedError && [e.index, e.refusal.code]).toEqual([0, 'GATE']);
    }
  });
});

describe('one step per event', () => {
  afterEach(() => jest.restoreAllMocks());

  it('checks and applies an accepted event once, though the guard, the assign and the actions all read it', () => {
    const s = new Drive();
    const check = jest.spyOn(EVENT_DEFINITIONS.UPDATE_PROFILE, 'check');
    const apply = jest.spyOn(EVENT_DEFINITIONS.UPDATE_PROFILE, 'apply');
    s.ok(s.p('UPDATE_PROFILE', { profile: { region: 'us-east-1' } }));
    expect(check).toHaveBeenCalledTimes(1);
    expect(apply).toHaveBeenCalledTimes(1);
    expect(s.ctx.profile.region).toBe('us-east-1');
  });

  it('computes where ADVANCE leads once, and checks a refused event once without applying it', () => {
    const s = new Drive();
    const advance = EVENT_DEFINITIONS.ADVANCE;
    const check = jest.spyOn(advance, 'check');
    const apply = jest.spyOn(advance, 'apply');
    expect(s.no(s.p('ADVANCE')).code).toBe('GATE');
    expect(check).toHaveBeenCalledTimes(1);
    expect(apply).not.toHaveBeenCalled();
    s.ok(s.p('UPDATE_PROFILE', { profile: herokuProfile() }));
    s.ok(s.p('ADVANCE'));
    expect(s.snapshot.value).toBe('assess');
    expect(check).toHaveBeenCalledTimes(2);
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('remembers nothing between calls: the same objects, changed in place, are checked afresh', () => {
    const s = new Drive();
    const before = s.snapshot;
    const event = s.p('UPDATE_PROFILE', { profile: { servers: 3 } });
    expect(decide(before, event).accepted).toBe(true);
    event.actor = actors.customer();
    const again = decide(before, event);
    expect(again.accepted).toBe(false);
    expect(!again.accepted && again.refusal.code).toBe('FORBIDDEN');
  });

  it('builds each state from the definitions: a moving event has one transition per target it names', () => {
    for (const phase of ['intake', 'assess', 'mobilize', 'migrate', 'closeout'] as const) {
      const node = opportunityMachine.states[phase];
      const targets = (type: string) =>
        (node.transitions.get(type) ?? []).map((t) => t.target?.map((n) => n.key) ?? [phase]).flat();
      const moves = EVENT_DEFINITIONS.ADVANCE.moves;
      expect(targets('ADVANCE')).toEqual(moves === undefined ? [] : [...moves.targets(phase)]);
      expect(targets('WITHDRAW')).toEqual(['withdrawn']);
      for (const type of EVENTS_BY_PHASE[phase]) {
        if (type !== 'ADVANCE' && type !== 'WITHDRAW') expect(targets(type)).toEqual([phase]);
      }
    }
  });
});
