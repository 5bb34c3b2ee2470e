/**
 * Domain actions: named data the service runs AFTER the commit (notify,
 * file with AWS, ...). Nothing with a side effect runs inside the machine;
 * the machine only enqueues these names with their data.
 */
import type { OpportunityContext } from './context';
import type { OpportunityEvent } from './events';
import type { Phase } from './types';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const DOMAIN_ACTION_NAMES = [
  'opportunityCreated',
  'phaseChanged',
  'opportunityEnded',
  'notifyCustomerBusinessCaseReady',
  'businessCaseDecided',
  'mapRecordAttested',
  'mapAgreementRecorded',
  'notifyCustomerDecisionNeeded',
  'notifyPartnerWaveDecided',
  'waveStatusChanged',
  'fundRequestFiled',
  'fundRequestStageRecorded',
  'notifyCustomerClaimSignOffNeeded',
  'claimSubmitted',
  'claimOutcomeRecorded',
  'paymentRecorded',
  'activateWorkloadRecorded',
  'runRateRecorded',
] as const;

export type DomainActionName = (typeof DOMAIN_ACTION_NAMES)[number];

/** A named action with its data, plain JSON. */
export interface DomainAction {
  type: DomainActionName;
  opportunityId: string;
  [key: string]: JsonValue;
}

/**
 * The domain actions an accepted event produces, from the context before and
 * after it and the phases it left and entered.
 */
export function domainActionsFor(
  before: OpportunityContext,
  after: OpportunityContext,
  event: OpportunityEvent,
  from: Phase,
  to: Phase,
): DomainAction[] {
  const opportunityId = after.opportunityId;
  const out: DomainAction[] = [];
  const push = (type: DomainActionName, data: Record<string, JsonValue> = {}): void => {
    out.push({ ...data, type, opportunityId });
  };
  if (from !== to) {
    push('phaseChanged', { from, to });
    if (after.ending !== null && before.ending === null)
      push('opportunityEnded', { phase: to, reasons: after.ending.reasons });
  }
  switch (event.type) {
    case 'COMPLETE_CHECKLIST_ITEM':
      if (event.item === 'tco_model') push('notifyCustomerBusinessCaseReady');
      break;
    case 'APPROVE_BUSINESS_CASE':
    case 'REJECT_BUSINESS_CASE':
      push('businessCaseDecided', { status: after.businessCase.status });
      break;
    case 'ATTEST_MAP_RECORD':
      push('mapRecordAttested', { seq: after.seq });
      break;
    case 'RECORD_MAP_AGREEMENT':
      push('mapAgreementRecorded', { tagScheme: event.tagScheme, mpeId: event.mpeId });
      break;
    case 'REQUEST_WAVE_DECISION':
      push('notifyCustomerDecisionNeeded', { waveId: event.waveId });
      break;
    case 'DECIDE_WAVE':
      push('notifyPartnerWaveDecided', { waveId: event.waveId, decision: event.decision });
      break;
    case 'PLAN_WAVE':
    case 'START_WAVE':
    case 'CUT_OVER_WAVE':
    case 'VALIDATE_WAVE':
    case 'ROLL_BACK_WAVE':
    case 'CANCEL_WAVE': {
      const wave = after.waves.find((w) => w.waveId === event.waveId);
      push('waveStatusChanged', { waveId: event.waveId, status: wave?.status ?? null });
      break;
    }
    case 'FILE_FUND_REQUEST': {
      const fr = after.fundRequests.find((r) => r.tranche === event.tranche);
      push('fundRequestFiled', {
        tranche: event.tranche,
        name: fr?.name ?? null,
        amountCents: event.amountCents,
        envelopeCents: fr?.envelopeCents ?? null,
        likelyDowngrade: fr?.likelyDowngrade ?? null,
        overByCents: fr?.overByCents ?? null,
      });
      break;
    }
    case 'RECORD_FUND_REQUEST_STAGE':
      push('fundRequestStageRecorded', { tranche: event.tranche, stage: event.stage });
      break;
    case 'PREPARE_CLAIM':
      push('notifyCustomerClaimSignOffNeeded', { tranche: event.tranche, claimId: event.claimId });
      break;
    case 'SUBMIT_CLAIM':
      push('claimSubmitted', { tranche: event.tranche, claimId: event.claimId });
      break;
    case 'RECORD_CLAIM_OUTCOME':
      push('claimOutcomeRecorded', {
        tranche: event.tranche,
        claimId: event.claimId,
        outcome: event.outcome,
        approvedCents: event.approvedCents,
      });
      break;
    case 'RECORD_PAYMENT':
      push('paymentRecorded', { tranche: event.tranche, claimId: event.claimId });
      break;
    case 'RECORD_ACTIVATE_WORKLOAD':
      push('activateWorkloadRecorded', { workload: event.workload, amountCents: event.amountCents });
      break;
    case 'RECORD_RUN_RATE':
      push('runRateRecorded', { monthlyCents: event.monthlyCents });
      break;
    default:
      break;
  }
  return out;
}
