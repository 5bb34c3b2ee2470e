import { AppError, ErrorCode } from '../common/errors';

/** What a caller turned away is told to wait before retrying (seconds). */
export const VERIFY_RETRY_AFTER_SECONDS = 5;

/**
 * How many audit verifications run at once in this process
 * (MAPFLOW_AUDIT_VERIFY_CONCURRENCY). A verification reads and hashes a whole
 * chain, or every chain of a checkpoint: a few of them share the event loop
 * with every other request, so the excess is told to retry (429 with
 * Retry-After) rather than queued.
 */
export class VerifySlots {
  private running = 0;

  constructor(readonly size: number) {}

  /** Runs `work` in a free slot, or refuses with 429 when every slot is taken. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) {
      throw new AppError(
        ErrorCode.RateLimited,
        `${this.size === 1 ? 'An audit verification is' : `${this.size} audit verifications are`} already running; retry in ${VERIFY_RETRY_AFTER_SECONDS} s`,
        { headers: { 'retry-after': String(VERIFY_RETRY_AFTER_SECONDS) } },
      );
    }
    this.running += 1;
    try {
      return await work();
    } finally {
      this.running -= 1;
    }
  }
}
