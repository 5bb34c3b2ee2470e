/**
 * Version 2's engine (engine-builder.ts), and what crosses versions: moving
 * a version-1 snapshot to version 2 (the audit entry `MACHINE_MIGRATED`), and
 * replaying an audit log whose entries were recorded under either version
 * (design/funding-v2.md, "Versions side by side").
 */
import type { CreateOpportunityInput } from '../context';
import type { EventMeta } from '../definition';
import { buildEngine, isRecord, type Persisted, type Refusal } from '../engine-builder';
import {
  createInputErrors,
  InvalidCreateInputError,
  isContext,
  startReplay,
  type PersistedOpportunity,
  type ReplaySteps,
} from '../engine';
import { isEventType } from '../catalog';
import type { OpportunityEvent } from '../events';
import type { Phase } from '../types';
import { CATALOG_2 } from './catalog';
import { MACHINE_VERSION_2, type OpportunityContext2 } from './context';
import type { OpportunityEvent2 } from './events';
import { opportunityMachine2 } from './machine';
import { migrateToV2 } from './migrate';
import { FUNDING_POLICY_2027 } from './policy';

export type PersistedOpportunity2 = Persisted<OpportunityContext2>;

/** Either version's persisted opportunity, told apart by `context.machineVersion`. */
export type AnyPersistedOpportunity = PersistedOpportunity | PersistedOpportunity2;

/** The audit entry of a move between versions: not an event of either machine, a service operation. */
export type MachineMigratedEvent = { type: 'MACHINE_MIGRATED'; from: '1'; to: '2' } & EventMeta;

/** An entry an audit log may hold after its creation. */
export type AnyOpportunityEvent = OpportunityEvent | OpportunityEvent2 | MachineMigratedEvent;

function isContext2(c: Record<string, unknown>): c is Record<string, unknown> & OpportunityContext2 {
  return isContext(c) && Array.isArray(c.credits) && (c.ace === null || isRecord(c.ace));
}

/** Version 2's engine. */
export const ENGINE_V2 = buildEngine({
  version: MACHINE_VERSION_2,
  machine: opportunityMachine2,
  catalog: CATALOG_2,
  isContext: isContext2,
});

/** True for a version-2 snapshot. */
export function isVersion2(p: AnyPersistedOpportunity): p is PersistedOpportunity2 {
  return p.context.machineVersion === MACHINE_VERSION_2;
}

/** Create a version-2 opportunity: the same input and rules as version 1 (throws `InvalidCreateInputError`). */
export function createOpportunity2(input: CreateOpportunityInput): ReturnType<typeof ENGINE_V2.create> {
  const errors = createInputErrors(input);
  if (errors.length > 0) throw new InvalidCreateInputError(errors);
  return ENGINE_V2.create(input);
}

export type MigrationOutcome = { ok: true; snapshot: PersistedOpportunity2 } | { ok: false; reasons: string[] };

/**
 * The version-2 snapshot of a version-1 opportunity, moved at `at` (the
 * audit entry `MACHINE_MIGRATED`, counted in `seq`), or the reasons it stays
 * on version 1 (something would be lost).
 */
export function migrateSnapshot(persisted: PersistedOpportunity, at: string): MigrationOutcome {
  const moved = migrateToV2(persisted.context, persisted.value, FUNDING_POLICY_2027);
  if (!moved.ok) return moved;
  const context: OpportunityContext2 = { ...moved.context, seq: persisted.context.seq + 1, lastEventAt: at };
  return { ok: true, snapshot: ENGINE_V2.parsePersisted({ ...persisted, context }) };
}

/** A replay of an audit log across versions: see {@link startReplayAny}. */
export interface AnyReplaySteps {
  next(event: AnyOpportunityEvent): Refusal | null;
  readonly value: Phase;
  snapshot(): AnyPersistedOpportunity;
}

function isMigration(e: AnyOpportunityEvent): e is MachineMigratedEvent {
  return e.type === 'MACHINE_MIGRATED';
}

type Running =
  { version: '1'; steps: ReplaySteps } | { version: '2'; steps: ReturnType<typeof ENGINE_V2.startReplayFrom> };

/**
 * Replay an audit log recorded under either version: entry 1 creates on the
 * version its input names (version 1 when it names none, as every entry
 * written before version 2 did), each event runs on the version it was
 * recorded under, and `MACHINE_MIGRATED` runs the migration function between
 * them. Each step makes the same checks as `decide`; an event type the
 * running version does not know is refused.
 */
export function startReplayAny(input: CreateOpportunityInput & { machineVersion?: string }): AnyReplaySteps {
  let running: Running =
    input.machineVersion === MACHINE_VERSION_2
      ? { version: '2', steps: ENGINE_V2.startReplayFrom(createOpportunity2(input).snapshot) }
      : { version: '1', steps: startReplay(input) };
  const refuse = (detail: string): Refusal => ({ code: 'RULE', state: running.steps.value, detail });
  return {
    next(event: AnyOpportunityEvent): Refusal | null {
      if (isMigration(event)) {
        if (running.version === '2') return refuse('The opportunity already runs version 2.');
        const moved = migrateSnapshot(running.steps.snapshot(), event.at);
        if (!moved.ok) return refuse(moved.reasons.join(' '));
        running = { version: '2', steps: ENGINE_V2.startReplayFrom(moved.snapshot) };
        return null;
      }
      // Entries are the JSON the API wrote from a machine event of the version the opportunity ran.
      if (running.version === '2') {
        return CATALOG_2.isEventType(event.type)
          ? running.steps.next(event as OpportunityEvent2)
          : refuse(`${event.type} is not an event of version 2.`);
      }
      return isEventType(event.type)
        ? running.steps.next(event as OpportunityEvent)
        : refuse(`${event.type} is not an event of version 1.`);
    },
    get value(): Phase {
      return running.steps.value;
    },
    snapshot: () => running.steps.snapshot(),
  };
}
