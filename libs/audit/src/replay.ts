import {
  AnyOpportunityEvent,
  AnyPersistedOpportunity,
  AnyReplaySteps,
  CreateOpportunityInput,
  isAnyEventType,
  startReplayAny,
} from '@mapflow/workflow';
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
export function replayLinks(links: readonly ChainLink[]): { snapshot: AnyPersistedOpportunity } | ReplayFault {
  const check = new ReplayCheck();
  for (const link of links) check.add(link);
  return check.result();
}

/**
 * {@link replayLinks} one link at a time, for a chain read in pages, with the
 * same answer: entry 1 must be the creation; an unknown event type anywhere
 * is reported before any refusal (the types are checked first); otherwise the
 * first entry the machine refuses, or the snapshot the replay ends in. Once
 * the answer is a fault, later links cost nothing but a type check.
 */
export class ReplayCheck {
  private seen = 0;
  private steps: AnyReplaySteps | null = null;
  /** What ends the check before any replay outcome counts: a bad entry 1, an unknown type, or an unreadable entry. */
  private stopped: { fault: ReplayFault } | { error: unknown } | null = null;
  private refused: ReplayFault | null = null;
  /** An error the replay threw (not a refusal): {@link result} throws it, as {@link replayLinks} always did. */
  private failed: { error: unknown } | null = null;

  add(link: ChainLink): void {
    this.seen += 1;
    if (this.stopped !== null) return;
    let event: AnyOpportunityEvent;
    try {
      if (this.seen === 1) {
        const input = link.entry.event.input as CreateOpportunityInput | undefined;
        if (link.entry.event.type !== 'CREATE_OPPORTUNITY' || input === undefined) {
          this.stopped = { fault: { firstBadSeq: 1, reason: 'entry 1 is not the creation of the opportunity' } };
          return;
        }
        // Entry 1 names the machine version the opportunity was created on (version 1 when it names none).
        const machineVersion = typeof link.entry.machineVersion === 'string' ? link.entry.machineVersion : undefined;
        this.replaying(() => {
          this.steps = startReplayAny({ ...input, machineVersion });
        });
        return;
      }
      if (!isAnyEventType(link.entry.event.type) && link.entry.event.type !== 'MACHINE_MIGRATED') {
        this.stopped = { fault: { firstBadSeq: link.seq, reason: `entry ${link.seq} has an unknown event type` } };
        return;
      }
      // Entries are hashed JSON that the API wrote from a machine event; the chain check runs first.
      event = link.entry.event as AnyOpportunityEvent;
    } catch (error: unknown) {
      this.stopped = { error };
      return;
    }
    const steps = this.steps;
    if (steps === null || this.refused !== null || this.failed !== null) return;
    const seq = this.seen;
    this.replaying(() => {
      const refusal = steps.next(event);
      if (refusal !== null)
        this.refused = { firstBadSeq: seq, reason: `replay refuses entry ${seq}: ${refusal.detail}` };
    });
  }

  /** The snapshot the replay ends in, or the fault that stops it. */
  result(): { snapshot: AnyPersistedOpportunity } | ReplayFault {
    if (this.seen === 0) return { firstBadSeq: 1, reason: 'entry 1 is not the creation of the opportunity' };
    if (this.stopped !== null) {
      if ('error' in this.stopped) throw this.stopped.error;
      return this.stopped.fault;
    }
    if (this.failed !== null) throw this.failed.error;
    if (this.refused !== null) return this.refused;
    return { snapshot: (this.steps as AnyReplaySteps).snapshot() };
  }

  private replaying(step: () => void): void {
    try {
      step();
    } catch (error: unknown) {
      this.failed = { error };
    }
  }
}

/**
 * Whether a (valid) chain still holds the head a checkpoint covered: the entry
 * at the head's seq must exist and carry the head's hash. Null when it does.
 * Shared by the checkpoint endpoint and the offline verifier.
 */
export function headProblem(links: readonly ChainLink[], head: CheckpointHead): ReplayFault | null {
  return headFault(links.length, links[head.seq - 1]?.hash, head);
}

/**
 * {@link headProblem} for a chain read in pages: `count` links were read (the
 * first `head.seq` at most), and `hashAtHead` is the hash of link number
 * `head.seq` when there is one.
 */
export function headFault(count: number, hashAtHead: string | undefined, head: CheckpointHead): ReplayFault | null {
  if (count < head.seq) {
    return {
      firstBadSeq: count + 1,
      reason: `entry ${count + 1}, covered by the checkpoint, is missing`,
    };
  }
  if (hashAtHead !== head.hash) {
    return {
      firstBadSeq: head.seq,
      reason: `entry ${head.seq} differs from the checkpoint: history was rewritten since`,
    };
  }
  return null;
}
