/**
 * The MAP opportunity machine, version 1.
 *
 * States (flat, one per phase): `intake`, `assess`, `mobilize`, `migrate`,
 * `closeout`, and the final states `closed`, `referred`, `ineligible`,
 * `withdrawn`. A phase changes only on an explicit ADVANCE whose gate holds
 * (gates.ts), or on WITHDRAW. Every other event is a self-transition. Each
 * state's transitions are built from the event definitions (catalog.ts,
 * concepts/*.ts) by machine-builder.ts, which builds any version's machine:
 * a state accepts exactly the events whose definition names its phase
 * (`EVENTS_BY_PHASE`), and a moving event (ADVANCE, WITHDRAW) gets one
 * transition per target its definition names. Every transition is guarded
 * by the one step of catalog.ts (`evaluate`); its context update is one
 * `assign` of that step's context, and its side effects are the step's named
 * actions, enqueued as data.
 *
 * Waves and fund requests are DATA in context under guards, not spawned
 * child machines: the server persists the snapshot as JSON between requests
 * and drives the machine only with the pure `initialTransition` and
 * `transition`; persisted child actors would tie the stored format to
 * actor-system internals (ids, system ids, nested snapshots) that have
 * changed between xstate releases, and would make replay and fixtures
 * fragile. A wave's life (planned -> awaiting_decision -> go -> in_progress
 * -> cut_over -> validated, no_go, rolled_back, cancelled, re-plan) is
 * concepts/waves.ts.
 *
 * No clock: time comes from each event's `at`. No I/O, no randomness.
 */
import { CATALOG } from './catalog';
import type { CreateOpportunityInput, OpportunityContext } from './context';
import type { OpportunityEvent } from './events';
import { buildMachine } from './machine-builder';
import { FUNDING_POLICY, type FundingPolicy } from './policy';

export type { DomainActionsParams } from './machine-builder';

/** The machine version stored with every opportunity. A released version is never edited. */
export const MACHINE_VERSION = '1';

/** The context of a new opportunity. Creation is version (seq) 1. */
export function initialContext(input: CreateOpportunityInput | undefined): OpportunityContext {
  // xstate's pure helpers build a throw-away actor without input before using
  // the real one; answer that call with an empty shell instead of throwing.
  const i: CreateOpportunityInput = input ?? {
    opportunityId: '',
    title: '',
    partnerOrgId: '',
    customerOrgId: '',
    at: '1970-01-01T00:00:00.000Z',
    actor: { userId: '', orgId: '', role: 'partner' },
  };
  return {
    machineVersion: MACHINE_VERSION,
    policyId: FUNDING_POLICY.id,
    opportunityId: i.opportunityId,
    title: i.title,
    customerName: i.customerName ?? i.customerOrgId,
    partnerOrgId: i.partnerOrgId,
    customerOrgId: i.customerOrgId,
    createdAt: i.at,
    createdBy: i.actor.userId,
    seq: 1,
    lastEventAt: i.at,
    profile: { ...(i.profile ?? {}) },
    phaseEnteredAt: i.at,
    phaseHistory: [{ phase: 'intake', enteredAt: i.at }],
    checklist: [],
    attestations: [],
    businessCase: { status: 'pending', at: null, by: null, reason: null },
    mapAgreement: null,
    waves: [],
    fundRequests: [],
    activateWorkloads: [],
    runRate: null,
    ending: null,
  };
}

/**
 * The opportunity machine v1. Contract:
 * - input: `CreateOpportunityInput`; initial state `intake`, context seq 1;
 * - accepts exactly the v1 `OpportunityEvent` vocabulary, each with `at` and `actor`;
 * - every transition is guarded by the one pure step of (context, event):
 *   the role/org/tier table, the phase, the event's rule or the phase gate;
 * - context changes only through `assign`; side effects are enqueued as the
 *   named action `domainAction` whose params are a `DomainAction`;
 * - drive it with `initialTransition` / `transition` only; persist with
 *   `getPersistedSnapshot` (see engine.ts).
 */
export const opportunityMachine = buildMachine<
  OpportunityContext,
  OpportunityEvent,
  FundingPolicy,
  CreateOpportunityInput
>({
  version: MACHINE_VERSION,
  catalog: CATALOG,
  policy: FUNDING_POLICY,
  initialContext,
  created: (context) => [{ type: 'opportunityCreated', opportunityId: context.opportunityId, title: context.title }],
});

export type OpportunityMachine = typeof opportunityMachine;
