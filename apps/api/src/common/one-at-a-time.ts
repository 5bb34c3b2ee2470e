/**
 * Runs work one at a time per key, in arrival order, within this process.
 *
 * Commands on one opportunity that arrive together can commit only one after
 * another (each is conditional on the version the last one left), so running
 * them side by side only makes all but one do the whole command and lose at
 * the commit. In a queue, the next one reads what the last one committed and,
 * when its `If-Match` is now stale, is refused before any of that work. Other
 * processes still race through the conditional commit, as before; this only
 * spares the work a loser would do.
 */
export class OneAtATime {
  /** The tail of each key's queue: settles when the last work queued for it has. */
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Keys with work queued or running. */
  get size(): number {
    return this.tails.size;
  }

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.tails.get(key);
    const mine = before === undefined ? work() : before.then(work, work);
    // The queue's tail never rejects: a failure is its caller's, not the next one's.
    const tail = mine.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return mine;
  }
}
