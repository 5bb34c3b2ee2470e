import fc from 'fast-check';
import {
  ChainLink,
  checkPages,
  GENESIS_HASH,
  nextLink,
  ReplayCheck,
  replayLinks,
  syntheticChain,
  verifyChain,
} from '../src';

const CHAIN = syntheticChain({
  opportunityId: '00000000-0000-4000-8000-000000000001',
  partnerOrgId: '00000000-0000-4000-8000-000000000002',
  customerOrgId: '00000000-0000-4000-8000-000000000003',
  customerName: 'Paged check customer',
  userId: '00000000-0000-4000-8000-000000000004',
  entries: 40,
});
const ID = CHAIN.links[0]?.opportunityId ?? '';
const HEAD = { version: CHAIN.links.length, headHash: CHAIN.links[CHAIN.links.length - 1]?.hash ?? '' };

type Damage = (links: ChainLink[], at: number) => ChainLink[];

/** What a superuser, a crash or a bug may leave in a chain. */
const DAMAGES: Record<string, Damage> = {
  none: (links) => links,
  drop: (links, at) => links.filter((_, i) => i !== at),
  swap: (links, at) =>
    links.map((l, i) => (i === at ? (links[at + 1] ?? l) : i === at + 1 ? (links[at] as ChainLink) : l)),
  truncate: (links, at) => links.slice(0, at),
  alter: (links, at) =>
    links.map((l, i) => (i === at ? { ...l, entry: { ...l.entry, recordedAt: '2020-01-01T00:00:00.000Z' } } : l)),
  relink: (links, at) => links.map((l, i) => (i === at ? { ...l, prevHash: 'f'.repeat(64) } : l)),
  unknownType: (links, at) =>
    links.map((l, i) =>
      i === at ? { ...l, entry: { ...l.entry, event: { ...l.entry.event, type: 'NOT_AN_EVENT' } } } : l,
    ),
  refused: (links, at) =>
    links.map((l, i) =>
      i === at && i > 0
        ? { ...l, entry: { ...l.entry, event: { ...l.entry.event, type: 'SUBMIT_BUSINESS_CASE' } } }
        : l,
    ),
  other: (links, at) =>
    links.map((l, i) => (i === at ? { ...l, opportunityId: '00000000-0000-4000-8000-00000000ffff' } : l)),
};

/** The chain re-hashed from its first link on, as a superuser covering their tracks would. */
function rehashed(links: readonly ChainLink[]): ChainLink[] {
  const out: ChainLink[] = [];
  for (const link of links) {
    out.push(nextLink(link.opportunityId, out.length + 1, out[out.length - 1]?.hash ?? GENESIS_HASH, link.entry));
  }
  return out;
}

/** What a function answers, or the message it throws. */
function outcome<T>(f: () => T): T | { threw: string } {
  try {
    return f();
  } catch (error: unknown) {
    return { threw: error instanceof Error ? error.message : String(error) };
  }
}

async function* pagesOf(links: readonly ChainLink[], size: number): AsyncGenerator<ChainLink[]> {
  for (let i = 0; i < links.length; i += size) yield links.slice(i, i + size);
}

/**
 * The API reads a chain in pages and checks it link by link; the offline
 * verifier holds it whole. Whatever was done to the chain, and however it is
 * cut into pages, both give the same verdict, word for word.
 */
describe('a chain checked page by page agrees with the whole-chain check', () => {
  it('gives the verdicts of verifyChain and replayLinks for any damage and any page size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...Object.keys(DAMAGES)),
        fc.integer({ min: 0, max: CHAIN.links.length - 1 }),
        fc.integer({ min: 1, max: 45 }),
        fc.boolean(),
        async (damage, at, pageSize, rehash) => {
          const damaged = (DAMAGES[damage] as Damage)(CHAIN.links, at);
          // Re-hashed, the chain holds, and only the replay can tell.
          const links = rehash ? rehashed(damaged) : damaged;
          const head = rehash ? { version: links.length, headHash: links[links.length - 1]?.hash ?? '' } : HEAD;
          const replay = new ReplayCheck();
          const chain = await checkPages(ID, pagesOf(links, pageSize), replay);
          expect(chain.verdict(head)).toEqual(verifyChain(ID, links, head));
          expect(chain.verdict()).toEqual(verifyChain(ID, links));
          if (!chain.faulted) expect(outcome(() => replay.result())).toEqual(outcome(() => replayLinks(links)));
          const direct = new ReplayCheck();
          links.forEach((link) => direct.add(link));
          expect(outcome(() => direct.result())).toEqual(outcome(() => replayLinks(links)));
        },
      ),
      { numRuns: 200 },
    );
  }, 30_000);

  it('replays an intact chain to the snapshot it was built with', async () => {
    const replay = new ReplayCheck();
    const chain = await checkPages(ID, pagesOf(CHAIN.links, 7), replay);
    expect(chain.verdict(HEAD)).toMatchObject({ valid: true, entries: CHAIN.links.length });
    expect(replay.result()).toEqual({ snapshot: CHAIN.snapshot });
  });

  it('answers an empty chain as the whole-chain check does', async () => {
    const replay = new ReplayCheck();
    const chain = await checkPages(ID, pagesOf([], 10), replay);
    expect(chain.verdict(HEAD)).toEqual(verifyChain(ID, [], HEAD));
    expect(replay.result()).toEqual(replayLinks([]));
  });
});
