import {
  createOn,
  startReplay,
  type AnyPersistedOpportunity,
  type CreateOpportunityInput,
  type EventActor,
  type MachineVersionId,
  type PersistedOpportunity,
} from '@mapflow/workflow';
import { AuditEntryBody, ChainLink, GENESIS_HASH, nextLink } from './chain';

/** Who and what a synthetic chain is about. */
export interface SyntheticChainInput {
  opportunityId: string;
  partnerOrgId: string;
  customerOrgId: string;
  customerName: string;
  /** The partner user every entry is recorded for. */
  userId: string;
  /** How many entries, creation included (at least 1). */
  entries: number;
  /** Time of entry 1; each later entry is 1 ms after the previous one. */
  start?: Date;
}

/** A long, valid chain and the snapshot its replay ends in. */
export interface SyntheticChain {
  links: ChainLink[];
  snapshot: PersistedOpportunity;
}

/** Who creates an opportunity, what, and when. */
export type CreationInput = Omit<SyntheticChainInput, 'entries' | 'start'> & { title: string; at: string };

/**
 * An opportunity's creation as the API makes it on machine `version`: the
 * domain's snapshot and audit entry 1, by a premier partner's user, with an
 * empty profile. The long chains below are version 1's (history written before
 * version 2); the benchmark seeds what the API creates now, version 2.
 */
export function syntheticCreation(
  input: CreationInput,
  version: MachineVersionId = '1',
): {
  actor: EventActor;
  creation: CreateOpportunityInput;
  snapshot: AnyPersistedOpportunity;
  entry: AuditEntryBody;
} {
  const actor: EventActor = { userId: input.userId, orgId: input.partnerOrgId, role: 'partner', tier: 'premier' };
  const creation: CreateOpportunityInput = {
    opportunityId: input.opportunityId,
    title: input.title,
    partnerOrgId: input.partnerOrgId,
    customerOrgId: input.customerOrgId,
    customerName: input.customerName,
    profile: {},
    at: input.at,
    actor,
  };
  const { snapshot } = createOn(version, creation);
  return {
    actor,
    creation,
    snapshot,
    entry: {
      recordedAt: input.at,
      actor,
      event: { type: 'CREATE_OPPORTUNITY', input: creation },
      state: snapshot.value,
      machineVersion: snapshot.context.machineVersion,
    },
  };
}

/**
 * A long, valid chain built as the API builds one: creation, then profile
 * updates in intake, each decided by the machine and linked with
 * {@link nextLink}. For the 100k-entry tests and the benchmark; the entries
 * are exactly what the API would have written, so verify and replay treat them
 * as real history.
 */
export function syntheticChain(input: SyntheticChainInput): SyntheticChain {
  const links: ChainLink[] = [];
  const generator = syntheticLinks(input);
  for (let next = generator.next(); ; next = generator.next()) {
    if (next.done === true) return { links, snapshot: next.value };
    links.push(next.value);
  }
}

/**
 * {@link syntheticChain} one link at a time, for chains too long to hold:
 * yields each link, and returns the snapshot the chain ends in.
 */
export function* syntheticLinks(input: SyntheticChainInput): Generator<ChainLink, PersistedOpportunity> {
  const start = (input.start ?? new Date('2026-01-01T00:00:00.000Z')).getTime();
  const at = (i: number): string => new Date(start + i).toISOString();
  const created = syntheticCreation({ ...input, title: 'Synthetic long chain', at: at(0) });
  const actor = created.actor;
  // Each event is decided by the machine, as the API does, on the live snapshot (as replay does: no JSON per step).
  const steps = startReplay(created.creation);
  let prev = nextLink(input.opportunityId, 1, GENESIS_HASH, created.entry);
  yield prev;
  for (let seq = 2; seq <= input.entries; seq += 1) {
    const event = { type: 'UPDATE_PROFILE' as const, profile: { servers: seq % 500 }, at: at(seq - 1), actor };
    const refusal = steps.next(event);
    if (refusal !== null) throw new Error(`synthetic entry ${seq} refused: ${refusal.detail}`);
    prev = nextLink(input.opportunityId, seq, prev.hash, {
      recordedAt: at(seq - 1),
      actor,
      event: { ...event },
      state: steps.value,
    });
    yield prev;
  }
  return steps.snapshot();
}
