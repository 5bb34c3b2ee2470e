/**
 * "Money left on the table" (seed §VIII, DESIGN.md §2): patterns a partner
 * or ops should act on, with the dollars at stake where they can be computed.
 *
 * Each finding whose rule does not depend on how funding is recorded is
 * exported as its own pure function, so that machine version 2's findings
 * (v2/findings.ts) apply the same rule in the same words.
 */
import type { OpportunityContext, Wave } from './context';
import type { PersistedOpportunity } from './engine';
import { envelopeFor, fundRequestStatus, hasSubmittedClaim, approvedCents, dueInstantMs } from './funding';
import { partnerTrancheFor } from './facts';
import { DAY_MS, daysBetween, multiplyCents, toMs } from './money';
import { FUNDING_POLICY, type FundingPolicy } from './policy';
import { isCompleteProfile, triageIfComplete, type TriagePolicy } from './triage';
import { TRANCHES, type Phase, type Profile, type Tranche } from './types';

export type FindingCode =
  | 'ASSESS_NEVER_STARTED'
  | 'MIGRATE_FUNDING_NOT_REQUESTED'
  | 'COMMITTED_SPEND_UNDERSIZED'
  | 'WORK_BEFORE_CASH_CLAIM'
  | 'FUND_REQUEST_NEAR_DUE'
  | 'FUND_REQUEST_EXPIRED'
  | 'MODERNIZING_TOO_EARLY'
  | 'PARTNER_WITHOUT_MAP_DEPTH';

/** A finding; `C` is the machine version's set of codes (version 1's by default). */
export interface Finding<C extends string = FindingCode> {
  code: C;
  title: string;
  detail: string;
  dollarsAtStakeCents: number | null;
}

/** The title of each finding, shared by both machine versions. */
export const FINDING_TITLES: Record<FindingCode, string> = {
  ASSESS_NEVER_STARTED: 'Assess never started',
  MIGRATE_FUNDING_NOT_REQUESTED: 'Mobilize funding claimed but no Migrate request',
  COMMITTED_SPEND_UNDERSIZED: 'Committed spend looks under-sized',
  WORK_BEFORE_CASH_CLAIM: 'Work started before its fund request reached cash_claim',
  FUND_REQUEST_NEAR_DUE: 'Fund request nearing its due date with no claim',
  FUND_REQUEST_EXPIRED: 'Fund request expired without a claim',
  MODERNIZING_TOO_EARLY: 'Refactor-heavy early waves',
  PARTNER_WITHOUT_MAP_DEPTH: 'Partner without MAP depth',
};

function sumEnvelopes(ctx: OpportunityContext, tranches: readonly Tranche[], policy: FundingPolicy): number {
  return tranches.reduce((s, t) => s + envelopeFor(t, ctx.profile, policy), 0);
}

/**
 * `ASSESS_NEVER_STARTED`: in intake for at least the policy's idle days at
 * `now`. `atStakeCents` is the funding the opportunity would open (the
 * caller's envelopes), or null when it does not triage to MAP.
 */
export function assessNeverStarted(
  phase: Phase,
  phaseEnteredAt: string,
  now: string,
  policy: Pick<FundingPolicy, 'intakeIdleDays'>,
  atStakeCents: number | null,
): Finding | null {
  const idleDays = daysBetween(phaseEnteredAt, now);
  if (phase !== 'intake' || idleDays < policy.intakeIdleDays.value) return null;
  return {
    code: 'ASSESS_NEVER_STARTED',
    title: FINDING_TITLES.ASSESS_NEVER_STARTED,
    detail: `This opportunity has been in intake for ${idleDays} days. Assess is free and it is the qualifier for every later tranche.`,
    dollarsAtStakeCents: atStakeCents,
  };
}

/** The figures the estate check reads. */
export type EstatePolicy = TriagePolicy &
  Pick<FundingPolicy, 'estateMonthlyCentsPerServer' | 'estateMonthlyCentsPerDatabase'>;

/**
 * `COMMITTED_SPEND_UNDERSIZED`: a complete MAP profile whose committed run-rate
 * is below what its discovered estate suggests. `gainCents` gives what the
 * envelopes would gain on the profile resized to the estate.
 */
export function committedSpendUndersized(
  profile: Partial<Profile>,
  policy: EstatePolicy,
  gainCents: (resized: Profile) => number,
): Finding | null {
  if (!isCompleteProfile(profile) || triageIfComplete(profile, policy)?.program !== 'MAP') return null;
  const estate =
    multiplyCents(profile.servers, policy.estateMonthlyCentsPerServer.value) +
    multiplyCents(profile.databases, policy.estateMonthlyCentsPerDatabase.value);
  if (profile.projectedMonthlyAwsSpendCents >= estate) return null;
  return {
    code: 'COMMITTED_SPEND_UNDERSIZED',
    title: FINDING_TITLES.COMMITTED_SPEND_UNDERSIZED,
    detail: `The discovered estate (${profile.servers} servers, ${profile.databases} databases) suggests about ${estate} cents a month on AWS, above the committed ${profile.projectedMonthlyAwsSpendCents}. A credible, fully-scoped projection sizes the envelope.`,
    dollarsAtStakeCents: gainCents({ ...profile, projectedMonthlyAwsSpendCents: estate }),
  };
}

/**
 * `WORK_BEFORE_CASH_CLAIM` for waves: one per wave started before its
 * partner-funding request reached `cash_claim`. `atStakeCents` gives the
 * tranche's money at stake.
 */
export function wavesStartedBeforeCashClaim(
  waves: readonly Wave[],
  atStakeCents: (tranche: ReturnType<typeof partnerTrancheFor>) => number,
): Finding[] {
  return waves.flatMap((w) => {
    if (w.startedWithCashClaim !== false) return [];
    const tranche = partnerTrancheFor(w.kind);
    return [
      {
        code: 'WORK_BEFORE_CASH_CLAIM',
        title: FINDING_TITLES.WORK_BEFORE_CASH_CLAIM,
        detail: `Wave ${w.waveId} started on ${w.startedAt ?? ''} before the ${tranche} request was pre-approved (cash_claim); that work may not be reimbursed.`,
        dollarsAtStakeCents: atStakeCents(tranche),
      },
    ];
  });
}

/** A fund request as the due-date findings read it. */
export interface DueCheck {
  /** How the detail names the request (version 1: its tranche). */
  label: string;
  claimDueDate: string;
  /** Expired at `now` (read-time status). */
  expired: boolean;
  /** Open at `now` (neither final nor expired) with no claim submitted. */
  awaitingClaim: boolean;
  atStakeCents: number;
}

/**
 * `FUND_REQUEST_EXPIRED` for an expired request; `FUND_REQUEST_NEAR_DUE` for
 * one still awaiting its first claim within the policy's near-due days of its
 * due date (the end of that day); else null.
 */
export function claimDueFinding(fr: DueCheck, now: string, policy: Pick<FundingPolicy, 'nearDueDays'>): Finding | null {
  if (fr.expired) {
    return {
      code: 'FUND_REQUEST_EXPIRED',
      title: FINDING_TITLES.FUND_REQUEST_EXPIRED,
      detail: `The ${fr.label} request reached its claim due date ${fr.claimDueDate} with no submitted claim.`,
      dollarsAtStakeCents: fr.atStakeCents,
    };
  }
  if (fr.awaitingClaim && dueInstantMs(fr.claimDueDate) - toMs(now) <= policy.nearDueDays.value * DAY_MS) {
    return {
      code: 'FUND_REQUEST_NEAR_DUE',
      title: FINDING_TITLES.FUND_REQUEST_NEAR_DUE,
      detail: `The ${fr.label} request's claims are due by ${fr.claimDueDate} and none has been submitted.`,
      dollarsAtStakeCents: fr.atStakeCents,
    };
  }
  return null;
}

/** `MODERNIZING_TOO_EARLY`: refactors are at least the policy's share of the early waves' applications (the pilot and the first production wave). */
export function modernizingTooEarly(
  waves: readonly Wave[],
  policy: Pick<FundingPolicy, 'refactorHeavyBps' | 'bpsDenominator'>,
): Finding | null {
  const early = [
    ...waves.filter((w) => w.kind === 'pilot' && w.status !== 'cancelled'),
    ...waves.filter((w) => w.kind === 'production' && w.status !== 'cancelled').slice(0, 1),
  ];
  const apps = early.flatMap((w) => w.applications);
  const refactors = apps.filter((a) => a.disposition === 'refactor').length;
  if (apps.length === 0 || refactors * policy.bpsDenominator < apps.length * policy.refactorHeavyBps.value) return null;
  return {
    code: 'MODERNIZING_TOO_EARLY',
    title: FINDING_TITLES.MODERNIZING_TOO_EARLY,
    detail: `${refactors} of ${apps.length} applications in the early waves are refactored. Rehost or replatform to land fast under MAP, then modernize selectively.`,
    dollarsAtStakeCents: null,
  };
}

/** `PARTNER_WITHOUT_MAP_DEPTH`: fewer closed MAP opportunities in mapflow than the policy's minimum. */
export function partnerWithoutMapDepth(
  partnerStats: { closedMapOpportunities: number },
  policy: Pick<FundingPolicy, 'mapDepthMinClosed'>,
): Finding | null {
  if (partnerStats.closedMapOpportunities >= policy.mapDepthMinClosed.value) return null;
  return {
    code: 'PARTNER_WITHOUT_MAP_DEPTH',
    title: FINDING_TITLES.PARTNER_WITHOUT_MAP_DEPTH,
    detail: `This partner has closed ${partnerStats.closedMapOpportunities} MAP opportunities in mapflow (fewer than ${policy.mapDepthMinClosed.value}); experienced partners claim tiers first-timers miss.`,
    dollarsAtStakeCents: null,
  };
}

/** The findings that are not null, in order. */
export function present<T>(...fs: (T | null)[]): T[] {
  return fs.filter((f): f is T => f !== null);
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
  const isMap = triageIfComplete(ctx.profile, policy)?.program === 'MAP';
  const out: Finding[] = present(
    assessNeverStarted(
      persisted.value,
      ctx.phaseEnteredAt,
      now,
      policy,
      isMap ? sumEnvelopes(ctx, TRANCHES, policy) : null,
    ),
  );

  // Mobilize funding requested, Migrate funding not.
  const filed = new Set(ctx.fundRequests.map((r) => r.tranche));
  const migrateTranches: Tranche[] = ['migrate_partner_funding', 'migrate_credits'];
  if (
    (filed.has('mobilize_partner_funding') || filed.has('mobilize_credits')) &&
    !migrateTranches.some((t) => filed.has(t))
  ) {
    out.push({
      code: 'MIGRATE_FUNDING_NOT_REQUESTED',
      title: FINDING_TITLES.MIGRATE_FUNDING_NOT_REQUESTED,
      detail:
        'The largest share of MAP funding lands in Migrate, scaled to committed spend; file the Migrate tranches.',
      dollarsAtStakeCents: sumEnvelopes(ctx, migrateTranches, policy),
    });
  }

  out.push(
    ...present(
      committedSpendUndersized(ctx.profile, policy, (resized) =>
        TRANCHES.reduce((s, t) => s + envelopeFor(t, resized, policy) - envelopeFor(t, ctx.profile, policy), 0),
      ),
    ),
    ...wavesStartedBeforeCashClaim(ctx.waves, (tranche) => {
      const fr = ctx.fundRequests.find((r) => r.tranche === tranche);
      return fr?.amountCents ?? envelopeFor(tranche, ctx.profile, policy);
    }),
    ...present(
      ...ctx.fundRequests.map((fr) => {
        const status = fundRequestStatus(fr, now);
        return claimDueFinding(
          {
            label: fr.tranche,
            claimDueDate: fr.claimDueDate,
            expired: status === 'expired',
            awaitingClaim: status !== 'completed' && status !== 'terminated' && !hasSubmittedClaim(fr),
            atStakeCents: fr.amountCents - approvedCents(fr),
          },
          now,
          policy,
        );
      }),
    ),
    ...present(modernizingTooEarly(ctx.waves, policy), partnerWithoutMapDepth(partnerStats, policy)),
  );
  return out;
}
