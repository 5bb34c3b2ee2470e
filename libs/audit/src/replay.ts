import {
  CreateOpportunityInput,
  isEventType,
  OpportunityEvent,
  PersistedOpportunity,
  replay,
  ReplayRefusedError,
} from '../../workflow/src';
import type { ChainLink } from './chain';
import type { CheckpointHead } from './checkpoint';

/** Where a chain's events stop making sense to the machine. */
export interface ReplayFault {
  firstBadSeq: number | null;
  reason: string;
}

/**
 * Replays a chain through the machine: entry 1's creation input, then every
 * later event as the machine received it (the domain's `replay`, which is
 * `transition`). Answers the snapshot, or the first entry the machine refuses.
 * Shared by the verify endpoint and the offline verifier.
 */
export function replayLinks(links: readonly ChainLink[]): { snapshot: PersistedOpportunity } | ReplayFault {
  const first = links[0];
  const input = first?.entry.event.input as CreateOpportunityInput | undefined;
  if (!first || first.entry.event.type !== 'CREATE_OPPORTUNITY' || input === undefined) {
    return { firstBadSeq: 1, reason: 'entry 1 is not the creation of the opportunity' };
  }
  const events: OpportunityEvent[] = [];
  for (const link of links.slice(1)) {
    if (!isEventType(link.entry.event.type)) {
      return { firstBadSeq: link.seq, reason: `entry ${link.seq} has an unknown event type` };
    }
    // Entries are hashed JSON that the API wrote from a machine event; the chain check ran first.
    events.push(link.entry.event as OpportunityEvent);
  }
  try {
    return { snapshot: replay(input, events) };
  } catch (error: unknown) {
    if (error instanceof ReplayRefusedError) {
      return {
        firstBadSeq: error.index + 2,
        reason: `replay refuses entry ${error.index + 2}: ${error.refusal.detail}`,
      };
    }
    throw error;
  }
}

/**
 * Whether a (valid) chain still holds the head a checkpoint covered: the entry
 * at the head's seq must exist and carry the head's hash. Null when it does.
 * Shared by the checkpoint endpoint and the offline verifier.
 */
export function headProblem(links: readonly ChainLink[], head: CheckpointHead): ReplayFault | null {
  if (links.length < head.seq) {
    return {
      firstBadSeq: links.length + 1,
      reason: `entry ${links.length + 1}, covered by the checkpoint, is missing`,
    };
  }
  if (links[head.seq - 1]?.hash !== head.hash) {
    return {
      firstBadSeq: head.seq,
      reason: `entry ${head.seq} differs from the checkpoint: history was rewritten since`,
    };
  }
  return null;
}
