import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditEntryBody, ChainLink, hashLink } from '@mapflow/audit';
import { createDataSource } from '@mapflow/persistence';
import { AuditRepository } from '../../apps/api/src/audit/audit.repository';
import { AuditService } from '../../apps/api/src/audit/audit.service';
import { AuditWriter } from '../../apps/api/src/audit/audit-writer';
import { AuthRepository } from '../../apps/api/src/auth/auth.repository';
import { AuthService } from '../../apps/api/src/auth/auth.service';
import type { Caller } from '../../apps/api/src/auth/caller';
import { loadConfig } from '../../apps/api/src/config/config';
import { OpportunitiesRepository, OpportunityRecord } from '../../apps/api/src/opportunities/opportunities.repository';
import { OpportunityCommandsService } from '../../apps/api/src/opportunities/opportunity-commands.service';
import { OpportunityReadsService } from '../../apps/api/src/opportunities/opportunity-reads.service';
import { OrgRecord, OrgsRepository } from '../../apps/api/src/orgs/orgs.repository';
import { OrgsService } from '../../apps/api/src/orgs/orgs.service';

/** The medium tier: the repositories and services on the run's real PostgreSQL, no HTTP, no Nest app. */
describe('repositories on real PostgreSQL', () => {
  let dataSource: DataSource;
  let orgs: OrgsRepository;
  let auth: AuthRepository;
  let opportunities: OpportunitiesRepository;
  let audits: AuditService;
  let writer: AuditWriter;
  let commands: OpportunityCommandsService;

  beforeAll(async () => {
    Logger.overrideLogger(false); // the service logs the actions it runs; not this tier's subject
    const url = process.env.MAPFLOW_TEST_DATABASE_URL;
    if (!url)
      throw new Error('MAPFLOW_TEST_DATABASE_URL is not set: run the medium suites through jest (global setup)');
    dataSource = createDataSource(url);
    await dataSource.initialize();
    orgs = new OrgsRepository(dataSource);
    auth = new AuthRepository(dataSource);
    opportunities = new OpportunitiesRepository(dataSource);
    audits = new AuditService(new AuditRepository(dataSource), dataSource, loadConfig({ LOG_LEVEL: 'silent' }));
    writer = new AuditWriter();
    commands = new OpportunityCommandsService(
      opportunities,
      new OpportunityReadsService(opportunities, audits),
      new OrgsService(orgs, new AuthService(auth)),
      writer,
    );
  });
  afterAll(async () => {
    await audits.onApplicationShutdown();
    await dataSource.destroy();
  });

  /** A partner (with one user) and a customer, new for each test. */
  async function partnerAndCustomer(): Promise<{ partner: OrgRecord; customer: OrgRecord; partnerUserId: string }> {
    const partner = await orgs.insertOrg('partner', `Partner ${randomUUID()}`, 'advanced');
    const customer = await orgs.insertOrg('customer', `Customer ${randomUUID()}`, null);
    const keyHash = createHash('sha256').update(randomUUID()).digest('hex');
    const { userId } = await auth.insertUserWithKey(partner.id, 'partner user', keyHash);
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

  async function auditCount(id: string): Promise<number> {
    const rows = await dataSource.query<{ n: number }[]>(
      'SELECT count(*)::int AS n FROM audit_entries WHERE opportunity_id = $1',
      [id],
    );
    return rows[0]?.n ?? -1;
  }

  /** A new opportunity of a new partner, for a new customer linked to it, as the partner created it. */
  async function createdOpportunity(title: string): Promise<OpportunityRecord> {
    const { partner, customer, partnerUserId } = await partnerAndCustomer();
    await orgs.insertLink(customer.id, partner.id, partnerUserId);
    const caller: Caller = { userId: partnerUserId, orgId: partner.id, role: 'partner', tier: 'advanced' };
    const created = await commands.create(caller, { customerOrgId: customer.id, title });
    const read = await opportunities.findById(created.body.id);
    if (!read) throw new Error('the created opportunity is not in the database');
    return read;
  }

  describe('the commit of a transition (the row and its audit entry in one statement)', () => {
    /** A commit of `current` with its own snapshot again (what a stale writer would send); null when refused. */
    async function commitOf(current: OpportunityRecord, note: string): Promise<ChainLink | null> {
      const now = new Date().toISOString();
      const link = writer.next(
        { opportunityId: current.id, seq: current.version, hash: current.chainHead },
        {
          recordedAt: now,
          actor: { userId: randomUUID(), orgId: current.partnerOrgId, role: 'partner' },
          event: { type: 'MEDIUM_TEST_NOTE', note },
          state: current.phase,
        },
      );
      const columns = {
        phase: current.phase,
        snapshot: current.snapshot,
        phaseEnteredAt: now,
        overdueAt: null,
        updatedAt: now,
      };
      const committed = await writer.appendWith(
        dataSource.manager,
        opportunities.transitionChange(current, columns, link),
        link,
      );
      return committed ? link : null;
    }

    it('writes the next version and its audit entry, and refuses a second commit from the same stale version', async () => {
      const read = await createdOpportunity('Medium tier');
      const id = read.id;
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

  describe('AuditWriter', () => {
    interface StoredLink {
      seq: number;
      prev_hash: string;
      hash: string;
      entry: AuditEntryBody;
    }

    it("appends one entry in the caller's transaction, hashed onto its chain, and nothing once that rolls back", async () => {
      const read = await createdOpportunity('Audit writer');
      const entry: AuditEntryBody = {
        recordedAt: new Date().toISOString(),
        actor: { userId: randomUUID(), orgId: read.partnerOrgId, role: 'partner', tier: 'advanced' },
        event: { type: 'MEDIUM_TEST_NOTE', note: 'appended, then rolled back' },
        state: read.phase,
      };

      const link = writer.next({ opportunityId: read.id, seq: read.version, hash: read.chainHead }, entry);
      expect(link).toEqual({
        opportunityId: read.id,
        seq: 2,
        prevHash: read.chainHead,
        hash: hashLink(read.id, 2, read.chainHead, entry),
        entry,
      });

      const rollBack = new Error('roll back');
      let inside: StoredLink[] = [];
      await expect(
        dataSource.transaction(async (tx) => {
          await writer.append(tx, link);
          inside = await tx.query<StoredLink[]>(
            'SELECT seq, prev_hash, hash, entry FROM audit_entries WHERE opportunity_id = $1 ORDER BY seq',
            [read.id],
          );
          throw rollBack;
        }),
      ).rejects.toBe(rollBack);

      expect(inside).toHaveLength(2);
      expect(inside[0]).toMatchObject({ seq: 1, hash: read.chainHead });
      expect(inside[1]).toEqual({ seq: 2, prev_hash: read.chainHead, hash: link.hash, entry });
      expect(await auditCount(read.id)).toBe(1); // rolled back with its transaction
    });
  });
});
