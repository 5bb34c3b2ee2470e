/**
 * Machine version 2's read model (design/funding-v2.md, "The read, for
 * version 2"): its fund requests, the partner cash per tranche, the
 * customer's MAP credits per quarter, the ACE opportunity, and triage re-run
 * on the actual run-rate. Pure projections of the context at an explicit
 * `now`; nothing derived here is stored.
 */
import type { Claim2, FundRequest2, FundRequestRejection, FundRequestStage2, OpportunityContext2 } from './context';
import type { AceReviewStatus, AceStage, PlanTermination } from './context';
import { creditEstimateCents, creditsDueDate, envelopeFor2027, quarterEndDate, quarterStartDate } from './funding';
import { CASH_TRANCHES, FUNDING_POLICY_2027, type CashTranche, type FundingPolicy2027 } from './policy';
import {
  approvedCents2,
  fundRequestStatus2,
  openRequestOf,
  paidCents2,
  requestsOf,
  type FundRequestStatus2,
} from './requests';
import { daysBetween, dateOf, toMs } from '../money';
import { isCompleteProfile, triage, type TriageResult } from '../triage';

/** A record over the three cash tranches. */
export function byCashTranche<T>(f: (t: CashTranche) => T): Record<CashTranche, T> {
  return {
    assess_partner_funding: f('assess_partner_funding'),
    mobilize_partner_funding: f('mobilize_partner_funding'),
    migrate_partner_funding: f('migrate_partner_funding'),
  };
}

/** One fund request as read: what it asked, where it stands at `now`, and its claims. */
export interface FundRequestRead2 {
  requestId: string;
  tranche: CashTranche;
  name: string;
  stage: FundRequestStage2;
  /** The stage, or `expired` at `now`. */
  status: FundRequestStatus2;
  projectStartDate: string | null;
  projectEndDate: string;
  claimDueDate: string;
  /** The workloads the request funds, normalised (the stacking rule reads them). */
  workloads: string[];
  filedAt: string;
  requestedCents: number;
  preApprovedCents: number | null;
  awsFundRequestId: string | null;
  purchaseOrder: string | null;
  /** The tranche's envelope when filed, and the downgrade flag computed against it. */
  envelopeCents: number;
  likelyDowngrade: boolean;
  overByCents: number;
  rejections: FundRequestRejection[];
  claims: Claim2[];
}

/** Every fund request of the opportunity, oldest first, each with its status at `now`. */
export function fundRequestsRead2(ctx: Pick<OpportunityContext2, 'fundRequests'>, now: string): FundRequestRead2[] {
  return ctx.fundRequests.map((fr) => ({
    requestId: fr.requestId,
    tranche: fr.tranche,
    name: fr.name,
    stage: fr.stage,
    status: fundRequestStatus2(fr, now),
    projectStartDate: fr.projectStartDate,
    workloads: [...fr.workloads],
    filedAt: fr.filedAt,
    projectEndDate: fr.projectEndDate,
    claimDueDate: fr.claimDueDate,
    requestedCents: fr.requestedCents,
    preApprovedCents: fr.preApprovedCents,
    awsFundRequestId: fr.awsFundRequestId,
    purchaseOrder: fr.purchaseOrder,
    envelopeCents: fr.envelopeCents,
    likelyDowngrade: fr.likelyDowngrade,
    overByCents: fr.overByCents,
    rejections: fr.rejections,
    claims: fr.claims,
  }));
}

/**
 * The request that stands for a tranche at `now`: its open request, else its
 * latest `completed` one; null when it has neither. A rejected, terminated or
 * expired request asks AWS for nothing any more (an expired one is reported by
 * the `FUND_REQUEST_EXPIRED` finding instead), so it never stands for the
 * tranche. (Our choice.)
 */
export function liveRequestOf(
  ctx: Pick<OpportunityContext2, 'fundRequests'>,
  tranche: CashTranche,
  now: string,
): FundRequest2 | null {
  const open = openRequestOf(ctx, tranche, now);
  if (open !== null) return open;
  const completed = requestsOf(ctx, tranche).filter((r) => r.stage === 'completed');
  return completed.length > 0 ? completed[completed.length - 1] : null;
}

/** The partner cash of one tranche. */
export interface CashTrancheFunding {
  /** The policy envelope on the current profile. */
  envelopeCents: number;
  /** Requested by the tranche's live request ({@link liveRequestOf}); 0 without one. */
  requestedCents: number;
  /** Pre-approved by AWS on the live request's entry into `cash_claim`; 0 until then. */
  preApprovedCents: number;
  /** AWS's claim outcomes, over every request of the tranche. */
  approvedCents: number;
  /** Paid, over every request of the tranche. */
  paidCents: number;
}

/** The partner cash per cash tranche at `now`. */
export function fundingRead2(
  ctx: Pick<OpportunityContext2, 'fundRequests' | 'profile'>,
  now: string,
  policy: FundingPolicy2027 = FUNDING_POLICY_2027,
): Record<CashTranche, CashTrancheFunding> {
  return byCashTranche((t): CashTrancheFunding => {
    const live = liveRequestOf(ctx, t, now);
    const all = requestsOf(ctx, t);
    return {
      envelopeCents: envelopeFor2027(t, ctx.profile, policy),
      requestedCents: live?.requestedCents ?? 0,
      preApprovedCents: live?.preApprovedCents ?? 0,
      approvedCents: all.reduce((s, r) => s + approvedCents2(r), 0),
      paidCents: all.reduce((s, r) => s + paidCents2(r), 0),
    };
  });
}

/** `spendCents x days / ofDays`, floored, in BigInt so no cent is lost to float precision. */
function prorate(spendCents: number, days: number, ofDays: number): number {
  return Number((BigInt(spendCents) * BigInt(days)) / BigInt(ofDays));
}

/**
 * The part of a quarter's spend that counts for credits, given a plan
 * termination (design/funding-v2.md, "Plan termination": credits count spend
 * up to that date). The ledger records spend per quarter, not per day, so for
 * the quarter holding the termination date the spend is prorated by days:
 * days from the quarter's first day to the termination date, both included,
 * over the days of the quarter, floored to the cent. A quarter that starts
 * after the date counts nothing; one that ends on or before it counts whole.
 * (Our choice: spend is taken as spread evenly over the quarter.)
 */
export function countedSpendCents(
  spendCents: number,
  quarter: string,
  termination: Pick<PlanTermination, 'on'> | null,
): number {
  if (termination === null) return spendCents;
  const on = dateOf(termination.on);
  const first = quarterStartDate(quarter);
  const last = quarterEndDate(quarter);
  if (on < first) return 0;
  if (on >= last) return spendCents;
  return prorate(spendCents, daysBetween(first, on) + 1, daysBetween(first, last) + 1);
}

/** One quarter of the customer's MAP credits, as read. */
export interface CreditQuarterRead {
  quarter: string;
  /** As recorded from the customer's cost report. */
  taggedSpendCents: number;
  untaggedSpendCents: number;
  /** The recorded spend that counts ({@link countedSpendCents}): all of it unless the plan was terminated. */
  countedTaggedSpendCents: number;
  countedUntaggedSpendCents: number;
  /** The policy's credit rate x the counted tagged spend. */
  estimateCents: number;
  /** What the counted untagged spend would have earned, had it been tagged. */
  lostToUntaggedCents: number;
  /** Issued by AWS for the quarter, over every account. */
  issuedCents: number;
  /** The quarter's last day plus the policy's disbursement days. */
  dueDate: string;
}

export interface CreditsRead2 {
  /** In calendar order. */
  quarters: CreditQuarterRead[];
  estimateCents: number;
  issuedCents: number;
  lostToUntaggedCents: number;
}

/** The customer's MAP credits ledger, per quarter and in total. */
export function creditsRead2(
  ctx: Pick<OpportunityContext2, 'credits' | 'planTermination'>,
  policy: FundingPolicy2027 = FUNDING_POLICY_2027,
): CreditsRead2 {
  const quarters = [...ctx.credits]
    .sort((a, b) => toMs(quarterStartDate(a.quarter)) - toMs(quarterStartDate(b.quarter)))
    .map((q): CreditQuarterRead => {
      const countedTagged = countedSpendCents(q.taggedSpendCents, q.quarter, ctx.planTermination);
      const countedUntagged = countedSpendCents(q.untaggedSpendCents, q.quarter, ctx.planTermination);
      return {
        quarter: q.quarter,
        taggedSpendCents: q.taggedSpendCents,
        untaggedSpendCents: q.untaggedSpendCents,
        countedTaggedSpendCents: countedTagged,
        countedUntaggedSpendCents: countedUntagged,
        estimateCents: creditEstimateCents(countedTagged, policy),
        lostToUntaggedCents: creditEstimateCents(countedUntagged, policy),
        issuedCents: q.issued.reduce((s, i) => s + i.amountCents, 0),
        dueDate: creditsDueDate(q.quarter, policy),
      };
    });
  return {
    quarters,
    estimateCents: quarters.reduce((s, q) => s + q.estimateCents, 0),
    issuedCents: quarters.reduce((s, q) => s + q.issuedCents, 0),
    lostToUntaggedCents: quarters.reduce((s, q) => s + q.lostToUntaggedCents, 0),
  };
}

export interface AceRead2 {
  /** Null only while the ACE sync has not linked one yet (the read then shows its `syncError`). */
  aceOpportunityId: string | null;
  stage: AceStage | null;
  reviewStatus: AceReviewStatus | null;
  lastModifiedDate: string | null;
  /** The ACE sync's last error (design/ace.md), added by the API's read when a sync runs and its last attempt failed. */
  syncError?: { message: string; at: string; attempts: number };
}

/** The ACE opportunity as last recorded, or null when none is. */
export function aceRead2(ctx: Pick<OpportunityContext2, 'ace'>): AceRead2 | null {
  if (ctx.ace === null) return null;
  const { aceOpportunityId, stage, reviewStatus, lastModifiedDate } = ctx.ace;
  return { aceOpportunityId, stage, reviewStatus, lastModifiedDate };
}

/** A cash tranche's envelope on the committed and on the actual run-rate. */
export interface EnvelopePair {
  committedCents: number;
  actualCents: number;
}

export interface ActualRunRateRead {
  committedMonthlyCents: number;
  actualMonthlyCents: number;
  recordedAt: string;
  /** Triage on the profile with the actual run-rate in place of the committed one. */
  triage: TriageResult;
  envelopes: Record<CashTranche, EnvelopePair>;
  /** The sum over the cash tranches of the envelope on the committed run-rate minus the one on the actual. */
  envelopeDifferenceCents: number;
}

/**
 * Once the actual run-rate is recorded (`RECORD_RUN_RATE`): triage re-run on
 * it (policy 2027.1 triages as 2026.1 does) and the cash envelopes on both
 * figures. Null before, and while the profile is incomplete (triage cannot
 * run on it).
 */
export function actualRunRateTriage2(
  ctx: Pick<OpportunityContext2, 'runRate' | 'profile'>,
  policy: FundingPolicy2027 = FUNDING_POLICY_2027,
): ActualRunRateRead | null {
  if (ctx.runRate === null || !isCompleteProfile(ctx.profile)) return null;
  const committed = ctx.profile;
  const actual = { ...committed, projectedMonthlyAwsSpendCents: ctx.runRate.monthlyCents };
  const envelopes = byCashTranche((t): EnvelopePair => ({
    committedCents: envelopeFor2027(t, committed, policy),
    actualCents: envelopeFor2027(t, actual, policy),
  }));
  return {
    committedMonthlyCents: committed.projectedMonthlyAwsSpendCents,
    actualMonthlyCents: ctx.runRate.monthlyCents,
    recordedAt: ctx.runRate.recordedAt,
    triage: triage(actual, policy),
    envelopes,
    envelopeDifferenceCents: CASH_TRANCHES.reduce(
      (s, t) => s + envelopes[t].committedCents - envelopes[t].actualCents,
      0,
    ),
  };
}
