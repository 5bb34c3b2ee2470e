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
  let prev = GENESIS_HASH;
  const bad = (seq: number, reason: string): ChainVerdict => ({
    valid: false,
    entries: links.length,
    headHash: links.length > 0 ? (links[links.length - 1]?.hash ?? null) : null,
    firstBadSeq: seq,
    reason,
  });
  for (let i = 0; i < links.length; i += 1) {
    const link = links[i] as ChainLink;
    const seq = i + 1;
    if (link.opportunityId !== opportunityId) return bad(seq, `entry ${seq} belongs to another opportunity`);
    if (link.seq !== seq) return bad(seq, `entry ${seq} is missing or out of order (found seq ${link.seq})`);
    if (link.prevHash !== prev) return bad(seq, `entry ${seq} does not link to entry ${seq - 1} (prevHash differs)`);
    if ((hashes?.[i] ?? hashLink(opportunityId, link.seq, link.prevHash, link.entry)) !== link.hash) {
      return bad(seq, `entry ${seq} was altered: its hash does not match its content`);
    }
    prev = link.hash;
  }
  if (expected) {
    if (links.length < expected.version) {
      return bad(
        links.length + 1,
        `entry ${links.length + 1} is missing: the opportunity is at version ${expected.version}`,
      );
    }
    if (links.length > expected.version) {
      return bad(
        expected.version + 1,
        `entry ${expected.version + 1} is beyond the opportunity's version ${expected.version}`,
      );
    }
    if (links.length > 0 && prev !== expected.headHash) {
      return bad(links.length, `the chain ends at a hash other than the opportunity's chain head`);
    }
  }
  return {
    valid: true,
    entries: links.length,
    headHash: links.length > 0 ? prev : null,
    firstBadSeq: null,
    reason: null,
  };
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
