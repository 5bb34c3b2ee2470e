/**
 * "Money left on the table" for machine version 2 (design/funding-v2.md,
 * "Checks and findings added"). Version 1's findings whose rule does not
 * depend on how funding is recorded are applied as they are (findings.ts);
 * those that read fund requests are restated on version 2's requests (several
 * per tranche, cash only); and the credits ledger and the actual run-rate add
 * their own. Same shape as version 1's; pure.
 */
import { checklistFor } from '../checklists';
import {
  assessNeverStarted,
  claimDueFinding,
  committedSpendUndersized,
  FINDING_TITLES,
  modernizingTooEarly,
  partnerWithoutMapDepth,
  present,
  wavesStartedBeforeCashClaim,
  type Finding,
  type FindingCode,
} from '../findings';
import { dueInstantMs } from '../funding';
import { toMs } from '../money';
import { triageIfComplete, type TriageResult } from '../triage';
import type { Phase } from '../types';
import type { OpportunityContext2 } from './context';
import { envelopeFor2027 } from './funding';
import { CASH_TRANCHES, FUNDING_POLICY_2027, type CashTranche, type FundingPolicy2027 } from './policy';
import { actualRunRateTriage2, creditsRead2, liveRequestOf } from './read';
import { approvedCents2, fundRequestStatus2, hasSubmittedClaim2, isOpenRequest, requestsOf } from './requests';

export type FindingCode2 = FindingCode | 'COMMITTED_SPEND_NOT_REALIZED' | 'UNTAGGED_SPEND' | 'CREDITS_NOT_ISSUED';
export type Finding2 = Finding<FindingCode2>;

/** What the findings read: the phase and the version-2 context (a persisted snapshot has both). */
export interface Snapshot2 {
  value: Phase;
  context: OpportunityContext2;
}

const TITLES_2: Record<Exclude<FindingCode2, FindingCode>, string> = {
  COMMITTED_SPEND_NOT_REALIZED: 'Committed spend not realized',
  UNTAGGED_SPEND: 'Spend without MAP tags',
  CREDITS_NOT_ISSUED: 'MAP credits not issued',
};

function sumEnvelopes(profile: OpportunityContext2['profile'], policy: FundingPolicy2027): number {
  return CASH_TRANCHES.reduce((s, t) => s + envelopeFor2027(t, profile, policy), 0);
}

/** The money a tranche's work stands for: its live request's amount, else its envelope (as version 1). */
function trancheAtStake(
  ctx: OpportunityContext2,
  tranche: CashTranche,
  now: string,
  policy: FundingPolicy2027,
): number {
  return liveRequestOf(ctx, tranche, now)?.requestedCents ?? envelopeFor2027(tranche, ctx.profile, policy);
}

/**
 * `MIGRATE_FUNDING_NOT_REQUESTED`, as the brief says: a Mobilize cash claim
 * approved (approved, downgraded or paid), and no Migrate request standing
 * ({@link liveRequestOf}: open or completed; a rejected, terminated or
 * expired one asks for nothing). At stake: the Migrate envelope.
 */
function migrateFundingNotRequested(ctx: OpportunityContext2, now: string, policy: FundingPolicy2027): Finding2 | null {
  const mobilizeClaimed = requestsOf(ctx, 'mobilize_partner_funding').some((r) =>
    r.claims.some((c) => c.outcome === 'approved' || c.outcome === 'downgraded'),
  );
  if (!mobilizeClaimed || liveRequestOf(ctx, 'migrate_partner_funding', now) !== null) return null;
  return {
    code: 'MIGRATE_FUNDING_NOT_REQUESTED',
    title: FINDING_TITLES.MIGRATE_FUNDING_NOT_REQUESTED,
    detail:
      'AWS approved a Mobilize claim, but no Migrate request is filed. The largest share of MAP funding lands in Migrate, scaled to committed spend; file the Migrate tranche before its work starts.',
    dollarsAtStakeCents: envelopeFor2027('migrate_partner_funding', ctx.profile, policy),
  };
}

function triageWords(t: TriageResult): string {
  return t.ladder === null ? t.program : `${t.program} (${t.ladder})`;
}

/**
 * `COMMITTED_SPEND_NOT_REALIZED`: the actual run-rate is below the policy's
 * share of the committed one. At stake: the envelope difference, summed over
 * the cash tranches (envelope on the committed run-rate minus envelope on the
 * actual one).
 */
function committedSpendNotRealized(ctx: OpportunityContext2, policy: FundingPolicy2027): Finding2 | null {
  const read = actualRunRateTriage2(ctx, policy);
  if (read === null) return null;
  const { committedMonthlyCents: committed, actualMonthlyCents: actual } = read;
  const bps = policy.committedSpendRealizedBps.value;
  // actual / committed < bps / denominator, without division.
  if (actual * policy.bpsDenominator >= committed * bps) return null;
  return {
    code: 'COMMITTED_SPEND_NOT_REALIZED',
    title: TITLES_2.COMMITTED_SPEND_NOT_REALIZED,
    detail: `The actual run-rate, ${actual} cents a month, is below ${bps / 100}% of the committed ${committed}. On the actual figure triage says ${triageWords(read.triage)}, and the cash envelopes would be ${read.envelopeDifferenceCents} cents smaller; AWS sizes later funding on realized spend.`,
    dollarsAtStakeCents: read.envelopeDifferenceCents,
  };
}

/**
 * `WORK_BEFORE_CASH_CLAIM` for checklist work: per cash tranche, the items of
 * its phase's checklist completed before any request of the tranche reached
 * `cash_claim` (all of them, while none has). Only that work's share is at
 * stake: the tranche's money ({@link trancheAtStake}) times the early items
 * over the phase's items, floored (our choice: every item of a phase's
 * checklist weighs the same).
 */
function checklistBeforeCashClaim(ctx: OpportunityContext2, now: string, policy: FundingPolicy2027): Finding2[] {
  return CASH_TRANCHES.flatMap((tranche): Finding2[] => {
    const phase = policy.cashTranches[tranche].phase;
    const items = checklistFor(phase).map((i) => i.key);
    const reached = requestsOf(ctx, tranche)
      .flatMap((r) => r.stageHistory.filter((h) => h.stage === 'cash_claim').map((h) => h.at))
      .sort((a, b) => toMs(a) - toMs(b));
    const cashClaimAt = reached.length > 0 ? reached[0] : null;
    const early = ctx.checklist.filter(
      (e) => items.includes(e.key) && (cashClaimAt === null || toMs(e.completedAt) < toMs(cashClaimAt)),
    );
    if (early.length === 0) return [];
    const atStake = Number(
      (BigInt(trancheAtStake(ctx, tranche, now, policy)) * BigInt(early.length)) / BigInt(items.length),
    );
    const when = cashClaimAt === null ? 'before any' : 'before the';
    return [
      {
        code: 'WORK_BEFORE_CASH_CLAIM',
        title: FINDING_TITLES.WORK_BEFORE_CASH_CLAIM,
        detail: `${early.length} of the ${items.length} ${phase} checklist items (${early.map((e) => e.key).join(', ')}) were completed ${when} ${tranche} request reached cash_claim${cashClaimAt === null ? '' : ` on ${cashClaimAt}`}; that work's share may not be reimbursed.`,
        dollarsAtStakeCents: atStake,
      },
    ];
  });
}

/**
 * `FUND_REQUEST_EXPIRED` and `FUND_REQUEST_NEAR_DUE`, per request, as in
 * version 1. An expired request is reported only while it is its tranche's
 * latest: once the tranche is filed again, the new request carries the money.
 */
function dueFindings(ctx: OpportunityContext2, now: string, policy: FundingPolicy2027): Finding2[] {
  return present(
    ...ctx.fundRequests.map((fr) => {
      const mine = requestsOf(ctx, fr.tranche);
      const latest = mine[mine.length - 1] === fr;
      return claimDueFinding(
        {
          label: fr.requestId,
          claimDueDate: fr.claimDueDate,
          expired: latest && fundRequestStatus2(fr, now) === 'expired',
          awaitingClaim: isOpenRequest(fr, now) && !hasSubmittedClaim2(fr),
          atStakeCents: fr.requestedCents - approvedCents2(fr),
        },
        now,
        policy,
      );
    }),
  );
}

/**
 * `UNTAGGED_SPEND`, per quarter whose counted spend (up to a plan termination)
 * includes untagged spend; at stake, the credits it lost. `CREDITS_NOT_ISSUED`,
 * per quarter whose credits were due before `now` (the whole due date is
 * allowed), with an estimate and nothing issued; at stake, the estimate.
 */
function creditFindings(ctx: OpportunityContext2, now: string, policy: FundingPolicy2027): Finding2[] {
  const rate = `${policy.creditRateBps.value / 100}%`;
  return creditsRead2(ctx, policy).quarters.flatMap((q): Finding2[] => {
    const out: Finding2[] = [];
    if (q.countedUntaggedSpendCents > 0) {
      out.push({
        code: 'UNTAGGED_SPEND',
        title: TITLES_2.UNTAGGED_SPEND,
        detail: `In ${q.quarter}, ${q.countedUntaggedSpendCents} cents of migrated spend carried no MAP tag, so it earned no credits (${q.lostToUntaggedCents} cents at ${rate}). Credits accrue only on spend tagged after the tag is applied: tag resources before they run.`,
        dollarsAtStakeCents: q.lostToUntaggedCents,
      });
    }
    if (q.estimateCents > 0 && q.issuedCents === 0 && toMs(now) >= dueInstantMs(q.dueDate)) {
      out.push({
        code: 'CREDITS_NOT_ISSUED',
        title: TITLES_2.CREDITS_NOT_ISSUED,
        detail: `The credits for ${q.quarter} (about ${q.estimateCents} cents) were due by ${q.dueDate} and none is recorded as issued. Check the customer's bill and raise it with AWS.`,
        dollarsAtStakeCents: q.estimateCents,
      });
    }
    return out;
  });
}

/**
 * The findings of a version-2 opportunity at `now`, in version 1's order with
 * version 2's beside their kin. `partnerStats` comes from the service (closed
 * MAP opportunities of the partner org in mapflow), as in version 1. Pure.
 */
export function findings2(
  snapshot: Snapshot2,
  now: string,
  partnerStats: { closedMapOpportunities: number },
  policy: FundingPolicy2027 = FUNDING_POLICY_2027,
): Finding2[] {
  const ctx = snapshot.context;
  const isMap = triageIfComplete(ctx.profile, policy)?.program === 'MAP';
  return [
    ...present<Finding2>(
      assessNeverStarted(
        snapshot.value,
        ctx.phaseEnteredAt,
        now,
        policy,
        isMap ? sumEnvelopes(ctx.profile, policy) : null,
      ),
      migrateFundingNotRequested(ctx, now, policy),
      committedSpendUndersized(ctx.profile, policy, (resized) =>
        CASH_TRANCHES.reduce(
          (s, t) => s + envelopeFor2027(t, resized, policy) - envelopeFor2027(t, ctx.profile, policy),
          0,
        ),
      ),
      committedSpendNotRealized(ctx, policy),
    ),
    ...wavesStartedBeforeCashClaim(ctx.waves, (tranche) => trancheAtStake(ctx, tranche, now, policy)),
    ...checklistBeforeCashClaim(ctx, now, policy),
    ...dueFindings(ctx, now, policy),
    ...creditFindings(ctx, now, policy),
    ...present(modernizingTooEarly(ctx.waves, policy), partnerWithoutMapDepth(partnerStats, policy)),
  ];
}
