/**
 * The pure command API of any machine version, built once per version from
 * its machine and catalog: create, decide, replay, restore and persist. It
 * uses only xstate's pure `initialTransition` / `transition` and the
 * persisted snapshot stored as JSON between requests; no actor outlives a
 * call. engine.ts holds version 1's instance and the dispatch by version.
 */
import { initialTransition, transition } from 'xstate';
import type { DomainAction } from './actions';
import type { Catalog, VersionContext, VersionEvent } from './catalog-builder';
import type { FieldProblem } from './definition';
import type { GateMissing } from './gates';
import type { buildMachine } from './machine-builder';
import { isOpenPhase, PHASES, type Phase } from './types';

/** The persisted snapshot of a version whose context is `C`: exactly the JSON stored in Postgres. */
export interface Persisted<C> {
  status: 'active' | 'done';
  value: Phase;
  context: C;
  children: Record<string, never>;
  historyValue: Record<string, never>;
  output?: null;
  error?: null;
}

/** Why an event was refused. */
export interface Refusal {
  /** `INVALID`: malformed for this opportunity (a 400), with the fields in `errors`. */
  code: 'FORBIDDEN' | 'STATE' | 'GATE' | 'RULE' | 'INVALID';
  /** The state the opportunity is in (and stays in). */
  state: string;
  detail: string;
  missing?: GateMissing[];
  errors?: FieldProblem[];
}

export type DecisionOf<C> =
  { accepted: true; snapshot: Persisted<C>; actions: DomainAction[] } | { accepted: false; refusal: Refusal };

/** A persisted snapshot that this machine version cannot restore. */
export class SnapshotVersionError extends Error {
  constructor(
    readonly found: string,
    readonly expected: string,
  ) {
    super(`Snapshot of machine version ${found} cannot be restored by version ${expected}.`);
    this.name = 'SnapshotVersionError';
  }
}

/** A value that is not a persisted opportunity. */
export class InvalidSnapshotError extends Error {
  constructor(detail: string) {
    super(`Not a persisted opportunity snapshot: ${detail}`);
    this.name = 'InvalidSnapshotError';
  }
}

/** A replay under way: see {@link VersionEngine.startReplay}. */
export interface ReplayStepsOf<C, E> {
  /** Applies the next event, or answers why it is refused (and stays where it was). */
  next(event: E): Refusal | null;
  /** The state reached so far. */
  readonly value: Phase;
  /** The persisted snapshot reached so far. */
  snapshot(): Persisted<C>;
}

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isPhase(x: unknown): x is Phase {
  return typeof x === 'string' && (PHASES as readonly string[]).includes(x);
}

function toJsonValue(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x));
}

/** What a version gives the engine builder. */
export interface EngineVersion<C extends VersionContext, E extends VersionEvent, P, I> {
  version: string;
  machine: ReturnType<typeof buildMachine<C, E, P, I>>;
  catalog: Catalog<C, E, P>;
  /** Shallow structural check of a context of this version (its deep shape is owned by the version). */
  isContext(c: Record<string, unknown>): c is Record<string, unknown> & C;
}

/** The engine of one machine version. */
export interface VersionEngine<C, E, I> {
  readonly version: string;
  /**
   * Check a JSON value read from storage and return it typed. Throws
   * `InvalidSnapshotError` on a wrong shape and `SnapshotVersionError` on a
   * snapshot of another machine version.
   */
  parsePersisted(json: unknown): Persisted<C>;
  /** Create an opportunity (audit entry 1): the persisted snapshot in `intake` (seq 1) and its domain actions. */
  create(input: I): { snapshot: Persisted<C>; actions: DomainAction[] };
  /**
   * Check an event against a persisted opportunity and, if accepted, compute
   * the next snapshot with xstate's pure `transition`; a refusal changes nothing.
   */
  decide(persisted: Persisted<C>, event: E): DecisionOf<C>;
  /** {@link decide}, one event at a time, from a persisted snapshot, persisted only when asked. */
  startReplayFrom(persisted: Persisted<C>): ReplayStepsOf<C, E>;
}

/** The engine of the version `v` (see {@link VersionEngine}). */
export function buildEngine<C extends VersionContext, E extends VersionEvent, P, I>(
  v: EngineVersion<C, E, P, I>,
): VersionEngine<C, E, I> {
  const { machine, catalog } = v;
  type Live = ReturnType<typeof machine.resolveState>;

  function parsePersisted(json: unknown): Persisted<C> {
    if (!isRecord(json) || !isRecord(json.context) || !isPhase(json.value)) throw new InvalidSnapshotError('shape');
    if (json.status !== 'active' && json.status !== 'done')
      throw new InvalidSnapshotError(`status ${String(json.status)}`);
    const version = json.context.machineVersion;
    if (version !== v.version) throw new SnapshotVersionError(String(version), v.version);
    if (!v.isContext(json.context)) throw new InvalidSnapshotError('context');
    return { status: json.status, value: json.value, context: json.context, children: {}, historyValue: {} };
  }

  const persist = (snapshot: Live): Persisted<C> => parsePersisted(toJsonValue(machine.getPersistedSnapshot(snapshot)));
  const restore = (persisted: Persisted<C>): Live => {
    const p = parsePersisted(persisted);
    return machine.resolveState({ value: p.value, context: p.context });
  };

  type LiveDecision = { accepted: true; next: Live; actions: DomainAction[] } | { accepted: false; refusal: Refusal };

  function decideLive(snapshot: Live, event: E): LiveDecision {
    const state: Phase = snapshot.value;
    if (!isOpenPhase(state) && !isPhase(state)) throw new InvalidSnapshotError(`state ${String(state)}`);
    return catalog.withStep(snapshot.context, state, event, (step): LiveDecision => {
      if (!step.ok) {
        const refusal: Refusal = { code: step.code, state, detail: step.detail };
        if (step.code === 'GATE') refusal.missing = step.missing;
        if (step.code === 'INVALID') refusal.errors = step.errors;
        return { accepted: false, refusal };
      }
      // The machine's guard, assign and actions read the step just computed (withStep), so nothing runs twice.
      const [next, actions] = transition(machine, snapshot, event);
      /* istanbul ignore next -- the machine's guards read the same step; this would be a machine bug */
      if (next.value !== step.to || next.context.seq !== step.next.seq) {
        return {
          accepted: false,
          refusal: { code: 'RULE', state, detail: `The machine refuses ${event.type} in ${state}.` },
        };
      }
      return { accepted: true, next, actions: collect(actions) };
    });
  }

  function startLive(current: Live): ReplayStepsOf<C, E> {
    return {
      next(event: E): Refusal | null {
        const d = decideLive(current, event);
        if (!d.accepted) return d.refusal;
        current = d.next;
        return null;
      },
      get value(): Phase {
        return current.value;
      },
      snapshot: () => persist(current),
    };
  }

  return {
    version: v.version,
    parsePersisted,
    create(input) {
      const [snapshot, actions] = initialTransition(machine, input);
      return { snapshot: persist(snapshot), actions: collect(actions) };
    },
    decide(persisted, event) {
      const d = decideLive(restore(persisted), event);
      return d.accepted ? { accepted: true, snapshot: persist(d.next), actions: d.actions } : d;
    },
    startReplayFrom: (persisted) => startLive(restore(persisted)),
  };
}

interface DomainActionsParamsShape {
  actions: DomainAction[];
}

function isDomainActionsParams(p: unknown): p is DomainActionsParamsShape {
  return isRecord(p) && Array.isArray(p.actions);
}

/** The domain actions of the actions `transition` returned. */
function collect(actions: readonly { type: string; params?: unknown }[]): DomainAction[] {
  const out: DomainAction[] = [];
  for (const a of actions) {
    if (a.type === 'domainActions' && isDomainActionsParams(a.params)) out.push(...a.params.actions);
  }
  return out;
}
