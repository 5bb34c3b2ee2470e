/**
 * The MAP opportunity machine, version 1.
 *
 * States (flat, one per phase): `intake`, `assess`, `mobilize`, `migrate`,
 * `closeout`, and the final states `closed`, `referred`, `ineligible`,
 * `withdrawn`. A phase changes only on an explicit ADVANCE whose gate holds
 * (gates.ts), or on WITHDRAW. Every other event is a self-transition guarded
 * by the same rule checks `decide` explains refusals with (rules.ts), whose
 * context update is one `assign` of a pure reducer (reducers.ts) and whose
 * side effects are named actions enqueued as data (actions.ts).
 *
 * Waves and fund requests are DATA in context under guards, not spawned
 * child machines: the server persists the snapshot as JSON between requests
 * and drives the machine only with the pure `initialTransition` and
 * `transition`; persisted child actors would tie the stored format to
 * actor-system internals (ids, system ids, nested snapshots) that have
 * changed between xstate releases, and would make replay and fixtures
 * fragile. A wave's life (planned -> awaiting_decision -> go -> in_progress
 * -> cut_over -> validated, no_go, rolled_back, cancelled, re-plan) is the
 * table `WAVE_MOVES` plus PLAN_WAVE / DECIDE_WAVE rules in rules.ts.
 *
 * No clock: time comes from each event's `at`. No I/O, no randomness.
 */
import { assign, setup } from 'xstate';
import { domainActionsFor, type DomainAction } from './actions';
import type { CreateOpportunityInput, OpportunityContext } from './context';
import type { EventType, OpportunityEvent } from './events';
import { advancePlan } from './gates';
import { FUNDING_POLICY } from './policy';
import { authorize, checkRule, EVENTS_BY_PHASE } from './rules';
import { nextContext } from './step';
import type { OpenPhase, Phase } from './types';

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

interface StepParams {
  from: Phase;
  to: Phase;
}

/** Params of the one side-effect action: the named domain actions, as data. */
export interface DomainActionsParams {
  actions: DomainAction[];
}

interface ActionArgs {
  context: OpportunityContext;
  event: OpportunityEvent;
}

const opportunitySetup = setup({
  types: {
    context: {} as OpportunityContext,
    events: {} as OpportunityEvent,
    input: {} as CreateOpportunityInput,
  },
  guards: {
    /** Authorization and the event's business rule, in an open phase. */
    eventAllowed: ({ context, event }, params: { phase: OpenPhase }) =>
      authorize(context, event).ok && checkRule(context, params.phase, event).ok,
    /** ADVANCE: authorized, the gate of `from` leads to `to`, and it holds. */
    advanceTo: ({ context, event }, params: { from: OpenPhase; to: Phase }) => {
      if (!authorize(context, event).ok) return false;
      const plan = advancePlan(context, params.from, event.at);
      return plan.next === params.to && plan.gate.ready;
    },
  },
  actions: {
    /** The only context update: the pure reducer of the step. */
    step: assign(({ context, event }, params: StepParams) => nextContext(context, event, params.from, params.to)),
    /**
     * The only side-effect slot, never executed by the machine: the service
     * reads its params (named domain actions with their data) from the
     * actions `transition` returns, and runs them after the commit.
     */
    domainActions: (_: unknown, _params: DomainActionsParams): void => undefined,
  },
});

/** Params mapper computing the domain actions of a step from the context before it. */
function domainActionsOf(from: Phase, to: Phase) {
  return ({ context, event }: ActionArgs): DomainActionsParams => ({
    actions: domainActionsFor(context, nextContext(context, event, from, to), event, from, to),
  });
}

function selfHandlers(phase: OpenPhase) {
  const transition = {
    guard: { type: 'eventAllowed' as const, params: { phase } },
    actions: [
      { type: 'domainActions' as const, params: domainActionsOf(phase, phase) },
      { type: 'step' as const, params: { from: phase, to: phase } },
    ],
  };
  const on: Partial<Record<EventType, typeof transition>> = {};
  for (const type of EVENTS_BY_PHASE[phase]) {
    if (type !== 'ADVANCE' && type !== 'WITHDRAW') on[type] = transition;
  }
  return on;
}

function move(from: OpenPhase, to: Phase, guard: 'advanceTo' | 'eventAllowed') {
  return {
    target: to,
    guard:
      guard === 'advanceTo'
        ? { type: 'advanceTo' as const, params: { from, to } }
        : { type: 'eventAllowed' as const, params: { phase: from } },
    actions: [
      { type: 'domainActions' as const, params: domainActionsOf(from, to) },
      { type: 'step' as const, params: { from, to } },
    ],
  };
}

function openState(phase: OpenPhase, advanceTargets: Phase[]) {
  return {
    on: {
      ...selfHandlers(phase),
      ADVANCE: advanceTargets.map((to) => move(phase, to, 'advanceTo')),
      WITHDRAW: move(phase, 'withdrawn', 'eventAllowed'),
    },
  };
}

/**
 * The opportunity machine v1. Contract:
 * - input: `CreateOpportunityInput`; initial state `intake`, context seq 1;
 * - accepts exactly the v1 `OpportunityEvent` vocabulary, each with `at` and `actor`;
 * - every transition is guarded by pure functions of (context, event): the
 *   role/org/tier table, the event's rule, or the phase gate;
 * - context changes only through `assign`; side effects are enqueued as the
 *   named action `domainAction` whose params are a `DomainAction`;
 * - drive it with `initialTransition` / `transition` only; persist with
 *   `getPersistedSnapshot` (see engine.ts).
 */
export const opportunityMachine = opportunitySetup.createMachine({
  id: `mapOpportunity.v${MACHINE_VERSION}`,
  context: ({ input }) => initialContext(input),
  entry: [
    {
      type: 'domainActions',
      params: ({ context }) => ({
        actions: [{ type: 'opportunityCreated', opportunityId: context.opportunityId, title: context.title }],
      }),
    },
  ],
  initial: 'intake',
  states: {
    intake: openState('intake', ['assess', 'referred', 'ineligible']),
    assess: openState('assess', ['mobilize', 'referred', 'ineligible']),
    mobilize: openState('mobilize', ['migrate']),
    migrate: openState('migrate', ['closeout']),
    closeout: openState('closeout', ['closed']),
    closed: { type: 'final' },
    referred: { type: 'final' },
    ineligible: { type: 'final' },
    withdrawn: { type: 'final' },
  },
});

export type OpportunityMachine = typeof opportunityMachine;
