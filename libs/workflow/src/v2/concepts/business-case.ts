/**
 * Version 2's business case: version 1's events, with two checks added to
 * ATTEST_MAP_RECORD (design/funding-v2.md): the itemised projected spend adds
 * up to the profile's committed run-rate within the policy's tolerance, and
 * the ACE edit lock holds while ACE reviews what is attested.
 */
import { BUSINESS_CASE_EVENTS } from '../../concepts/business-case';
import { OK, rule, type Check } from '../../definition';
import { isCents } from '../../money';
import type { MapRecord } from '../../types';
import type { OpportunityContext2 } from '../context';
import { keep } from '../kept';
import type { FundingPolicy2027 } from '../policy';
import { aceEditLock } from './ace';

/** Refused, naming both figures, when the record's projected spend is not the committed run-rate within tolerance. */
export function projectedSpendRule(ctx: OpportunityContext2, record: MapRecord, policy: FundingPolicy2027): Check {
  const committed = ctx.profile.projectedMonthlyAwsSpendCents;
  if (committed === undefined) return rule('Record the committed monthly run-rate in the profile before attesting.');
  // A malformed list or item is left to version 1's check, which names projectedSpend; summing
  // only the well-formed items would refuse with figures that are not the partner's.
  if (!Array.isArray(record.projectedSpend) || !record.projectedSpend.every((x) => isCents(x.monthlyCents))) return OK;
  const total = record.projectedSpend.reduce((s, x) => s + x.monthlyCents, 0);
  const tolerance = Math.floor((committed * policy.projectedSpendToleranceBps.value) / policy.bpsDenominator);
  return Math.abs(total - committed) <= tolerance
    ? OK
    : rule(
        `The itemised projected spend adds up to ${total} cents a month; the committed run-rate is ${committed} cents. They must agree within ${policy.projectedSpendToleranceBps.value / 100}% (${tolerance} cents).`,
      );
}

export const BUSINESS_CASE_EVENTS_2 = {
  ATTEST_MAP_RECORD: keep(BUSINESS_CASE_EVENTS.ATTEST_MAP_RECORD, {
    check(ctx, e, { policy }) {
      const lock = aceEditLock(ctx, e);
      return lock.ok ? projectedSpendRule(ctx, e.record, policy) : lock;
    },
  }),
  APPROVE_BUSINESS_CASE: keep(BUSINESS_CASE_EVENTS.APPROVE_BUSINESS_CASE),
  REJECT_BUSINESS_CASE: keep(BUSINESS_CASE_EVENTS.REJECT_BUSINESS_CASE),
};
