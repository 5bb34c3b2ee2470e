/**
 * Migration waves: data in context, under guards. A wave's life is planned ->
 * awaiting_decision -> go -> in_progress -> cut_over -> validated, or no_go,
 * rolled_back, cancelled, and re-plan. Exactly one pilot wave in Mobilize,
 * production waves in Migrate; only the customer decides go / no-go, and
 * only on a wave awaiting a decision. Every migrated application's tag value
 * carries the MAP agreement's ID, or credits would not accrue.
 */
import { domainAction, type DomainActionData } from '../actions';
import type { OpportunityContext, Wave } from '../context';
import { OK, defineEvent, invalid, rule, type Check, type Ev, type FieldProblem } from '../definition';
import { isText } from '../money';
import { partnerTrancheFor } from '../facts';
import { tagCarriesId, tagValueProblem, type TagSchemes } from '../tagging';
import {
  DISPOSITIONS,
  FUND_REQUEST_STAGES,
  type OpenPhase,
  type Tranche,
  type WaveApplication,
  type WaveDecision,
  type WaveKind,
  type WaveStatus,
} from '../types';

export type PlanWaveEvent = Ev<
  'PLAN_WAVE',
  { waveId: string; kind: WaveKind; name: string; applications: WaveApplication[]; rollbackPlan: string }
>;
export type RequestWaveDecisionEvent = Ev<'REQUEST_WAVE_DECISION', { waveId: string }>;
export type DecideWaveEvent = Ev<'DECIDE_WAVE', { waveId: string; decision: WaveDecision; reason?: string }>;
export type StartWaveEvent = Ev<'START_WAVE', { waveId: string }>;
export type CutOverWaveEvent = Ev<'CUT_OVER_WAVE', { waveId: string }>;
export type ValidateWaveEvent = Ev<'VALIDATE_WAVE', { waveId: string }>;
export type RollBackWaveEvent = Ev<'ROLL_BACK_WAVE', { waveId: string; reason: string }>;
export type CancelWaveEvent = Ev<'CANCEL_WAVE', { waveId: string; reason: string }>;

export type WaveEvent =
  | PlanWaveEvent
  | RequestWaveDecisionEvent
  | DecideWaveEvent
  | StartWaveEvent
  | CutOverWaveEvent
  | ValidateWaveEvent
  | RollBackWaveEvent
  | CancelWaveEvent;

/** Waves are planned and run in Mobilize (the pilot) and Migrate (production waves). */
const WAVE_PHASES: readonly OpenPhase[] = ['mobilize', 'migrate'];

/** The kind of wave each wave phase plans. */
export const WAVE_KIND_OF_PHASE: Readonly<Partial<Record<OpenPhase, WaveKind>>> = {
  mobilize: 'pilot',
  migrate: 'production',
};

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

function findWave(ctx: OpportunityContext, waveId: string): Wave | null {
  return ctx.waves.find((w) => w.waveId === waveId) ?? null;
}

function withWave(ctx: OpportunityContext, waveId: string, f: (w: Wave) => Wave): Wave[] {
  return ctx.waves.map((w) => (w.waveId === waveId ? f(w) : w));
}

function statusChanged(after: OpportunityContext, waveId: string): DomainActionData[] {
  return [domainAction('waveStatusChanged', { waveId, status: findWave(after, waveId)?.status ?? null })];
}

/** True when the tranche's fund request has reached cash_claim (and was not terminated). */
function cashClaimReached(ctx: OpportunityContext, tranche: Tranche): boolean {
  const fr = ctx.fundRequests.find((r) => r.tranche === tranche);
  return (
    fr !== undefined &&
    FUND_REQUEST_STAGES.indexOf(fr.stage) >= FUND_REQUEST_STAGES.indexOf('cash_claim') &&
    fr.stage !== 'terminated'
  );
}

function checkPlanWave(ctx: OpportunityContext, phase: OpenPhase, e: PlanWaveEvent, schemes?: TagSchemes): Check {
  const wantKind = WAVE_KIND_OF_PHASE[phase];
  if (!isText(e.waveId) || !isText(e.name) || !isText(e.rollbackPlan)) {
    return rule('A wave needs a waveId, a name and a rollback plan.');
  }
  if (e.kind !== wantKind) return rule(`Waves planned in ${phase} are ${String(wantKind)} waves, not ${e.kind}.`);
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
      app.expectedTagValue === undefined ? null : tagValueProblem(agreement.tagScheme, app.expectedTagValue, schemes);
    return problem === null ? [] : [{ field: `applications.${i}.expectedTagValue`, message: problem }];
  });
  if (malformed.length > 0) return invalid(malformed);
  for (const app of e.applications) {
    if (!isText(app.name) || names.has(app.name)) return rule('Every application needs a distinct name.');
    names.add(app.name);
    if (!DISPOSITIONS.includes(app.disposition)) return rule(`${app.name}: unknown disposition ${app.disposition}.`);
    if (app.disposition === 'retire' || app.disposition === 'retain') continue;
    if (app.expectedTagValue === undefined) return rule(`${app.name} migrates, so it needs an expected MAP tag value.`);
    if (!tagCarriesId(app.expectedTagValue, agreement.mpeId, schemes)) {
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

function planWave(ctx: OpportunityContext, e: PlanWaveEvent): Wave[] {
  const existing = findWave(ctx, e.waveId);
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
    revision: existing === null ? 1 : existing.revision + 1,
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
  return existing === null ? [...ctx.waves, planned] : withWave(ctx, e.waveId, () => planned);
}

type WaveMoveEvent =
  | RequestWaveDecisionEvent
  | StartWaveEvent
  | CutOverWaveEvent
  | ValidateWaveEvent
  | RollBackWaveEvent
  | CancelWaveEvent;

/**
 * A status-only wave move: `WAVE_MOVES` says from where and to what;
 * `stamp` records the move's own facts on the wave.
 */
function waveMove<E extends WaveMoveEvent>(
  type: E['type'],
  stamp: (wave: Wave, e: E, ctx: OpportunityContext) => Partial<Wave>,
  emit: (after: OpportunityContext, e: E) => DomainActionData[] = (after, e) => statusChanged(after, e.waveId),
) {
  const move = WAVE_MOVES[type];
  const needsReason = type === 'ROLL_BACK_WAVE' || type === 'CANCEL_WAVE';
  return defineEvent<E>({
    phases: WAVE_PHASES,
    senders: ['partner'],
    check(ctx, e) {
      const wave = findWave(ctx, e.waveId);
      if (wave === null) return rule(`There is no wave ${e.waveId}.`);
      if (!(move.from as readonly WaveStatus[]).includes(wave.status)) {
        return rule(`Wave ${e.waveId} is ${wave.status}; ${type} needs it ${move.from.join(' or ')}.`);
      }
      if (needsReason && !('reason' in e && isText(e.reason))) return rule(`${type} needs a reason.`);
      return OK;
    },
    apply: (ctx, e) => ({
      ...ctx,
      waves: withWave(ctx, e.waveId, (w) => ({ ...w, status: move.to, ...stamp(w, e, ctx) })),
    }),
    emit: (_before, after, e) => emit(after, e),
  });
}

export const WAVE_EVENTS = {
  PLAN_WAVE: defineEvent<PlanWaveEvent>({
    phases: WAVE_PHASES,
    senders: ['partner'],
    check: (ctx, e, { phase, policy }) => checkPlanWave(ctx, phase, e, policy.tagSchemes),
    apply: (ctx, e) => ({ ...ctx, waves: planWave(ctx, e) }),
    emit: (_before, after, e) => statusChanged(after, e.waveId),
  }),
  REQUEST_WAVE_DECISION: waveMove<RequestWaveDecisionEvent>(
    'REQUEST_WAVE_DECISION',
    () => ({}),
    (_after, e) => [domainAction('notifyCustomerDecisionNeeded', { waveId: e.waveId })],
  ),
  DECIDE_WAVE: defineEvent<DecideWaveEvent>({
    phases: WAVE_PHASES,
    senders: ['customer'],
    check(ctx, e) {
      const wave = findWave(ctx, e.waveId);
      if (wave === null) return rule(`There is no wave ${e.waveId}.`);
      if (wave.status !== 'awaiting_decision')
        return rule(`Wave ${e.waveId} is ${wave.status}, not awaiting a decision.`);
      if (e.decision !== 'go' && e.decision !== 'no_go') return rule('The decision is go or no_go.');
      return e.decision === 'no_go' && !isText(e.reason) ? rule('A no-go needs a reason.') : OK;
    },
    apply: (ctx, e) => ({
      ...ctx,
      waves: withWave(ctx, e.waveId, (w) => ({
        ...w,
        status: e.decision,
        decision: { decision: e.decision, reason: e.reason ?? null, at: e.at, by: e.actor.userId },
      })),
    }),
    emit: (_before, _after, e) => [
      domainAction('notifyPartnerWaveDecided', { waveId: e.waveId, decision: e.decision }),
    ],
  }),
  START_WAVE: waveMove<StartWaveEvent>('START_WAVE', (w, e, ctx) => ({
    startedAt: e.at,
    startedWithCashClaim: cashClaimReached(ctx, partnerTrancheFor(w.kind)),
  })),
  CUT_OVER_WAVE: waveMove<CutOverWaveEvent>('CUT_OVER_WAVE', (_w, e) => ({ cutOverAt: e.at })),
  VALIDATE_WAVE: waveMove<ValidateWaveEvent>('VALIDATE_WAVE', (_w, e) => ({ validatedAt: e.at })),
  ROLL_BACK_WAVE: waveMove<RollBackWaveEvent>('ROLL_BACK_WAVE', (_w, e) => ({
    rolledBack: { at: e.at, reason: e.reason },
  })),
  CANCEL_WAVE: waveMove<CancelWaveEvent>('CANCEL_WAVE', (_w, e) => ({ cancelled: { at: e.at, reason: e.reason } })),
};
