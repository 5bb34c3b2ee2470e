/**
 * Claims against a fund request: prepared once the tranche's claim checklist
 * holds (never over the request), signed off by the customer, submitted in
 * cash_claim before the due date, decided by AWS (approved in full,
 * downgraded, rejected), paid. A rejected claim may be followed by another.
 */
import { domainAction, type DomainActionData } from '../actions';
import { CLAIM_FACT_WORDS, isEvidence } from '../checklists';
import type { Claim, FundRequest, OpportunityContext } from '../context';
import { OK, defineEvent, rule, type Check, type Ev } from '../definition';
import { claimHoldCents, dueInstantMs, missingClaimFacts, requestOf } from '../funding';
import { isCents, isText, toMs } from '../money';
import type { ActorRole, ClaimOutcome, Evidence, OpenPhase, Tranche } from '../types';
import { withRequest } from './fund-requests';

export type PrepareClaimEvent = Ev<
  'PREPARE_CLAIM',
  { tranche: Tranche; claimId: string; amountCents: number; evidence: Evidence[] }
>;
export type SignOffClaimEvent = Ev<'SIGN_OFF_CLAIM', { tranche: Tranche; claimId: string }>;
export type SubmitClaimEvent = Ev<'SUBMIT_CLAIM', { tranche: Tranche; claimId: string }>;
export type RecordClaimOutcomeEvent = Ev<
  'RECORD_CLAIM_OUTCOME',
  { tranche: Tranche; claimId: string; outcome: ClaimOutcome; approvedCents: number }
>;
export type RecordPaymentEvent = Ev<'RECORD_PAYMENT', { tranche: Tranche; claimId: string }>;

export type ClaimEvent =
  PrepareClaimEvent | SignOffClaimEvent | SubmitClaimEvent | RecordClaimOutcomeEvent | RecordPaymentEvent;

/** Claims are made wherever fund requests are open: from Assess to closeout. */
const CLAIM_PHASES: readonly OpenPhase[] = ['assess', 'mobilize', 'migrate', 'closeout'];

type ClaimStepEvent = SignOffClaimEvent | SubmitClaimEvent | RecordClaimOutcomeEvent | RecordPaymentEvent;

function withClaim(ctx: OpportunityContext, tranche: Tranche, claimId: string, f: (c: Claim) => Claim): FundRequest[] {
  return withRequest(ctx, tranche, (r) => ({ ...r, claims: r.claims.map((c) => (c.claimId === claimId ? f(c) : c)) }));
}

/** A step of an existing claim: who takes it, its check once the claim is found, what it records on it, what it emits. */
interface ClaimStep<E extends ClaimStepEvent> {
  senders: readonly ActorRole[];
  fundingSubmission?: true;
  check(claim: Claim, fr: FundRequest, e: E): Check;
  stamp(claim: Claim, e: E): Partial<Claim>;
  emit?(e: E): DomainActionData;
}

function claimStep<E extends ClaimStepEvent>(step: ClaimStep<E>) {
  return defineEvent<E>({
    phases: CLAIM_PHASES,
    senders: step.senders,
    ...(step.fundingSubmission === undefined ? {} : { fundingSubmission: step.fundingSubmission }),
    check(ctx, e) {
      const fr = requestOf(ctx, e.tranche);
      const claim = fr?.claims.find((c) => c.claimId === e.claimId) ?? null;
      if (fr === null || claim === null) return rule(`There is no claim ${e.claimId} on the ${e.tranche} request.`);
      return step.check(claim, fr, e);
    },
    apply: (ctx, e) => ({
      ...ctx,
      fundRequests: withClaim(ctx, e.tranche, e.claimId, (c) => ({ ...c, ...step.stamp(c, e) })),
    }),
    emit: (_before, _after, e) => (step.emit === undefined ? [] : [step.emit(e)]),
  });
}

/** A claim just prepared by `e`, carrying `evidence` (each version keeps its own evidence shape). */
export function preparedClaim<V extends Evidence>(
  e: { claimId: string; amountCents: number; at: string },
  evidence: V[],
): Omit<Claim, 'evidence'> & { evidence: V[] } {
  return {
    claimId: e.claimId,
    amountCents: e.amountCents,
    evidence,
    status: 'prepared',
    preparedAt: e.at,
    signedOffAt: null,
    signedOffBy: null,
    submittedAt: null,
    outcome: null,
    approvedCents: null,
    outcomeAt: null,
    paidAt: null,
  };
}

export const CLAIM_EVENTS = {
  PREPARE_CLAIM: defineEvent<PrepareClaimEvent>({
    phases: CLAIM_PHASES,
    senders: ['partner'],
    fundingSubmission: true,
    check(ctx, e) {
      const fr = requestOf(ctx, e.tranche);
      if (fr === null) return rule(`There is no fund request for ${e.tranche}.`);
      if (fr.stage === 'completed' || fr.stage === 'terminated')
        return rule(`The ${e.tranche} request is ${fr.stage}.`);
      if (!isText(e.claimId) || fr.claims.some((c) => c.claimId === e.claimId)) {
        return rule(`Claim id ${e.claimId} is empty or already used on this request.`);
      }
      if (!isCents(e.amountCents) || e.amountCents === 0)
        return rule('The claim amount must be a positive number of cents.');
      if (e.evidence.length === 0 || !e.evidence.every(isEvidence)) {
        return rule('A claim needs evidence, each { uri, sha256 } with a 64-hex SHA-256.');
      }
      const facts = missingClaimFacts(ctx, e.tranche);
      if (facts.length > 0) {
        return rule(
          `The ${e.tranche} claim checklist does not hold yet: ${facts.map((f) => CLAIM_FACT_WORDS[f]).join(' ')}`,
        );
      }
      const held = fr.claims.reduce((s, c) => s + claimHoldCents(c), 0);
      if (held + e.amountCents > fr.amountCents) {
        return rule(
          `Claims may not exceed the requested ${fr.amountCents} cents: ${held} cents are already claimed, ${fr.amountCents - held} remain.`,
        );
      }
      return OK;
    },
    apply(ctx, e) {
      const claim = preparedClaim(
        e,
        e.evidence.map((x) => ({ uri: x.uri, sha256: x.sha256 })),
      );
      return { ...ctx, fundRequests: withRequest(ctx, e.tranche, (r) => ({ ...r, claims: [...r.claims, claim] })) };
    },
    emit: (_before, _after, e) => [
      domainAction('notifyCustomerClaimSignOffNeeded', { tranche: e.tranche, claimId: e.claimId }),
    ],
  }),
  SIGN_OFF_CLAIM: claimStep<SignOffClaimEvent>({
    senders: ['customer'],
    check: (claim, _fr, e) =>
      claim.status === 'prepared'
        ? OK
        : rule(`Claim ${e.claimId} is ${claim.status}; only a prepared claim is signed off.`),
    stamp: (_c, e) => ({ status: 'signed_off', signedOffAt: e.at, signedOffBy: e.actor.userId }),
  }),
  SUBMIT_CLAIM: claimStep<SubmitClaimEvent>({
    senders: ['partner'],
    fundingSubmission: true,
    check(claim, fr, e) {
      if (claim.status !== 'signed_off')
        return rule(`Claim ${e.claimId} is ${claim.status}; the customer must sign it off first.`);
      if (fr.stage !== 'cash_claim')
        return rule(`Claims are submitted while the request is in cash_claim; it is ${fr.stage}.`);
      if (toMs(e.at) >= dueInstantMs(fr.claimDueDate)) return rule(`The claim due date ${fr.claimDueDate} has passed.`);
      return OK;
    },
    stamp: (_c, e) => ({ status: 'submitted', submittedAt: e.at }),
    emit: (e) => domainAction('claimSubmitted', { tranche: e.tranche, claimId: e.claimId }),
  }),
  RECORD_CLAIM_OUTCOME: claimStep<RecordClaimOutcomeEvent>({
    senders: ['partner'],
    check(claim, _fr, e) {
      if (claim.status !== 'submitted')
        return rule(`Claim ${e.claimId} is ${claim.status}; outcomes follow submission.`);
      if (!isCents(e.approvedCents)) return rule('approvedCents must be a non-negative number of cents.');
      if (e.outcome === 'approved' && e.approvedCents !== claim.amountCents) {
        return rule(`An approved claim is approved in full: ${claim.amountCents} cents.`);
      }
      if (e.outcome === 'downgraded' && e.approvedCents >= claim.amountCents) {
        return rule(`A downgraded claim is approved for less than its ${claim.amountCents} cents.`);
      }
      if (e.outcome === 'rejected' && e.approvedCents !== 0) return rule('A rejected claim is approved for 0 cents.');
      return OK;
    },
    stamp: (_c, e) => ({ status: e.outcome, outcome: e.outcome, approvedCents: e.approvedCents, outcomeAt: e.at }),
    emit: (e) =>
      domainAction('claimOutcomeRecorded', {
        tranche: e.tranche,
        claimId: e.claimId,
        outcome: e.outcome,
        approvedCents: e.approvedCents,
      }),
  }),
  RECORD_PAYMENT: claimStep<RecordPaymentEvent>({
    senders: ['partner'],
    check: (claim, _fr, e) =>
      claim.status === 'approved' || claim.status === 'downgraded'
        ? OK
        : rule(`Claim ${e.claimId} is ${claim.status}; only an approved or downgraded claim is paid.`),
    stamp: (_c, e) => ({ status: 'paid', paidAt: e.at }),
    emit: (e) => domainAction('paymentRecorded', { tranche: e.tranche, claimId: e.claimId }),
  }),
};
