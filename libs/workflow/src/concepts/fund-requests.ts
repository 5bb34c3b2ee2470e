/**
 * Fund requests: one per tranche, filed before the work, named
 * `[Program] Project - [Customer]`, sized against the tranche's envelope
 * (with a downgrade flag), moving forward through AWS's stages. A request is
 * completed from cash_claim once its claims are settled; `expired` is derived
 * at read time (funding.ts).
 */
import { domainAction } from '../actions';
import type { FundRequest, OpportunityContext } from '../context';
import { OK, defineEvent, rule, type Ev } from '../definition';
import { claimDueDate, downgradeFlag, envelopeFor, fundRequestName, isSettled, requestOf } from '../funding';
import { dateOf, isCents, isIsoDate, isText } from '../money';
import {
  FUND_REQUEST_STAGES,
  TRANCHES,
  type CustomerFundedWorkloads,
  type FundingType,
  type FundRequestStage,
  type Tranche,
} from '../types';
import { stackingConflict } from './stacking';

export type FileFundRequestEvent = Ev<
  'FILE_FUND_REQUEST',
  {
    tranche: Tranche;
    fundingType: FundingType;
    amountCents: number;
    /** Calendar date `YYYY-MM-DD`. */
    projectEndDate: string;
    workloads: string[];
    customerFundedWorkloads: CustomerFundedWorkloads;
  }
>;
export type RecordFundRequestStageEvent = Ev<
  'RECORD_FUND_REQUEST_STAGE',
  { tranche: Tranche; stage: FundRequestStage }
>;

export type FundRequestEvent = FileFundRequestEvent | RecordFundRequestStageEvent;

/** The request of `tranche` changed by `f`; the others as they are. */
export function withRequest(
  ctx: OpportunityContext,
  tranche: Tranche,
  f: (r: FundRequest) => FundRequest,
): FundRequest[] {
  return ctx.fundRequests.map((r) => (r.tranche === tranche ? f(r) : r));
}

export const FUND_REQUEST_EVENTS = {
  FILE_FUND_REQUEST: defineEvent<FileFundRequestEvent>({
    phases: ['assess', 'mobilize', 'migrate'],
    senders: ['partner'],
    fundingSubmission: true,
    check(ctx, e, { policy }) {
      if (!TRANCHES.includes(e.tranche)) return rule(`Unknown tranche ${e.tranche}.`);
      if (requestOf(ctx, e.tranche) !== null)
        return rule(`A fund request for ${e.tranche} already exists: one per tranche.`);
      const tp = policy.tranches[e.tranche];
      if (tp.phase !== 'assess' && ctx.attestations.length === 0) {
        return rule(`The ${tp.phase} tranches may be filed once the MAP opportunity record is attested.`);
      }
      if (e.fundingType !== tp.fundingType)
        return rule(`${e.tranche} is funded as ${tp.fundingType}, not ${e.fundingType}.`);
      if (!isCents(e.amountCents) || e.amountCents === 0) return rule('The amount must be a positive number of cents.');
      if (!isIsoDate(e.projectEndDate) || e.projectEndDate < dateOf(e.at)) {
        return rule(
          'The project end date must be a date (YYYY-MM-DD) not before today: requests are filed before the work.',
        );
      }
      if (e.workloads.length === 0 || !e.workloads.every(isText)) return rule('Name the workloads this request funds.');
      const conflict = stackingConflict(ctx, 'map', e.workloads, e.customerFundedWorkloads);
      return conflict === null ? OK : rule(conflict);
    },
    apply(ctx, e, { policy }) {
      const envelopeCents = envelopeFor(e.tranche, ctx.profile, policy);
      const filed: FundRequest = {
        tranche: e.tranche,
        name: fundRequestName(ctx, policy),
        fundingType: e.fundingType,
        amountCents: e.amountCents,
        projectEndDate: e.projectEndDate,
        claimDueDate: claimDueDate(e.projectEndDate, policy),
        workloads: [...e.workloads],
        stage: 'created',
        stageHistory: [{ stage: 'created', at: e.at }],
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
      const fr = requestOf(after, e.tranche);
      return [
        domainAction('fundRequestFiled', {
          tranche: e.tranche,
          name: fr?.name ?? null,
          amountCents: e.amountCents,
          envelopeCents: fr?.envelopeCents ?? null,
          likelyDowngrade: fr?.likelyDowngrade ?? null,
          overByCents: fr?.overByCents ?? null,
        }),
      ];
    },
  }),
  RECORD_FUND_REQUEST_STAGE: defineEvent<RecordFundRequestStageEvent>({
    phases: ['assess', 'mobilize', 'migrate', 'closeout'],
    senders: ['partner'],
    check(ctx, e) {
      const fr = requestOf(ctx, e.tranche);
      if (fr === null) return rule(`There is no fund request for ${e.tranche}.`);
      if (!FUND_REQUEST_STAGES.includes(e.stage)) return rule(`Unknown stage ${e.stage}.`);
      if (fr.stage === 'completed' || fr.stage === 'terminated')
        return rule(`The ${e.tranche} request is already ${fr.stage}.`);
      if (e.stage === 'terminated') return OK;
      if (FUND_REQUEST_STAGES.indexOf(e.stage) <= FUND_REQUEST_STAGES.indexOf(fr.stage)) {
        return rule(`Stages move forward only: the ${e.tranche} request is at ${fr.stage}.`);
      }
      if (e.stage === 'completed') {
        if (fr.stage !== 'cash_claim') return rule('A request is completed from cash_claim.');
        const open = fr.claims.filter((c) => !isSettled(c));
        if (open.length > 0) {
          return rule(`Claims still unsettled (neither paid nor rejected): ${open.map((c) => c.claimId).join(', ')}.`);
        }
      }
      return OK;
    },
    apply: (ctx, e) => ({
      ...ctx,
      fundRequests: withRequest(ctx, e.tranche, (r) => ({
        ...r,
        stage: e.stage,
        stageHistory: [...r.stageHistory, { stage: e.stage, at: e.at }],
      })),
    }),
    emit: (_before, _after, e) => [domainAction('fundRequestStageRecorded', { tranche: e.tranche, stage: e.stage })],
  }),
};
