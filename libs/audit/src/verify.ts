import { ChainLink, GENESIS_HASH, hashLink } from './chain';
import { hashLinks } from './parallel';

/** What a chain check found (DESIGN.md §4). `firstBadSeq` and `reason` are null when valid. */
export interface ChainVerdict {
  valid: boolean;
  entries: number;
  headHash: string | null;
  firstBadSeq: number | null;
  reason: string | null;
}

/** What the chain must end with, when known: the version and chain head kept on the opportunity row. */
export interface ExpectedHead {
  version: number;
  headHash: string;
}

/**
 * Checks every link of one opportunity's chain, in the order given: seq runs
 * 1..n without gaps, each `prevHash` is the previous `hash` (64 zeros first),
 * each `hash` is recomputed from the RFC 8785 form of the link. With
 * `expected`, the chain must also end at the row's version and chain head, so
 * a deleted last entry is caught. Names the first bad seq. Pure. `hashes`,
 * when given, are the links' recomputed hashes (see {@link checkChain}).
 */
export function verifyChain(
  opportunityId: string,
  links: readonly ChainLink[],
  expected?: ExpectedHead,
  hashes?: readonly string[],
): ChainVerdict {
  const check = new ChainCheck(opportunityId);
  links.forEach((link, i) => check.add(link, hashes?.[i]));
  return check.verdict(expected);
}

/**
 * {@link verifyChain} one link at a time, for a chain read in pages: memory
 * stays flat whatever its length, and the verdict (messages included) is the
 * same. Once a link is bad, later links are only counted (the verdict names
 * the first bad seq, and the whole chain's length and last hash).
 */
export class ChainCheck {
  private count = 0;
  private prev = GENESIS_HASH;
  private lastHash: string | null = null;
  private fault: { seq: number; reason: string } | null = null;

  constructor(readonly opportunityId: string) {}

  /** Whether a bad link was found. */
  get faulted(): boolean {
    return this.fault !== null;
  }

  /** Links seen. */
  get entries(): number {
    return this.count;
  }

  /** The stored hash of the last link seen. */
  get headHash(): string | null {
    return this.lastHash;
  }

  /** Feeds the next link; `hash` is its recomputed hash when already known. */
  add(link: ChainLink, hash?: string): void {
    this.count += 1;
    this.lastHash = link.hash;
    if (this.fault !== null) return;
    const seq = this.count;
    if (link.opportunityId !== this.opportunityId) {
      this.fault = { seq, reason: `entry ${seq} belongs to another opportunity` };
    } else if (link.seq !== seq) {
      this.fault = { seq, reason: `entry ${seq} is missing or out of order (found seq ${link.seq})` };
    } else if (link.prevHash !== this.prev) {
      this.fault = { seq, reason: `entry ${seq} does not link to entry ${seq - 1} (prevHash differs)` };
    } else if ((hash ?? hashLink(this.opportunityId, link.seq, link.prevHash, link.entry)) !== link.hash) {
      this.fault = { seq, reason: `entry ${seq} was altered: its hash does not match its content` };
    } else {
      this.prev = link.hash;
    }
  }

  /** The verdict on the links fed so far; with `expected`, they must be the whole chain of the row. */
  verdict(expected?: ExpectedHead): ChainVerdict {
    const bad = (seq: number, reason: string): ChainVerdict => ({
      valid: false,
      entries: this.count,
      headHash: this.lastHash,
      firstBadSeq: seq,
      reason,
    });
    if (this.fault !== null) return bad(this.fault.seq, this.fault.reason);
    if (expected) {
      if (this.count < expected.version) {
        return bad(
          this.count + 1,
          `entry ${this.count + 1} is missing: the opportunity is at version ${expected.version}`,
        );
      }
      if (this.count > expected.version) {
        return bad(
          expected.version + 1,
          `entry ${expected.version + 1} is beyond the opportunity's version ${expected.version}`,
        );
      }
      if (this.count > 0 && this.prev !== expected.headHash) {
        return bad(this.count, `the chain ends at a hash other than the opportunity's chain head`);
      }
    }
    return {
      valid: true,
      entries: this.count,
      headHash: this.count > 0 ? this.prev : null,
      firstBadSeq: null,
      reason: null,
    };
  }
}

/**
 * {@link verifyChain}, with every hash recomputed first by {@link hashLinks}
 * (on every core for a long chain). What the endpoint and the offline
 * verifier run.
 */
export async function checkChain(
  opportunityId: string,
  links: readonly ChainLink[],
  expected?: ExpectedHead,
): Promise<ChainVerdict> {
  return verifyChain(opportunityId, links, expected, await hashLinks(links));
}
