import { createHash } from 'node:crypto';
import type { ChainVerdict } from '@mapflow/audit';
import {
  FUNDING_POLICY_2027,
  type AnyOpportunityView,
  type CashTranche,
  type Finding,
  type Finding2,
  type OpportunityView2,
  type Profile,
} from '@mapflow/workflow';
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
  | { kind: 'accepted'; as: Caller; event: EventBody; before: AnyOpportunityView; after: AnyOpportunityView }
  | { kind: 'refused'; as: Caller; event: EventBody; problem: Problem };

/** Evidence of a document: where it is and its SHA-256 (here, of its label). */
export const evidence = (label: string): { uri: string; sha256: string } => ({
  uri: `s3://evidence/${label}.pdf`,
  sha256: createHash('sha256').update(label).digest('hex'),
});

/** A claim's typed evidence: one document of every kind policy 2027.1 asks of `tranche`'s claims. */
export const claimEvidence = (tranche: CashTranche, claimId: string): { kind: string; uri: string; sha256: string }[] =>
  FUNDING_POLICY_2027.claims[tranche].evidenceKinds.value.map((kind) => ({ kind, ...evidence(`${claimId}-${kind}`) }));

/** A date `days` from today, YYYY-MM-DD (claims are submitted against the server's real time). */
export const dateIn = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Drives one opportunity over the HTTP API as its partner and customer
 * would: every event carries `If-Match` with the ETag of the last answer,
 * and anything but the expected answer throws an {@link UnexpectedAnswer}
 * naming the event and the problem. Used by the demo and the e2e suites.
 * Its funding and wave helpers speak machine version 2, the version the API
 * creates; its reads are whichever version the opportunity runs
 * ({@link OpportunityClient.v2} narrows them).
 */
export class OpportunityClient<C extends Caller = Caller> {
  id = '';
  version = 0;
  last!: AnyOpportunityView;
  /** Receives every accepted and refused event, in order. */
  onReport: (report: ClientReport) => void = () => undefined;

  constructor(
    readonly transport: Transport,
    readonly partner: C,
    readonly customer: C,
  ) {}

  private track(answer: ApiAnswer): void {
    this.version = Number(String(answer.headers.etag).replace(/"/g, ''));
    this.last = answer.body as AnyOpportunityView;
  }

  /** The last read, which must be version 2's (the version the API creates). */
  get v2(): OpportunityView2 {
    return asVersion2(this.last);
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
    this.id = (answer.body as AnyOpportunityView).id;
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
  async ok(as: Caller, event: EventBody): Promise<AnyOpportunityView> {
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
  p(event: EventBody): Promise<AnyOpportunityView> {
    return this.ok(this.partner, event);
  }

  /** An event from the customer, required to be accepted. */
  c(event: EventBody): Promise<AnyOpportunityView> {
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
  async advanceTo(phase: AnyOpportunityView['phase']): Promise<AnyOpportunityView> {
    const view = await this.p({ type: 'ADVANCE' });
    if (view.phase !== phase) throw new Error(`ADVANCE reached ${view.phase}, expected ${phase}`);
    return view;
  }

  private get<T>(as: Caller, path: string): Promise<T> {
    const request: ApiRequest = { method: 'GET', path: `/v1/opportunities/${this.id}${path}`, key: as.key };
    return this.transport(request).then((answer) => expectAnswer<T>(request, answer, 200));
  }

  /** GET /v1/opportunities/{id} as `as`. */
  view(as: C = this.partner): Promise<AnyOpportunityView> {
    return this.get<AnyOpportunityView>(as, '');
  }

  /** GET /v1/opportunities/{id}/findings: money left on the table (either version's codes). */
  async findings(as: Caller = this.partner): Promise<(Finding | Finding2)[]> {
    return (await this.get<{ findings: (Finding | Finding2)[] }>(as, '/findings')).findings;
  }

  /** GET /v1/opportunities/{id}/audit/verify: every hash and link, then a replay against the snapshot. */
  verifyAudit(as: Caller = this.partner): Promise<ChainVerdict> {
    return this.get<ChainVerdict>(as, '/audit/verify');
  }

  /**
   * Files a fund request for cash `tranche` (the project starting 15 days out, AWS's lead being 14) and records
   * AWS's review up to `cash_claim`: business approval with AWS's reference, finance approval, then the
   * pre-approved amount (`preApprovedCents`, by default what was asked) with a purchase order.
   */
  async file(
    tranche: CashTranche,
    amountCents: number,
    workloads = ['heroku-monolith'],
    preApprovedCents = amountCents,
  ): Promise<void> {
    await this.fileOnly(tranche, amountCents, workloads);
    const ref = `${tranche.split('_')[0]?.toUpperCase() ?? 'FR'}-${this.version}`;
    await this.p({
      type: 'RECORD_FUND_REQUEST_STAGE',
      tranche,
      stage: 'business_approval',
      awsFundRequestId: `FR-${ref}`,
    });
    await this.p({ type: 'RECORD_FUND_REQUEST_STAGE', tranche, stage: 'finance_approval' });
    await this.p({
      type: 'RECORD_FUND_REQUEST_STAGE',
      tranche,
      stage: 'cash_claim',
      preApprovedCents,
      purchaseOrder: `PO-${ref}`,
    });
  }

  /** Files a fund request for cash `tranche` and nothing more: the request stays `created`. */
  fileOnly(tranche: CashTranche, amountCents: number, workloads = ['heroku-monolith']): Promise<AnyOpportunityView> {
    return this.p({
      type: 'FILE_FUND_REQUEST',
      tranche,
      amountCents,
      projectStartDate: dateIn(15),
      projectEndDate: dateIn(120),
      workloads,
    });
  }

  /**
   * A claim's life: prepared with the typed evidence the policy asks for, signed off by the customer,
   * submitted, AWS's outcome, paid (with the invoice it settles) unless rejected.
   */
  async claim(
    tranche: CashTranche,
    claimId: string,
    amountCents: number,
    outcome = 'approved',
    approvedCents = amountCents,
  ): Promise<void> {
    await this.p({ type: 'PREPARE_CLAIM', tranche, claimId, amountCents, evidence: claimEvidence(tranche, claimId) });
    await this.c({ type: 'SIGN_OFF_CLAIM', tranche, claimId });
    await this.p({ type: 'SUBMIT_CLAIM', tranche, claimId });
    await this.p({ type: 'RECORD_CLAIM_OUTCOME', tranche, claimId, outcome, approvedCents });
    if (outcome !== 'rejected') {
      await this.p({ type: 'RECORD_PAYMENT', tranche, claimId, invoiceReference: `INV-${claimId}` });
    }
  }

  /** Records the request `completed` (every claim settled). */
  complete(tranche: CashTranche): Promise<AnyOpportunityView> {
    return this.p({ type: 'RECORD_FUND_REQUEST_STAGE', tranche, stage: 'completed' });
  }

  /** Completes checklist items, each with its evidence. */
  async checklist(items: readonly string[]): Promise<void> {
    for (const item of items) await this.p({ type: 'COMPLETE_CHECKLIST_ITEM', item, evidence: evidence(item) });
  }

  /** Plans (or re-plans) a wave. */
  plan(waveId: string, kind: 'pilot' | 'production', applications: readonly object[]): Promise<AnyOpportunityView> {
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
  requestDecision(waveId: string): Promise<AnyOpportunityView> {
    return this.p({ type: 'REQUEST_WAVE_DECISION', waveId });
  }

  /** The wave's MAP tags applied now, with the tag coverage report as evidence (before its cut-over). */
  tagsApplied(waveId: string): Promise<AnyOpportunityView> {
    return this.p({
      type: 'RECORD_TAGS_APPLIED',
      waveId,
      appliedAt: new Date().toISOString(),
      coverageEvidence: evidence(`tags-${waveId}-coverage`),
    });
  }

  /** Request a decision, customer go, start, tags applied, cut over, validate. */
  async runWave(waveId: string): Promise<void> {
    await this.requestDecision(waveId);
    await this.c({ type: 'DECIDE_WAVE', waveId, decision: 'go' });
    await this.p({ type: 'START_WAVE', waveId });
    await this.tagsApplied(waveId);
    await this.p({ type: 'CUT_OVER_WAVE', waveId });
    await this.p({ type: 'VALIDATE_WAVE', waveId });
  }
}

/** `view` as version 2's read; throws when the opportunity runs another version. */
export function asVersion2(view: AnyOpportunityView): OpportunityView2 {
  if (view.machineVersion !== '2')
    throw new Error(`expected a machine version 2 read, got version ${view.machineVersion}`);
  return view as OpportunityView2;
}
