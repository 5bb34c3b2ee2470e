import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createDataSource } from '@mapflow/persistence';
import type { Caller } from '../../apps/api/src/auth/caller';
import { OpportunitiesRepository, OpportunityRecord } from '../../apps/api/src/opportunities/opportunities.repository';
import { OpportunitiesService } from '../../apps/api/src/opportunities/opportunities.service';
import { OrgRecord, OrgsRepository } from '../../apps/api/src/orgs/orgs.repository';

/** The medium tier: the repositories and services on the run's real PostgreSQL, no HTTP, no Nest app. */
describe('repositories on real PostgreSQL', () => {
  let dataSource: DataSource;
  let orgs: OrgsRepository;
  let opportunities: OpportunitiesRepository;

  beforeAll(async () => {
    Logger.overrideLogger(false); // the service logs the actions it runs; not this tier's subject
    const url = process.env.MAPFLOW_TEST_DATABASE_URL;
    if (!url)
      throw new Error('MAPFLOW_TEST_DATABASE_URL is not set: run the medium suites through jest (global setup)');
    dataSource = createDataSource(url);
    await dataSource.initialize();
    orgs = new OrgsRepository(dataSource);
    opportunities = new OpportunitiesRepository(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  /** A partner (with one user) and a customer, new for each test. */
  async function partnerAndCustomer(): Promise<{ partner: OrgRecord; customer: OrgRecord; partnerUserId: string }> {
    const partner = await orgs.insertOrg('partner', `Partner ${randomUUID()}`, 'advanced');
    const customer = await orgs.insertOrg('customer', `Customer ${randomUUID()}`, null);
    const keyHash = createHash('sha256').update(randomUUID()).digest('hex');
    const { userId } = await orgs.insertUserWithKey(partner.id, 'partner user', keyHash);
    return { partner, customer, partnerUserId: userId };
  }

  describe('OrgsRepository partner links', () => {
    it('makes a link once: a second insert answers the same link with created false', async () => {
      const { partner, customer, partnerUserId } = await partnerAndCustomer();

      const first = await orgs.insertLink(customer.id, partner.id, partnerUserId);
      const second = await orgs.insertLink(customer.id, partner.id, partnerUserId);

      expect(first.created).toBe(true);
      expect(second.created).toBe(false);
      expect(second.link).toEqual(first.link);
      expect(first.link).toMatchObject({ customerOrgId: customer.id, partnerOrgId: partner.id, origin: 'ops' });
      expect(await orgs.listLinks(customer.id)).toEqual([first.link]);
    });

    it('deleteLink answers whether it removed a link, and removes only that one', async () => {
      const { partner, customer, partnerUserId } = await partnerAndCustomer();
      const other = await partnerAndCustomer();
      await orgs.insertLink(customer.id, partner.id, partnerUserId);
      const kept = await orgs.insertLink(other.customer.id, other.partner.id, other.partnerUserId);

      expect(await orgs.deleteLink(customer.id, partner.id)).toBe(true);
      expect(await orgs.deleteLink(customer.id, partner.id)).toBe(false);
      expect(await orgs.findLink(customer.id, partner.id)).toBeNull();
      expect(await orgs.listLinks(other.customer.id)).toEqual([kept.link]);
    });
  });

  describe('OpportunitiesRepository.commitTransition', () => {
    async function auditCount(id: string): Promise<number> {
      const rows = await dataSource.query<{ n: number }[]>(
        'SELECT count(*)::int AS n FROM audit_entries WHERE opportunity_id = $1',
        [id],
      );
      return rows[0]?.n ?? -1;
    }

    /** A commit of `current` with its own snapshot again (what a stale writer would send). */
    function commitOf(current: OpportunityRecord, note: string): Promise<unknown> {
      const now = new Date().toISOString();
      return opportunities.commitTransition(
        dataSource.manager,
        current,
        { phase: current.phase, snapshot: current.snapshot, phaseEnteredAt: now, overdueAt: null, updatedAt: now },
        {
          recordedAt: now,
          actor: { userId: randomUUID(), orgId: current.partnerOrgId, role: 'partner' },
          event: { type: 'MEDIUM_TEST_NOTE', note },
          state: current.phase,
        },
      );
    }

    it('writes the next version and its audit entry, and refuses a second commit from the same stale version', async () => {
      const { partner, customer, partnerUserId } = await partnerAndCustomer();
      await orgs.insertLink(customer.id, partner.id, partnerUserId);
      const caller: Caller = { userId: partnerUserId, orgId: partner.id, role: 'partner', tier: 'advanced' };
      const service = new OpportunitiesService(opportunities, orgs);
      const created = await service.create(caller, { customerOrgId: customer.id, title: 'Medium tier' });
      const id = created.body.id;
      if (typeof id !== 'string') throw new Error('the created opportunity has no id');
      const read = await opportunities.findById(id);
      if (!read) throw new Error('the created opportunity is not in the database');
      expect(read.version).toBe(1);

      const won = await commitOf(read, 'first');
      expect(won).toMatchObject({ opportunityId: id, seq: 2, prevHash: read.chainHead });
      const afterWin = await opportunities.findById(id);

      const stale = await commitOf(read, 'second, from version 1');
      expect(stale).toBeNull();
      const afterStale = await opportunities.findById(id);
      expect(afterStale?.version).toBe(2);
      expect(afterStale?.chainHead).toBe(afterWin?.chainHead);
      expect(await auditCount(id)).toBe(2); // the creation and the one commit; the stale one wrote nothing
    });
  });
});
