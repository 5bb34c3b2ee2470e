/**
 * Stacking: MAP and Activate never fund the same workload, in this
 * opportunity or another of the customer's (the event carries those of its
 * names the customer's other opportunities fund). Activate workloads are
 * recorded here; MAP fund requests ask {@link stackingConflict} before filing.
 */
import { domainAction } from '../actions';
import type { OpportunityContext } from '../context';
import { OK, defineEvent, rule, type Ev } from '../definition';
import { isCents, isText } from '../money';
import type { CustomerFundedWorkloads } from '../types';

export type RecordActivateWorkloadEvent = Ev<
  'RECORD_ACTIVATE_WORKLOAD',
  { workload: string; amountCents: number; customerFundedWorkloads: CustomerFundedWorkloads }
>;

export type StackingEvent = RecordActivateWorkloadEvent;

/** Workloads funded by Activate: here, or (as the event says) in the customer's other opportunities. */
function activateFunded(ctx: OpportunityContext, elsewhere: CustomerFundedWorkloads): Set<string> {
  return new Set([...ctx.activateWorkloads.map((a) => a.workload), ...elsewhere.activate]);
}

/**
 * Why funding `workloads` by `program` would stack on funding they already
 * have, in words; null when it would not.
 */
export function stackingConflict(
  ctx: OpportunityContext,
  program: 'map' | 'activate',
  workloads: readonly string[],
  elsewhere: CustomerFundedWorkloads,
): string | null {
  const activate = activateFunded(ctx, elsewhere);
  if (program === 'map') {
    const otherMap = new Set(elsewhere.map);
    for (const w of workloads) {
      if (activate.has(w)) {
        return `Workload ${w} is already funded by Activate; AWS would zero a second claim on the same workload.`;
      }
      if (otherMap.has(w)) return `Workload ${w} is already funded by another MAP opportunity of this customer.`;
    }
    return null;
  }
  const map = new Set([...ctx.fundRequests.flatMap((r) => r.workloads), ...elsewhere.map]);
  for (const w of workloads) {
    if (map.has(w)) {
      return `Workload ${w} is named by a MAP fund request; Activate may fund only workloads distinct from the migration.`;
    }
    if (activate.has(w)) return `Workload ${w} is already funded by Activate.`;
  }
  return null;
}

export const STACKING_EVENTS = {
  RECORD_ACTIVATE_WORKLOAD: defineEvent<RecordActivateWorkloadEvent>({
    phases: ['intake', 'assess', 'mobilize', 'migrate', 'closeout'],
    senders: ['partner'],
    check(ctx, e) {
      if (!isText(e.workload)) return rule('Name the Activate workload.');
      if (!isCents(e.amountCents) || e.amountCents === 0) return rule('The amount must be a positive number of cents.');
      const conflict = stackingConflict(ctx, 'activate', [e.workload], e.customerFundedWorkloads);
      return conflict === null ? OK : rule(conflict);
    },
    apply: (ctx, e) => ({
      ...ctx,
      activateWorkloads: [
        ...ctx.activateWorkloads,
        { workload: e.workload, amountCents: e.amountCents, declaredAt: e.at },
      ],
    }),
    emit: (_before, _after, e) => [
      domainAction('activateWorkloadRecorded', { workload: e.workload, amountCents: e.amountCents }),
    ],
  }),
};
