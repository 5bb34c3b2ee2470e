/**
 * Run-rate and ends: the actual AWS run-rate recorded after landing; ADVANCE,
 * the only way to the next phase, taken when its gate holds (gates.ts), or to
 * referred / ineligible when triage leaves MAP; WITHDRAW, from any open phase, with a reason.
 */
import { domainAction } from '../actions';
import type { OpportunityContext } from '../context';
import { OK, defineEvent, rule, type Ev } from '../definition';
import { ADVANCE_TARGETS, advancePlan } from '../gates';
import { isCents, isText } from '../money';
import { triageIfComplete } from '../triage';
import { isEndPhase, OPEN_PHASES, type Phase } from '../types';

export type RecordRunRateEvent = Ev<'RECORD_RUN_RATE', { monthlyCents: number }>;
export type AdvanceEvent = Ev<'ADVANCE'>;
export type WithdrawEvent = Ev<'WITHDRAW', { reason: string }>;

export type EndsEvent = RecordRunRateEvent | AdvanceEvent | WithdrawEvent;

/** The context on entering phase `to` at `at`; an end keeps its reasons. */
function enterPhase(ctx: OpportunityContext, to: Phase, at: string, reasons: readonly string[]): OpportunityContext {
  return {
    ...ctx,
    phaseEnteredAt: at,
    phaseHistory: [...ctx.phaseHistory, { phase: to, enteredAt: at }],
    ending: isEndPhase(to) ? { phase: to, at, reasons: [...reasons] } : ctx.ending,
  };
}

export const ENDS_EVENTS = {
  RECORD_RUN_RATE: defineEvent<RecordRunRateEvent>({
    phases: ['migrate', 'closeout'],
    senders: ['partner'],
    check: (_ctx, e) =>
      isCents(e.monthlyCents) && e.monthlyCents > 0 ? OK : rule('The run-rate must be a positive number of cents.'),
    apply: (ctx, e) => ({ ...ctx, runRate: { monthlyCents: e.monthlyCents, recordedAt: e.at } }),
    emit: (_before, _after, e) => [domainAction('runRateRecorded', { monthlyCents: e.monthlyCents })],
  }),
  ADVANCE: defineEvent<AdvanceEvent>({
    phases: OPEN_PHASES,
    senders: ['partner'],
    moves: {
      targets: (phase) => ADVANCE_TARGETS[phase],
      to: (ctx, e, { phase, policy }) => advancePlan(ctx, phase, e.at, policy).next,
    },
    check(ctx, e, { phase, policy }) {
      const plan = advancePlan(ctx, phase, e.at, policy);
      return plan.gate.ready
        ? OK
        : {
            ok: false,
            code: 'GATE',
            detail: `The gate from ${phase} to ${plan.next} does not hold.`,
            missing: plan.gate.missing,
          };
    },
    // Leaving for referred or ineligible, the ending keeps triage's reasons.
    apply: (ctx, e, { to, policy }) =>
      enterPhase(
        ctx,
        to,
        e.at,
        to === 'referred' || to === 'ineligible' ? (triageIfComplete(ctx.profile, policy)?.reasons ?? []) : [],
      ),
  }),
  WITHDRAW: defineEvent<WithdrawEvent>({
    phases: OPEN_PHASES,
    senders: ['partner'],
    moves: { targets: () => ['withdrawn'], to: () => 'withdrawn' },
    check: (_ctx, e) => (isText(e.reason) ? OK : rule('Withdrawing needs a reason.')),
    apply: (ctx, e, { to }) => enterPhase(ctx, to, e.at, [e.reason]),
  }),
};
