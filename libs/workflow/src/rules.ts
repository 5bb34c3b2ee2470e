/**
 * The business rules of every event, as pure checks over (context, phase,
 * event). The machine's guard `eventAllowed` and `decide` call the same
 * functions, so the machine and a refusal's explanation cannot disagree.
 */
import { checklistItem, CLAIM_FACT_WORDS, isChecklistKey, isEvidence } from './checklists';
import type { OpportunityContext, Wave } from './context';
import type { EventOf, EventType, OpportunityEvent } from './events';
import { claimHoldCents, dueInstantMs, isSettled, missingClaimFacts, requestOf } from './funding';
import { isCents, isIsoDate, isText, toMs, dateOf } from './money';
import { hasFundingRights, FUNDING_SUBMISSION_EVENTS, maySend } from './permissions';
import { FUNDING_POLICY, type FundingPolicy } from './policy';
import { isTagScheme, isValidMapId, mapIdRule, tagCarriesId, tagValueProblem } from './tagging';
import { profilePatchErrors } from './triage';
import {
  DISPOSITIONS,
  FUND_REQUEST_STAGES,
  TRANCHES,
  type MapRecord,
  type OpenPhase,
  type Tranche,
  type WaveStatus,
} from './types';

/** One malformed field of an event, by its dotted path in the event body. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * The outcome of a check: allowed, or refused with a code and plain words.
 * `INVALID` is malformed input that only this opportunity's context can tell
 * (a tag value under its recorded scheme): the HTTP layer answers 400, naming the fields.
 */
export type Check =
  | { ok: true }
  | { ok: false; code: 'FORBIDDEN' | 'RULE'; detail: string }
  | { ok: false; code: 'INVALID'; detail: string; errors: FieldProblem[] };

const OK: Check = { ok: true };
const rule = (detail: string): Check => ({ ok: false, code: 'RULE', detail });
const invalid = (errors: FieldProblem[]): Check => ({
  ok: false,
  code: 'INVALID',
  detail: errors.map((e) => e.message).join('; '),
  errors,
});
const forbidden = (detail: string): Check => ({ ok: false, code: 'FORBIDDEN', detail });

const FUNDING_CLAIM_EVENTS: readonly EventType[] = [
  'RECORD_FUND_REQUEST_STAGE',
  'PREPARE_CLAIM',
  'SIGN_OFF_CLAIM',
  'SUBMIT_CLAIM',
  'RECORD_CLAIM_OUTCOME',
  'RECORD_PAYMENT',
];
const WAVE_EVENTS: readonly EventType[] = [
  'PLAN_WAVE',
  'REQUEST_WAVE_DECISION',
  'DECIDE_WAVE',
  'START_WAVE',
  'CUT_OVER_WAVE',
  'VALIDATE_WAVE',
  'ROLL_BACK_WAVE',
  'CANCEL_WAVE',
];

/** What Mobilize and Migrate both accept: checklists, attestation, waves, funding. */
const DELIVERY_EVENTS: readonly EventType[] = [
  'COMPLETE_CHECKLIST_ITEM',
  'REOPEN_CHECKLIST_ITEM',
  'ATTEST_MAP_RECORD',
  ...WAVE_EVENTS,
  'FILE_FUND_REQUEST',
  ...FUNDING_CLAIM_EVENTS,
  'RECORD_ACTIVATE_WORKLOAD',
];

/**
 * The events each open phase accepts (ADVANCE and WITHDRAW in all of them).
 * The machine's `on` maps are built from this table, so it is also what
 * `decide` answers STATE against.
 */
export const EVENTS_BY_PHASE: Record<OpenPhase, readonly EventType[]> = {
  intake: ['UPDATE_PROFILE', 'RECORD_ACTIVATE_WORKLOAD', 'ADVANCE', 'WITHDRAW'],
  assess: [
    'UPDATE_PROFILE',
    'COMPLETE_CHECKLIST_ITEM',
    'REOPEN_CHECKLIST_ITEM',
    'ATTEST_MAP_RECORD',
    'APPROVE_BUSINESS_CASE',
    'REJECT_BUSINESS_CASE',
    'RECORD_MAP_AGREEMENT',
    'FILE_FUND_REQUEST',
    ...FUNDING_CLAIM_EVENTS,
    'RECORD_ACTIVATE_WORKLOAD',
    'ADVANCE',
    'WITHDRAW',
  ],
  mobilize: [...DELIVERY_EVENTS, 'ADVANCE', 'WITHDRAW'],
  migrate: [...DELIVERY_EVENTS, 'RECORD_RUN_RATE', 'ADVANCE', 'WITHDRAW'],
  closeout: [...FUNDING_CLAIM_EVENTS, 'RECORD_ACTIVATE_WORKLOAD', 'RECORD_RUN_RATE', 'ADVANCE', 'WITHDRAW'],
};

const PHASE_ORDER: Record<OpenPhase, number> = { intake: 0, assess: 1, mobilize: 2, migrate: 3, closeout: 4 };

/**
 * Who may send this event on this opportunity: the role table, the actor's
 * org (the opportunity's partner or customer org) and, for funding
 * submissions, a tier with funding rights.
 */
export function authorize(
  ctx: OpportunityContext,
  event: OpportunityEvent,
  policy: FundingPolicy = FUNDING_POLICY,
): Check {
  const { actor } = event;
  if (!maySend(actor.role, event.type)) return forbidden(`A ${actor.role} may not send ${event.type}.`);
  const org = actor.role === 'partner' ? ctx.partnerOrgId : ctx.customerOrgId;
  if (actor.orgId !== org) return forbidden(`Organisation ${actor.orgId} is not this opportunity's ${actor.role}.`);
  if (FUNDING_SUBMISSION_EVENTS.includes(event.type) && !hasFundingRights(actor, policy)) {
    return forbidden(
      `Only ${policy.fundingTiers.value.join(' or ')} tier partners have MAP funding-submission rights; this partner is ${actor.tier ?? 'of no tier'}.`,
    );
  }
  return OK;
}

function findWave(ctx: OpportunityContext, waveId: string): Wave | null {
  return ctx.waves.find((w) => w.waveId === waveId) ?? null;
}

/** Wave moves that only change status: the statuses each may start from, and where it goes. */
export const WAVE_MOVES = {
  REQUEST_WAVE_DECISION: { from: ['planned'], to: 'awaiting_decision' },
  START_WAVE: { from: ['go'], to: 'in_progress' },
  CUT_OVER_WAVE: { from: ['in_progress'], to: 'cut_over' },
  VALIDATE_WAVE: { from: ['cut_over'], to: 'validated' },
  ROLL_BACK_WAVE: { from: ['in_progress', 'cut_over'], to: 'rolled_back' },
  CANCEL_WAVE: { from: ['planned', 'awaiting_decision', 'go', 'no_go'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly WaveStatus[]; to: WaveStatus }>;

/** Statuses from which PLAN_WAVE re-plans an existing wave. */
export const REPLANNABLE: readonly WaveStatus[] = ['planned', 'awaiting_decision', 'go', 'no_go', 'rolled_back'];

function checkWaveMove(ctx: OpportunityContext, event: EventOf<keyof typeof WAVE_MOVES>): Check {
  const wave = findWave(ctx, event.waveId);
  if (wave === null) return rule(`There is no wave ${event.waveId}.`);
  const move = WAVE_MOVES[event.type];
  if (!(move.from as readonly WaveStatus[]).includes(wave.status)) {
    return rule(`Wave ${event.waveId} is ${wave.status}; ${event.type} needs it ${move.from.join(' or ')}.`);
  }
  if ((event.type === 'ROLL_BACK_WAVE' || event.type === 'CANCEL_WAVE') && !isText(event.reason)) {
    return rule(`${event.type} needs a reason.`);
  }
  return OK;
}

function checkPlanWave(ctx: OpportunityContext, phase: OpenPhase, e: EventOf<'PLAN_WAVE'>): Check {
  const wantKind = phase === 'mobilize' ? 'pilot' : 'production';
  if (!isText(e.waveId) || !isText(e.name) || !isText(e.rollbackPlan)) {
    return rule('A wave needs a waveId, a name and a rollback plan.');
  }
  if (e.kind !== wantKind) return rule(`Waves planned in ${phase} are ${wantKind} waves, not ${e.kind}.`);
  const existing = findWave(ctx, e.waveId);
  if (existing !== null) {
    if (existing.kind !== e.kind) return rule(`Wave ${e.waveId} is a ${existing.kind} wave.`);
    if (!REPLANNABLE.includes(existing.status)) {
      return rule(`Wave ${e.waveId} is ${existing.status} and can no longer be re-planned.`);
    }
  } else if (e.kind === 'pilot' && ctx.waves.some((w) => w.kind === 'pilot' && w.status !== 'cancelled')) {
    return rule('An opportunity has exactly one pilot wave; re-plan or cancel the existing one.');
  }
  if (e.applications.length === 0) return rule('A wave needs at least one application.');
  const names = new Set<string>();
  const agreement = ctx.mapAgreement;
  /* istanbul ignore next -- waves are planned only after assess, whose gate requires the agreement */
  if (agreement === null) return rule('Record the MAP agreement before planning waves.');
  // Syntax under the agreement's scheme first: a malformed value is malformed input (400), not a rule.
  const malformed = e.applications.flatMap((app, i): FieldProblem[] => {
    const problem =
      app.expectedTagValue === undefined ? null : tagValueProblem(agreement.tagScheme, app.expectedTagValue);
    return problem === null ? [] : [{ field: `applications.${i}.expectedTagValue`, message: problem }];
  });
  if (malformed.length > 0) return invalid(malformed);
  for (const app of e.applications) {
    if (!isText(app.name) || names.has(app.name)) return rule('Every application needs a distinct name.');
    names.add(app.name);
    if (!DISPOSITIONS.includes(app.disposition)) return rule(`${app.name}: unknown disposition ${app.disposition}.`);
    if (app.disposition === 'retire' || app.disposition === 'retain') continue;
    if (app.expectedTagValue === undefined) return rule(`${app.name} migrates, so it needs an expected MAP tag value.`);
    if (!tagCarriesId(app.expectedTagValue, agreement.mpeId)) {
      return rule(
        `${app.name}: tag value ${app.expectedTagValue} does not carry this opportunity's ${agreement.tagScheme} ID ${agreement.mpeId}; credits would not accrue.`,
      );
    }
  }
  if (!e.applications.some((a) => a.disposition !== 'retire' && a.disposition !== 'retain')) {
    return rule('A wave must migrate something: at least one application that is not retire or retain.');
  }
  return OK;
}

/** Problems with a six-part MAP record (empty when complete). */
export function mapRecordProblems(r: MapRecord): string[] {
  const p: string[] = [];
  if (!isText(r.sourceEnvironment)) p.push('sourceEnvironment');
  if (!isText(r.targetArchitecture)) p.push('targetArchitecture');
  if (r.projectedSpend.length === 0 || !r.projectedSpend.every((s) => isText(s.service) && isCents(s.monthlyCents))) {
    p.push('projectedSpend');
  }
  if (!isText(r.wavePlan)) p.push('wavePlan');
  if (
    r.fundingRequest.length === 0 ||
    !r.fundingRequest.every((f) => TRANCHES.includes(f.tranche) && isCents(f.amountCents))
  ) {
    p.push('fundingRequest');
  }
  if (!isText(r.deliveryScope)) p.push('deliveryScope');
  return p;
}

function checkFile(ctx: OpportunityContext, e: EventOf<'FILE_FUND_REQUEST'>, policy: FundingPolicy): Check {
  if (!TRANCHES.includes(e.tranche)) return rule(`Unknown tranche ${e.tranche}.`);
  if (requestOf(ctx, e.tranche) !== null)
    return rule(`A fund request for ${e.tranche} already exists: one per tranche.`);
  const tp = policy.tranches[e.tranche];
  if (tp.phase !== 'assess' && ctx.attestations.length === 0) {
    return rule(`The ${tp.phase} tranches may be filed once the MAP opportunity record is attested.`);
  }
  if (e.fundingType !== tp.fundingType)
    return rule(`${e.tranche} is funded as ${tp.fundingType}, not ${e.fundingType}.`);
  if (!isCents(e.amountCents) || e.amountCents === 0) return rule('The amount must be a positive number of cents.');
  if (!isIsoDate(e.projectEndDate) || e.projectEndDate < dateOf(e.at)) {
    return rule(
      'The project end date must be a date (YYYY-MM-DD) not before today: requests are filed before the work.',
    );
  }
  if (e.workloads.length === 0 || !e.workloads.every(isText)) return rule('Name the workloads this request funds.');
  const activate = new Set([...ctx.activateWorkloads.map((a) => a.workload), ...e.customerFundedWorkloads.activate]);
  const otherMap = new Set(e.customerFundedWorkloads.map);
  for (const w of e.workloads) {
    if (activate.has(w)) {
      return rule(`Workload ${w} is already funded by Activate; AWS would zero a second claim on the same workload.`);
    }
    if (otherMap.has(w)) return rule(`Workload ${w} is already funded by another MAP opportunity of this customer.`);
  }
  return OK;
}

function checkStage(ctx: OpportunityContext, e: EventOf<'RECORD_FUND_REQUEST_STAGE'>): Check {
  const fr = requestOf(ctx, e.tranche);
  if (fr === null) return rule(`There is no fund request for ${e.tranche}.`);
  if (!FUND_REQUEST_STAGES.includes(e.stage)) return rule(`Unknown stage ${e.stage}.`);
  if (fr.stage === 'completed' || fr.stage === 'terminated')
    return rule(`The ${e.tranche} request is already ${fr.stage}.`);
  if (e.stage === 'terminated') return OK;
  if (FUND_REQUEST_STAGES.indexOf(e.stage) <= FUND_REQUEST_STAGES.indexOf(fr.stage)) {
    return rule(`Stages move forward only: the ${e.tranche} request is at ${fr.stage}.`);
  }
  if (e.stage === 'completed') {
    if (fr.stage !== 'cash_claim') return rule('A request is completed from cash_claim.');
    const open = fr.claims.filter((c) => !isSettled(c));
    if (open.length > 0) {
      return rule(`Claims still unsettled (neither paid nor rejected): ${open.map((c) => c.claimId).join(', ')}.`);
    }
  }
  return OK;
}

function checkPrepare(ctx: OpportunityContext, e: EventOf<'PREPARE_CLAIM'>): Check {
  const fr = requestOf(ctx, e.tranche);
  if (fr === null) return rule(`There is no fund request for ${e.tranche}.`);
  if (fr.stage === 'completed' || fr.stage === 'terminated') return rule(`The ${e.tranche} request is ${fr.stage}.`);
  if (!isText(e.claimId) || fr.claims.some((c) => c.claimId === e.claimId)) {
    return rule(`Claim id ${e.claimId} is empty or already used on this request.`);
  }
  if (!isCents(e.amountCents) || e.amountCents === 0)
    return rule('The claim amount must be a positive number of cents.');
  if (e.evidence.length === 0 || !e.evidence.every(isEvidence)) {
    return rule('A claim needs evidence, each { uri, sha256 } with a 64-hex SHA-256.');
  }
  const facts = missingClaimFacts(ctx, e.tranche);
  if (facts.length > 0) {
    return rule(
      `The ${e.tranche} claim checklist does not hold yet: ${facts.map((f) => CLAIM_FACT_WORDS[f]).join(' ')}`,
    );
  }
  const held = fr.claims.reduce((s, c) => s + claimHoldCents(c), 0);
  if (held + e.amountCents > fr.amountCents) {
    return rule(
      `Claims may not exceed the requested ${fr.amountCents} cents: ${held} cents are already claimed, ${fr.amountCents - held} remain.`,
    );
  }
  return OK;
}

function claimIn(ctx: OpportunityContext, tranche: Tranche, claimId: string) {
  const fr = requestOf(ctx, tranche);
  const claim = fr?.claims.find((c) => c.claimId === claimId) ?? null;
  return { fr, claim };
}

function checkClaimStep(
  ctx: OpportunityContext,
  e: EventOf<'SIGN_OFF_CLAIM' | 'SUBMIT_CLAIM' | 'RECORD_CLAIM_OUTCOME' | 'RECORD_PAYMENT'>,
): Check {
  const { fr, claim } = claimIn(ctx, e.tranche, e.claimId);
  if (fr === null || claim === null) return rule(`There is no claim ${e.claimId} on the ${e.tranche} request.`);
  switch (e.type) {
    case 'SIGN_OFF_CLAIM':
      return claim.status === 'prepared'
        ? OK
        : rule(`Claim ${e.claimId} is ${claim.status}; only a prepared claim is signed off.`);
    case 'SUBMIT_CLAIM':
      if (claim.status !== 'signed_off')
        return rule(`Claim ${e.claimId} is ${claim.status}; the customer must sign it off first.`);
      if (fr.stage !== 'cash_claim')
        return rule(`Claims are submitted while the request is in cash_claim; it is ${fr.stage}.`);
      if (toMs(e.at) >= dueInstantMs(fr.claimDueDate)) return rule(`The claim due date ${fr.claimDueDate} has passed.`);
      return OK;
    case 'RECORD_CLAIM_OUTCOME': {
      if (claim.status !== 'submitted')
        return rule(`Claim ${e.claimId} is ${claim.status}; outcomes follow submission.`);
      if (!isCents(e.approvedCents)) return rule('approvedCents must be a non-negative number of cents.');
      if (e.outcome === 'approved' && e.approvedCents !== claim.amountCents) {
        return rule(`An approved claim is approved in full: ${claim.amountCents} cents.`);
      }
      if (e.outcome === 'downgraded' && e.approvedCents >= claim.amountCents) {
        return rule(`A downgraded claim is approved for less than its ${claim.amountCents} cents.`);
      }
      if (e.outcome === 'rejected' && e.approvedCents !== 0) return rule('A rejected claim is approved for 0 cents.');
      return OK;
    }
    case 'RECORD_PAYMENT':
      return claim.status === 'approved' || claim.status === 'downgraded'
        ? OK
        : rule(`Claim ${e.claimId} is ${claim.status}; only an approved or downgraded claim is paid.`);
  }
}

function checkActivate(ctx: OpportunityContext, e: EventOf<'RECORD_ACTIVATE_WORKLOAD'>): Check {
  if (!isText(e.workload)) return rule('Name the Activate workload.');
  if (!isCents(e.amountCents) || e.amountCents === 0) return rule('The amount must be a positive number of cents.');
  const map = new Set([...ctx.fundRequests.flatMap((r) => r.workloads), ...e.customerFundedWorkloads.map]);
  if (map.has(e.workload)) {
    return rule(
      `Workload ${e.workload} is named by a MAP fund request; Activate may fund only workloads distinct from the migration.`,
    );
  }
  const activate = new Set([...ctx.activateWorkloads.map((a) => a.workload), ...e.customerFundedWorkloads.activate]);
  if (activate.has(e.workload)) return rule(`Workload ${e.workload} is already funded by Activate.`);
  return OK;
}

/**
 * The business rule of a non-ADVANCE event in an open phase (state
 * acceptance and authorization are checked separately). ADVANCE is decided
 * by the gates.
 */
export function checkRule(
  ctx: OpportunityContext,
  phase: OpenPhase,
  event: OpportunityEvent,
  policy: FundingPolicy = FUNDING_POLICY,
): Check {
  switch (event.type) {
    case 'UPDATE_PROFILE': {
      const errors = profilePatchErrors(event.profile);
      if (Object.keys(event.profile).length === 0) return rule('The profile update is empty.');
      return errors.length === 0 ? OK : rule(`Invalid profile: ${errors.join('; ')}.`);
    }
    case 'COMPLETE_CHECKLIST_ITEM': {
      if (!isChecklistKey(event.item)) return rule(`Unknown checklist item ${String(event.item)}.`);
      const item = checklistItem(event.item);
      if (PHASE_ORDER[item.phase] > PHASE_ORDER[phase]) {
        return rule(`${item.key} belongs to the ${item.phase} checklist; it is not open yet.`);
      }
      return isEvidence(event.evidence) ? OK : rule('Evidence is { uri, sha256 } with a 64-hex SHA-256.');
    }
    case 'REOPEN_CHECKLIST_ITEM':
      if (!ctx.checklist.some((c) => c.key === event.item)) return rule(`${event.item} is not complete.`);
      return isText(event.reason) ? OK : rule('Reopening needs a reason.');
    case 'ATTEST_MAP_RECORD': {
      const problems = mapRecordProblems(event.record);
      return problems.length === 0 ? OK : rule(`The MAP record is incomplete: ${problems.join(', ')}.`);
    }
    case 'APPROVE_BUSINESS_CASE':
      if (!ctx.checklist.some((c) => c.key === 'tco_model')) {
        return rule('There is no business case to approve yet: the TCO model is not complete.');
      }
      return ctx.businessCase.status === 'approved' ? rule('The business case is already approved.') : OK;
    case 'REJECT_BUSINESS_CASE':
      if (!isText(event.reason)) return rule('Rejecting the business case needs a reason.');
      return ctx.businessCase.status === 'rejected' ? rule('The business case is already rejected.') : OK;
    case 'RECORD_MAP_AGREEMENT':
      if (!isTagScheme(event.tagScheme)) return rule(`Unknown tag scheme ${event.tagScheme}.`);
      if (!isValidMapId(event.tagScheme, event.mpeId)) {
        return invalid([{ field: 'mpeId', message: `${mapIdRule(event.tagScheme)}; ${event.mpeId} is not one` }]);
      }
      return isIsoDate(event.signedOn) ? OK : rule('signedOn must be a date (YYYY-MM-DD).');
    case 'PLAN_WAVE':
      return checkPlanWave(ctx, phase, event);
    case 'DECIDE_WAVE': {
      const wave = findWave(ctx, event.waveId);
      if (wave === null) return rule(`There is no wave ${event.waveId}.`);
      if (wave.status !== 'awaiting_decision')
        return rule(`Wave ${event.waveId} is ${wave.status}, not awaiting a decision.`);
      if (event.decision !== 'go' && event.decision !== 'no_go') return rule('The decision is go or no_go.');
      return event.decision === 'no_go' && !isText(event.reason) ? rule('A no-go needs a reason.') : OK;
    }
    case 'REQUEST_WAVE_DECISION':
    case 'START_WAVE':
    case 'CUT_OVER_WAVE':
    case 'VALIDATE_WAVE':
    case 'ROLL_BACK_WAVE':
    case 'CANCEL_WAVE':
      return checkWaveMove(ctx, event);
    case 'FILE_FUND_REQUEST':
      return checkFile(ctx, event, policy);
    case 'RECORD_FUND_REQUEST_STAGE':
      return checkStage(ctx, event);
    case 'RECORD_ACTIVATE_WORKLOAD':
      return checkActivate(ctx, event);
    case 'PREPARE_CLAIM':
      return checkPrepare(ctx, event);
    case 'SIGN_OFF_CLAIM':
    case 'SUBMIT_CLAIM':
    case 'RECORD_CLAIM_OUTCOME':
    case 'RECORD_PAYMENT':
      return checkClaimStep(ctx, event);
    case 'RECORD_RUN_RATE':
      return isCents(event.monthlyCents) && event.monthlyCents > 0
        ? OK
        : rule('The run-rate must be a positive number of cents.');
    case 'WITHDRAW':
      return isText(event.reason) ? OK : rule('Withdrawing needs a reason.');
    case 'ADVANCE':
      return OK;
  }
}
