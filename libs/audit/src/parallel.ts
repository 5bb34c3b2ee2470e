import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ChainLink, hashLink } from './chain';

/** Below this many links, hashing on this thread is faster than handing work out. */
const PARALLEL_FROM = 4_096;

/** This thread's share of a long chain against each worker's 1: it also copies the workers' links to them. */
const MY_WEIGHT = 0.5;

/** Links per message to a worker. */
const MESSAGE_LINKS = 2_000;

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
let turn = 0;
const waiting = new Map<number, { worker: Worker; resolve(hashes: string[]): void; reject(error: Error): void }>();
/** Messages each worker has not answered yet: while there are any, it keeps the process alive. */
const busy = new Map<Worker, number>();

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
      waiting.get(reply.id)?.resolve(reply.hashes);
      waiting.delete(reply.id);
    });
    // A worker that fails or stops answers nothing more: what it held is refused, and it leaves the pool (the
    // next long chain starts a new one), so no later check waits on it for ever.
    const gone = (error: Error): void => {
      pool = pool?.filter((w) => w !== worker) ?? null;
      if (pool?.length === 0) pool = null;
      busy.delete(worker);
      for (const [id, pending] of waiting) {
        if (pending.worker !== worker) continue;
        pending.reject(error);
        waiting.delete(id);
      }
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`a chain-hashing worker stopped (exit code ${code})`)));
    // Idle workers never keep a CLI or a stopping server alive.
    worker.unref();
    return worker;
  });
  return pool;
}

function onWorker(worker: Worker, links: readonly ChainLink[]): Promise<string[]> {
  const id = (nextId += 1);
  const count = busy.get(worker) ?? 0;
  busy.set(worker, count + 1);
  if (count === 0) worker.ref();
  return new Promise<string[]>((resolve, reject) => {
    waiting.set(id, { worker, resolve, reject });
    worker.postMessage({ id, links });
  }).finally(() => {
    const left = (busy.get(worker) ?? 1) - 1;
    busy.set(worker, left);
    if (left === 0) worker.unref();
  });
}

/**
 * `links` hashed on `worker`, handed over in messages of {@link MESSAGE_LINKS}: copying links to a worker costs
 * about 40% of hashing them, and copying one huge message costs twice as much per link as small ones, which
 * also let the worker start at once.
 */
async function onWorkerInParts(worker: Worker, links: readonly ChainLink[]): Promise<string[]> {
  const parts: Promise<string[]>[] = [];
  for (let i = 0; i < links.length; i += MESSAGE_LINKS) parts.push(onWorker(worker, links.slice(i, i + MESSAGE_LINKS)));
  return (await Promise.all(parts)).flat();
}

const hashHere = (links: readonly ChainLink[]): string[] =>
  links.map((l) => hashLink(l.opportunityId, l.seq, l.prevHash, l.entry));

/**
 * The hash of every link ({@link hashLink}), in order. Long chains are split
 * between this thread and one worker thread per other core: the chain check
 * is CPU-bound in RFC 8785 canonicalisation, and links hash independently.
 * This thread, which also copies the others' shares to them, takes less.
 */
export async function hashLinks(links: readonly ChainLink[]): Promise<string[]> {
  const pool = links.length >= PARALLEL_FROM ? workers() : [];
  if (pool.length === 0) return hashHere(links);
  const mine = Math.floor((links.length * MY_WEIGHT) / (pool.length + MY_WEIGHT));
  const share = Math.ceil((links.length - mine) / pool.length);
  const handed = pool.map((worker, i) =>
    onWorkerInParts(worker, links.slice(mine + i * share, mine + (i + 1) * share)),
  );
  const own = hashHere(links.slice(0, mine));
  return [...own, ...(await Promise.all(handed)).flat()];
}

/**
 * The hashes of `links`, computed on a worker thread when there is one (else
 * here, at once): a paged check hashes one page there while it replays the
 * last one here.
 */
export function hashElsewhere(links: readonly ChainLink[]): Promise<string[]> {
  const pool = links.length > 0 ? workers() : [];
  const worker = pool[(turn += 1) % Math.max(pool.length, 1)];
  return worker === undefined ? Promise.resolve(hashHere(links)) : onWorker(worker, links);
}
