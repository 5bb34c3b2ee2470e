/**
 * Funding under policy `2027.1` (design/funding-v2.md): run-rate-bounded cash
 * envelopes, the customer's MAP credits per calendar quarter on tagged spend,
 * quarters and their dates, and fund-request names. All pure; money is
 * integer cents, rounded down as in version 1.
 */
import { addDays, applyBps, dateOf, multiplyCents } from '../money';
import { isCompleteProfile, triage } from '../triage';
import type { Profile } from '../types';
import { FUNDING_POLICY_2027, type CashTranche, type FundingPolicy2027 } from './policy';

/** The committed ARR in cents: `monthsPerYear` x the committed monthly run-rate. */
export function committedArrCents(
  profile: Pick<Profile, 'projectedMonthlyAwsSpendCents'>,
  policy: FundingPolicy2027 = FUNDING_POLICY_2027,
): number {
  return multiplyCents(profile.projectedMonthlyAwsSpendCents, policy.monthsPerYear);
}

/**
 * The envelope of a cash tranche for a profile, in cents:
 * `min(rate_services x migrationServicesCost, rate_arr x committed ARR, cap)`,
 * each product floored to the cent. Zero unless the profile is complete and
 * triages to MAP (no MAP money below the floor, for new builds, for AWS
 * competitors or for sanctioned countries).
 */
export function envelopeFor2027(
  tranche: CashTranche,
  profile: Partial<Profile>,
  policy: FundingPolicy2027 = FUNDING_POLICY_2027,
): number {
  if (!isCompleteProfile(profile)) return 0;
  if (triage(profile, policy).program !== 'MAP') return 0;
  const t = policy.cashTranches[tranche];
  const byServices = applyBps(profile.migrationServicesCostCents, t.rate_services.value, policy.bpsDenominator);
  const byArr = applyBps(committedArrCents(profile, policy), t.rate_arr.value, policy.bpsDenominator);
  return Math.min(byServices, byArr, t.cap.value);
}

/**
 * The policy invariant (`ours`): the ARR rates of the cash tranches add up to
 * at most 100%, so the cash envelopes together never exceed twelve months of
 * the committed run-rate, whatever the services cost.
 */
export function arrRatesWithinRunRate(policy: FundingPolicy2027 = FUNDING_POLICY_2027): boolean {
  const sum = Object.values(policy.cashTranches).reduce((s, t) => s + t.rate_arr.value, 0);
  return sum <= policy.bpsDenominator;
}

/** The customer's MAP credit estimate for one quarter: the policy's credit rate x its tagged spend, floored. */
export function creditEstimateCents(taggedSpendCents: number, policy: FundingPolicy2027 = FUNDING_POLICY_2027): number {
  return applyBps(taggedSpendCents, policy.creditRateBps.value, policy.bpsDenominator);
}

/** A calendar quarter, `YYYY-Qn`. */
export interface Quarter {
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

const QUARTER_RE = /^(\d{4})-Q([1-4])$/;
const QUARTER_NUMBERS = [1, 2, 3, 4] as const;
/** First and last day (`MM-DD`) of each quarter; the same every year. */
const QUARTER_DAYS: Record<Quarter['quarter'], { first: string; last: string }> = {
  1: { first: '01-01', last: '03-31' },
  2: { first: '04-01', last: '06-30' },
  3: { first: '07-01', last: '09-30' },
  4: { first: '10-01', last: '12-31' },
};

/** The quarter `YYYY-Qn` names (`2027-Q1`), or null when `s` is not one. */
export function parseQuarter(s: unknown): Quarter | null {
  if (typeof s !== 'string') return null;
  const m = QUARTER_RE.exec(s);
  if (m === null) return null;
  // The pattern admits only the digits 1 to 4.
  return { year: Number(m[1]), quarter: QUARTER_NUMBERS[Number(m[2]) - 1] };
}

/** True for a quarter `YYYY-Qn`. */
export function isQuarter(s: unknown): s is string {
  return parseQuarter(s) !== null;
}

function quarterOrThrow(quarter: string): Quarter {
  const q = parseQuarter(quarter);
  if (q === null) throw new RangeError(`${quarter} is not a quarter (YYYY-Qn, n from 1 to 4)`);
  return q;
}

function formatQuarter(q: Quarter): string {
  return `${String(q.year).padStart(4, '0')}-Q${q.quarter}`;
}

/** The calendar quarter (UTC) of an ISO date or timestamp: `2027-02-14` is `2027-Q1`. */
export function quarterOf(iso: string): string {
  const date = dateOf(iso);
  const month = Number(date.slice(5, 7));
  const quarter = QUARTER_NUMBERS[Math.floor((month - 1) / 3)];
  return formatQuarter({ year: Number(date.slice(0, 4)), quarter });
}

/** The first day of a quarter (`2027-Q2` starts `2027-04-01`). Throws a RangeError for a malformed quarter. */
export function quarterStartDate(quarter: string): string {
  const q = quarterOrThrow(quarter);
  return `${quarter.slice(0, 4)}-${QUARTER_DAYS[q.quarter].first}`;
}

/** The last day of a quarter (`2027-Q1` ends `2027-03-31`). Throws a RangeError for a malformed quarter. */
export function quarterEndDate(quarter: string): string {
  const q = quarterOrThrow(quarter);
  return `${quarter.slice(0, 4)}-${QUARTER_DAYS[q.quarter].last}`;
}

/**
 * The date by which a quarter's credits are due: its last day plus the
 * policy's disbursement days (`2027-Q1`: 2027-03-31 + 30 = 2027-04-30).
 */
export function creditsDueDate(quarter: string, policy: FundingPolicy2027 = FUNDING_POLICY_2027): string {
  return addDays(quarterEndDate(quarter), policy.creditDisbursementDays.value);
}

/**
 * A cash tranche's fund-request name from the policy's template, e.g.
 * `MAP Mobilize Project - Acme Corp`. The customer's name is inserted as
 * written (trimmed); no character of it is read as a pattern.
 */
export function fundRequestName2027(
  tranche: CashTranche,
  customerName: string,
  policy: FundingPolicy2027 = FUNDING_POLICY_2027,
): string {
  const t = policy.fundRequestNames.value;
  return t.byTranche[tranche].split(t.placeholder).join(customerName.trim());
}
