/**
 * The machine of any version, built from its catalog: states one per phase
 * (the open ones and the four ends); each open state's transitions are its
 * accepted events, one per target for an event that moves; every transition
 * is guarded by the version's one step, its context update is that step's
 * context, and its side effects are that step's named actions, as data.
 */
import { assign, setup } from 'xstate';
import type { DomainAction } from './actions';
import type { Catalog, VersionContext, VersionEvent } from './catalog-builder';
import type { OpenPhase, Phase } from './types';

/** Params of the one side-effect action: the named domain actions, as data. */
export interface DomainActionsParams {
  actions: DomainAction[];
}

/** The transition from `from` to `to`, when the one step of the event leads there. */
interface TransitionParams {
  from: OpenPhase;
  to: Phase;
}

/** What a version gives the builder. */
export interface MachineVersion<C, E extends VersionEvent, P, I> {
  /** The version stored with every opportunity it runs. */
  version: string;
  catalog: Catalog<C, E, P>;
  policy: P;
  /** The context of a new opportunity (xstate calls it once without input, for a throw-away actor). */
  initialContext(input: I | undefined): C;
  /** The domain actions of creation. */
  created(context: C): DomainAction[];
}

/** The machine of one version (see the module comment). */
export function buildMachine<C extends VersionContext, E extends VersionEvent, P, I>(v: MachineVersion<C, E, P, I>) {
  const { catalog, policy } = v;
  const accepted = ({ context, event }: { context: C; event: E }, { from, to }: TransitionParams) => {
    const step = catalog.evaluate(context, from, event, policy);
    return step.ok && step.to === to ? step : null;
  };
  const versionSetup = setup({
    types: {
      context: {} as C,
      events: {} as E,
      input: {} as I,
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
          params: (args: { context: C; event: E }): DomainActionsParams => ({
            actions: accepted(args, params)?.actions ?? [],
          }),
        },
        { type: 'step' as const, params },
      ],
    };
  }

  /** A state's transitions: one per accepted event, or one per target of a moving event. */
  function openState(phase: OpenPhase) {
    const on: Record<string, ReturnType<typeof transitionTo> | ReturnType<typeof transitionTo>[]> = {};
    for (const type of catalog.eventsByPhase[phase]) {
      const moves = catalog.definitionOf(type).moves;
      on[type] =
        moves === undefined ? transitionTo(phase, phase) : moves.targets(phase).map((to) => transitionTo(phase, to));
    }
    return { on };
  }

  return versionSetup.createMachine({
    id: `mapOpportunity.v${v.version}`,
    context: ({ input }) => v.initialContext(input),
    entry: [{ type: 'domainActions', params: ({ context }) => ({ actions: v.created(context) }) }],
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
}
