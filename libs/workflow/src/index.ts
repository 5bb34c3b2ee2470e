/**
 * mapflow's pure domain library: the MAP opportunity machine v1, its gates,
 * checklists, triage, funding policy, tagging, permissions, reads and
 * findings. Imports only xstate and its own files.
 */
export * from './types';
export * from './events';
export * from './context';
export * from './policy';
export { applyBps, DAY_MS, isCents, isIsoDate, isIsoTimestamp, isText } from './money';
export * from './dates';
export * from './triage';
export * from './tagging';
export * from './checklists';
export * from './funding';
export * from './gates';
export {
  defineEvent,
  type ApplyArgs,
  type Check,
  type Ev,
  type EventDefinition,
  type FieldProblem,
  type Refused,
  type StepArgs,
} from './definition';
export * from './catalog';
export { mapRecordProblems } from './concepts/business-case';
export { WAVE_MOVES, REPLANNABLE } from './concepts/waves';
export { partnerTrancheFor, pilotValidated } from './facts';
export { stackingConflict } from './concepts/stacking';
export * from './actions';
export {
  MACHINE_VERSION,
  opportunityMachine,
  initialContext,
  type OpportunityMachine,
  type DomainActionsParams,
} from './machine';
export * from './engine';
export * from './view';
export * from './findings';
export * from './diagram';
export * from './workload-name';
export * from './v2';
export * from './versions';
export * from './routing';
