/**
 * Phase checklists and tranche claim checklists, as data (DESIGN.md §2).
 * A completed item records its evidence `{ uri, sha256 }`.
 */
import { isText } from './money';
import type { Evidence, Tranche } from './types';

export type ChecklistPhase = 'assess' | 'mobilize' | 'migrate';

export type ChecklistKey =
  | 'discovery_inventory'
  | 'tco_model'
  | 'seven_rs_disposition'
  | 'readiness_assessment'
  | 'target_architecture'
  | 'wave_plan'
  | 'landing_zone'
  | 'runbook'
  | 'migration_factory'
  | 'source_decommissioned'
  | 'cost_validated';

export interface ChecklistItem {
  key: ChecklistKey;
  phase: ChecklistPhase;
  description: string;
  /** What the evidence document must show. */
  evidenceRequired: string;
}

/** Every phase checklist item, in phase order (seed §II). */
export const CHECKLIST: readonly ChecklistItem[] = [
  {
    key: 'discovery_inventory',
    phase: 'assess',
    description: 'Inventory the servers, databases, dependencies and current spend.',
    evidenceRequired: 'An Application Discovery Service or Migration Hub export of the estate.',
  },
  {
    key: 'tco_model',
    phase: 'assess',
    description: 'Build the TCO model comparing the current run-rate to the projected AWS bill.',
    evidenceRequired: 'The TCO model document.',
  },
  {
    key: 'seven_rs_disposition',
    phase: 'assess',
    description: 'Record a 7-Rs disposition for every application.',
    evidenceRequired: 'The per-application disposition sheet.',
  },
  {
    key: 'readiness_assessment',
    phase: 'assess',
    description: 'Score readiness across people, process, platform and security.',
    evidenceRequired: 'The migration readiness assessment report.',
  },
  {
    key: 'target_architecture',
    phase: 'assess',
    description: 'Sketch the target AWS architecture.',
    evidenceRequired: 'The target architecture document.',
  },
  {
    key: 'wave_plan',
    phase: 'assess',
    description: 'Structure the migration into waves.',
    evidenceRequired: 'The wave plan.',
  },
  {
    key: 'landing_zone',
    phase: 'mobilize',
    description: 'Build a secure multi-account landing zone (Control Tower, Organizations, guardrails, logging, IAM).',
    evidenceRequired: 'The landing zone design and its deployment record.',
  },
  {
    key: 'runbook',
    phase: 'mobilize',
    description: 'Write and prove the migration and cutover runbook.',
    evidenceRequired: 'The runbook.',
  },
  {
    key: 'migration_factory',
    phase: 'mobilize',
    description: 'Set up the migration factory (tooling, team and cadence).',
    evidenceRequired: 'The migration factory set-up record.',
  },
  {
    key: 'source_decommissioned',
    phase: 'migrate',
    description: 'Decommission the source environment.',
    evidenceRequired: 'The decommissioning record or the closed source account.',
  },
  {
    key: 'cost_validated',
    phase: 'migrate',
    description: 'Validate the AWS cost against the Assess TCO model.',
    evidenceRequired: 'The cost validation report against the TCO model.',
  },
];

export const CHECKLIST_KEYS: readonly ChecklistKey[] = CHECKLIST.map((i) => i.key);

/** True when `s` is a checklist item key. */
export function isChecklistKey(s: unknown): s is ChecklistKey {
  return typeof s === 'string' && (CHECKLIST_KEYS as readonly string[]).includes(s);
}

/** The checklist item of a key. */
export function checklistItem(key: ChecklistKey): ChecklistItem {
  const item = CHECKLIST.find((i) => i.key === key);
  /* istanbul ignore next -- ChecklistKey is a closed union; unreachable */
  if (item === undefined) throw new Error(`unknown checklist item ${key}`);
  return item;
}

/** The items of one phase's checklist. */
export function checklistFor(phase: ChecklistPhase): ChecklistItem[] {
  return CHECKLIST.filter((i) => i.phase === phase);
}

/** True when `s` is a SHA-256 digest in hex: exactly 64 hex characters. */
export function isSha256(s: unknown): s is string {
  return typeof s === 'string' && /^[0-9a-fA-F]{64}$/.test(s);
}

/** True for evidence `{ uri, sha256 }` with a non-empty URI and a valid digest. */
export function isEvidence(e: unknown): e is Evidence {
  if (typeof e !== 'object' || e === null) return false;
  const uri: unknown = Reflect.get(e, 'uri');
  const sha: unknown = Reflect.get(e, 'sha256');
  return isText(uri) && isSha256(sha);
}

/** A fact a tranche's claim checklist requires before a claim may be prepared. */
export type ClaimFact =
  'assess_checklist_complete' | 'pilot_wave_validated' | 'mobilize_checklist_complete' | 'production_wave_validated';

export const CLAIM_FACT_WORDS: Record<ClaimFact, string> = {
  assess_checklist_complete: 'The Assess checklist is complete.',
  pilot_wave_validated: 'The pilot wave is validated.',
  mobilize_checklist_complete: 'The Mobilize checklist is complete.',
  production_wave_validated: 'At least one production wave is validated.',
};

/** Tranche claim checklists (DESIGN.md §2): the derived facts each tranche needs. */
export const CLAIM_CHECKLISTS: Record<Tranche, readonly ClaimFact[]> = {
  assess_partner_funding: ['assess_checklist_complete'],
  mobilize_partner_funding: ['pilot_wave_validated', 'mobilize_checklist_complete'],
  mobilize_credits: ['pilot_wave_validated', 'mobilize_checklist_complete'],
  migrate_partner_funding: ['production_wave_validated'],
  migrate_credits: ['production_wave_validated'],
};
