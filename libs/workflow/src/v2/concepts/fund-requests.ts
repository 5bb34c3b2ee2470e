/**
 * Version 2's fund requests (design/funding-v2.md, "A fund request's life"):
 * partner cash only, several per tranche over time and at most one open;
 * filed before the work with a project start at least the policy's lead
 * days out; the Mobilize and Migrate tranches only with the MAP agreement,
 * the approved business case and an approved ACE opportunity; named by
 * AWS's template for the tranche; moved through AWS's stages with AWS's
 * reference, entering `cash_claim` with what AWS pre-approved and the purchase
 * order; rejected (final, or back to `created` to resubmit) from AWS's review.
 * Events act on the tranche's open request.
 */
import { domainAction } from '../../actions';
import { stackingConflict } from '../../concepts/stacking';
import { OK, defineEvent, rule, type Check, type Ev } from '../../definition';
import { claimDueDate, downgradeFlag } from '../../funding';
import { addDays, dateOf, isCents, isIsoDate, isText } from '../../money';
import { OPEN_PHASES, type CustomerFundedWorkloads, type OpenPhase } from '../../types';
import type { FundRequest2, FundRequestStage2, OpportunityContext2 } from '../context';
import { envelopeFor2027, fundRequestName2027 } from '../funding';
import { contextAsV1, policyAsV1 } from '../kept';
import { CASH_TRANCHES, type CashTranche, type FundingPolicy2027 } from '../policy';
import { nextRequestId, openRequestOf, unsettledClaims, withRequest2 } from '../requests';

export type FileFundRequestEvent2 = Ev<
  'FILE_FUND_REQUEST',
  {
    tranche: CashTranche;
    amountCents: number;
    /** Calendar dates `YYYY-MM-DD`. */
    projectStartDate: string;
    projectEndDate: string;
    workloads: string[];
    /** Workloads the customer's other opportunities fund, for the stacking rule; none when absent. */
    customerFundedWorkloads?: CustomerFundedWorkloads;
  }
>;

/** The stages `RECORD_FUND_REQUEST_STAGE` may record (`rejected` comes from a rejection). */
export const RECORDED_STAGES = [
  'business_approval',
  'finance_approval',
  'cash_claim',
  'completed',
  'terminated',
] as const satisfies readonly FundRequestStage2[];
export type RecordedStage = (typeof RECORDED_STAGES)[number];

export type RecordFundRequestStageEvent2 = Ev<
  'RECORD_FUND_REQUEST_STAGE',
  {
    tranche: CashTranche;
    stage: RecordedStage;
    /** AWS's fund request reference: needed beyond `created`. */
    awsFundRequestId?: string;
    /** Entering `cash_claim`: what AWS pre-approved (at most the requested amount), and the purchase order. */
    preApprovedCents?: number;
    purchaseOrder?: string;
  }
>;

export type RecordFundRequestRejectionEvent = Ev<
  'RECORD_FUND_REQUEST_REJECTION',
  { tranche: CashTranche; reason: string; resubmittable: boolean }
>;

export type ResubmitFundRequestEvent = Ev<
  'RESUBMIT_FUND_REQUEST',
  { tranche: CashTranche; projectStartDate: string; projectEndDate: string; amountCents?: number }
>;

export type FundRequestEvent2 =
  FileFundRequestEvent2 | RecordFundRequestStageEvent2 | RecordFundRequestRejectionEvent | ResubmitFundRequestEvent;

/** The forward order of the stages a request moves through. */
const FORWARD: readonly FundRequestStage2[] = [
  'created',
  'business_approval',
  'finance_approval',
  'cash_claim',
  'completed',
];

/** Fund-request events after filing: wherever requests are open, from Assess to closeout. */
const REQUEST_PHASES: readonly OpenPhase[] = ['assess', 'mobilize', 'migrate', 'closeout'];

function isCashTranche(t: unknown): t is CashTranche {
  return typeof t === 'string' && (CASH_TRANCHES as readonly string[]).includes(t);
}

/** True while the request waits for its resubmission after a resubmittable rejection. */
export function awaitingResubmission(fr: Pick<FundRequest2, 'rejections'>): boolean {
  const last = fr.rejections.at(-1);
  return last !== undefined && last.resubmittable && last.resubmittedAt === null;
}

/** The project dates of a filing or a resubmission, checked against the lead time from `at`. */
function projectDatesRule(start: unknown, end: unknown, at: string, policy: FundingPolicy2027): Check {
  const lead = policy.projectStartLeadDays.value;
  const earliest = addDays(dateOf(at), lead);
  if (!isIsoDate(start) || start < earliest) {
    return rule(
      `The project start date must be a date (YYYY-MM-DD) at least ${lead} days after filing, so on or after ${earliest}.`,
    );
  }
  if (!isIsoDate(end) || end <= start)
    return rule('The project end date must be a date (YYYY-MM-DD) after the start date.');
  return OK;
}

/** The open request of the tranche, or the refusal naming why there is none. */
function openRequest(ctx: OpportunityContext2, tranche: unknown, at: string): FundRequest2 | Check {
  if (!isCashTranche(tranche))
    return rule(`Unknown cash tranche ${String(tranche)}; fund requests are ${CASH_TRANCHES.join(', ')}.`);
  return openRequestOf(ctx, tranche, at) ?? rule(`There is no open fund request for ${tranche}.`);
}

function isCheck(x: FundRequest2 | Check): x is Check {
  return 'ok' in x;
}

/** The phase index of a tranche's phase among the open phases. */
function phaseIndex(p: OpenPhase): number {
  return OPEN_PHASES.indexOf(p);
}

/** What a Mobilize or Migrate filing needs, that is missing. */
function filingPrerequisitesMissing(ctx: OpportunityContext2): string[] {
  const missing: string[] = [];
  if (ctx.mapAgreement === null) missing.push('the signed MAP agreement is not recorded');
  if (ctx.attestations.length === 0) missing.push('the MAP opportunity record is not attested');
  if (ctx.businessCase.status !== 'approved') missing.push('the customer has not approved the business case');
  if (ctx.ace?.reviewStatus !== 'Approved') {
    missing.push(
      ctx.ace === null
        ? 'no ACE opportunity is linked'
        : `the ACE opportunity ${ctx.ace.aceOpportunityId} is ${ctx.ace.reviewStatus}, not Approved`,
    );
  }
  return missing;
}

export const FUND_REQUEST_EVENTS_2 = {
  FILE_FUND_REQUEST: defineEvent<FileFundRequestEvent2, OpportunityContext2, FundingPolicy2027>({
    phases: ['assess', 'mobilize', 'migrate'],
    senders: ['partner'],
    fundingSubmission: true,
    check(ctx, e, { phase, policy }) {
      if (!isCashTranche(e.tranche)) {
        return rule(
          `Fund requests are filed for partner cash (${CASH_TRANCHES.join(', ')}); ${String(e.tranche)} is not one. MAP credits are the customer's, recorded per quarter.`,
        );
      }
      const tp = policy.cashTranches[e.tranche];
      if (tp.phase === 'assess' && phase !== 'assess') {
        return rule(`The Assess tranche is filed only in assess; this opportunity is in ${phase}.`);
      }
      if (phaseIndex(tp.phase) < phaseIndex(phase)) {
        return rule(
          `Filing comes before the work: the ${tp.phase} phase has ended, so ${e.tranche} can no longer be filed.`,
        );
      }
      const open = openRequestOf(ctx, e.tranche, e.at);
      if (open !== null) {
        return rule(
          `The ${e.tranche} request ${open.requestId} is still open (${open.stage}): one open request per tranche.`,
        );
      }
      if (tp.phase !== 'assess') {
        const missing = filingPrerequisitesMissing(ctx);
        if (missing.length > 0) return rule(`The ${tp.phase} tranche cannot be filed yet: ${missing.join('; ')}.`);
      }
      if (!isCents(e.amountCents) || e.amountCents === 0) return rule('The amount must be a positive number of cents.');
      const dates = projectDatesRule(e.projectStartDate, e.projectEndDate, e.at, policy);
      if (!dates.ok) return dates;
      if (e.workloads.length === 0 || !e.workloads.every(isText)) return rule('Name the workloads this request funds.');
      const elsewhere = e.customerFundedWorkloads ?? { map: [], activate: [] };
      const conflict = stackingConflict(contextAsV1(ctx).view, 'map', e.workloads, elsewhere);
      return conflict === null ? OK : rule(conflict);
    },
    apply(ctx, e, { policy }) {
      const envelopeCents = envelopeFor2027(e.tranche, ctx.profile, policy);
      const filed: FundRequest2 = {
        requestId: nextRequestId(ctx, e.tranche),
        tranche: e.tranche,
        name: fundRequestName2027(e.tranche, ctx.customerName, policy),
        stage: 'created',
        stageHistory: [{ stage: 'created', at: e.at }],
        projectStartDate: e.projectStartDate,
        projectEndDate: e.projectEndDate,
        claimDueDate: claimDueDate(e.projectEndDate, policyAsV1(policy)),
        requestedCents: e.amountCents,
        preApprovedCents: null,
        awsFundRequestId: null,
        purchaseOrder: null,
        workloads: [...e.workloads],
        rejections: [],
        filedAt: e.at,
        filedBy: e.actor.userId,
        policyId: policy.id,
        envelopeCents,
        ...downgradeFlag(e.amountCents, envelopeCents),
        claims: [],
      };
      return { ...ctx, fundRequests: [...ctx.fundRequests, filed] };
    },
    emit(_before, after, e) {
      const fr = after.fundRequests.at(-1);
      return [
        domainAction('fundRequestFiled', {
          tranche: e.tranche,
          requestId: fr?.requestId ?? null,
          name: fr?.name ?? null,
          amountCents: e.amountCents,
          envelopeCents: fr?.envelopeCents ?? null,
          likelyDowngrade: fr?.likelyDowngrade ?? null,
          overByCents: fr?.overByCents ?? null,
        }),
      ];
    },
  }),
  RECORD_FUND_REQUEST_STAGE: defineEvent<RecordFundRequestStageEvent2, OpportunityContext2, FundingPolicy2027>({
    phases: REQUEST_PHASES,
    senders: ['partner'],
    check(ctx, e) {
      const fr = openRequest(ctx, e.tranche, e.at);
      if (isCheck(fr)) return fr;
      if (!(RECORDED_STAGES as readonly string[]).includes(e.stage)) {
        return rule(`Unknown stage ${String(e.stage)}; a rejection is recorded with RECORD_FUND_REQUEST_REJECTION.`);
      }
      if (e.stage === 'terminated') return OK;
      if (FORWARD.indexOf(e.stage) <= FORWARD.indexOf(fr.stage)) {
        return rule(`Stages move forward only: ${fr.requestId} is at ${fr.stage}.`);
      }
      if (awaitingResubmission(fr)) {
        return rule(
          `${fr.requestId} was sent back for changes: resubmit it (RESUBMIT_FUND_REQUEST) before it moves on.`,
        );
      }
      const ref = e.awsFundRequestId ?? fr.awsFundRequestId;
      if (!isText(ref)) return rule(`Beyond created, a request needs AWS's fund request reference (awsFundRequestId).`);
      if (
        fr.awsFundRequestId !== null &&
        e.awsFundRequestId !== undefined &&
        e.awsFundRequestId !== fr.awsFundRequestId
      ) {
        return rule(`${fr.requestId} is AWS's ${fr.awsFundRequestId}, not ${e.awsFundRequestId}.`);
      }
      if (e.stage === 'cash_claim') {
        if (fr.stage !== 'finance_approval')
          return rule(`A request enters cash_claim from finance_approval; it is ${fr.stage}.`);
        if (!isCents(e.preApprovedCents) || e.preApprovedCents === 0 || e.preApprovedCents > fr.requestedCents) {
          return rule(
            `Entering cash_claim needs what AWS pre-approved (preApprovedCents), more than 0 and at most the requested ${fr.requestedCents} cents.`,
          );
        }
        if (!isText(e.purchaseOrder))
          return rule('Entering cash_claim needs the purchase order number (purchaseOrder).');
      }
      if (e.stage === 'completed') {
        if (fr.stage !== 'cash_claim') return rule('A request is completed from cash_claim.');
        const open = unsettledClaims(fr);
        if (open.length > 0) {
          return rule(`Claims still unsettled (neither paid nor rejected): ${open.map((c) => c.claimId).join(', ')}.`);
        }
      }
      return OK;
    },
    apply(ctx, e) {
      const fr = openRequestOf(ctx, e.tranche, e.at);
      if (fr === null) return ctx;
      return {
        ...ctx,
        fundRequests: withRequest2(ctx, fr.requestId, (r) => ({
          ...r,
          stage: e.stage,
          stageHistory: [...r.stageHistory, { stage: e.stage, at: e.at }],
          awsFundRequestId: e.awsFundRequestId ?? r.awsFundRequestId,
          ...(e.stage === 'cash_claim'
            ? { preApprovedCents: e.preApprovedCents ?? null, purchaseOrder: e.purchaseOrder ?? null }
            : {}),
        })),
      };
    },
    emit: (before, _after, e) => [
      domainAction('fundRequestStageRecorded', {
        tranche: e.tranche,
        requestId: openRequestOf(before, e.tranche, e.at)?.requestId ?? null,
        stage: e.stage,
      }),
    ],
  }),
  RECORD_FUND_REQUEST_REJECTION: defineEvent<RecordFundRequestRejectionEvent, OpportunityContext2, FundingPolicy2027>({
    phases: REQUEST_PHASES,
    senders: ['partner', 'system'],
    check(ctx, e) {
      const fr = openRequest(ctx, e.tranche, e.at);
      if (isCheck(fr)) return fr;
      if (fr.stage !== 'business_approval' && fr.stage !== 'finance_approval') {
        return rule(`AWS rejects a request in business_approval or finance_approval; ${fr.requestId} is ${fr.stage}.`);
      }
      if (!isText(e.reason)) return rule("A rejection needs AWS's reason.");
      return typeof e.resubmittable === 'boolean' ? OK : rule('Say whether AWS allows resubmission (resubmittable).');
    },
    apply(ctx, e) {
      const fr = openRequestOf(ctx, e.tranche, e.at);
      if (fr === null) return ctx;
      const stage: FundRequestStage2 = e.resubmittable ? 'created' : 'rejected';
      return {
        ...ctx,
        fundRequests: withRequest2(ctx, fr.requestId, (r) => ({
          ...r,
          stage,
          stageHistory: [...r.stageHistory, { stage, at: e.at }],
          rejections: [
            ...r.rejections,
            { at: e.at, reason: e.reason, resubmittable: e.resubmittable, resubmittedAt: null },
          ],
        })),
      };
    },
    emit: (before, _after, e) => [
      domainAction('fundRequestRejected', {
        tranche: e.tranche,
        requestId: openRequestOf(before, e.tranche, e.at)?.requestId ?? null,
        reason: e.reason,
        resubmittable: e.resubmittable,
      }),
    ],
  }),
  RESUBMIT_FUND_REQUEST: defineEvent<ResubmitFundRequestEvent, OpportunityContext2, FundingPolicy2027>({
    phases: REQUEST_PHASES,
    senders: ['partner'],
    fundingSubmission: true,
    check(ctx, e, { policy }) {
      const fr = openRequest(ctx, e.tranche, e.at);
      if (isCheck(fr)) return fr;
      if (fr.stage !== 'created' || !awaitingResubmission(fr)) {
        return rule(`Only a request AWS sent back for changes is resubmitted; ${fr.requestId} is ${fr.stage}.`);
      }
      if (e.amountCents !== undefined && (!isCents(e.amountCents) || e.amountCents === 0)) {
        return rule('The amount must be a positive number of cents.');
      }
      return projectDatesRule(e.projectStartDate, e.projectEndDate, e.at, policy);
    },
    apply(ctx, e, { policy }) {
      const fr = openRequestOf(ctx, e.tranche, e.at);
      if (fr === null) return ctx;
      return {
        ...ctx,
        fundRequests: withRequest2(ctx, fr.requestId, (r) => {
          const requestedCents = e.amountCents ?? r.requestedCents;
          return {
            ...r,
            projectStartDate: e.projectStartDate,
            projectEndDate: e.projectEndDate,
            claimDueDate: claimDueDate(e.projectEndDate, policyAsV1(policy)),
            requestedCents,
            ...downgradeFlag(requestedCents, r.envelopeCents),
            rejections: r.rejections.map((x, i) => (i === r.rejections.length - 1 ? { ...x, resubmittedAt: e.at } : x)),
          };
        }),
      };
    },
    emit: (before, _after, e) => [
      domainAction('fundRequestResubmitted', {
        tranche: e.tranche,
        requestId: openRequestOf(before, e.tranche, e.at)?.requestId ?? null,
      }),
    ],
  }),
};
