/**
 * "Money left on the table" (seed §VIII, DESIGN.md §2): patterns a partner
 * or ops should act on, with the dollars at stake where they can be computed.
 */
import type { OpportunityContext } from './context';
import type { PersistedOpportunity } from './engine';
import { envelopeFor, fundRequestStatus, hasSubmittedClaim, approvedCents, dueInstantMs } from './funding';
import { partnerTrancheFor } from './facts';
import { DAY_MS, daysBetween, multiplyCents, toMs } from './money';
import { FUNDING_POLICY, type FundingPolicy } from './policy';
import { isCompleteProfile, triageIfComplete } from './triage';
import { TRANCHES, type Tranche } from './types';

export type FindingCode =
  | 'ASSESS_NEVER_STARTED'
  | 'MIGRATE_FUNDING_NOT_REQUESTED'
  | 'COMMITTED_SPEND_UNDERSIZED'
  | 'WORK_BEFORE_CASH_CLAIM'
  | 'FUND_REQUEST_NEAR_DUE'
  | 'FUND_REQUEST_EXPIRED'
  | 'MODERNIZING_TOO_EARLY'
  | 'PARTNER_WITHOUT_MAP_DEPTH';

export interface Finding {
  code: FindingCode;
  title: string;
  detail: string;
  dollarsAtStakeCents: number | null;
}

function sumEnvelopes(ctx: OpportunityContext, tranches: readonly Tranche[], policy: FundingPolicy): number {
  return tranches.reduce((s, t) => s + envelopeFor(t, ctx.profile, policy), 0);
}

/**
 * The findings of an opportunity at `now`. `partnerStats` comes from the
 * service (closed MAP opportunities of the partner org in mapflow). Pure.
 */
export function findings(
  persisted: PersistedOpportunity,
  now: string,
  partnerStats: { closedMapOpportunities: number },
  policy: FundingPolicy = FUNDING_POLICY,
): Finding[] {
  const ctx = persisted.context;
  const phase = persisted.value;
  const out: Finding[] = [];
  const isMap = triageIfComplete(ctx.profile, policy)?.program === 'MAP';

  // Assess never started: idle in intake.
  const idleDays = daysBetween(ctx.phaseEnteredAt, now);
  if (phase === 'intake' && idleDays >= policy.intakeIdleDays.value) {
    out.push({
      code: 'ASSESS_NEVER_STARTED',
      title: 'Assess never started',
      detail: `This opportunity has been in intake for ${idleDays} days. Assess is free and it is the qualifier for every later tranche.`,
      dollarsAtStakeCents: isMap ? sumEnvelopes(ctx, TRANCHES, policy) : null,
    });
  }

  // Mobilize funding requested, Migrate funding not.
  const filed = new Set(ctx.fundRequests.map((r) => r.tranche));
  const migrateTranches: Tranche[] = ['migrate_partner_funding', 'migrate_credits'];
  if (
    (filed.has('mobilize_partner_funding') || filed.has('mobilize_credits')) &&
    !migrateTranches.some((t) => filed.has(t))
  ) {
    out.push({
      code: 'MIGRATE_FUNDING_NOT_REQUESTED',
      title: 'Mobilize funding claimed but no Migrate request',
      detail:
        'The largest share of MAP funding lands in Migrate, scaled to committed spend; file the Migrate tranches.',
      dollarsAtStakeCents: sumEnvelopes(ctx, migrateTranches, policy),
    });
  }

  // Committed spend under-sized against the discovered estate.
  if (isCompleteProfile(ctx.profile) && isMap) {
    const estate =
      multiplyCents(ctx.profile.servers, policy.estateMonthlyCentsPerServer.value) +
      multiplyCents(ctx.profile.databases, policy.estateMonthlyCentsPerDatabase.value);
    if (ctx.profile.projectedMonthlyAwsSpendCents < estate) {
      const resized = { ...ctx.profile, projectedMonthlyAwsSpendCents: estate };
      const gain = TRANCHES.reduce(
        (s, t) => s + envelopeFor(t, resized, policy) - envelopeFor(t, ctx.profile, policy),
        0,
      );
      out.push({
        code: 'COMMITTED_SPEND_UNDERSIZED',
        title: 'Committed spend looks under-sized',
        detail: `The discovered estate (${ctx.profile.servers} servers, ${ctx.profile.databases} databases) suggests about ${estate} cents a month on AWS, above the committed ${ctx.profile.projectedMonthlyAwsSpendCents}. A credible, fully-scoped projection sizes the envelope.`,
        dollarsAtStakeCents: gain,
      });
    }
  }

  // Work started before the fund request reached cash_claim.
  for (const w of ctx.waves) {
    if (w.startedWithCashClaim === false) {
      const tranche = partnerTrancheFor(w.kind);
      const fr = ctx.fundRequests.find((r) => r.tranche === tranche);
      out.push({
        code: 'WORK_BEFORE_CASH_CLAIM',
        title: 'Work started before its fund request reached cash_claim',
        detail: `Wave ${w.waveId} started on ${w.startedAt ?? ''} before the ${tranche} request was pre-approved (cash_claim); that work may not be reimbursed.`,
        dollarsAtStakeCents: fr?.amountCents ?? envelopeFor(tranche, ctx.profile, policy),
      });
    }
  }

  // Fund requests nearing their due date, or expired, with no claim submitted.
  for (const fr of ctx.fundRequests) {
    const status = fundRequestStatus(fr, now);
    const atStake = fr.amountCents - approvedCents(fr);
    if (status === 'expired') {
      out.push({
        code: 'FUND_REQUEST_EXPIRED',
        title: 'Fund request expired without a claim',
        detail: `The ${fr.tranche} request reached its claim due date ${fr.claimDueDate} with no submitted claim.`,
        dollarsAtStakeCents: atStake,
      });
    } else if (
      status !== 'completed' &&
      status !== 'terminated' &&
      !hasSubmittedClaim(fr) &&
      dueInstantMs(fr.claimDueDate) - toMs(now) <= policy.nearDueDays.value * DAY_MS
    ) {
      out.push({
        code: 'FUND_REQUEST_NEAR_DUE',
        title: 'Fund request nearing its due date with no claim',
        detail: `The ${fr.tranche} request's claims are due by ${fr.claimDueDate} and none has been submitted.`,
        dollarsAtStakeCents: atStake,
      });
    }
  }

  // Refactor-heavy early waves: the pilot and the first production wave.
  const early = [
    ...ctx.waves.filter((w) => w.kind === 'pilot' && w.status !== 'cancelled'),
    ...ctx.waves.filter((w) => w.kind === 'production' && w.status !== 'cancelled').slice(0, 1),
  ];
  const apps = early.flatMap((w) => w.applications);
  const refactors = apps.filter((a) => a.disposition === 'refactor').length;
  if (apps.length > 0 && refactors * policy.bpsDenominator >= apps.length * policy.refactorHeavyBps.value) {
    out.push({
      code: 'MODERNIZING_TOO_EARLY',
      title: 'Refactor-heavy early waves',
      detail: `${refactors} of ${apps.length} applications in the early waves are refactored. Rehost or replatform to land fast under MAP, then modernize selectively.`,
      dollarsAtStakeCents: null,
    });
  }

  // A partner without MAP depth.
  if (partnerStats.closedMapOpportunities < policy.mapDepthMinClosed.value) {
    out.push({
      code: 'PARTNER_WITHOUT_MAP_DEPTH',
      title: 'Partner without MAP depth',
      detail: `This partner has closed ${partnerStats.closedMapOpportunities} MAP opportunities in mapflow (fewer than ${policy.mapDepthMinClosed.value}); experienced partners claim tiers first-timers miss.`,
      dollarsAtStakeCents: null,
    });
  }
  return out;
}
