/**
 * Which role may send which event (DESIGN.md §1-2). The rest of the app
 * enforces roles through this table and nowhere else. Ops sends no
 * lifecycle event. Funding-submission events further need a funding tier.
 */
import type { EventType } from './events';
import { FUNDING_POLICY, type FundingPolicy } from './policy';
import type { EventActor, Role } from './types';

const P: readonly Role[] = ['partner'];
const C: readonly Role[] = ['customer'];

/** Role permission table: every event, the roles that may send it. */
export const PERMISSIONS: Record<EventType, readonly Role[]> = {
  UPDATE_PROFILE: P,
  COMPLETE_CHECKLIST_ITEM: P,
  REOPEN_CHECKLIST_ITEM: P,
  ATTEST_MAP_RECORD: P,
  APPROVE_BUSINESS_CASE: C,
  REJECT_BUSINESS_CASE: C,
  RECORD_MAP_AGREEMENT: P,
  PLAN_WAVE: P,
  REQUEST_WAVE_DECISION: P,
  DECIDE_WAVE: C,
  START_WAVE: P,
  CUT_OVER_WAVE: P,
  VALIDATE_WAVE: P,
  ROLL_BACK_WAVE: P,
  CANCEL_WAVE: P,
  FILE_FUND_REQUEST: P,
  RECORD_FUND_REQUEST_STAGE: P,
  RECORD_ACTIVATE_WORKLOAD: P,
  PREPARE_CLAIM: P,
  SIGN_OFF_CLAIM: C,
  SUBMIT_CLAIM: P,
  RECORD_CLAIM_OUTCOME: P,
  RECORD_PAYMENT: P,
  RECORD_RUN_RATE: P,
  ADVANCE: P,
  WITHDRAW: P,
};

/** True when `role` may send events of `type`. */
export function maySend(role: Role, type: EventType): boolean {
  return PERMISSIONS[type].includes(role);
}

/** Events that submit funding to AWS and so need a partner tier with funding rights. */
export const FUNDING_SUBMISSION_EVENTS: readonly EventType[] = ['FILE_FUND_REQUEST', 'PREPARE_CLAIM', 'SUBMIT_CLAIM'];

/** True when the actor's tier carries funding-submission rights under the policy. */
export function hasFundingRights(actor: EventActor, policy: FundingPolicy = FUNDING_POLICY): boolean {
  return actor.tier !== undefined && policy.fundingTiers.value.includes(actor.tier);
}
