import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import request from 'supertest';
import type { DataSource, EntityManager } from 'typeorm';
import type { ChainVerdict, SyntheticChainInput } from '@mapflow/audit';
import { expectStatus } from './opportunity-driver';
import { makeOrg, TEST_OPS_KEY, type TestOrg } from './test-app';

/** GET /v1/opportunities/{id}/audit/verify as ops: requires 200 and answers the verdict. */
export async function verifyChain(http: Server, id: string): Promise<ChainVerdict> {
  const res = await request(http)
    .get(`/v1/opportunities/${id}/audit/verify`)
    .set('authorization', `Bearer ${TEST_OPS_KEY}`);
  expectStatus(res, 200);
  return res.body as ChainVerdict;
}

/**
 * Runs `work` in one transaction with the append-only triggers of
 * audit_entries disabled, as a superuser tampering with the log would.
 */
export async function withAuditTriggersOff(
  dataSource: DataSource,
  work: (tx: EntityManager) => Promise<void>,
): Promise<void> {
  await dataSource.transaction(async (tx) => {
    await tx.query('ALTER TABLE audit_entries DISABLE TRIGGER USER');
    await work(tx);
    await tx.query('ALTER TABLE audit_entries ENABLE TRIGGER USER');
  });
}

/** A long chain to write with `insertLongChain`, and the orgs it belongs to. */
export interface LongChain {
  input: SyntheticChainInput;
  partner: TestOrg;
  customer: TestOrg;
}

/**
 * A new partner and customer, made over HTTP by ops (`http` is an in-process
 * server or the base URL of a running API), and the input of an
 * `entries`-long chain of theirs under a new opportunity id.
 */
export async function longChainOf(
  http: Server | string,
  entries: number,
  customerName = 'Long chain customer',
): Promise<LongChain> {
  const partner = await makeOrg(http, 'partner');
  const customer = await makeOrg(http, 'customer');
  return {
    input: {
      opportunityId: randomUUID(),
      partnerOrgId: partner.id,
      customerOrgId: customer.id,
      customerName,
      userId: partner.userId,
      entries,
    },
    partner,
    customer,
  };
}
