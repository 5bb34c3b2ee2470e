/**
 * mapflow's pure domain library: the MAP opportunity machine v1, its gates,
 * checklists, triage, funding policy, tagging, permissions, reads and
 * findings. Imports only xstate and its own files.
 */
export * from './types';
export * from './events';
export * from './context';
export * from './policy';
export { applyBps, isCents, isIsoDate, isIsoTimestamp, isText } from './money';
export * from './dates';
export * from './triage';
export * from './tagging';
export * from './checklists';
export * from './permissions';
export * from './funding';
export * from './gates';
export {
  authorize,
  checkRule,
  EVENTS_BY_PHASE,
  WAVE_MOVES,
  REPLANNABLE,
  mapRecordProblems,
  type Check,
  type FieldProblem,
} from './rules';
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
