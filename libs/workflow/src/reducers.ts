/**
 * How an accepted event changes the context. Pure and immutable: each
 * function returns a new context and never mutates its argument (the
 * persisted snapshot must stay what it was). Run only after the rules held.
 */
import type { Claim, FundRequest, OpportunityContext, Wave } from './context';
import type { EventOf, OpportunityEvent } from './events';
import { claimDueDate, downgradeFlag, envelopeFor, fundRequestName } from './funding';
import { FUNDING_POLICY, type FundingPolicy } from './policy';
import { WAVE_MOVES } from './rules';
import { FUND_REQUEST_STAGES, type EndPhase, type OpenPhase, type Phase, type Tranche } from './types';

function withWave(ctx: OpportunityContext, waveId: string, f: (w: Wave) => Wave): Wave[] {
  return ctx.waves.map((w) => (w.waveId === waveId ? f(w) : w));
}

function withRequest(ctx: OpportunityContext, tranche: Tranche, f: (r: FundRequest) => FundRequest): FundRequest[] {
  return ctx.fundRequests.map((r) => (r.tranche === tranche ? f(r) : r));
}

function withClaim(ctx: OpportunityContext, tranche: Tranche, claimId: string, f: (c: Claim) => Claim): FundRequest[] {
  return withRequest(ctx, tranche, (r) => ({ ...r, claims: r.claims.map((c) => (c.claimId === claimId ? f(c) : c)) }));
}

function planWave(ctx: OpportunityContext, e: EventOf<'PLAN_WAVE'>): Wave[] {
  const existing = ctx.waves.find((w) => w.waveId === e.waveId);
  const planned: Wave = {
    waveId: e.waveId,
    kind: e.kind,
    name: e.name,
    applications: e.applications.map((a) =>
      a.expectedTagValue === undefined
        ? { name: a.name, disposition: a.disposition }
        : { name: a.name, disposition: a.disposition, expectedTagValue: a.expectedTagValue },
    ),
    rollbackPlan: e.rollbackPlan,
    status: 'planned',
    revision: existing === undefined ? 1 : existing.revision + 1,
    plannedAt: e.at,
    // Re-planning voids any earlier decision and returns the wave to planned.
    decision: null,
    startedAt: null,
    startedWithCashClaim: null,
    cutOverAt: null,
    validatedAt: null,
    rolledBack: existing?.rolledBack ?? null,
    cancelled: null,
  };
  return existing === undefined ? [...ctx.waves, planned] : withWave(ctx, e.waveId, () => planned);
}

function cashClaimReached(ctx: OpportunityContext, tranche: Tranche): boolean {
  const fr = ctx.fundRequests.find((r) => r.tranche === tranche);
  return (
    fr !== undefined &&
    FUND_REQUEST_STAGES.indexOf(fr.stage) >= FUND_REQUEST_STAGES.indexOf('cash_claim') &&
    fr.stage !== 'terminated'
  );
}

function moveWave(ctx: OpportunityContext, e: EventOf<keyof typeof WAVE_MOVES>): Wave[] {
  const to = WAVE_MOVES[e.type].to;
  return withWave(ctx, e.waveId, (w) => {
    const next: Wave = { ...w, status: to };
    switch (e.type) {
      case 'START_WAVE':
        return {
          ...next,
          startedAt: e.at,
          startedWithCashClaim: cashClaimReached(
            ctx,
            w.kind === 'pilot' ? 'mobilize_partner_funding' : 'migrate_partner_funding',
          ),
        };
      case 'CUT_OVER_WAVE':
        return { ...next, cutOverAt: e.at };
      case 'VALIDATE_WAVE':
        return { ...next, validatedAt: e.at };
      case 'ROLL_BACK_WAVE':
        return { ...next, rolledBack: { at: e.at, reason: e.reason } };
      case 'CANCEL_WAVE':
        return { ...next, cancelled: { at: e.at, reason: e.reason } };
      case 'REQUEST_WAVE_DECISION':
        return next;
    }
  });
}

function fileRequest(ctx: OpportunityContext, e: EventOf<'FILE_FUND_REQUEST'>, policy: FundingPolicy): FundRequest {
  const envelopeCents = envelopeFor(e.tranche, ctx.profile, policy);
  return {
    tranche: e.tranche,
    name: fundRequestName(ctx, policy),
    fundingType: e.fundingType,
    amountCents: e.amountCents,
    projectEndDate: e.projectEndDate,
    claimDueDate: claimDueDate(e.projectEndDate, policy),
    workloads: [...e.workloads],
    stage: 'created',
    stageHistory: [{ stage: 'created', at: e.at }],
    filedAt: e.at,
    filedBy: e.actor.userId,
    policyId: policy.id,
    envelopeCents,
    ...downgradeFlag(e.amountCents, envelopeCents),
    claims: [],
  };
}

/** The context after a non-phase-changing event (rules already checked). Bumps `seq`. */
export function applyEvent(
  before: OpportunityContext,
  event: OpportunityEvent,
  policy: FundingPolicy = FUNDING_POLICY,
): OpportunityContext {
  const ctx: OpportunityContext = { ...before, seq: before.seq + 1, lastEventAt: event.at };
  const by = event.actor.userId;
  switch (event.type) {
    case 'UPDATE_PROFILE':
      return { ...ctx, profile: { ...ctx.profile, ...event.profile } };
    case 'COMPLETE_CHECKLIST_ITEM':
      return {
        ...ctx,
        checklist: [
          ...ctx.checklist.filter((c) => c.key !== event.item),
          {
            key: event.item,
            evidence: { uri: event.evidence.uri, sha256: event.evidence.sha256 },
            completedAt: event.at,
            completedBy: by,
          },
        ],
        // A new TCO model is a new business case: the earlier approval no longer stands.
        businessCase:
          event.item === 'tco_model' ? { status: 'pending', at: null, by: null, reason: null } : ctx.businessCase,
      };
    case 'REOPEN_CHECKLIST_ITEM':
      return {
        ...ctx,
        checklist: ctx.checklist.filter((c) => c.key !== event.item),
        businessCase:
          event.item === 'tco_model' ? { status: 'pending', at: null, by: null, reason: null } : ctx.businessCase,
      };
    case 'ATTEST_MAP_RECORD':
      // A re-attestation supersedes, never edits: the list keeps every attestation.
      return { ...ctx, attestations: [...ctx.attestations, { seq: ctx.seq, at: event.at, by, record: event.record }] };
    case 'APPROVE_BUSINESS_CASE':
      return { ...ctx, businessCase: { status: 'approved', at: event.at, by, reason: null } };
    case 'REJECT_BUSINESS_CASE':
      return { ...ctx, businessCase: { status: 'rejected', at: event.at, by, reason: event.reason } };
    case 'RECORD_MAP_AGREEMENT':
      return {
        ...ctx,
        mapAgreement: {
          tagScheme: event.tagScheme,
          mpeId: event.mpeId,
          signedOn: event.signedOn,
          recordedAt: event.at,
        },
      };
    case 'PLAN_WAVE':
      return { ...ctx, waves: planWave(ctx, event) };
    case 'DECIDE_WAVE':
      return {
        ...ctx,
        waves: withWave(ctx, event.waveId, (w) => ({
          ...w,
          status: event.decision,
          decision: { decision: event.decision, reason: event.reason ?? null, at: event.at, by },
        })),
      };
    case 'REQUEST_WAVE_DECISION':
    case 'START_WAVE':
    case 'CUT_OVER_WAVE':
    case 'VALIDATE_WAVE':
    case 'ROLL_BACK_WAVE':
    case 'CANCEL_WAVE':
      return { ...ctx, waves: moveWave(ctx, event) };
    case 'FILE_FUND_REQUEST':
      return { ...ctx, fundRequests: [...ctx.fundRequests, fileRequest(ctx, event, policy)] };
    case 'RECORD_FUND_REQUEST_STAGE':
      return {
        ...ctx,
        fundRequests: withRequest(ctx, event.tranche, (r) => ({
          ...r,
          stage: event.stage,
          stageHistory: [...r.stageHistory, { stage: event.stage, at: event.at }],
        })),
      };
    case 'RECORD_ACTIVATE_WORKLOAD':
      return {
        ...ctx,
        activateWorkloads: [
          ...ctx.activateWorkloads,
          { workload: event.workload, amountCents: event.amountCents, declaredAt: event.at },
        ],
      };
    case 'PREPARE_CLAIM': {
      const claim: Claim = {
        claimId: event.claimId,
        amountCents: event.amountCents,
        evidence: event.evidence.map((x) => ({ uri: x.uri, sha256: x.sha256 })),
        status: 'prepared',
        preparedAt: event.at,
        signedOffAt: null,
        signedOffBy: null,
        submittedAt: null,
        outcome: null,
        approvedCents: null,
        outcomeAt: null,
        paidAt: null,
      };
      return { ...ctx, fundRequests: withRequest(ctx, event.tranche, (r) => ({ ...r, claims: [...r.claims, claim] })) };
    }
    case 'SIGN_OFF_CLAIM':
      return {
        ...ctx,
        fundRequests: withClaim(ctx, event.tranche, event.claimId, (c) => ({
          ...c,
          status: 'signed_off',
          signedOffAt: event.at,
          signedOffBy: by,
        })),
      };
    case 'SUBMIT_CLAIM':
      return {
        ...ctx,
        fundRequests: withClaim(ctx, event.tranche, event.claimId, (c) => ({
          ...c,
          status: 'submitted',
          submittedAt: event.at,
        })),
      };
    case 'RECORD_CLAIM_OUTCOME':
      return {
        ...ctx,
        fundRequests: withClaim(ctx, event.tranche, event.claimId, (c) => ({
          ...c,
          status: event.outcome,
          outcome: event.outcome,
          approvedCents: event.approvedCents,
          outcomeAt: event.at,
        })),
      };
    case 'RECORD_PAYMENT':
      return {
        ...ctx,
        fundRequests: withClaim(ctx, event.tranche, event.claimId, (c) => ({ ...c, status: 'paid', paidAt: event.at })),
      };
    case 'RECORD_RUN_RATE':
      return { ...ctx, runRate: { monthlyCents: event.monthlyCents, recordedAt: event.at } };
    case 'ADVANCE':
    case 'WITHDRAW':
      return ctx;
  }
}

/** The context after entering a phase: bumps `seq`, stamps the phase entry, keeps an ending's reasons. */
export function enterPhase(
  before: OpportunityContext,
  to: Phase,
  event: OpportunityEvent,
  endingReasons: string[] | null,
): OpportunityContext {
  const isEnd = (p: Phase): p is EndPhase =>
    p === 'closed' || p === 'referred' || p === 'ineligible' || p === 'withdrawn';
  return {
    ...before,
    seq: before.seq + 1,
    lastEventAt: event.at,
    phaseEnteredAt: event.at,
    phaseHistory: [...before.phaseHistory, { phase: to, enteredAt: event.at }],
    ending: isEnd(to) ? { phase: to, at: event.at, reasons: endingReasons ?? [] } : before.ending,
  };
}

/** Narrowing helper for the open phases. */
export function isOpenPhase(p: string): p is OpenPhase {
  return p === 'intake' || p === 'assess' || p === 'mobilize' || p === 'migrate' || p === 'closeout';
}
