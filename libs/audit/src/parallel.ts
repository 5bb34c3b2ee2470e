import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ChainLink, hashLink } from './chain';

/** Below this many links, hashing on this thread is faster than handing work out. */
const PARALLEL_FROM = 4_096;

/** Each worker loads this very module's compiled `chain.js`, so one hash function serves both. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { hashLink } = require(workerData.chainModule);
parentPort.on('message', ({ id, links }) => {
  parentPort.postMessage({ id, hashes: links.map((l) => hashLink(l.opportunityId, l.seq, l.prevHash, l.entry)) });
});
`;

interface Reply {
  id: number;
  hashes: string[];
}

let pool: Worker[] | null = null;
let nextId = 0;
const waiting = new Map<number, (hashes: string[]) => void>();

/** The compiled chain module next to this file; null when running from TypeScript sources (ts-jest). */
function chainModule(): string | null {
  return __filename.endsWith('.js') ? require.resolve('./chain') : null;
}

function workers(): Worker[] {
  if (pool !== null) return pool;
  const module = chainModule();
  const count = module === null ? 0 : Math.max(0, Math.min(availableParallelism(), 8) - 1);
  pool = Array.from({ length: count }, () => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { chainModule: module } });
    worker.on('message', (reply: Reply) => {
      waiting.get(reply.id)?.(reply.hashes);
      waiting.delete(reply.id);
    });
    // Idle workers never keep a CLI or a stopping server alive.
    worker.unref();
    return worker;
  });
  return pool;
}

function onWorker(worker: Worker, links: ChainLink[]): Promise<string[]> {
  const id = (nextId += 1);
  return new Promise((resolve, reject) => {
    waiting.set(id, resolve);
    worker.once('error', reject);
    worker.ref();
    worker.postMessage({ id, links });
  }).finally(() => worker.unref()) as Promise<string[]>;
}

/**
 * The hash of every link ({@link hashLink}), in order. Long chains are split
 * between this thread and one worker thread per other core: the chain check
 * is CPU-bound in RFC 8785 canonicalisation, and links hash independently.
 */
export async function hashLinks(links: readonly ChainLink[]): Promise<string[]> {
  const pool = links.length >= PARALLEL_FROM ? workers() : [];
  if (pool.length === 0) return links.map((l) => hashLink(l.opportunityId, l.seq, l.prevHash, l.entry));
  const share = Math.floor(links.length / (pool.length + 1));
  const handed = pool.map((worker, i) => onWorker(worker, links.slice(i * share, (i + 1) * share)));
  const mine = links.slice(pool.length * share).map((l) => hashLink(l.opportunityId, l.seq, l.prevHash, l.entry));
  return [...(await Promise.all(handed)).flat(), ...mine];
}
