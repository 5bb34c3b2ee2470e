/**
 * Small factories for tests: actors, profiles, evidence, and a `Drive` that
 * sends events with a moving clock, asserting acceptance or refusal (and
 * that a refusal leaves the snapshot unchanged).
 */
import {
  createOpportunity,
  decide,
  type CreateOpportunityInput,
  type OpportunityContext,
  type DecisionOf,
  type Persisted,
  type DomainAction,
  type EventActor,
  type EventOf,
  type Evidence,
  type OpportunityEvent,
  type Profile,
  type Refusal,
  type WaveApplication,
} from '../src';
import {
  app,
  ASSESS_ITEMS,
  herokuProfile,
  mapRecord,
  MIGRATE_ITEMS,
  MOBILIZE_ITEMS,
  MPE,
} from '../src/scenarios/heroku';

/** The Heroku Series-B case of the brief lives with the domain, as data (`npm run demo` plays it too). */
export { app, herokuProfile, mapRecord, MPE };

export const T0 = '2026-01-05T09:00:00.000Z';
export const PARTNER_ORG = 'org-partner';
export const CUSTOMER_ORG = 'org-customer';

export const actors = {
  partner: (tier: EventActor['tier'] = 'premier'): EventActor => ({
    userId: 'u-partner',
    orgId: PARTNER_ORG,
    role: 'partner',
    tier,
  }),
  customer: (): EventActor => ({ userId: 'u-customer', orgId: CUSTOMER_ORG, role: 'customer' }),
  ops: (): EventActor => ({ userId: 'u-ops', orgId: 'org-ops', role: 'ops' }),
};

export function createInput(over: Partial<CreateOpportunityInput> = {}): CreateOpportunityInput {
  return {
    opportunityId: 'opp-1',
    title: 'Heroku to AWS',
    partnerOrgId: PARTNER_ORG,
    customerOrgId: CUSTOMER_ORG,
    customerName: 'Acme SaaS',
    at: T0,
    actor: actors.partner(),
    ...over,
  };
}

/** A deterministic 64-hex digest derived from a label (not a real hash: tests only need the shape). */
export function sha(label: string): string {
  let h = '';
  for (let i = 0; h.length < 64; i++) h += ((label.charCodeAt(i % label.length) + i) % 16).toString(16);
  return h;
}

export const evidence = (label: string): Evidence => ({ uri: `s3://evidence/${label}.pdf`, sha256: sha(label) });

/** The payload of the event of `type` in the event union `E`. */
export type PayloadOf<E, T> = Omit<Extract<E, { type: T }>, 'type' | 'at' | 'actor'>;
/** The arguments after the type: the payload, optional when it has no required field. */
export type ArgsOf<E, T> = object extends PayloadOf<E, T> ? [payload?: PayloadOf<E, T>] : [payload: PayloadOf<E, T>];

/** The event builder of a version whose events are `E`: an event of `type` with its payload, time and actor. */
export function eventMaker<E extends { type: string }>() {
  return <T extends E['type']>(
    actor: EventActor,
    at: string,
    type: T,
    ...args: ArgsOf<E, T>
  ): Extract<E, { type: T }> => {
    const payload: object = args[0] ?? {};
    const event: unknown = { ...payload, type, at, actor };
    return event as Extract<E, { type: T }>;
  };
}

/** Build a version-1 event of `type` with its payload, time and actor. */
export const makeEvent = eventMaker<OpportunityEvent>();

const HOUR = 3_600_000;

/** The engine a drive runs: one machine version's create and decide. */
export interface DriveEngine<C, E> {
  create(input: CreateOpportunityInput): { snapshot: Persisted<C> };
  decide(persisted: Persisted<C>, event: E): DecisionOf<C>;
}

/** Drives one opportunity of any version: a clock that moves one hour per event, an event log, and assertions. */
export class DriveCore<C, E extends { type: string }> {
  snapshot: Persisted<C>;
  readonly events: E[] = [];
  lastActions: DomainAction[] = [];
  private t: number;
  partnerActor: EventActor;
  private readonly make = eventMaker<E>();

  constructor(
    private readonly engine: DriveEngine<C, E>,
    readonly input: CreateOpportunityInput,
  ) {
    this.snapshot = engine.create(input).snapshot;
    this.t = Date.parse(input.at);
    this.partnerActor = input.actor;
  }

  /** The clock's current time (ISO). */
  now(): string {
    return new Date(this.t).toISOString();
  }

  /** The calendar date `days` from now. */
  date(days = 0): string {
    return new Date(this.t + days * 24 * HOUR).toISOString().slice(0, 10);
  }

  wait(days: number): this {
    this.t += days * 24 * HOUR;
    return this;
  }

  private tick(): string {
    this.t += HOUR;
    return this.now();
  }

  /** An event from the partner (tier of the creation actor), at the next tick. */
  p<T extends E['type']>(type: T, ...args: ArgsOf<E, T>): Extract<E, { type: T }> {
    return this.make(this.partnerActor, this.tick(), type, ...args);
  }

  /** An event from the customer, at the next tick. */
  c<T extends E['type']>(type: T, ...args: ArgsOf<E, T>): Extract<E, { type: T }> {
    return this.make(actors.customer(), this.tick(), type, ...args);
  }

  /** Send and require acceptance. */
  ok(event: E): DomainAction[] {
    const d = this.engine.decide(this.snapshot, event);
    if (!d.accepted) throw new Error(`refused ${event.type}: ${d.refusal.code} ${d.refusal.detail}`);
    this.snapshot = d.snapshot;
    this.events.push(event);
    this.lastActions = d.actions;
    return d.actions;
  }

  /** Send and require refusal; asserts the snapshot is unchanged. */
  no(event: E): Refusal {
    const before = JSON.stringify(this.snapshot);
    const d = this.engine.decide(this.snapshot, event);
    if (d.accepted) throw new Error(`accepted ${event.type} in ${this.snapshot.value}`);
    expect(JSON.stringify(this.snapshot)).toBe(before);
    return d.refusal;
  }

  get ctx(): C {
    return this.snapshot.context;
  }

  get state(): string {
    return this.snapshot.value;
  }
}

/** Drives one version-1 opportunity. */
export class Drive extends DriveCore<OpportunityContext, OpportunityEvent> {
  constructor(input: CreateOpportunityInput = createInput()) {
    super({ create: createOpportunity, decide }, input);
  }

  // Building blocks of the happy path -------------------------------------------------

  toAssess(profile: Profile = herokuProfile()): this {
    this.ok(this.p('UPDATE_PROFILE', { profile }));
    this.ok(this.p('ADVANCE'));
    return this;
  }

  attest(): this {
    this.ok(
      this.p('ATTEST_MAP_RECORD', {
        record: mapRecord(),
      }),
    );
    return this;
  }

  assessWork(): this {
    for (const item of ASSESS_ITEMS) {
      this.ok(this.p('COMPLETE_CHECKLIST_ITEM', { item, evidence: evidence(item) }));
    }
    this.attest();
    this.ok(this.c('APPROVE_BUSINESS_CASE'));
    this.ok(this.p('RECORD_MAP_AGREEMENT', { tagScheme: 'map-migrated', mpeId: MPE, signedOn: this.date() }));
    return this;
  }

  mobilizeChecklist(): this {
    for (const item of MOBILIZE_ITEMS) {
      this.ok(this.p('COMPLETE_CHECKLIST_ITEM', { item, evidence: evidence(item) }));
    }
    return this;
  }

  plan(waveId: string, kind: 'pilot' | 'production', applications: WaveApplication[] = [app(`${waveId}-app`)]): this {
    this.ok(
      this.p('PLAN_WAVE', {
        waveId,
        kind,
        name: `Wave ${waveId}`,
        applications,
        rollbackPlan: 'Repoint DNS to the source',
      }),
    );
    return this;
  }

  /** Request a decision, customer go, start, cut over, validate. */
  runWave(waveId: string): this {
    this.ok(this.p('REQUEST_WAVE_DECISION', { waveId }));
    this.ok(this.c('DECIDE_WAVE', { waveId, decision: 'go' }));
    this.ok(this.p('START_WAVE', { waveId }));
    this.ok(this.p('CUT_OVER_WAVE', { waveId }));
    this.ok(this.p('VALIDATE_WAVE', { waveId }));
    return this;
  }

  migrateChecklist(): this {
    for (const item of MIGRATE_ITEMS) {
      this.ok(this.p('COMPLETE_CHECKLIST_ITEM', { item, evidence: evidence(item) }));
    }
    return this;
  }

  toMobilize(): this {
    return this.toAssess().assessWork().advance();
  }

  toMigrate(): this {
    this.toMobilize().mobilizeChecklist().plan('pilot', 'pilot').runWave('pilot');
    return this.advance();
  }

  toCloseout(): this {
    this.toMigrate().plan('w1', 'production').runWave('w1').migrateChecklist();
    this.ok(this.p('RECORD_RUN_RATE', { monthlyCents: 1_000_000 }));
    return this.advance();
  }

  advance(): this {
    this.ok(this.p('ADVANCE'));
    return this;
  }

  /** File a tranche (no other opportunities' workloads). */
  file(
    tranche: EventOf<'FILE_FUND_REQUEST'>['tranche'],
    amountCents: number,
    workloads: string[] = ['heroku-monolith'],
    endInDays = 60,
  ): this {
    const fundingType = tranche.endsWith('credits') ? 'credits' : 'cash';
    this.ok(
      this.p('FILE_FUND_REQUEST', {
        tranche,
        fundingType,
        amountCents,
        projectEndDate: this.date(endInDays),
        workloads,
        customerFundedWorkloads: { map: [], activate: [] },
      }),
    );
    return this;
  }

  /** Move a request through the approval stages to cash_claim. */
  toCashClaim(tranche: EventOf<'FILE_FUND_REQUEST'>['tranche']): this {
    for (const stage of ['business_approval', 'finance_approval', 'cash_claim'] as const) {
      this.ok(this.p('RECORD_FUND_REQUEST_STAGE', { tranche, stage }));
    }
    return this;
  }

  /** Prepare, sign off, submit a claim; record its outcome; pay it when not rejected. */
  claim(
    tranche: EventOf<'FILE_FUND_REQUEST'>['tranche'],
    claimId: string,
    amountCents: number,
    outcome: 'approved' | 'downgraded' | 'rejected' = 'approved',
    approvedCents: number = outcome === 'approved' ? amountCents : 0,
  ): this {
    this.ok(this.p('PREPARE_CLAIM', { tranche, claimId, amountCents, evidence: [evidence(claimId)] }));
    this.ok(this.c('SIGN_OFF_CLAIM', { tranche, claimId }));
    this.ok(this.p('SUBMIT_CLAIM', { tranche, claimId }));
    this.ok(this.p('RECORD_CLAIM_OUTCOME', { tranche, claimId, outcome, approvedCents }));
    if (outcome !== 'rejected') this.ok(this.p('RECORD_PAYMENT', { tranche, claimId }));
    return this;
  }

  complete(tranche: EventOf<'FILE_FUND_REQUEST'>['tranche']): this {
    this.ok(this.p('RECORD_FUND_REQUEST_STAGE', { tranche, stage: 'completed' }));
    return this;
  }
}

/**
 * What the Heroku case ends with, per tranche (cents), as the brief's figures
 * give it: the domain scenario and the HTTP lifecycle both expect exactly this.
 */
export const HEROKU_FUNDING_AT_CLOSE = {
  assess_partner_funding: {
    envelopeCents: 1_200_000,
    requestedCents: 1_200_000,
    approvedCents: 1_200_000,
    paidCents: 1_200_000,
  },
  mobilize_partner_funding: {
    envelopeCents: 3_000_000,
    requestedCents: 3_000_000,
    approvedCents: 3_000_000,
    paidCents: 3_000_000,
  },
  mobilize_credits: { envelopeCents: 660_000, requestedCents: 660_000, approvedCents: 660_000, paidCents: 660_000 },
  migrate_partner_funding: {
    envelopeCents: 1_980_000,
    requestedCents: 2_000_000,
    approvedCents: 1_980_000,
    paidCents: 1_980_000,
  },
  migrate_credits: {
    envelopeCents: 2_640_000,
    requestedCents: 2_640_000,
    approvedCents: 2_640_000,
    paidCents: 2_640_000,
  },
};
