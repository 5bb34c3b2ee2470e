/**
 * Phase gates (DESIGN.md §2). One pure function per phase transition returns
 * `{ ready, missing }`; the machine's ADVANCE guards call these same
 * functions, so what a guard decides and what a refusal explains cannot
 * disagree. Gate items may be satisfied in any order.
 */
import { checklistFor, type ChecklistKey, type ChecklistPhase } from './checklists';
import type { OpportunityContext } from './context';
import { pilotValidated } from './facts';
import { isFundRequestSettled, fundRequestStatus } from './funding';
import { describeField, missingProfileFields, triageIfComplete } from './triage';
import type { OpenPhase, Phase } from './types';
import { FUNDING_POLICY, type FundingPolicy } from './policy';

export type GateKey =
  | ChecklistKey
  | 'profile_complete'
  | 'triage_map'
  | 'map_record_attested'
  | 'business_case_approved'
  | 'map_agreement_recorded'
  | 'pilot_wave_validated'
  | 'production_waves_validated'
  | 'run_rate_recorded'
  | 'fund_requests_settled';

export interface GateMissing {
  key: GateKey;
  description: string;
}

export interface GateResult {
  ready: boolean;
  missing: GateMissing[];
}

function result(missing: GateMissing[]): GateResult {
  return { ready: missing.length === 0, missing };
}

function checklistMissing(ctx: OpportunityContext, phase: ChecklistPhase): GateMissing[] {
  const done = new Set(ctx.checklist.map((e) => e.key));
  return checklistFor(phase)
    .filter((i) => !done.has(i.key))
    .map((i) => ({ key: i.key, description: `Checklist: ${i.description} Evidence needed: ${i.evidenceRequired}` }));
}

/** intake -> assess: the profile is complete and triage says MAP. */
export function gateIntakeToAssess(ctx: OpportunityContext, policy: FundingPolicy = FUNDING_POLICY): GateResult {
  const fields = missingProfileFields(ctx.profile);
  if (fields.length > 0) {
    return result([
      {
        key: 'profile_complete',
        description: `Complete the profile: ${fields.map(describeField).join(', ')} (${fields.join(', ')}).`,
      },
    ]);
  }
  const t = triageIfComplete(ctx.profile, policy);
  if (t !== null && t.program !== 'MAP') {
    return result([{ key: 'triage_map', description: `Triage says ${t.program}, not MAP: ${t.reasons.join(' ')}` }]);
  }
  return result([]);
}

/** assess -> mobilize: Assess checklist, MAP record attested, business case approved, MAP agreement recorded, triage still MAP. */
export function gateAssessToMobilize(ctx: OpportunityContext, policy: FundingPolicy = FUNDING_POLICY): GateResult {
  const missing = checklistMissing(ctx, 'assess');
  if (ctx.attestations.length === 0) {
    missing.push({
      key: 'map_record_attested',
      description:
        'Attest the MAP opportunity record: source environment, target architecture, projected spend, wave plan, funding request and delivery scope.',
    });
  }
  if (ctx.businessCase.status !== 'approved') {
    missing.push({
      key: 'business_case_approved',
      description:
        ctx.businessCase.status === 'rejected'
          ? `The customer rejected the business case (${ctx.businessCase.reason ?? 'no reason given'}); revise it and ask for approval again.`
          : 'The customer must approve the business case.',
    });
  }
  if (ctx.mapAgreement === null) {
    missing.push({
      key: 'map_agreement_recorded',
      description: 'Record the signed MAP agreement with its tag scheme and ID.',
    });
  }
  const t = triageIfComplete(ctx.profile, policy);
  if (t === null || t.program !== 'MAP') {
    missing.push({ key: 'triage_map', description: 'Triage no longer says MAP for this profile.' });
  }
  return result(missing);
}

/** mobilize -> migrate: Mobilize checklist complete and the pilot wave validated. */
export function gateMobilizeToMigrate(ctx: OpportunityContext): GateResult {
  const missing = checklistMissing(ctx, 'mobilize');
  if (!pilotValidated(ctx)) {
    missing.push({ key: 'pilot_wave_validated', description: 'Migrate and validate the pilot wave.' });
  }
  return result(missing);
}

/** migrate -> closeout: every production wave validated or cancelled (one validated), Migrate checklist, actual run-rate recorded. */
export function gateMigrateToCloseout(ctx: OpportunityContext): GateResult {
  const missing: GateMissing[] = [];
  const production = ctx.waves.filter((w) => w.kind === 'production');
  const open = production.filter((w) => w.status !== 'validated' && w.status !== 'cancelled');
  const validated = production.some((w) => w.status === 'validated');
  if (open.length > 0 || !validated) {
    missing.push({
      key: 'production_waves_validated',
      description:
        open.length > 0
          ? `Validate or cancel every production wave; still open: ${open.map((w) => `${w.waveId} (${w.status})`).join(', ')}.`
          : 'Validate at least one production wave.',
    });
  }
  missing.push(...checklistMissing(ctx, 'migrate'));
  if (ctx.runRate === null) {
    missing.push({ key: 'run_rate_recorded', description: 'Record the actual monthly AWS run-rate after landing.' });
  }
  return result(missing);
}

/** closeout -> closed: every fund request completed, terminated or expired at `now` (the ADVANCE event's time). */
export function gateCloseoutToClosed(ctx: OpportunityContext, now: string): GateResult {
  const open = ctx.fundRequests.filter((r) => !isFundRequestSettled(r, now));
  if (open.length === 0) return result([]);
  return result([
    {
      key: 'fund_requests_settled',
      description: `Complete or terminate every fund request; still open: ${open
        .map((r) => `${r.tranche} (${fundRequestStatus(r, now)})`)
        .join(', ')}.`,
    },
  ]);
}

/**
 * Where ADVANCE may lead from each open phase: the machine's ADVANCE
 * transitions are built from this table, and {@link advancePlan} picks one of them.
 */
export const ADVANCE_TARGETS: Readonly<Record<OpenPhase, readonly Phase[]>> = {
  intake: ['assess', 'referred', 'ineligible'],
  assess: ['mobilize', 'referred', 'ineligible'],
  mobilize: ['migrate'],
  migrate: ['closeout'],
  closeout: ['closed'],
};

export interface AdvancePlan {
  /** Where ADVANCE would go. */
  next: Phase;
  gate: GateResult;
}

/**
 * Where an ADVANCE from `phase` goes at time `at`, and whether its gate holds.
 * intake goes to referred / ineligible on a complete profile whose triage
 * says REFERRAL or ACTIVATE / INELIGIBLE; assess goes there too when triage
 * no longer says MAP. Both are accepted advances.
 */
export function advancePlan(
  ctx: OpportunityContext,
  phase: OpenPhase,
  at: string,
  policy: FundingPolicy = FUNDING_POLICY,
): AdvancePlan {
  switch (phase) {
    case 'intake':
    case 'assess': {
      const t = triageIfComplete(ctx.profile, policy);
      if (t !== null && t.program !== 'MAP') {
        return { next: t.program === 'INELIGIBLE' ? 'ineligible' : 'referred', gate: result([]) };
      }
      return phase === 'intake'
        ? { next: 'assess', gate: gateIntakeToAssess(ctx, policy) }
        : { next: 'mobilize', gate: gateAssessToMobilize(ctx, policy) };
    }
    case 'mobilize':
      return { next: 'migrate', gate: gateMobilizeToMigrate(ctx) };
    case 'migrate':
      return { next: 'closeout', gate: gateMigrateToCloseout(ctx) };
    case 'closeout':
      return { next: 'closed', gate: gateCloseoutToClosed(ctx, at) };
  }
}
