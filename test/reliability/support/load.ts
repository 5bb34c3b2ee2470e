import { activateEvent, Ledger, markerFor, profileEvent } from './audit-check';
import { problemFault, send, versionOf } from './http';
import { Random } from './random';
import { World } from './world';

/** One event to send: its marker, body and (maybe) Idempotency-Key. */
export interface Operation {
  id: string;
  marker: string;
  body: Record<string, unknown>;
  key: string | null;
}

/** What one request got: a status, or a network error / timeout. */
export interface Attempt {
  operation: Operation;
  /** The version If-Match named. */
  ifMatch: number;
  /** performance.now() when sent and when the answer (or the error) came. */
  sentAt: number;
  endedAt: number;
  status: number | null;
  error: string | null;
  contentType: string;
  /** Why a non-2xx answer is not a problem document, or null. */
  problem: string | null;
  text: string;
}

/**
 * Event traffic on intake opportunities: `UPDATE_PROFILE` and
 * `RECORD_ACTIVATE_WORKLOAD` (which writes the funded_workloads projection in
 * the same transaction), each marked, half of them with an Idempotency-Key,
 * If-Match from the last version seen. Every acknowledgement goes to the ledger.
 */
export class EventTraffic {
  readonly ledger = new Ledger();
  readonly attempts: Attempt[] = [];
  readonly known: Map<string, number>;
  private counter = 0;

  constructor(
    private readonly world: World,
    private readonly random: Random,
    private readonly baseUrl: () => string,
    private readonly timeoutMs: number,
    private readonly runTag: string,
  ) {
    this.known = new Map(world.versions);
  }

  next(): Operation {
    this.counter += 1;
    const n = this.counter;
    const id = this.random.pick(this.world.ids);
    return {
      id,
      marker: markerFor(n),
      body: this.random.chance(0.7) ? profileEvent(n) : activateEvent(n),
      key: this.random.chance(0.5) ? `${this.runTag}-${n}` : null,
    };
  }

  /** Sends the event with If-Match from the last version seen (or `ifMatch`); records the attempt. */
  async send(operation: Operation, ifMatch?: number): Promise<Attempt> {
    const version = ifMatch ?? this.known.get(operation.id) ?? 1;
    const headers: Record<string, string> = { 'if-match': `"${version}"` };
    if (operation.key !== null) headers['idempotency-key'] = operation.key;
    const sentAt = performance.now();
    const attempt: Attempt = {
      operation,
      ifMatch: version,
      sentAt,
      endedAt: sentAt,
      status: null,
      error: null,
      contentType: '',
      problem: null,
      text: '',
    };
    try {
      const reply = await send(this.baseUrl(), {
        method: 'POST',
        path: `/v1/opportunities/${operation.id}/events`,
        key: this.world.partner.key,
        headers,
        body: operation.body,
        timeoutMs: this.timeoutMs,
      });
      attempt.status = reply.status;
      attempt.contentType = reply.contentType;
      attempt.text = reply.text;
      if (reply.status === 200) {
        const acked = versionOf(reply);
        this.ledger.ack({ opportunityId: operation.id, version: acked, marker: operation.marker });
        this.known.set(operation.id, Math.max(this.known.get(operation.id) ?? 0, acked));
      } else {
        attempt.problem = problemFault(reply);
      }
    } catch (error: unknown) {
      attempt.error = describeError(error);
    }
    attempt.endedAt = performance.now();
    this.attempts.push(attempt);
    return attempt;
  }

  /** Re-reads the version of `id` (after a 412 or a restart); false when the API did not answer 200. */
  async refresh(id: string): Promise<boolean> {
    try {
      const reply = await send(this.baseUrl(), {
        method: 'GET',
        path: `/v1/opportunities/${id}`,
        key: this.world.partner.key,
        timeoutMs: this.timeoutMs,
      });
      if (reply.status !== 200) return false;
      this.known.set(id, versionOf(reply));
      return true;
    } catch {
      return false;
    }
  }

  /** Answers tallied by status (network errors as `error`). */
  tally(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const a of this.attempts) {
      let name = a.status === null ? 'error' : String(a.status);
      if (a.status === 409) name += ` ${problemType(a.text)}`;
      counts[name] = (counts[name] ?? 0) + 1;
    }
    return counts;
  }
}

/** A fetch error's cause, in one line (ECONNREFUSED, the timeout, a reset). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  return `${error.name}: ${error.message}${code !== undefined ? ` (${String(code)})` : ''}`;
}

/** The last segment of a problem document's `type` (e.g. `rule-refused`), or `?`. */
export function problemType(text: string): string {
  try {
    const type = (JSON.parse(text) as { type?: unknown }).type;
    return typeof type === 'string' ? (type.split('/').pop() ?? '?') : '?';
  } catch {
    return '?';
  }
}
