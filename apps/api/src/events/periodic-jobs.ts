import { Injectable } from '@nestjs/common';

/** A job run every `everyMs`. */
export interface PeriodicJob {
  everyMs: number;
  run: () => Promise<void>;
}

/**
 * The periodic jobs features register as the app starts (the notifier, the
 * lapsed-offer sweep, the ACE sync); the worker runs each as a stored job
 * that schedules its own next run. Depends on nothing, so any feature may
 * register without depending on the worker.
 */
@Injectable()
export class PeriodicJobs {
  private readonly jobs = new Map<string, PeriodicJob>();

  /** Registers `run` every `everyMs` under `name` (before the app starts). */
  every(name: string, everyMs: number, run: () => Promise<void>): void {
    this.jobs.set(name, { everyMs, run });
  }

  entries(): [string, PeriodicJob][] {
    return [...this.jobs];
  }
}
