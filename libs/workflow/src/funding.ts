/**
 * Funding (DESIGN.md §2): per-tranche envelopes from the policy, the
 * downgrade flag, fund-request names, due dates and read-time status, claim
 * settlement and the tranche claim checklists. All pure.
 */
import { CLAIM_CHECKLISTS, checklistFor, type ClaimFact } from './checklists';
import type { Claim, FundRequest, OpportunityContext } from './context';
import { addDays, applyBps, multiplyCents, toMs } from './money';
import { FUNDING_POLICY, type FundingPolicy } from './policy';
import { pilotValidated } from './facts';
import { isCompleteProfile, triage } from './triage';
import type { FundRequestStage, Profile, Tranche } from './types';

/**
 * The policy envelope of a tranche for a profile, in cents, floored.
 * Zero unless the profile is complete and triages to MAP: no MAP funding
 * below the floor, for greenfield builds or for ineligible customers.
 */
export function envelopeFor(
  tranche: Tranche,
  profile: Partial<Profile>,
  policy: FundingPolicy = FUNDING_POLICY,
): number {
  if (!isCompleteProfile(profile)) return 0;
  const t = triage(profile, policy);
  if (t.ladder === null) return 0; // only MAP has a ladder
  const p = policy.tranches[tranche];
  const base =
    p.base === 'migration_services_cost'
      ? profile.migrationServicesCostCents
      : multiplyCents(profile.projectedMonthlyAwsSpendCents, policy.monthsPerYear);
  const raw = applyBps(base, p.rateBps.value[t.ladder], policy.bpsDenominator);
  const cap = p.capCents.value;
  return cap === null ? raw : Math.min(raw, cap);
}

export interface DowngradeFlag {
  likelyDowngrade: boolean;
  overByCents: number;
}

/** A request above its envelope is accepted but flagged as likely to be downgraded, by how much. */
export function downgradeFlag(amountCents: number, envelopeCents: number): DowngradeFlag {
  const over = Math.max(0, amountCents - envelopeCents);
  return { likelyDowngrade: over > 0, overByCents: over };
}

/**
 * AWS's fund-request nomenclature `[Program] Project - [Customer]`: the
 * program from the policy, the opportunity title as the project, and the
 * customer name given at creation (else the customer org id).
 */
export function fundRequestName(
  ctx: Pick<OpportunityContext, 'title' | 'customerName'>,
  policy: FundingPolicy = FUNDING_POLICY,
): string {
  return `[${policy.program.value}] ${ctx.title} - ${ctx.customerName}`;
}

/** The claim due date (a calendar date): `projectEndDate` + policy days. */
export function claimDueDate(projectEndDate: string, policy: FundingPolicy = FUNDING_POLICY): string {
  return addDays(projectEndDate, policy.claimDueDays.value);
}

/**
 * The instant a claim due date has passed: the end of that calendar day (UTC).
 * A claim may be submitted through the whole due date.
 */
export function dueInstantMs(dueDate: string): number {
  return toMs(addDays(dueDate, 1));
}

/** A claim is settled when paid or rejected. */
export function isSettled(claim: Claim): boolean {
  return claim.status === 'paid' || claim.status === 'rejected';
}

/** True once any claim of the request was submitted to AWS. */
export function hasSubmittedClaim(fr: FundRequest): boolean {
  return fr.claims.some((c) => c.submittedAt !== null);
}

export type FundRequestStatus = FundRequestStage | 'expired';

/**
 * The read-time status of a request at `now`: its stage, or `expired` when
 * it is still open, reached its due date and has no submitted claim.
 */
export function fundRequestStatus(fr: FundRequest, now: string): FundRequestStatus {
  if (fr.stage === 'completed' || fr.stage === 'terminated') return fr.stage;
  if (!hasSubmittedClaim(fr) && toMs(now) >= dueInstantMs(fr.claimDueDate)) return 'expired';
  return fr.stage;
}

/** True when the request no longer blocks closing: completed, terminated or expired at `now`. */
export function isFundRequestSettled(fr: FundRequest, now: string): boolean {
  const s = fundRequestStatus(fr, now);
  return s === 'completed' || s === 'terminated' || s === 'expired';
}

/** Cents a claim holds against the request: its amount while open, its approved amount once decided, zero if rejected. */
export function claimHoldCents(c: Claim): number {
  if (c.status === 'rejected') return 0;
  return c.approvedCents ?? c.amountCents;
}

/** Sum of approved (or downgraded) amounts of a request's claims. */
export function approvedCents(fr: FundRequest): number {
  return fr.claims.reduce((s, c) => s + (c.approvedCents ?? 0), 0);
}

/** Sum of paid amounts of a request's claims. */
export function paidCents(fr: FundRequest): number {
  return fr.claims.reduce((s, c) => s + (c.status === 'paid' ? (c.approvedCents ?? 0) : 0), 0);
}

/** True when a derived claim fact holds on the context. */
export function claimFactHolds(ctx: OpportunityContext, fact: ClaimFact): boolean {
  const done = new Set(ctx.checklist.map((e) => e.key));
  switch (fact) {
    case 'assess_checklist_complete':
      return checklistFor('assess').every((i) => done.has(i.key));
    case 'mobilize_checklist_complete':
      return checklistFor('mobilize').every((i) => done.has(i.key));
    case 'pilot_wave_validated':
      return pilotValidated(ctx);
    case 'production_wave_validated':
      return ctx.waves.some((w) => w.kind === 'production' && w.status === 'validated');
  }
}

/** The claim-checklist facts of a tranche that do not hold yet (empty: a claim may be prepared). */
export function missingClaimFacts(ctx: OpportunityContext, tranche: Tranche): ClaimFact[] {
  return CLAIM_CHECKLISTS[tranche].filter((f) => !claimFactHolds(ctx, f));
}

/** The fund request of a tranche, or null. */
export function requestOf(ctx: OpportunityContext, tranche: Tranche): FundRequest | null {
  return ctx.fundRequests.find((r) => r.tranche === tranche) ?? null;
}
