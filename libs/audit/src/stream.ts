import { setImmediate as nextTurn } from 'node:timers/promises';
import { ChainLink, hashLink } from './chain';
import { hashElsewhere } from './parallel';
import { ReplayCheck } from './replay';
import { ChainCheck } from './verify';

/** The longest a chain check runs before it lets the event loop serve other requests (ms). */
export const SLICE_MS = 3;

/**
 * Checks a chain that arrives in pages (seq order), with the verdicts of
 * {@link verifyChain} and {@link replayLinks}: each link is hashed and linked
 * as it comes, and fed to `replay` when one is given, so memory holds a page or
 * two whatever the chain's length. With a replay, a page's hashes are computed
 * on a worker thread ({@link hashElsewhere}) while this thread replays the page
 * before it. The work here is cut into slices of at most {@link SLICE_MS},
 * between which the event loop serves other requests. The replay stops at the
 * first bad link (its outcome no longer counts). Answers the chain check; ask
 * it, and the replay, for their verdicts.
 */
export async function checkPages(
  opportunityId: string,
  pages: AsyncIterable<readonly ChainLink[]>,
  replay?: ReplayCheck,
): Promise<ChainCheck> {
  const chain = new ChainCheck(opportunityId);
  let sliceStart = performance.now();
  const check = async (page: readonly ChainLink[], hashes?: readonly string[]): Promise<void> => {
    for (let i = 0; i < page.length; i += 1) {
      const link = page[i] as ChainLink;
      if (chain.faulted) {
        chain.add(link); // past the first bad link, links are only counted
      } else {
        chain.add(link, hashes?.[i] ?? hashLink(opportunityId, link.seq, link.prevHash, link.entry));
        if (replay !== undefined && !chain.faulted) replay.add(link);
      }
      if (performance.now() - sliceStart >= SLICE_MS) {
        await nextTurn();
        sliceStart = performance.now();
      }
    }
  };
  if (replay === undefined) {
    for await (const page of pages) await check(page);
    return chain;
  }
  // One page being hashed elsewhere while the one before it is checked and replayed here.
  let last: { page: readonly ChainLink[]; hashes: Promise<string[]> } | null = null;
  for await (const page of pages) {
    const next = { page, hashes: hashElsewhere(page) };
    // Settled below, or left when an earlier page fails the whole check: never unhandled.
    next.hashes.catch(() => undefined);
    if (last !== null) await check(last.page, await last.hashes);
    last = next;
  }
  if (last !== null) await check(last.page, await last.hashes);
  return chain;
}
