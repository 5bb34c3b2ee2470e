import type { INestApplicationContext } from '@nestjs/common';
import type { Server } from 'node:http';
import request, { Response } from 'supertest';
import { dateIn, linkPartner, OpportunityClient } from '@mapflow/client';
import { ASSESS_ITEMS, MPE } from '@mapflow/workflow/scenarios/heroku';
import type { Profile } from '@mapflow/workflow';
import { OpportunityCommandsService } from '../../apps/api/src/opportunities/opportunity-commands.service';
import type { OpportunityRead } from '../../apps/api/src/opportunities/opportunity-reads.service';
import { makeOrg, TEST_OPS_KEY, type TestOrg } from './test-app';
import { supertestTransport } from './transport';

/** Fails with the problem document in the message, so a wrong status says why. */
export function expectStatus(res: Response, status: number): void {
  if (res.status !== status) {
    throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body).slice(0, 1500)}`);
  }
}

/** A document's digest shape: 64 hex. */
export const SHA = 'ab'.repeat(32);

/** The Heroku Series-B SaaS of the brief, as the domain suite knows it. */
export { herokuProfile } from '@mapflow/workflow/scenarios/heroku';
export { dateIn } from '@mapflow/client';

/**
 * Drives one opportunity over HTTP as its partner and customer would, ops
 * having linked them: the API client the demo uses (every event with
 * If-Match, anything unexpected throws with the problem), on supertest, plus
 * raw requests for the suites that test headers and bad input. `http` is an in-process server, or the
 * base URL of a running API.
 */
export class OpportunityDriver extends OpportunityClient<TestOrg> {
  constructor(
    private readonly http: Server | string,
    partner: TestOrg,
    customer: TestOrg,
  ) {
    super(supertestTransport(http), partner, customer);
  }

  /**
   * Opens the opportunity as the client does, once ops has linked the partner to the customer
   * (idempotent), as a partner may open opportunities only for its linked customers.
   */
  override async create(title?: string, profile?: Partial<Profile>): Promise<this> {
    await linkPartner(this.transport, TEST_OPS_KEY, this.customer.id, this.partner.id);
    return super.create(title, profile);
  }

  /**
   * Opens the opportunity on machine version 1, as it was opened before version 2 existed: no route creates
   * on version 1 any more, so the suites of version 1 seed through the app's own command service (the same
   * creation and audit entry the route used), then go on over HTTP like every other opportunity.
   */
  async createOnVersion1(app: INestApplicationContext, title = 'Heroku to AWS', profile?: Partial<Profile>) {
    await linkPartner(this.transport, TEST_OPS_KEY, this.customer.id, this.partner.id);
    this.id = (await seedOnVersion1(app, this.partner, this.customer.id, title, profile)).body.id;
    const read = await this.read();
    expectStatus(read, 200);
    this.version = Number(String(read.headers.etag).replace(/"/g, ''));
    this.last = read.body as typeof this.last;
    return this;
  }

  /** Assess done and signed: the checklist, the attested MAP `record`, the business case, the MAP agreement. */
  async signAssess(record: object): Promise<this> {
    await this.checklist(ASSESS_ITEMS);
    await this.p({ type: 'ATTEST_MAP_RECORD', record });
    await this.c({ type: 'APPROVE_BUSINESS_CASE' });
    await this.p({ type: 'RECORD_MAP_AGREEMENT', tagScheme: 'map-migrated', mpeId: MPE, signedOn: dateIn(0) });
    return this;
  }

  /** A raw event POST (If-Match omitted when `ifMatch` is null), to add headers or send bad input. */
  post(as: TestOrg, body: Record<string, unknown>, ifMatch: string | null = `"${this.version}"`) {
    const req = request(this.http).post(`/v1/opportunities/${this.id}/events`).set('authorization', `Bearer ${as.key}`);
    return ifMatch === null ? req.send(body) : req.set('if-match', ifMatch).send(body);
  }

  /** ADVANCE refused by its gate: the missing keys. */
  async missingOnAdvance(): Promise<string[]> {
    return (await this.refusedAdvance()).missing.map((m) => m.key);
  }

  async read(as: TestOrg = this.partner): Promise<Response> {
    return request(this.http).get(`/v1/opportunities/${this.id}`).set('authorization', `Bearer ${as.key}`);
  }
}

/**
 * An opportunity of a new partner (premier) for a new customer, both made by
 * ops, opened with `title` and `profile` as {@link OpportunityDriver.create} opens it.
 */
export async function newOpportunity(
  http: Server | string,
  title?: string,
  profile?: Partial<Profile>,
): Promise<OpportunityDriver> {
  return new OpportunityDriver(http, await makeOrg(http, 'partner'), await makeOrg(http, 'customer')).create(
    title,
    profile,
  );
}

/**
 * Opens an opportunity of premier `partner` for its linked customer on machine version 1, through the app's
 * command service (no route creates on version 1): the creation and audit entry the route used to make.
 */
export function seedOnVersion1(
  app: INestApplicationContext,
  partner: Pick<TestOrg, 'id' | 'userId'>,
  customerOrgId: string,
  title: string,
  profile?: Partial<Profile>,
): Promise<OpportunityRead> {
  const caller = { userId: partner.userId, orgId: partner.id, role: 'partner' as const, tier: 'premier' as const };
  return app.get(OpportunityCommandsService).create(caller, { customerOrgId, title, profile }, '1');
}

/** As {@link newOpportunity}, on machine version 1 (see {@link OpportunityDriver.createOnVersion1}). */
export async function newOpportunityOnVersion1(
  t: { http: Server; app: INestApplicationContext },
  title?: string,
  profile?: Partial<Profile>,
): Promise<OpportunityDriver> {
  const o = new OpportunityDriver(t.http, await makeOrg(t.http, 'partner'), await makeOrg(t.http, 'customer'));
  return o.createOnVersion1(t.app, title, profile);
}
