/**
 * Version 2's fund requests, read: a tranche holds several requests over
 * time, at most one open (design/funding-v2.md, "A fund request's life").
 * A request's status is its stage, or `expired` (derived at read time, as in
 * version 1: still open at its claim due date with no claim submitted).
 * Pure.
 */
import { dueInstantMs, isSettled } from '../funding';
import { toMs } from '../money';
import type { Claim2, FundRequest2, FundRequestStage2, OpportunityContext2 } from './context';
import type { Tranche } from '../types';

export type FundRequestStatus2 = FundRequestStage2 | 'expired';

/** The stages a request can no longer leave. */
const FINAL_STAGES: readonly FundRequestStage2[] = ['completed', 'terminated', 'rejected'];

/** True once the request can no longer move: completed, terminated or rejected. */
export function isFinalStage(stage: FundRequestStage2): boolean {
  return FINAL_STAGES.includes(stage);
}

/** True once any claim of the request was submitted to AWS. */
export function hasSubmittedClaim2(fr: Pick<FundRequest2, 'claims'>): boolean {
  return fr.claims.some((c) => c.submittedAt !== null);
}

/** The read-time status of a request at `now`: its stage, or `expired`. */
export function fundRequestStatus2(fr: FundRequest2, now: string): FundRequestStatus2 {
  if (isFinalStage(fr.stage)) return fr.stage;
  if (!hasSubmittedClaim2(fr) && toMs(now) >= dueInstantMs(fr.claimDueDate)) return 'expired';
  return fr.stage;
}

/** True while the request is open at `now`: not final and not expired. An open request blocks filing its tranche again. */
export function isOpenRequest(fr: FundRequest2, now: string): boolean {
  const s = fundRequestStatus2(fr, now);
  return s !== 'expired' && !isFinalStage(s);
}

/** The tranche's requests, oldest first. */
export function requestsOf(ctx: Pick<OpportunityContext2, 'fundRequests'>, tranche: Tranche): FundRequest2[] {
  return ctx.fundRequests.filter((r) => r.tranche === tranche);
}

/** The tranche's open request at `now`, or null: the one its events act on. */
export function openRequestOf(
  ctx: Pick<OpportunityContext2, 'fundRequests'>,
  tranche: Tranche,
  now: string,
): FundRequest2 | null {
  return requestsOf(ctx, tranche).find((r) => isOpenRequest(r, now)) ?? null;
}

/** The request of the tranche that holds `claimId` (claim ids are unique within a tranche), or null. */
export function requestHoldingClaim(
  ctx: Pick<OpportunityContext2, 'fundRequests'>,
  tranche: Tranche,
  claimId: string,
): FundRequest2 | null {
  return requestsOf(ctx, tranche).find((r) => r.claims.some((c) => c.claimId === claimId)) ?? null;
}

/** The claims of a request still to settle (neither paid nor rejected). */
export function unsettledClaims(fr: Pick<FundRequest2, 'claims'>): Claim2[] {
  return fr.claims.filter((c) => !isSettled(c));
}

/** The next request id of a tranche: `<tranche>-<n>`, n counting its requests from 1. */
export function nextRequestId(ctx: Pick<OpportunityContext2, 'fundRequests'>, tranche: Tranche): string {
  return `${tranche}-${requestsOf(ctx, tranche).length + 1}`;
}

/** The fund requests with the one whose `requestId` is given changed by `f`. */
export function withRequest2(
  ctx: Pick<OpportunityContext2, 'fundRequests'>,
  requestId: string,
  f: (r: FundRequest2) => FundRequest2,
): FundRequest2[] {
  return ctx.fundRequests.map((r) => (r.requestId === requestId ? f(r) : r));
}

/**
 * Requests that would drop money if the opportunity ended now: those open
 * at `now`, which is where every claim that can still be prepared, submitted
 * or paid lives (a completed request's claims are settled; a terminated,
 * rejected or expired one's can no longer be submitted). Ending is refused
 * while any exists; the partner terminates each first, which the audit log records.
 */
export function requestsHoldingMoney(ctx: Pick<OpportunityContext2, 'fundRequests'>, now: string): FundRequest2[] {
  return ctx.fundRequests.filter((r) => isOpenRequest(r, now));
}

/** Sum of what AWS approved on the request's claims. */
export function approvedCents2(fr: Pick<FundRequest2, 'claims'>): number {
  return fr.claims.reduce((s, c) => s + (c.approvedCents ?? 0), 0);
}

/** Sum of what AWS paid on the request's claims. */
export function paidCents2(fr: Pick<FundRequest2, 'claims'>): number {
  return fr.claims.reduce((s, c) => s + (c.status === 'paid' ? (c.approvedCents ?? 0) : 0), 0);
}
