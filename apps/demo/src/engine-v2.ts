/**
 * The demo's drive of one version-2 opportunity on the pure engine
 * (ENGINE_V2, policy 2027.1): no HTTP, no database. Its clock is the
 * story's: each event comes one hour after the last, and `on(date)` moves to
 * 09:00 UTC of a later day, so a case that runs for a year plays in
 * milliseconds and prints the same every time. Each send is reported with
 * the reads before and after it, or with its refusal; a send the story
 * expects accepted and is refused (or the reverse) throws, naming it.
 */
import { createHash } from 'node:crypto';
import {
  createOpportunity2,
  ENGINE_V2,
  findings2,
  viewOpportunity2,
  type CreateOpportunityInput,
  type EventActor,
  type EventOf2,
  type EventType2,
  type Evidence,
  type Finding2,
  type OpportunityEvent2,
  type OpportunityView2,
  type PersistedOpportunity2,
  type Refusal,
} from '@mapflow/workflow';

/** Who sends an event in the story. */
export type Who = 'partner' | 'customer' | 'system';

/** What the drive reports as the story goes. */
export type V2Report =
  | { kind: 'created'; view: OpportunityView2 }
  | { kind: 'accepted'; event: OpportunityEvent2; before: OpportunityView2; after: OpportunityView2 }
  | { kind: 'refused'; event: OpportunityEvent2; refusal: Refusal }
  | { kind: 'findings'; at: string; findings: Finding2[] };

/** The payload of an event of `type`: the event without its type, time and actor. */
export type Payload<T extends EventType2> = Omit<EventOf2<T>, 'type' | 'at' | 'actor'>;

/** The orgs and users of the case, as the events carry them. */
export const ACTORS: Readonly<Record<Who, EventActor>> = {
  partner: { userId: 'u-cumulus-lead', orgId: 'org-cumulus-cloud-partners', role: 'partner', tier: 'premier' },
  customer: { userId: 'u-acme-cto', orgId: 'org-acme-saas', role: 'customer' },
  system: { userId: 'system:ace-sync', orgId: '', role: 'system', service: 'ace-sync' },
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A real SHA-256 of a label: the digest an evidence link would carry for that document. */
export function sha256Of(label: string): string {
  return createHash('sha256').update(label).digest('hex');
}

/** Evidence for a document of the case, at a stable URI with its digest. */
export function evidenceOf(label: string): Evidence {
  return { uri: `s3://acme-map-evidence/${label}`, sha256: sha256Of(label) };
}

/** One version-2 opportunity on the pure engine, at the story's clock. */
export class EngineOpportunity2 {
  snapshot: PersistedOpportunity2;
  private t: number;

  constructor(
    input: CreateOpportunityInput,
    private readonly report: (report: V2Report) => void = () => undefined,
  ) {
    this.snapshot = createOpportunity2(input).snapshot;
    this.t = Date.parse(input.at);
  }

  /** Reports the opportunity as created (the creation itself is the input's, at its `at`). */
  opened(): OpportunityView2 {
    const view = this.view();
    this.report({ kind: 'created', view });
    return view;
  }

  /** The clock (ISO). */
  now(): string {
    return new Date(this.t).toISOString();
  }

  /** The calendar date `days` after today. */
  date(days = 0): string {
    return new Date(this.t + days * DAY_MS).toISOString().slice(0, 10);
  }

  /** Moves the clock to 09:00 UTC on `date` (`YYYY-MM-DD`); the story only moves forward. */
  on(date: string): this {
    const to = Date.parse(`${date}T09:00:00.000Z`);
    if (!(to > this.t)) throw new Error(`the story moves forward: ${date} 09:00 is not after ${this.now()}`);
    this.t = to;
    return this;
  }

  /** The event of `type` from `who`, one hour after the last. */
  event<T extends EventType2>(who: Who, type: T, payload: Payload<T>): EventOf2<T> {
    this.t += HOUR_MS;
    const event: unknown = { ...payload, type, at: this.now(), actor: ACTORS[who] };
    return event as EventOf2<T>;
  }

  /** Sends the event and requires it accepted; answers the read after it. */
  send<T extends EventType2>(who: Who, type: T, payload: Payload<T>): OpportunityView2 {
    const event = this.event(who, type, payload);
    const before = this.view();
    const decision = ENGINE_V2.decide(this.snapshot, event);
    if (!decision.accepted) {
      throw new Error(`${type} from the ${who} was refused in ${decision.refusal.state}: ${decision.refusal.detail}`);
    }
    this.snapshot = decision.snapshot;
    const after = this.view();
    this.report({ kind: 'accepted', event, before, after });
    return after;
  }

  /** Sends the event and requires it refused (the opportunity stays as it was); answers the refusal. */
  refused<T extends EventType2>(who: Who, type: T, payload: Payload<T>): Refusal {
    const event = this.event(who, type, payload);
    const decision = ENGINE_V2.decide(this.snapshot, event);
    if (decision.accepted) throw new Error(`${type} from the ${who} was accepted in ${this.snapshot.value}`);
    this.report({ kind: 'refused', event, refusal: decision.refusal });
    return decision.refusal;
  }

  /** The read at the clock. */
  view(): OpportunityView2 {
    return viewOpportunity2(this.snapshot, this.now());
  }

  /** The findings at the clock, reported. */
  findings(partnerStats: { closedMapOpportunities: number }): Finding2[] {
    const found = findings2(this.snapshot, this.now(), partnerStats);
    this.report({ kind: 'findings', at: this.now(), findings: found });
    return found;
  }
}
