/**
 * Plan termination (design/funding-v2.md): the customer or AWS ends the
 * Migration Plan. Credits count spend up to that date and settle at the
 * quarter's end; open fund requests must be terminated or settled before the
 * opportunity can close (the closeout gate, kept from version 1).
 */
import { domainAction } from '../../actions';
import { OK, defineEvent, rule, type Ev } from '../../definition';
import { isIsoDate, isText } from '../../money';
import type { OpportunityContext2 } from '../context';
import type { FundingPolicy2027 } from '../policy';

export type RecordPlanTerminationEvent = Ev<
  'RECORD_PLAN_TERMINATION',
  { by: 'customer' | 'aws'; on: string; reason: string }
>;

export const PLAN_TERMINATION_EVENTS = {
  RECORD_PLAN_TERMINATION: defineEvent<RecordPlanTerminationEvent, OpportunityContext2, FundingPolicy2027>({
    phases: ['mobilize', 'migrate', 'closeout'],
    senders: ['partner', 'customer'],
    check(ctx, e) {
      if (ctx.planTermination !== null) {
        return rule(`The plan was already terminated on ${ctx.planTermination.on} (by ${ctx.planTermination.by}).`);
      }
      if (e.by !== 'customer' && e.by !== 'aws') return rule('A plan is terminated by the customer or by AWS (by).');
      if (!isIsoDate(e.on)) return rule('on must be the date (YYYY-MM-DD) the plan ends.');
      return isText(e.reason) ? OK : rule('A plan termination needs a reason.');
    },
    apply: (ctx, e) => ({ ...ctx, planTermination: { by: e.by, on: e.on, reason: e.reason, recordedAt: e.at } }),
    emit: (_before, _after, e) => [domainAction('planTerminated', { by: e.by, on: e.on })],
  }),
};
