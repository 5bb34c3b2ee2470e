/**
 * The customer's MAP credits ledger (design/funding-v2.md, "Two ledgers"):
 * credits are not fund requests and are never "paid". The partner records
 * each calendar quarter's tagged and untagged spend from the customer's cost
 * report; AWS's credits are recorded as issued, per account. Recording a
 * quarter again replaces its spend figures (a corrected cost report) and keeps
 * the credits already issued for it. After a plan termination, a quarter that
 * starts after its date has no spend to count.
 */
import { domainAction } from '../../actions';
import { isEvidence } from '../../checklists';
import { OK, defineEvent, rule, type Check, type Ev } from '../../definition';
import { dateOf, isCents, isText } from '../../money';
import type { Evidence } from '../../types';
import type { CreditQuarter, OpportunityContext2 } from '../context';
import { isQuarter, quarterStartDate } from '../funding';
import type { FundingPolicy2027 } from '../policy';

export type RecordTaggedSpendEvent = Ev<
  'RECORD_TAGGED_SPEND',
  { quarter: string; taggedSpendCents: number; untaggedSpendCents: number; evidence: Evidence }
>;
export type RecordCreditsIssuedEvent = Ev<
  'RECORD_CREDITS_ISSUED',
  { quarter: string; amountCents: number; awsAccountId: string; creditCode?: string }
>;

export type CreditsEvent = RecordTaggedSpendEvent | RecordCreditsIssuedEvent;

const AWS_ACCOUNT_ID = /^\d{12}$/;

/** The ledger's entry for a quarter, or null. */
export function quarterOf2(ctx: Pick<OpportunityContext2, 'credits'>, quarter: string): CreditQuarter | null {
  return ctx.credits.find((q) => q.quarter === quarter) ?? null;
}

function checkQuarter(quarter: unknown, at: string): Check {
  if (!isQuarter(quarter)) return rule('quarter must be a calendar quarter YYYY-Qn, n from 1 to 4.');
  return quarterStartDate(quarter) > dateOf(at)
    ? rule(`${quarter} has not started; spend is recorded from cost reports.`)
    : OK;
}

export const CREDITS_EVENTS = {
  RECORD_TAGGED_SPEND: defineEvent<RecordTaggedSpendEvent, OpportunityContext2, FundingPolicy2027>({
    phases: ['mobilize', 'migrate', 'closeout'],
    senders: ['partner'],
    check(ctx, e) {
      const q = checkQuarter(e.quarter, e.at);
      if (!q.ok) return q;
      if (!isCents(e.taggedSpendCents) || !isCents(e.untaggedSpendCents)) {
        return rule('taggedSpendCents and untaggedSpendCents are non-negative numbers of cents.');
      }
      if (!isEvidence(e.evidence)) return rule('The cost report evidence is { uri, sha256 } with a 64-hex SHA-256.');
      const end = ctx.planTermination;
      if (end !== null && quarterStartDate(e.quarter) > end.on) {
        return rule(`The plan ended on ${end.on}; ${e.quarter} starts after it and earns no credits.`);
      }
      return OK;
    },
    apply(ctx, e) {
      const entry: CreditQuarter = {
        quarter: e.quarter,
        taggedSpendCents: e.taggedSpendCents,
        untaggedSpendCents: e.untaggedSpendCents,
        evidence: { uri: e.evidence.uri, sha256: e.evidence.sha256 },
        recordedAt: e.at,
        issued: quarterOf2(ctx, e.quarter)?.issued ?? [],
      };
      const others = ctx.credits.filter((q) => q.quarter !== e.quarter);
      return { ...ctx, credits: [...others, entry].sort((a, b) => a.quarter.localeCompare(b.quarter)) };
    },
    emit: (_before, _after, e) => [
      domainAction('taggedSpendRecorded', {
        quarter: e.quarter,
        taggedSpendCents: e.taggedSpendCents,
        untaggedSpendCents: e.untaggedSpendCents,
      }),
    ],
  }),
  RECORD_CREDITS_ISSUED: defineEvent<RecordCreditsIssuedEvent, OpportunityContext2, FundingPolicy2027>({
    phases: ['mobilize', 'migrate', 'closeout'],
    senders: ['partner', 'customer'],
    check(ctx, e) {
      const q = checkQuarter(e.quarter, e.at);
      if (!q.ok) return q;
      if (quarterOf2(ctx, e.quarter) === null) {
        return rule(`Record ${e.quarter}'s tagged spend (RECORD_TAGGED_SPEND) before the credits AWS issued for it.`);
      }
      if (!isCents(e.amountCents) || e.amountCents === 0)
        return rule('The credits issued are a positive number of cents.');
      if (typeof e.awsAccountId !== 'string' || !AWS_ACCOUNT_ID.test(e.awsAccountId)) {
        return rule('awsAccountId is the 12-digit AWS account the credits were applied to.');
      }
      return e.creditCode === undefined || isText(e.creditCode) ? OK : rule('creditCode, when given, is text.');
    },
    apply: (ctx, e) => ({
      ...ctx,
      credits: ctx.credits.map((q) =>
        q.quarter === e.quarter
          ? {
              ...q,
              issued: [
                ...q.issued,
                {
                  amountCents: e.amountCents,
                  awsAccountId: e.awsAccountId,
                  creditCode: e.creditCode ?? null,
                  at: e.at,
                },
              ],
            }
          : q,
      ),
    }),
    emit: (_before, _after, e) => [
      domainAction('creditsIssued', { quarter: e.quarter, amountCents: e.amountCents, awsAccountId: e.awsAccountId }),
    ],
  }),
};
