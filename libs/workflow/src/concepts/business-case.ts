/**
 * The business case and the MAP opportunity record: the partner attests the
 * six-part record (a re-attestation supersedes, never edits), and the
 * customer approves or rejects the business case once the TCO model exists.
 */
import { domainAction } from '../actions';
import { OK, defineEvent, rule, type Ev } from '../definition';
import { isCents, isText } from '../money';
import { TRANCHES, type MapRecord } from '../types';

export type AttestMapRecordEvent = Ev<'ATTEST_MAP_RECORD', { record: MapRecord }>;
export type ApproveBusinessCaseEvent = Ev<'APPROVE_BUSINESS_CASE'>;
export type RejectBusinessCaseEvent = Ev<'REJECT_BUSINESS_CASE', { reason: string }>;

export type BusinessCaseEvent = AttestMapRecordEvent | ApproveBusinessCaseEvent | RejectBusinessCaseEvent;

/** Problems with a six-part MAP record (empty when complete). */
export function mapRecordProblems(r: MapRecord): string[] {
  const p: string[] = [];
  if (!isText(r.sourceEnvironment)) p.push('sourceEnvironment');
  if (!isText(r.targetArchitecture)) p.push('targetArchitecture');
  if (r.projectedSpend.length === 0 || !r.projectedSpend.every((s) => isText(s.service) && isCents(s.monthlyCents))) {
    p.push('projectedSpend');
  }
  if (!isText(r.wavePlan)) p.push('wavePlan');
  if (
    r.fundingRequest.length === 0 ||
    !r.fundingRequest.every((f) => TRANCHES.includes(f.tranche) && isCents(f.amountCents))
  ) {
    p.push('fundingRequest');
  }
  if (!isText(r.deliveryScope)) p.push('deliveryScope');
  return p;
}

export const BUSINESS_CASE_EVENTS = {
  ATTEST_MAP_RECORD: defineEvent<AttestMapRecordEvent>({
    phases: ['assess', 'mobilize', 'migrate'],
    senders: ['partner'],
    check(_ctx, e) {
      const problems = mapRecordProblems(e.record);
      return problems.length === 0 ? OK : rule(`The MAP record is incomplete: ${problems.join(', ')}.`);
    },
    apply: (ctx, e) => ({
      ...ctx,
      attestations: [...ctx.attestations, { seq: ctx.seq, at: e.at, by: e.actor.userId, record: e.record }],
    }),
    emit: (_before, after) => [domainAction('mapRecordAttested', { seq: after.seq })],
  }),
  APPROVE_BUSINESS_CASE: defineEvent<ApproveBusinessCaseEvent>({
    phases: ['assess'],
    senders: ['customer'],
    check(ctx) {
      if (!ctx.checklist.some((c) => c.key === 'tco_model')) {
        return rule('There is no business case to approve yet: the TCO model is not complete.');
      }
      return ctx.businessCase.status === 'approved' ? rule('The business case is already approved.') : OK;
    },
    apply: (ctx, e) => ({ ...ctx, businessCase: { status: 'approved', at: e.at, by: e.actor.userId, reason: null } }),
    emit: (_before, after) => [domainAction('businessCaseDecided', { status: after.businessCase.status })],
  }),
  REJECT_BUSINESS_CASE: defineEvent<RejectBusinessCaseEvent>({
    phases: ['assess'],
    senders: ['customer'],
    check(ctx, e) {
      if (!isText(e.reason)) return rule('Rejecting the business case needs a reason.');
      return ctx.businessCase.status === 'rejected' ? rule('The business case is already rejected.') : OK;
    },
    apply: (ctx, e) => ({
      ...ctx,
      businessCase: { status: 'rejected', at: e.at, by: e.actor.userId, reason: e.reason },
    }),
    emit: (_before, after) => [domainAction('businessCaseDecided', { status: after.businessCase.status })],
  }),
};
