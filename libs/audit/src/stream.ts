import { setImmediate as nextTurn } from 'node:timers/promises';
import { ChainLink, hashLink } from './chain';
import { ReplayCheck } from './replay';
import { ChainCheck } from './verify';

/** The longest a chain check runs before it lets the event loop serve other requests (ms). */
export const SLICE_MS = 3;

/**
 * Checks a chain that arrives in pages (seq order), with the verdicts of
 * {@link verifyChain} and {@link replayLinks}: each link is hashed and linked
 * as it comes, and fed to `replay` when one is given, so memory holds one page
 * whatever the chain's length. The work is cut into slices of at most
 * {@link SLICE_MS}, between which the event loop serves other requests. The
 * replay stops at the first bad link (its outcome no longer counts). Answers
 * the chain check; ask it, and the replay, for their verdicts.
 */
export async function checkPages(
  opportunityId: string,
  pages: AsyncIterable<readonly ChainLink[]>,
  replay?: ReplayCheck,
): Promise<ChainCheck> {
  const chain = new ChainCheck(opportunityId);
  let sliceStart = performance.now();
  for await (const page of pages) {
    for (const link of page) {
      if (chain.faulted) {
        chain.add(link); // past the first bad link, links are only counted
      } else {
        chain.add(link, hashLink(opportunityId, link.seq, link.prevHash, link.entry));
        if (replay !== undefined && !chain.faulted) replay.add(link);
      }
      if (performance.now() - sliceStart >= SLICE_MS) {
        await nextTurn();
        sliceStart = performance.now();
      }
    }
  }
  return chain;
}
