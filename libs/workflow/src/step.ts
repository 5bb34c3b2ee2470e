/**
 * One accepted step of the opportunity: the next context for an event that
 * moves from one phase (state) to another (or stays). Shared by the
 * machine's `assign` and by the domain actions it enqueues.
 */
import type { OpportunityContext } from './context';
import type { OpportunityEvent } from './events';
import { FUNDING_POLICY, type FundingPolicy } from './policy';
import { applyEvent, enterPhase } from './reducers';
import { triageIfComplete } from './triage';
import type { Phase } from './types';

function endingReasons(
  ctx: OpportunityContext,
  to: Phase,
  event: OpportunityEvent,
  policy: FundingPolicy,
): string[] | null {
  if (event.type === 'WITHDRAW') return [event.reason];
  if (to === 'referred' || to === 'ineligible') return triageIfComplete(ctx.profile, policy)?.reasons ?? [];
  return null;
}

/** The context after `event` takes the opportunity from `from` to `to` (the rules and gates already held). */
export function nextContext(
  ctx: OpportunityContext,
  event: OpportunityEvent,
  from: Phase,
  to: Phase,
  policy: FundingPolicy = FUNDING_POLICY,
): OpportunityContext {
  return from === to
    ? applyEvent(ctx, event, policy)
    : enterPhase(ctx, to, event, endingReasons(ctx, to, event, policy));
}
