/** Machine version 2 (design/funding-v2.md), as the domain library exports it. */
export * from './context';
export * from './policy';
export * from './funding';
export * from './tagging';
export * from './requests';
export * from './migrate';
export * from './events';
export * from './catalog';
export * from './machine';
export * from './engine';
export * from './read';
export * from './findings';
export * from './view';
export { ACE_INDUSTRIES, aceFieldErrors } from './concepts/profile';
export { ACE_OPPORTUNITY_ID, ACE_EDITABLE_PROFILE_FIELDS, aceFieldsMissing } from './concepts/ace';
export { RECORDED_STAGES, type RecordedStage } from './concepts/fund-requests';
export { policyAsV1, contextAsV1 } from './kept';
