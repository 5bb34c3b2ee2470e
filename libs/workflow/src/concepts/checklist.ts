/**
 * The phase checklists: items completed with evidence, superseded or
 * reopened. Items of a later phase are refused until that phase is reached.
 * A new or reopened TCO model is a new business case: the earlier approval no longer stands.
 */
import { domainAction } from '../actions';
import { checklistItem, isChecklistKey, isEvidence, type ChecklistKey } from '../checklists';
import type { BusinessCase } from '../context';
import { OK, defineEvent, rule, type Ev } from '../definition';
import { isText } from '../money';
import { OPEN_PHASES, type Evidence, type OpenPhase } from '../types';

export type CompleteChecklistItemEvent = Ev<'COMPLETE_CHECKLIST_ITEM', { item: ChecklistKey; evidence: Evidence }>;
export type ReopenChecklistItemEvent = Ev<'REOPEN_CHECKLIST_ITEM', { item: ChecklistKey; reason: string }>;

export type ChecklistEvent = CompleteChecklistItemEvent | ReopenChecklistItemEvent;

const CHECKLIST_PHASES: readonly OpenPhase[] = ['assess', 'mobilize', 'migrate'];

/** The business case after the checklist item `item` changed. */
function businessCaseAfter(item: ChecklistKey, current: BusinessCase): BusinessCase {
  return item === 'tco_model' ? { status: 'pending', at: null, by: null, reason: null } : current;
}

export const CHECKLIST_EVENTS = {
  COMPLETE_CHECKLIST_ITEM: defineEvent<CompleteChecklistItemEvent>({
    phases: CHECKLIST_PHASES,
    senders: ['partner'],
    check(_ctx, e, { phase }) {
      if (!isChecklistKey(e.item)) return rule(`Unknown checklist item ${String(e.item)}.`);
      const item = checklistItem(e.item);
      if (OPEN_PHASES.indexOf(item.phase) > OPEN_PHASES.indexOf(phase)) {
        return rule(`${item.key} belongs to the ${item.phase} checklist; it is not open yet.`);
      }
      return isEvidence(e.evidence) ? OK : rule('Evidence is { uri, sha256 } with a 64-hex SHA-256.');
    },
    apply: (ctx, e) => ({
      ...ctx,
      checklist: [
        ...ctx.checklist.filter((c) => c.key !== e.item),
        {
          key: e.item,
          evidence: { uri: e.evidence.uri, sha256: e.evidence.sha256 },
          completedAt: e.at,
          completedBy: e.actor.userId,
        },
      ],
      businessCase: businessCaseAfter(e.item, ctx.businessCase),
    }),
    emit: (_before, _after, e) => (e.item === 'tco_model' ? [domainAction('notifyCustomerBusinessCaseReady')] : []),
  }),
  REOPEN_CHECKLIST_ITEM: defineEvent<ReopenChecklistItemEvent>({
    phases: CHECKLIST_PHASES,
    senders: ['partner'],
    check(ctx, e) {
      if (!ctx.checklist.some((c) => c.key === e.item)) return rule(`${e.item} is not complete.`);
      return isText(e.reason) ? OK : rule('Reopening needs a reason.');
    },
    apply: (ctx, e) => ({
      ...ctx,
      checklist: ctx.checklist.filter((c) => c.key !== e.item),
      businessCase: businessCaseAfter(e.item, ctx.businessCase),
    }),
  }),
};
