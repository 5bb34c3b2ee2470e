/**
 * One opportunity, whichever machine version it runs: what the server asks
 * of the domain without knowing the version in advance. Each answer is the
 * version's own (version 1 stays released and unchanged; design/funding-v2.md,
 * "Versions side by side"). New opportunities are created on the latest.
 */
import { CATALOG } from './catalog';
import type { CreateOpportunityInput } from './context';
import type { Check } from './definition';
import type { DecisionOf } from './engine-builder';
import { createOpportunity, decide, parsePersisted } from './engine';
import type { OpportunityEvent } from './events';
import { findings, type Finding } from './findings';
import { viewOpportunity, type OpportunityView } from './view';
import { CATALOG_2 } from './v2/catalog';
import type { OpportunityContext2 } from './v2/context';
import { ENGINE_V2, createOpportunity2, isVersion2, type AnyPersistedOpportunity } from './v2/engine';
import type { OpportunityEvent2 } from './v2/events';
import { findings2, type Finding2 } from './v2/findings';
import { migrationProblems } from './v2/migrate';
import { viewOpportunity2, type MigrationView, type OpportunityView2 } from './v2/view';
import type { OpportunityContext } from './context';

/** The machine version new opportunities are created on. */
export const LATEST_MACHINE_VERSION = '2';

/** The machine versions mapflow runs. */
export const MACHINE_VERSIONS = ['1', '2'] as const;
export type MachineVersionId = (typeof MACHINE_VERSIONS)[number];

/** An event of either version's vocabulary. */
export type VersionedEvent = OpportunityEvent | OpportunityEvent2;

/** True when `type` names an event of some version (the HTTP layer answers 400 otherwise). */
export function isAnyEventType(type: string): boolean {
  return CATALOG.isEventType(type) || CATALOG_2.isEventType(type);
}

/** The event types of a version, in its catalog's order. */
export function eventTypesOf(version: MachineVersionId): readonly string[] {
  return version === '2' ? CATALOG_2.eventTypes : CATALOG.eventTypes;
}

/** A stored snapshot of either version, checked and typed (throws like `parsePersisted`). */
export function parseAnyPersisted(json: unknown): AnyPersistedOpportunity {
  const version =
    typeof json === 'object' &&
    json !== null &&
    'context' in json &&
    typeof json.context === 'object' &&
    json.context !== null
      ? Reflect.get(json.context, 'machineVersion')
      : undefined;
  return version === '2' ? ENGINE_V2.parsePersisted(json) : parsePersisted(json);
}

/** The version an opportunity runs. */
export function versionOf(p: AnyPersistedOpportunity): MachineVersionId {
  return isVersion2(p) ? '2' : '1';
}

/** Create an opportunity on the latest version; its creation input records that version for replay. */
export function createLatest(input: CreateOpportunityInput): ReturnType<typeof createOpportunity2> {
  return createOpportunity2(input);
}

/** Create an opportunity on `version` (the fixtures and the tests of version 1 still create on it). */
export function createOn(
  version: MachineVersionId,
  input: CreateOpportunityInput,
): { snapshot: AnyPersistedOpportunity; actions: ReturnType<typeof createOpportunity>['actions'] } {
  return version === '2' ? createOpportunity2(input) : createOpportunity(input);
}

function notInVersion(p: AnyPersistedOpportunity, type: string): Check {
  return {
    ok: false,
    code: 'RULE',
    detail: `${type} is not an event of machine version ${versionOf(p)}, which this opportunity runs.`,
  };
}

/** Who may send the event on this opportunity: the version's permission table, org and tier. */
export function authorizeAny(p: AnyPersistedOpportunity, event: VersionedEvent): Check {
  if (isVersion2(p)) {
    return CATALOG_2.isEventType(event.type)
      ? CATALOG_2.authorize(p.context, event as OpportunityEvent2)
      : notInVersion(p, event.type);
  }
  return CATALOG.isEventType(event.type)
    ? CATALOG.authorize(p.context, event as OpportunityEvent)
    : notInVersion(p, event.type);
}

export type AnyDecision = DecisionOf<OpportunityContext> | DecisionOf<OpportunityContext2>;

/**
 * `decide` on the version the opportunity runs. An event type of the other
 * version only is refused (STATE: this opportunity's machine does not accept it).
 * The event is the JSON the HTTP layer validated against that version's DTO.
 */
export function decideAny(p: AnyPersistedOpportunity, event: VersionedEvent): AnyDecision {
  const refuse = (): AnyDecision => ({
    accepted: false,
    refusal: {
      code: 'STATE',
      state: p.value,
      detail: `${event.type} is not accepted by machine version ${versionOf(p)}, which this opportunity runs.`,
    },
  });
  if (isVersion2(p))
    return CATALOG_2.isEventType(event.type) ? ENGINE_V2.decide(p, event as OpportunityEvent2) : refuse();
  return CATALOG.isEventType(event.type) ? decide(p, event as OpportunityEvent) : refuse();
}

/** Whether a version-1 opportunity may move to version 2 now, and if not, why. */
export function migrationOf(p: AnyPersistedOpportunity): MigrationView {
  if (isVersion2(p)) return { mayMigrate: false, reasons: ['It runs machine version 2, the latest.'] };
  const reasons = migrationProblems(p.context, p.value);
  return { mayMigrate: reasons.length === 0, reasons };
}

export type AnyOpportunityView = (OpportunityView & { migration: MigrationView }) | OpportunityView2;

/** The read of an opportunity at `now`, on its version. */
export function viewAny(p: AnyPersistedOpportunity, now: string): AnyOpportunityView {
  return isVersion2(p) ? viewOpportunity2(p, now) : { ...viewOpportunity(p, now), migration: migrationOf(p) };
}

/** The findings of an opportunity at `now`, on its version. */
export function findingsAny(
  p: AnyPersistedOpportunity,
  now: string,
  partnerStats: { closedMapOpportunities: number },
): (Finding | Finding2)[] {
  return isVersion2(p) ? findings2(p, now, partnerStats) : findings(p, now, partnerStats);
}
