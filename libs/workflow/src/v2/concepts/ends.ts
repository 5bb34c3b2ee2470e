/**
 * Version 2's ends (design/funding-v2.md, "Nothing claimable is dropped"):
 * version 1's ADVANCE and WITHDRAW, refused while a fund request is open or
 * holds a claim that can still be submitted, when they would end the
 * opportunity (WITHDRAW; ADVANCE to referred or ineligible). The partner
 * terminates each request first, so dropping money is explicit and audited.
 */
import { ENDS_EVENTS } from '../../concepts/ends';
import { OK, rule, type Check } from '../../definition';
import { advancePlan } from '../../gates';
import type { OpportunityContext2 } from '../context';
import { contextAsV1, keep, policyAsV1 } from '../kept';
import { requestsHoldingMoney, unsettledClaims } from '../requests';

/** Refused, listing the requests, while ending at `at` would drop money. */
export function endingDropsMoney(ctx: OpportunityContext2, at: string, ending: string): Check {
  const held = requestsHoldingMoney(ctx, at);
  if (held.length === 0) return OK;
  const list = held
    .map((r) => {
      const claims = unsettledClaims(r).map((c) => c.claimId);
      return claims.length === 0
        ? `${r.requestId} (${r.stage})`
        : `${r.requestId} (${r.stage}; claims ${claims.join(', ')})`;
    })
    .join(', ');
  return rule(
    `${ending} would drop money still claimable: ${list}. Terminate each request first (RECORD_FUND_REQUEST_STAGE terminated), or settle its claims.`,
  );
}

export const ENDS_EVENTS_2 = {
  RECORD_RUN_RATE: keep(ENDS_EVENTS.RECORD_RUN_RATE),
  ADVANCE: keep(ENDS_EVENTS.ADVANCE, {
    check(ctx, e, { phase, policy }) {
      const next = advancePlan(contextAsV1(ctx, e, e.at).view, phase, e.at, policyAsV1(policy)).next;
      return next === 'referred' || next === 'ineligible' ? endingDropsMoney(ctx, e.at, `Advancing to ${next}`) : OK;
    },
  }),
  WITHDRAW: keep(ENDS_EVENTS.WITHDRAW, { check: (ctx, e) => endingDropsMoney(ctx, e.at, 'Withdrawing') }),
};
