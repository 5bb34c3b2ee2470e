/**
 * Version 2's claims (design/funding-v2.md, "Claims"): prepared on a request
 * in `cash_claim`, bounded by what AWS pre-approved (not by the requested
 * amount), carrying typed evidence with the kinds the policy lists for the
 * tranche, once the tranche's milestone holds (its facts and, where the
 * policy says so, realized tagged spend); paid with the invoice reference.
 * Signing off, submitting and recording AWS's outcome are version 1's rules
 * (concepts/claims.ts), kept (kept.ts) on the request holding the claim.
 */
import { domainAction } from '../../actions';
import { CLAIM_EVENTS, preparedClaim, type RecordPaymentEvent } from '../../concepts/claims';
import { CLAIM_FACT_WORDS, isEvidence } from '../../checklists';
import { OK, defineEvent, rule, type Check, type Ev } from '../../definition';
import { claimFactHolds, claimHoldCents } from '../../funding';
import { applyBps, isCents, isText } from '../../money';
import type { Claim2, OpportunityContext2, TypedEvidence } from '../context';
import { committedArrCents } from '../funding';
import { contextAsV1, keep } from '../kept';
import {
  CASH_TRANCHES,
  CLAIM_EVIDENCE_KINDS,
  type CashTranche,
  type ClaimEvidenceKind,
  type FundingPolicy2027,
} from '../policy';
import { openRequestOf, requestHoldingClaim, requestsOf, withRequest2 } from '../requests';

export type PrepareClaimEvent2 = Ev<
  'PREPARE_CLAIM',
  { tranche: CashTranche; claimId: string; amountCents: number; evidence: TypedEvidence[] }
>;
export type RecordPaymentEvent2 = RecordPaymentEvent & { invoiceReference: string };

function isTypedEvidence(e: unknown): e is TypedEvidence {
  if (!isEvidence(e)) return false;
  const kind: unknown = Reflect.get(e, 'kind');
  return typeof kind === 'string' && (CLAIM_EVIDENCE_KINDS as readonly string[]).includes(kind);
}

/** Tagged spend recorded so far, over every quarter. */
export function cumulativeTaggedSpendCents(ctx: Pick<OpportunityContext2, 'credits'>): number {
  return ctx.credits.reduce((s, q) => s + q.taggedSpendCents, 0);
}

/** What the tranche's milestone still lacks, in words (empty: a claim may be prepared). */
export function milestoneMissing(ctx: OpportunityContext2, tranche: CashTranche, policy: FundingPolicy2027): string[] {
  const milestone = policy.claims[tranche].milestone.value;
  const view = contextAsV1(ctx).view;
  const missing = milestone.facts.filter((f) => !claimFactHolds(view, f)).map((f) => CLAIM_FACT_WORDS[f]);
  const spend = milestone.realizedSpend;
  if (spend !== null) {
    const realized = cumulativeTaggedSpendCents(ctx);
    const needed =
      spend.kind === 'cumulative_tagged_spend'
        ? spend.minCents
        : applyBps(
            committedArrCents(
              { projectedMonthlyAwsSpendCents: ctx.profile.projectedMonthlyAwsSpendCents ?? 0 },
              policy,
            ),
            spend.bps,
            policy.bpsDenominator,
          );
    if (realized < needed) {
      missing.push(`Cumulative tagged spend is ${realized} cents; the milestone needs at least ${needed} cents.`);
    }
  }
  return missing;
}

function checkPrepare(ctx: OpportunityContext2, e: PrepareClaimEvent2, policy: FundingPolicy2027): Check {
  if (!(CASH_TRANCHES as readonly string[]).includes(e.tranche))
    return rule(`Unknown cash tranche ${String(e.tranche)}.`);
  const fr = openRequestOf(ctx, e.tranche, e.at);
  if (fr === null) return rule(`There is no open fund request for ${e.tranche}.`);
  if (fr.stage !== 'cash_claim') {
    return rule(`Claims are prepared once AWS pre-approved the request (cash_claim); ${fr.requestId} is ${fr.stage}.`);
  }
  if (!isText(e.claimId) || requestsOf(ctx, e.tranche).some((r) => r.claims.some((c) => c.claimId === e.claimId))) {
    return rule(`Claim id ${e.claimId} is empty or already used in ${e.tranche}.`);
  }
  if (!isCents(e.amountCents) || e.amountCents === 0)
    return rule('The claim amount must be a positive number of cents.');
  if (e.evidence.length === 0 || !e.evidence.every(isTypedEvidence)) {
    return rule(
      `Each piece of evidence is { kind, uri, sha256 } with kind one of ${CLAIM_EVIDENCE_KINDS.join(', ')} and a 64-hex SHA-256.`,
    );
  }
  const kinds = new Set<ClaimEvidenceKind>(e.evidence.map((x) => x.kind));
  const lacking = policy.claims[e.tranche].evidenceKinds.value.filter((k) => !kinds.has(k));
  if (lacking.length > 0) return rule(`The ${e.tranche} claim must carry evidence of kind: ${lacking.join(', ')}.`);
  const missing = milestoneMissing(ctx, e.tranche, policy);
  if (missing.length > 0) return rule(`The ${e.tranche} claim milestone does not hold yet: ${missing.join(' ')}`);
  // A request moved from version 1 in cash_claim recorded no pre-approval: version 1 bounded its claims by the request.
  const bound = fr.preApprovedCents ?? fr.requestedCents;
  const held = fr.claims.reduce((s, c) => s + claimHoldCents(c), 0);
  if (held + e.amountCents > bound) {
    return rule(
      `Claims may not exceed what AWS pre-approved, ${bound} cents (requested: ${fr.requestedCents}): ${held} cents are already claimed, ${bound - held} remain.`,
    );
  }
  return OK;
}

export const CLAIM_EVENTS_2 = {
  PREPARE_CLAIM: defineEvent<PrepareClaimEvent2, OpportunityContext2, FundingPolicy2027>({
    phases: CLAIM_EVENTS.PREPARE_CLAIM.phases,
    senders: ['partner'],
    fundingSubmission: true,
    check: (ctx, e, { policy }) => checkPrepare(ctx, e, policy),
    apply(ctx, e) {
      const fr = openRequestOf(ctx, e.tranche, e.at);
      if (fr === null) return ctx;
      const evidence = e.evidence.map((x) => ({ kind: x.kind, uri: x.uri, sha256: x.sha256 }));
      const claim: Claim2 = { ...preparedClaim(e, evidence), invoiceReference: null };
      return { ...ctx, fundRequests: withRequest2(ctx, fr.requestId, (r) => ({ ...r, claims: [...r.claims, claim] })) };
    },
    emit: (_before, _after, e) => [
      domainAction('notifyCustomerClaimSignOffNeeded', { tranche: e.tranche, claimId: e.claimId }),
    ],
  }),
  SIGN_OFF_CLAIM: keep(CLAIM_EVENTS.SIGN_OFF_CLAIM),
  SUBMIT_CLAIM: keep(CLAIM_EVENTS.SUBMIT_CLAIM),
  RECORD_CLAIM_OUTCOME: keep(CLAIM_EVENTS.RECORD_CLAIM_OUTCOME),
  RECORD_PAYMENT: keep<RecordPaymentEvent, RecordPaymentEvent2>(CLAIM_EVENTS.RECORD_PAYMENT, {
    check: (_ctx, e) =>
      isText(e.invoiceReference) ? OK : rule('A payment names the invoice it settles (invoiceReference).'),
    apply(ctx, e) {
      const fr = requestHoldingClaim(ctx, e.tranche, e.claimId);
      if (fr === null) return ctx;
      return {
        ...ctx,
        fundRequests: withRequest2(ctx, fr.requestId, (r) => ({
          ...r,
          claims: r.claims.map((c) => (c.claimId === e.claimId ? { ...c, invoiceReference: e.invoiceReference } : c)),
        })),
      };
    },
  }),
};
