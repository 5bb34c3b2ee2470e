import type { Server } from 'node:http';
import request, { Response } from 'supertest';
import type { TestOrg } from './test-app';

/** Fails with the problem document in the message, so a wrong status says why. */
export function expectStatus(res: Response, status: number): void {
  if (res.status !== status) {
    throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body).slice(0, 1500)}`);
  }
}

/** A document's digest shape: 64 hex. */
export const SHA = 'ab'.repeat(32);
export const evidence = (label: string): { uri: string; sha256: string } => ({
  uri: `s3://evidence/${label}.pdf`,
  sha256: SHA,
});

/** The Heroku Series-B SaaS of the brief, as the domain suite knows it. */
export { herokuProfile } from '../../libs/workflow/test/factories';

/** A date `days` from today, YYYY-MM-DD (claims are submitted against real server time). */
export const dateIn = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Drives one opportunity over HTTP as its partner and customer would: every
 * event carries If-Match with the ETag of the last answer.
 */
export class OpportunityDriver {
  version = 0;
  id = '';
  last: Record<string, unknown> = {};

  constructor(
    private readonly http: Server,
    readonly partner: TestOrg,
    readonly customer: TestOrg,
  ) {}

  async create(title = 'Heroku to AWS', profile?: object): Promise<this> {
    const res = await request(this.http)
      .post('/v1/opportunities')
      .set('authorization', `Bearer ${this.partner.key}`)
      .send(profile ? { customerOrgId: this.customer.id, title, profile } : { customerOrgId: this.customer.id, title });
    expectStatus(res, 201);
    this.id = res.body.id;
    this.version = Number(String(res.headers.etag).replace(/"/g, ''));
    this.last = res.body;
    return this;
  }

  post(as: TestOrg, body: Record<string, unknown>, ifMatch: string | null = `"${this.version}"`) {
    const req = request(this.http).post(`/v1/opportunities/${this.id}/events`).set('authorization', `Bearer ${as.key}`);
    return ifMatch === null ? req.send(body) : req.set('if-match', ifMatch).send(body);
  }

  /** Sends and requires 200; tracks the new version. */
  async ok(as: TestOrg, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const res = await this.post(as, body);
    expectStatus(res, 200);
    expect(res.headers.etag).toBe(`"${this.version + 1}"`);
    this.version += 1;
    this.last = res.body;
    return res.body;
  }

  /** Sends and requires a refusal with `status`; the version does not move. */
  async refused(as: TestOrg, body: Record<string, unknown>, status = 409): Promise<Record<string, unknown>> {
    const res = await this.post(as, body);
    expectStatus(res, status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    return res.body;
  }

  p(body: Record<string, unknown>) {
    return this.ok(this.partner, body);
  }
  c(body: Record<string, unknown>) {
    return this.ok(this.customer, body);
  }

  /** ADVANCE refused: returns the missing keys. */
  async missingOnAdvance(): Promise<string[]> {
    const problem = await this.refused(this.partner, { type: 'ADVANCE' });
    expect(problem).toMatchObject({ type: 'https://mapflow.dev/problems/gate-not-ready', status: 409 });
    return (problem.missing as { key: string }[]).map((m) => m.key);
  }

  async read(as: TestOrg = this.partner): Promise<Response> {
    return request(this.http).get(`/v1/opportunities/${this.id}`).set('authorization', `Bearer ${as.key}`);
  }

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

  async checklist(items: string[]): Promise<void> {
    for (const item of items) await this.p({ type: 'COMPLETE_CHECKLIST_ITEM', item, evidence: evidence(item) });
  }

  async plan(waveId: string, kind: 'pilot' | 'production', applications: Record<string, unknown>[]): Promise<void> {
    await this.p({
      type: 'PLAN_WAVE',
      waveId,
      kind,
      name: `Wave ${waveId}`,
      applications,
      rollbackPlan: 'Repoint DNS to the source',
    });
  }

  async runWave(waveId: string): Promise<void> {
    await this.p({ type: 'REQUEST_WAVE_DECISION', waveId });
    await this.c({ type: 'DECIDE_WAVE', waveId, decision: 'go' });
    await this.p({ type: 'START_WAVE', waveId });
    await this.p({ type: 'CUT_OVER_WAVE', waveId });
    await this.p({ type: 'VALIDATE_WAVE', waveId });
  }
}
