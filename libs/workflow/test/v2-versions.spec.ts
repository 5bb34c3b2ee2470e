/**
 * One opportunity whichever version it runs (versions.ts), version 2's engine
 * across versions (v2/engine.ts: creation, snapshots, replay with
 * MACHINE_MIGRATED), and the request helpers of version 2 (v2/requests.ts).
 * What the server would see: each version answers with its own rules, an
 * event of the other version is refused in words, never thrown.
 */
import { InvalidCreateInputError, InvalidSnapshotError, SnapshotVersionError } from '../src';
import type { Claim2, FundRequest2 } from '../src/v2/context';
import { ENGINE_V2, createOpportunity2, isVersion2, startReplayAny } from '../src/v2/engine';
import type { OpportunityEvent2 } from '../src/v2/events';
import { fundRequestName2027 } from '../src/v2/funding';
import { migrationProblems } from '../src/v2/migrate';
import {
  approvedCents2,
  fundRequestStatus2,
  hasSubmittedClaim2,
  isFinalStage,
  isOpenRequest,
  nextRequestId,
  openRequestOf,
  paidCents2,
  requestHoldingClaim,
  requestsHoldingMoney,
  requestsOf,
  unsettledClaims,
  withRequest2,
} from '../src/v2/requests';
import {
  authorizeAny,
  createLatest,
  createOn,
  decideAny,
  eventTypesOf,
  findingsAny,
  isAnyEventType,
  LATEST_MACHINE_VERSION,
  MACHINE_VERSIONS,
  migrationOf,
  parseAnyPersisted,
  versionOf,
  viewAny,
  type VersionedEvent,
} from '../src/versions';
import { actors, createInput, Drive, evidence, herokuProfile } from './factories';
import { ACE_ID, CLAIM_EVIDENCE, Drive2 } from './factories2';

const EXPERIENCED = { closedMapOpportunities: 5 };

/** RECORD_TAGGED_SPEND, an event of version 2 only. */
const taggedSpend = (at: string): OpportunityEvent2 => ({
  type: 'RECORD_TAGGED_SPEND',
  at,
  actor: actors.partner(),
  quarter: '2026-Q1',
  taggedSpendCents: 100,
  untaggedSpendCents: 0,
  evidence: evidence('cur'),
});

/** A type neither version knows, as a caller that skipped the HTTP layer's check could send. */
const unknownEvent = (at: string): VersionedEvent =>
  ({ type: 'FILE_TAX_RETURN', at, actor: actors.partner() }) as never;

describe('the versions mapflow runs', () => {
  it('creates on version 2; version 1 stays available by name', () => {
    expect([LATEST_MACHINE_VERSION, MACHINE_VERSIONS]).toEqual(['2', ['1', '2']]);
    const latest = createLatest(createInput());
    expect([latest.snapshot.context.machineVersion, latest.snapshot.context.policyId]).toEqual(['2', '2027.1']);
    expect(versionOf(createOn('2', createInput()).snapshot)).toBe('2');
    const v1 = createOn('1', createInput()).snapshot;
    expect([versionOf(v1), v1.context.policyId]).toEqual(['1', '2026.1']);
    expect(createOn('1', createInput()).actions.map((a) => a.type)).toEqual(['opportunityCreated']);
  });

  it("knows each version's event types: version 2 keeps version 1's names and adds its own", () => {
    const v1 = eventTypesOf('1');
    const v2 = eventTypesOf('2');
    expect(v1.filter((t) => !v2.includes(t))).toEqual([]);
    expect(v2.filter((t) => !v1.includes(t))).toEqual([
      'RECORD_FUND_REQUEST_REJECTION',
      'RESUBMIT_FUND_REQUEST',
      'RECORD_TAGGED_SPEND',
      'RECORD_CREDITS_ISSUED',
      'RECORD_TAGS_APPLIED',
      'RECORD_ACE_OPPORTUNITY',
      'SUBMIT_TO_ACE',
      'RECORD_PLAN_TERMINATION',
    ]);
    expect(['FILE_FUND_REQUEST', 'RECORD_TAGGED_SPEND', 'FILE_TAX_RETURN'].map(isAnyEventType)).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe('parseAnyPersisted', () => {
  it('reads a stored snapshot of either version, as that version', () => {
    const v1 = new Drive().toAssess();
    const v2 = new Drive2().toAssess();
    const p1 = parseAnyPersisted(JSON.parse(JSON.stringify(v1.snapshot)));
    const p2 = parseAnyPersisted(JSON.parse(JSON.stringify(v2.snapshot)));
    expect([versionOf(p1), isVersion2(p1), p1]).toEqual(['1', false, v1.snapshot]);
    expect([versionOf(p2), isVersion2(p2), p2]).toEqual(['2', true, v2.snapshot]);
  });

  it('throws on garbage, naming what is wrong, and on a version it does not run', () => {
    for (const garbage of [null, 'intake', 42, [], {}, { context: null, value: 'intake' }, { context: 'x' }]) {
      expect(() => parseAnyPersisted(garbage)).toThrow(InvalidSnapshotError);
    }
    const v2 = JSON.parse(JSON.stringify(new Drive2().snapshot));
    expect(() => parseAnyPersisted({ ...v2, value: 'limbo' })).toThrow('Not a persisted opportunity snapshot: shape');
    expect(() => parseAnyPersisted({ ...v2, status: 'paused' })).toThrow(
      'Not a persisted opportunity snapshot: status paused',
    );
    // A version-2 context without its ledgers is not a version-2 context.
    const { credits: _credits, ...noCredits } = v2.context;
    expect(() => parseAnyPersisted({ ...v2, context: noCredits })).toThrow(
      'Not a persisted opportunity snapshot: context',
    );
    expect(() => parseAnyPersisted({ ...v2, context: { ...v2.context, ace: 'O1' } })).toThrow(
      'Not a persisted opportunity snapshot: context',
    );
    expect(() => parseAnyPersisted({ ...v2, context: { ...v2.context, machineVersion: '3' } })).toThrow(
      new SnapshotVersionError('3', '1'),
    );
    expect(() => ENGINE_V2.parsePersisted(JSON.parse(JSON.stringify(new Drive().snapshot)))).toThrow(
      'Snapshot of machine version 1 cannot be restored by version 2.',
    );
  });
});

describe('authorizeAny and decideAny', () => {
  it('answer with the rules of the version the opportunity runs', () => {
    const v1 = new Drive().toAssess();
    const v2 = new Drive2().toAssess();
    const at = v2.wait(1).now();
    const profile = { type: 'UPDATE_PROFILE', at, actor: actors.partner(), profile: { servers: 40 } } as const;
    expect(authorizeAny(v1.snapshot, profile)).toEqual({ ok: true });
    expect(authorizeAny(v2.snapshot, profile)).toEqual({ ok: true });
    const d1 = decideAny(v1.snapshot, profile);
    const d2 = decideAny(v2.snapshot, profile);
    expect([d1.accepted, d2.accepted]).toEqual([true, true]);
    if (d1.accepted && d2.accepted) {
      expect([d1.snapshot.context.machineVersion, d1.snapshot.context.profile.servers]).toEqual(['1', 40]);
      expect([d2.snapshot.context.machineVersion, d2.snapshot.context.profile.servers]).toEqual(['2', 40]);
    }
    // The permission table is the version's: the system actor records ACE's opportunity on version 2 only.
    const system = { userId: 'system:ace-sync', orgId: '', role: 'system', service: 'ace-sync' } as const;
    const ace: OpportunityEvent2 = {
      type: 'RECORD_ACE_OPPORTUNITY',
      at,
      actor: system,
      aceOpportunityId: ACE_ID,
      stage: 'Prospect',
      reviewStatus: 'Submitted',
      lastModifiedDate: at,
    };
    expect(authorizeAny(v2.snapshot, ace)).toEqual({ ok: true });
    expect(authorizeAny(v2.snapshot, { ...profile, actor: actors.customer() })).toEqual({
      ok: false,
      code: 'FORBIDDEN',
      detail: 'A customer may not send UPDATE_PROFILE.',
    });
  });

  it("refuse, in words, an event of the other version's vocabulary or of none", () => {
    const v1 = new Drive().toAssess();
    const v2 = new Drive2().toAssess();
    const at = v1.wait(1).now();
    expect(authorizeAny(v1.snapshot, taggedSpend(at))).toEqual({
      ok: false,
      code: 'RULE',
      detail: 'RECORD_TAGGED_SPEND is not an event of machine version 1, which this opportunity runs.',
    });
    expect(decideAny(v1.snapshot, taggedSpend(at))).toEqual({
      accepted: false,
      refusal: {
        code: 'STATE',
        state: 'assess',
        detail: 'RECORD_TAGGED_SPEND is not accepted by machine version 1, which this opportunity runs.',
      },
    });
    expect(authorizeAny(v2.snapshot, unknownEvent(at))).toEqual({
      ok: false,
      code: 'RULE',
      detail: 'FILE_TAX_RETURN is not an event of machine version 2, which this opportunity runs.',
    });
    expect(decideAny(v2.snapshot, unknownEvent(at))).toEqual({
      accepted: false,
      refusal: {
        code: 'STATE',
        state: 'assess',
        detail: 'FILE_TAX_RETURN is not accepted by machine version 2, which this opportunity runs.',
      },
    });
    // On version 2, the same event is its own: refused by its phase rule, not by the version.
    const onV2 = decideAny(v2.snapshot, taggedSpend(at));
    expect(onV2.accepted ? null : onV2.refusal.detail).toBe('RECORD_TAGGED_SPEND is not accepted in state assess.');
  });
});

describe('migrationOf', () => {
  it('says whether a version-1 opportunity may move now, and why not', () => {
    expect(migrationOf(new Drive().snapshot)).toEqual({ mayMigrate: true, reasons: [] });
    expect(migrationOf(new Drive().toAssess().snapshot)).toEqual({ mayMigrate: true, reasons: [] });
    expect(migrationOf(new Drive().toMobilize().snapshot)).toEqual({
      mayMigrate: false,
      reasons: [
        'Only an opportunity in intake or assess moves to version 2; this one is mobilize and finishes on version 1.',
      ],
    });
    expect(migrationOf(new Drive2().snapshot)).toEqual({
      mayMigrate: false,
      reasons: ['It runs machine version 2, the latest.'],
    });
    // The migration function itself also refuses a context that is not version 1's, whatever its phase.
    expect(migrationProblems({ ...new Drive().ctx, machineVersion: '2' }, 'intake')).toEqual([
      'It runs machine version 2, not 1.',
    ]);
  });
});

describe('viewAny', () => {
  it('reads a version-1 opportunity on version 1, with whether it may migrate', () => {
    const d = new Drive().toAssess();
    const view = viewAny(d.snapshot, d.now());
    expect(view).toMatchObject({ machineVersion: '1', policyId: '2026.1', phase: 'assess' });
    expect(view.migration).toEqual({ mayMigrate: true, reasons: [] });
    // Version 1's funding read lists every tranche, credits included.
    expect(Object.keys(view.funding)).toContain('mobilize_credits');
  });

  it("reads a version-2 opportunity in version 2's shape: requests, cash per tranche, credits, ACE", () => {
    const d = new Drive2().toMobilize(); // 2026-01-05
    d.file('mobilize_partner_funding', 2_000_000).toCashClaim('mobilize_partner_funding', 1_500_000);
    d.ok(
      d.p('RECORD_TAGGED_SPEND', {
        quarter: '2026-Q1',
        taggedSpendCents: 3_000_000,
        untaggedSpendCents: 500_000,
        evidence: evidence('cur-q1'),
      }),
    );
    d.ok(d.c('RECORD_CREDITS_ISSUED', { quarter: '2026-Q1', amountCents: 250_000, awsAccountId: '123456789012' }));
    const view = viewAny(d.snapshot, d.now());
    expect(view.machineVersion).toBe('2');
    if (!('credits' in view)) throw new Error('read as version 1');
    expect(view.migration).toEqual({ mayMigrate: false, reasons: ['It runs machine version 2, the latest.'] });
    expect(view.fundRequests).toEqual([
      expect.objectContaining({
        requestId: 'mobilize_partner_funding-1',
        name: fundRequestName2027('mobilize_partner_funding', 'Acme SaaS'),
        stage: 'cash_claim',
        status: 'cash_claim',
        requestedCents: 2_000_000,
        preApprovedCents: 1_500_000,
        awsFundRequestId: 'FR-mobilize_partner_funding',
        purchaseOrder: 'PO-mobilize_partner_funding',
        claims: [],
      }),
    ]);
    // Cash envelopes of the Heroku profile (ARR 13,200,000): Assess 1,200,000; Mobilize 20% of ARR = 2,640,000;
    // Migrate 15% of ARR = 1,980,000. Only Mobilize has a request: 2,000,000 asked, 1,500,000 pre-approved.
    expect(view.funding).toEqual({
      assess_partner_funding: {
        envelopeCents: 1_200_000,
        requestedCents: 0,
        preApprovedCents: 0,
        approvedCents: 0,
        paidCents: 0,
      },
      mobilize_partner_funding: {
        envelopeCents: 2_640_000,
        requestedCents: 2_000_000,
        preApprovedCents: 1_500_000,
        approvedCents: 0,
        paidCents: 0,
      },
      migrate_partner_funding: {
        envelopeCents: 1_980_000,
        requestedCents: 0,
        preApprovedCents: 0,
        approvedCents: 0,
        paidCents: 0,
      },
    });
    // 20% x 3,000,000 tagged = 600,000 estimated; 20% x 500,000 untagged = 100,000 lost; 250,000 issued.
    expect(view.credits).toMatchObject({ estimateCents: 600_000, issuedCents: 250_000, lostToUntaggedCents: 100_000 });
    expect(view.credits.quarters).toEqual([
      expect.objectContaining({
        quarter: '2026-Q1',
        estimateCents: 600_000,
        issuedCents: 250_000,
        dueDate: '2026-04-30',
      }),
    ]);
    expect(view.ace).toEqual({
      aceOpportunityId: ACE_ID,
      stage: 'Qualified',
      reviewStatus: 'Approved',
      lastModifiedDate: d.ctx.ace?.lastModifiedDate,
    });
    expect([view.planTermination, view.actualRunRate]).toEqual([null, null]);
  });
});

describe('findingsAny', () => {
  it("gives each version's findings: the same words, version 2's cash envelopes at stake", () => {
    const d1 = new Drive();
    d1.ok(d1.p('UPDATE_PROFILE', { profile: herokuProfile() }));
    const d2 = new Drive2();
    d2.ok(d2.p('UPDATE_PROFILE', { profile: herokuProfile() }));
    const now = d1.wait(20).now();
    const f1 = findingsAny(d1.snapshot, now, EXPERIENCED).find((f) => f.code === 'ASSESS_NEVER_STARTED');
    const f2 = findingsAny(d2.snapshot, now, EXPERIENCED).find((f) => f.code === 'ASSESS_NEVER_STARTED');
    expect(f2?.detail).toBe(f1?.detail);
    // Version 1, every tranche: 1,200,000 + 3,000,000 + 660,000 + 1,980,000 + 2,640,000 = 9,480,000.
    // Version 2, the cash tranches only: 1,200,000 + 2,640,000 + 1,980,000 = 5,820,000.
    expect([f1?.dollarsAtStakeCents, f2?.dollarsAtStakeCents]).toEqual([9_480_000, 5_820_000]);
  });
});

describe('createOpportunity2', () => {
  it("checks the creation input with version 1's rules", () => {
    expect(() => createOpportunity2(createInput({ title: ' ' }))).toThrow(InvalidCreateInputError);
    expect(() => createOpportunity2(createInput({ actor: actors.customer() }))).toThrow(
      'an opportunity is created by a user of its partner org',
    );
  });
});

describe('startReplayAny', () => {
  it('creates on version 2 when the input says so, and replays version-2 events on it', () => {
    const d = new Drive2().toMobilize();
    const steps = startReplayAny({ ...createInput(), machineVersion: '2' });
    expect(steps.value).toBe('intake');
    for (const e of d.events) expect(steps.next(e)).toBeNull();
    expect(steps.value).toBe('mobilize');
    expect(steps.snapshot()).toEqual(d.snapshot);
    // Already on version 2: a second move is refused, and the replay stays where it was.
    const at = d.wait(1).now();
    expect(steps.next({ type: 'MACHINE_MIGRATED', from: '1', to: '2', at, actor: actors.partner() })).toEqual({
      code: 'RULE',
      state: 'mobilize',
      detail: 'The opportunity already runs version 2.',
    });
    expect(steps.next(unknownEvent(at) as OpportunityEvent2)).toEqual({
      code: 'RULE',
      state: 'mobilize',
      detail: 'FILE_TAX_RETURN is not an event of version 2.',
    });
    expect(steps.snapshot()).toEqual(d.snapshot);
  });

  it('refuses a move that would lose something, and the version-1 log goes on on version 1', () => {
    const d = new Drive().toMobilize();
    const steps = startReplayAny(createInput());
    for (const e of d.events) expect(steps.next(e)).toBeNull();
    const at = d.wait(1).now();
    expect(steps.next({ type: 'MACHINE_MIGRATED', from: '1', to: '2', at, actor: actors.partner() })).toEqual({
      code: 'RULE',
      state: 'mobilize',
      detail:
        'Only an opportunity in intake or assess moves to version 2; this one is mobilize and finishes on version 1.',
    });
    expect(steps.next(taggedSpend(at))).toEqual({
      code: 'RULE',
      state: 'mobilize',
      detail: 'RECORD_TAGGED_SPEND is not an event of version 1.',
    });
    const snapshot = steps.snapshot();
    expect([snapshot.context.machineVersion, snapshot]).toEqual(['1', d.snapshot]);
  });

  it('replays version 1, the move, then version 2: the snapshot is the migrated one, moved on', () => {
    const v1 = new Drive().toAssess();
    const steps = startReplayAny(createInput());
    for (const e of v1.events) expect(steps.next(e)).toBeNull();
    const at = v1.wait(1).now();
    expect(steps.next({ type: 'MACHINE_MIGRATED', from: '1', to: '2', at, actor: actors.partner() })).toBeNull();
    const moved = steps.snapshot();
    expect([moved.value, moved.context.machineVersion, moved.context.seq]).toEqual(['assess', '2', v1.ctx.seq + 1]);
    expect(steps.next(taggedSpend(at))).toEqual({
      code: 'STATE',
      state: 'assess',
      detail: 'RECORD_TAGGED_SPEND is not accepted in state assess.',
    });
  });
});

describe('version 2 request helpers (v2/requests.ts)', () => {
  const claim = (claimId: string, over: Partial<Claim2> = {}): Claim2 => ({
    claimId,
    amountCents: 100_000,
    evidence: CLAIM_EVIDENCE.assess_partner_funding,
    status: 'prepared',
    preparedAt: '2026-02-01T09:00:00.000Z',
    signedOffAt: null,
    signedOffBy: null,
    submittedAt: null,
    outcome: null,
    approvedCents: null,
    outcomeAt: null,
    paidAt: null,
    invoiceReference: null,
    ...over,
  });
  const request = (n: number, over: Partial<FundRequest2> = {}): FundRequest2 => ({
    requestId: `assess_partner_funding-${n}`,
    tranche: 'assess_partner_funding',
    name: 'MAP Assess Project - Acme SaaS',
    stage: 'cash_claim',
    stageHistory: [],
    projectStartDate: '2026-01-19',
    projectEndDate: '2026-03-20',
    claimDueDate: '2026-04-19',
    requestedCents: 1_000_000,
    preApprovedCents: 1_000_000,
    awsFundRequestId: 'FR-1',
    purchaseOrder: 'PO-1',
    workloads: ['w'],
    rejections: [],
    filedAt: '2026-01-05T09:00:00.000Z',
    filedBy: 'u-partner',
    policyId: '2027.1',
    envelopeCents: 1_200_000,
    likelyDowngrade: false,
    overByCents: 0,
    claims: [],
    ...over,
  });
  const BEFORE_DUE = '2026-04-19T23:59:59.000Z';
  const AFTER_DUE = '2026-04-20T00:00:00.000Z';

  it('tells a request open, final or expired at a time', () => {
    expect(
      ['created', 'cash_claim', 'completed', 'terminated', 'rejected'].map((s) => isFinalStage(s as 'created')),
    ).toEqual([false, false, true, true, true]);
    const quiet = request(1);
    expect([fundRequestStatus2(quiet, BEFORE_DUE), fundRequestStatus2(quiet, AFTER_DUE)]).toEqual([
      'cash_claim',
      'expired',
    ]);
    expect([isOpenRequest(quiet, BEFORE_DUE), isOpenRequest(quiet, AFTER_DUE)]).toEqual([true, false]);
    // A submitted claim keeps the request alive past its due date; a final stage is shown as it is.
    const submitted = request(1, {
      claims: [claim('a1', { status: 'submitted', submittedAt: '2026-04-01T09:00:00.000Z' })],
    });
    expect([hasSubmittedClaim2(submitted), fundRequestStatus2(submitted, AFTER_DUE)]).toEqual([true, 'cash_claim']);
    expect(fundRequestStatus2(request(1, { stage: 'rejected' }), AFTER_DUE)).toBe('rejected');
    expect(requestsHoldingMoney({ fundRequests: [quiet, request(2, { stage: 'completed' })] }, BEFORE_DUE)).toEqual([
      quiet,
    ]);
  });

  it('finds the requests of a tranche, its open one, the one holding a claim, and the next id', () => {
    const first = request(1, { stage: 'completed', claims: [claim('a1', { status: 'paid', approvedCents: 100_000 })] });
    const second = request(2, { claims: [claim('a2')] });
    const ctx = { fundRequests: [first, second] };
    expect(requestsOf(ctx, 'assess_partner_funding')).toEqual([first, second]);
    expect(requestsOf(ctx, 'mobilize_partner_funding')).toEqual([]);
    expect(openRequestOf(ctx, 'assess_partner_funding', BEFORE_DUE)).toBe(second);
    expect(openRequestOf({ fundRequests: [first] }, 'assess_partner_funding', BEFORE_DUE)).toBeNull();
    expect(requestHoldingClaim(ctx, 'assess_partner_funding', 'a1')).toBe(first);
    expect(requestHoldingClaim(ctx, 'assess_partner_funding', 'a9')).toBeNull();
    expect([nextRequestId(ctx, 'assess_partner_funding'), nextRequestId(ctx, 'migrate_partner_funding')]).toEqual([
      'assess_partner_funding-3',
      'migrate_partner_funding-1',
    ]);
    const changed = withRequest2(ctx, 'assess_partner_funding-2', (r) => ({ ...r, stage: 'terminated' }));
    expect(changed.map((r) => r.stage)).toEqual(['completed', 'terminated']);
    expect(changed[0]).toBe(first);
  });

  it("sums what AWS approved and paid over a request's claims, and lists those not settled", () => {
    // a1 paid 300,000; a2 approved 250,000, unpaid; a3 downgraded to 80,000 and paid; a4 rejected; a5 awaiting AWS.
    const fr = request(1, {
      claims: [
        claim('a1', { status: 'paid', outcome: 'approved', approvedCents: 300_000 }),
        claim('a2', { status: 'approved', outcome: 'approved', approvedCents: 250_000 }),
        claim('a3', { status: 'paid', outcome: 'downgraded', approvedCents: 80_000 }),
        claim('a4', { status: 'rejected', outcome: 'rejected', approvedCents: 0 }),
        claim('a5', { status: 'submitted' }),
      ],
    });
    expect(approvedCents2(fr)).toBe(630_000); // 300,000 + 250,000 + 80,000 + 0
    expect(paidCents2(fr)).toBe(380_000); // 300,000 + 80,000
    expect(unsettledClaims(fr).map((c) => c.claimId)).toEqual(['a2', 'a5']);
  });
});
