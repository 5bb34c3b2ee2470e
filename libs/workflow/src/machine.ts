/**
 * The MAP opportunity machine, version 1.
 *
 * States (flat, one per phase): `intake`, `assess`, `mobilize`, `migrate`,
 * `closeout`, and the final states `closed`, `referred`, `ineligible`,
 * `withdrawn`. A phase changes only on an explicit ADVANCE whose gate holds
 * (gates.ts), or on WITHDRAW. Every other event is a self-transition. Each
 * state's transitions are built from the event definitions (catalog.ts,
 * concepts/*.ts): a state accepts exactly the events whose definition names
 * its phase (`EVENTS_BY_PHASE`), and a moving event (ADVANCE, WITHDRAW) gets
 * one transition per target its definition names. Every transition is
 * guarded by the one step of catalog.ts (`evaluate`); its context update is
 * one `assign` of that step's context, and its side effects are the step's
 * named actions, enqueued as data.
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
import { assign, setup } from 'xstate';
import type { DomainAction } from './actions';
import { definitionOf, evaluate, EVENTS_BY_PHASE } from './catalog';
import type { CreateOpportunityInput, OpportunityContext } from './context';
import type { EventType, OpportunityEvent } from './events';
import { FUNDING_POLICY } from './policy';
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

/** Params of the one side-effect action: the named domain actions, as data. */
export interface DomainActionsParams {
  actions: DomainAction[];
}

interface StepArgs {
  context: OpportunityContext;
  event: OpportunityEvent;
}

/** The transition from `from` to `to`, when the one step of the event leads there. */
interface TransitionParams {
  from: OpenPhase;
  to: Phase;
}

function accepted({ context, event }: StepArgs, { from, to }: TransitionParams) {
  const step = evaluate(context, from, event);
  return step.ok && step.to === to ? step : null;
}

const opportunitySetup = setup({
  types: {
    context: {} as OpportunityContext,
    events: {} as OpportunityEvent,
    input: {} as CreateOpportunityInput,
  },
  guards: {
    /** The event's step is accepted in `from` and leads to `to`. */
    accepted: (args, params: TransitionParams) => accepted(args, params) !== null,
  },
  actions: {
    /** The only context update: the context of the accepted step. */
    step: assign((args, params: TransitionParams) => accepted(args, params)?.next ?? args.context),
    /**
     * The only side-effect slot, never executed by the machine: the service
     * reads its params (named domain actions with their data) from the
     * actions `transition` returns, and runs them after the commit.
     */
    domainActions: (_: unknown, _params: DomainActionsParams): void => undefined,
  },
});

function transitionTo(from: OpenPhase, to: Phase) {
  const params = { from, to };
  return {
    ...(to === from ? {} : { target: to }),
    guard: { type: 'accepted' as const, params },
    actions: [
      {
        type: 'domainActions' as const,
        params: (args: StepArgs): DomainActionsParams => ({ actions: accepted(args, params)?.actions ?? [] }),
      },
      { type: 'step' as const, params },
    ],
  };
}

/** A state's transitions: one per accepted event, or one per target of a moving event. */
function openState(phase: OpenPhase) {
  const on: Partial<Record<EventType, ReturnType<typeof transitionTo> | ReturnType<typeof transitionTo>[]>> = {};
  for (const type of EVENTS_BY_PHASE[phase]) {
    const moves = definitionOf(type).moves;
    on[type] =
      moves === undefined ? transitionTo(phase, phase) : moves.targets(phase).map((to) => transitionTo(phase, to));
  }
  return { on };
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
    intake: openState('intake'),
    assess: openState('assess'),
    mobilize: openState('mobilize'),
    migrate: openState('migrate'),
    closeout: openState('closeout'),
    closed: { type: 'final' },
    referred: { type: 'final' },
    ineligible: { type: 'final' },
    withdrawn: { type: 'final' },
  },
});

export type OpportunityMachine = typeof opportunityMachine;
