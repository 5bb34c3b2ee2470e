import { createHash } from 'node:crypto';
import type { ChainVerdict } from '@mapflow/audit';
import type { Finding, OpportunityView, Profile } from '@mapflow/workflow';
import type { OrgWithKey } from './orgs';
import { ProblemCode, problemTypeUrl } from './problem-types';
import {
  expectAnswer,
  UnexpectedAnswer,
  type ApiAnswer,
  type ApiRequest,
  type Problem,
  type Transport,
} from './transport';

/** An event as a client sends it: `{ type, ...payload }` (the server adds `at` and `actor`). */
export type EventBody = { type: string } & Record<string, unknown>;

/** A caller: an org and the key of one of its users. */
export type Caller = Pick<OrgWithKey, 'id' | 'key' | 'kind'>;

/** What the client reports as it goes: every accepted event (with the reads before and after) and every refusal. */
export type ClientReport =
  | { kind: 'accepted'; as: Caller; event: EventBody; before: OpportunityView; after: OpportunityView }
  | { kind: 'refused'; as: Caller; event: EventBody; problem: Problem };

/** Evidence of a document: where it is and its SHA-256 (here, of its label). */
export const evidence = (label: string): { uri: string; sha256: string } => ({
  uri: `s3://evidence/${label}.pdf`,
  sha256: createHash('sha256').update(label).digest('hex'),
});

/** A date `days` from today, YYYY-MM-DD (claims are submitted against the server's real time). */
export const dateIn = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Drives one opportunity over the HTTP API as its partner and customer
 * would: every event carries `If-Match` with the ETag of the last answer,
 * and anything but the expected answer throws an {@link UnexpectedAnswer}
 * naming the event and the problem. Used by the demo and the e2e suites.
 */
export class OpportunityClient<C extends Caller = Caller> {
  id = '';
  version = 0;
  last!: OpportunityView;
  /** Receives every accepted and refused event, in order. */
  onReport: (report: ClientReport) => void = () => undefined;

  constructor(
    readonly transport: Transport,
    readonly partner: C,
    readonly customer: C,
  ) {}

  private track(answer: ApiAnswer): void {
    this.version = Number(String(answer.headers.etag).replace(/"/g, ''));
    this.last = answer.body as OpportunityView;
  }

  /** Opens the opportunity for the customer, as the partner. */
  async create(title = 'Heroku to AWS', profile?: Partial<Profile>): Promise<this> {
    const customerOrgId = this.customer.id;
    const request: ApiRequest = {
      method: 'POST',
      path: '/v1/opportunities',
      key: this.partner.key,
      body: profile ? { customerOrgId, title, profile } : { customerOrgId, title },
    };
    const answer = await this.transport(request);
    expectAnswer(request, answer, 201);
    this.id = (answer.body as OpportunityView).id;
    this.track(answer);
    return this;
  }

  /** The request that sends `event` as `as` with `If-Match` (omitted when `ifMatch` is null). */
  eventRequest(as: Caller, event: EventBody, ifMatch: string | null = `"${this.version}"`): ApiRequest {
    return {
      method: 'POST',
      path: `/v1/opportunities/${this.id}/events`,
      key: as.key,
      body: event,
      headers: ifMatch === null ? {} : { 'if-match': ifMatch },
    };
  }

  /** Sends and requires 200 with the next version; returns the new read. */
  async ok(as: Caller, event: EventBody): Promise<OpportunityView> {
    const request = this.eventRequest(as, event);
    const answer = await this.transport(request);
    expectAnswer(request, answer, 200);
    if (answer.headers.etag !== `"${this.version + 1}"`) {
      throw new UnexpectedAnswer(request, answer, `ETag "${this.version + 1}", got ${answer.headers.etag}`);
    }
    const before = this.last;
    this.track(answer);
    this.onReport({ kind: 'accepted', as, event, before, after: this.last });
    return this.last;
  }

  /** Sends and requires a refusal with `status` as a problem document; the version does not move. */
  async refused(as: Caller, event: EventBody, status = 409): Promise<Problem> {
    const request = this.eventRequest(as, event);
    const answer = await this.transport(request);
    const problem = expectAnswer<Problem>(request, answer, status);
    if (!String(answer.headers['content-type']).startsWith('application/problem+json')) {
      throw new UnexpectedAnswer(request, answer, `an application/problem+json ${status}`);
    }
    this.onReport({ kind: 'refused', as, event, problem });
    return problem;
  }

  /** An event from the partner, required to be accepted. */
  p(event: EventBody): Promise<OpportunityView> {
    return this.ok(this.partner, event);
  }

  /** An event from the customer, required to be accepted. */
  c(event: EventBody): Promise<OpportunityView> {
    return this.ok(this.customer, event);
  }

  /** ADVANCE before the gate holds: requires the 409 gate problem and returns it, `missing` included. */
  async refusedAdvance(): Promise<Problem & { missing: { key: string; description: string }[] }> {
    const problem = await this.refused(this.partner, { type: 'ADVANCE' });
    if (problem.type !== problemTypeUrl(ProblemCode.GateNotReady) || !problem.missing) {
      throw new Error(`ADVANCE was refused, but not by its gate: ${problem.type} ${problem.detail}`);
    }
    return { ...problem, missing: problem.missing };
  }

  /** ADVANCE, required to reach `phase`. */
  async advanceTo(phase: OpportunityView['phase']): Promise<OpportunityView> {
    const view = await this.p({ type: 'ADVANCE' });
    if (view.phase !== phase) throw new Error(`ADVANCE reached ${view.phase}, expected ${phase}`);
    return view;
  }

  private get<T>(as: Caller, path: string): Promise<T> {
    const request: ApiRequest = { method: 'GET', path: `/v1/opportunities/${this.id}${path}`, key: as.key };
    return this.transport(request).then((answer) => expectAnswer<T>(request, answer, 200));
  }

  /** GET /v1/opportunities/{id} as `as`. */
  view(as: C = this.partner): Promise<OpportunityView> {
    return this.get<OpportunityView>(as, '');
  }

  /** GET /v1/opportunities/{id}/findings: money left on the table. */
  async findings(as: Caller = this.partner): Promise<Finding[]> {
    return (await this.get<{ findings: Finding[] }>(as, '/findings')).findings;
  }

  /** GET /v1/opportunities/{id}/audit/verify: every hash and link, then a replay against the snapshot. */
  verifyAudit(as: Caller = this.partner): Promise<ChainVerdict> {
    return this.get<ChainVerdict>(as, '/audit/verify');
  }

  /** Files a fund request for `tranche` and records AWS's approvals up to `cash_claim` (pre-approved). */
  async file(tranche: string, amountCents: number, workloads = ['heroku-monolith']): Promise<void> {
    await this.p({
      type: 'FILE_FUND_REQUEST',
      tranche,
      fundingType: tranche.endsWith('credits') ? 'credits' : 'cash',
      amountCents,
      projectEndDate: dateIn(120),
      workloads,
    });
    for (const stage of ['business_approval', 'finance_approval', 'cash_claim']) {
      await this.p({ type: 'RECORD_FUND_REQUEST_STAGE', tranche, stage });
    }
  }

  /** A claim's life: prepared, signed off by the customer, submitted, AWS's outcome, paid unless rejected. */
  async claim(
    tranche: string,
    claimId: string,
    amountCents: number,
    outcome = 'approved',
    approvedCents = amountCents,
  ): Promise<void> {
    await this.p({ type: 'PREPARE_CLAIM', tranche, claimId, amountCents, evidence: [evidence(claimId)] });
    await this.c({ type: 'SIGN_OFF_CLAIM', tranche, claimId });
    await this.p({ type: 'SUBMIT_CLAIM', tranche, claimId });
    await this.p({ type: 'RECORD_CLAIM_OUTCOME', tranche, claimId, outcome, approvedCents });
    if (outcome !== 'rejected') await this.p({ type: 'RECORD_PAYMENT', tranche, claimId });
  }

  /** Records the request `completed` (every claim settled). */
  complete(tranche: string): Promise<OpportunityView> {
    return this.p({ type: 'RECORD_FUND_REQUEST_STAGE', tranche, stage: 'completed' });
  }

  /** Completes checklist items, each with its evidence. */
  async checklist(items: readonly string[]): Promise<void> {
    for (const item of items) await this.p({ type: 'COMPLETE_CHECKLIST_ITEM', item, evidence: evidence(item) });
  }

  /** Plans (or re-plans) a wave. */
  plan(waveId: string, kind: 'pilot' | 'production', applications: readonly object[]): Promise<OpportunityView> {
    return this.p({
      type: 'PLAN_WAVE',
      waveId,
      kind,
      name: `Wave ${waveId}`,
      applications,
      rollbackPlan: 'Repoint DNS to the source',
    });
  }

  /** The partner asks the customer to decide on a wave. */
  requestDecision(waveId: string): Promise<OpportunityView> {
    return this.p({ type: 'REQUEST_WAVE_DECISION', waveId });
  }

  /** Request a decision, customer go, start, cut over, validate. */
  async runWave(waveId: string): Promise<void> {
    await this.requestDecision(waveId);
    await this.c({ type: 'DECIDE_WAVE', waveId, decision: 'go' });
    await this.p({ type: 'START_WAVE', waveId });
    await this.p({ type: 'CUT_OVER_WAVE', waveId });
    await this.p({ type: 'VALIDATE_WAVE', waveId });
  }
}
