/**
 * Domain actions: named data the service runs AFTER the commit (notify,
 * file with AWS, ...). Nothing with a side effect runs inside the machine;
 * the machine only enqueues these names with their data. Each event's
 * definition names what it emits (`emit` in concepts/*.ts); the step adds
 * `phaseChanged` and `opportunityEnded` when the phase changes.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Every action name, a closed list, so that a misspelt name in an `emit`
 * does not compile. An event that emits an action of a new name adds it here.
 */
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
  'fundRequestRejected',
  'fundRequestResubmitted',
  'notifyCustomerClaimSignOffNeeded',
  'claimSubmitted',
  'claimOutcomeRecorded',
  'paymentRecorded',
  'activateWorkloadRecorded',
  'runRateRecorded',
  'taggedSpendRecorded',
  'creditsIssued',
  'tagsApplied',
  'aceOpportunityRecorded',
  'aceSubmissionRequested',
  'planTerminated',
] as const;

export type DomainActionName = (typeof DOMAIN_ACTION_NAMES)[number];

/** A named action with its data, as an event's definition emits it. */
export interface DomainActionData {
  type: DomainActionName;
  [key: string]: JsonValue;
}

/** A named action with its data and the opportunity it is about, plain JSON. */
export interface DomainAction extends DomainActionData {
  opportunityId: string;
}

/** The action `type` with its `data`. */
export function domainAction(type: DomainActionName, data: Record<string, JsonValue> = {}): DomainActionData {
  return { ...data, type };
}
