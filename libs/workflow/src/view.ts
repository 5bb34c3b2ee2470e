/**
 * The read model: a pure projection of a persisted opportunity at a given
 * `now` (the server's time), for `GET /v1/opportunities/{id}`. Derived
 * facts (expired requests, overdue phases, claim checklists) are computed
 * here at read time, never stored.
 */
import { CHECKLIST, CLAIM_CHECKLISTS, CLAIM_FACT_WORDS, type ChecklistItem, type ClaimFact } from './checklists';
import type { ActivateWorkload, BusinessCase, Claim, MapAgreement, OpportunityContext, Wave } from './context';
import { nextGate, stateString, type PersistedOpportunity } from './engine';
import {
  approvedCents,
  claimFactHolds,
  envelopeFor,
  fundRequestStatus,
  paidCents,
  type FundRequestStatus,
} from './funding';
import type { GateMissing } from './gates';
import { addDaysIso, daysBetween, toMs } from './money';
import { FUNDING_POLICY, windowFor, type FundingPolicy } from './policy';
import { missingProfileFields, triageIfComplete, type TriageResult } from './triage';
import {
  isOpenPhase,
  type Evidence,
  type FundingType,
  type MapRecord,
  type Phase,
  type Profile,
  type ProfileField,
  type Tranche,
} from './types';

export interface ChecklistItemView extends ChecklistItem {
  done: boolean;
  evidence: Evidence | null;
  completedAt: string | null;
  completedBy: string | null;
}

export interface FundRequestView {
  tranche: Tranche;
  name: string;
  fundingType: FundingType;
  amountCents: number;
  projectEndDate: string;
  workloads: string[];
  stage: string;
  status: FundRequestStatus;
  claimDueDate: string;
  filedAt: string;
  envelopeCents: number;
  likelyDowngrade: boolean;
  overByCents: number;
  approvedCents: number;
  paidCents: number;
  claims: Claim[];
  /** The tranche's claim checklist, each derived fact and whether it holds now. */
  claimChecklist: { fact: ClaimFact; description: string; holds: boolean }[];
}

export interface TrancheFunding {
  envelopeCents: number;
  requestedCents: number;
  approvedCents: number;
  paidCents: number;
}

export interface OpportunityView {
  id: string;
  title: string;
  machineVersion: string;
  policyId: string;
  /** The version (audit seq) of the snapshot. */
  version: number;
  partnerOrgId: string;
  customerOrgId: string;
  customerName: string;
  phase: Phase;
  state: string;
  profile: Partial<Profile>;
  missingProfileFields: ProfileField[];
  triage: TriageResult | null;
  gate: { next: Phase | null; ready: boolean; missing: GateMissing[] };
  checklist: ChecklistItemView[];
  businessCase: BusinessCase;
  mapAgreement: MapAgreement | null;
  /** Latest MAP record attestation; `hash` is filled in by the HTTP layer from the audit chain. */
  attestation: { seq: number; at: string; by: string; record: MapRecord; hash: string | null } | null;
  waves: Wave[];
  fundRequests: FundRequestView[];
  funding: Record<Tranche, TrancheFunding>;
  activateWorkloads: ActivateWorkload[];
  runRate: { monthlyCents: number; recordedAt: string } | null;
  ending: OpportunityContext['ending'];
  createdAt: string;
  lastEventAt: string;
  phaseEnteredAt: string;
  timeInPhaseDays: number;
  /** The instant the current phase exceeds its policy window, or null when it has none. */
  overdueAt: string | null;
  overdue: boolean;
}

/** A record over the five tranches. */
export function byTranche<T>(f: (t: Tranche) => T): Record<Tranche, T> {
  return {
    assess_partner_funding: f('assess_partner_funding'),
    mobilize_partner_funding: f('mobilize_partner_funding'),
    mobilize_credits: f('mobilize_credits'),
    migrate_partner_funding: f('migrate_partner_funding'),
    migrate_credits: f('migrate_credits'),
  };
}

/**
 * Project a persisted opportunity for reading at `now` (ISO). Pure: the
 * same snapshot and `now` give the same view.
 */
export function viewOpportunity(
  persisted: PersistedOpportunity,
  now: string,
  policy: FundingPolicy = FUNDING_POLICY,
): OpportunityView {
  const ctx = persisted.context;
  const phase = persisted.value;
  const done = new Map(ctx.checklist.map((e) => [e.key, e]));
  const window = isOpenPhase(phase) ? windowFor(phase, policy) : null;
  const overdueAt = window === null ? null : addDaysIso(ctx.phaseEnteredAt, window.maxWeeks * 7);
  const latest = ctx.attestations.length > 0 ? ctx.attestations[ctx.attestations.length - 1] : null;
  const funding = byTranche((t): TrancheFunding => {
    const fr = ctx.fundRequests.find((r) => r.tranche === t);
    return {
      envelopeCents: envelopeFor(t, ctx.profile, policy),
      requestedCents: fr?.amountCents ?? 0,
      approvedCents: fr === undefined ? 0 : approvedCents(fr),
      paidCents: fr === undefined ? 0 : paidCents(fr),
    };
  });
  return {
    id: ctx.opportunityId,
    title: ctx.title,
    machineVersion: ctx.machineVersion,
    policyId: ctx.policyId,
    version: ctx.seq,
    partnerOrgId: ctx.partnerOrgId,
    customerOrgId: ctx.customerOrgId,
    customerName: ctx.customerName,
    phase,
    state: stateString(persisted),
    profile: ctx.profile,
    missingProfileFields: missingProfileFields(ctx.profile),
    triage: triageIfComplete(ctx.profile, policy),
    gate: nextGate(persisted, now),
    checklist: CHECKLIST.map((item) => {
      const e = done.get(item.key);
      return {
        ...item,
        done: e !== undefined,
        evidence: e?.evidence ?? null,
        completedAt: e?.completedAt ?? null,
        completedBy: e?.completedBy ?? null,
      };
    }),
    businessCase: ctx.businessCase,
    mapAgreement: ctx.mapAgreement,
    attestation: latest === null ? null : { ...latest, hash: null },
    waves: ctx.waves,
    fundRequests: ctx.fundRequests.map((fr) => ({
      tranche: fr.tranche,
      name: fr.name,
      fundingType: fr.fundingType,
      amountCents: fr.amountCents,
      projectEndDate: fr.projectEndDate,
      workloads: fr.workloads,
      stage: fr.stage,
      status: fundRequestStatus(fr, now),
      claimDueDate: fr.claimDueDate,
      filedAt: fr.filedAt,
      envelopeCents: fr.envelopeCents,
      likelyDowngrade: fr.likelyDowngrade,
      overByCents: fr.overByCents,
      approvedCents: approvedCents(fr),
      paidCents: paidCents(fr),
      claims: fr.claims,
      claimChecklist: CLAIM_CHECKLISTS[fr.tranche].map((fact) => ({
        fact,
        description: CLAIM_FACT_WORDS[fact],
        holds: claimFactHolds(ctx, fact),
      })),
    })),
    funding,
    activateWorkloads: ctx.activateWorkloads,
    runRate: ctx.runRate,
    ending: ctx.ending,
    createdAt: ctx.createdAt,
    lastEventAt: ctx.lastEventAt,
    phaseEnteredAt: ctx.phaseEnteredAt,
    timeInPhaseDays: daysBetween(ctx.phaseEnteredAt, now),
    overdueAt,
    overdue: overdueAt !== null && toMs(now) > toMs(overdueAt),
  };
}
