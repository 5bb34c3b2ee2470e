import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { OrgEntity } from '@mapflow/persistence';
import type { OrgKind, PartnerLinkOrigin, PartnerTierName } from '@mapflow/persistence';

export interface OrgRecord {
  id: string;
  kind: OrgKind;
  name: string;
  tier: PartnerTierName | null;
}

/** An org as ops lists it, with how many people it has and how many live API keys. */
export interface OrgSummary extends OrgRecord {
  people: number;
  liveKeys: number;
  createdAt: Date;
}

/** A user of an org: a person who signs in (with an e-mail), a key holder, or both; each of its keys. */
export interface Member {
  userId: string;
  name: string;
  email: string | null;
  secondFactor: boolean;
  createdAt: Date;
  /** Timestamps as PostgreSQL writes them in JSON (ISO 8601). */
  keys: { id: string; createdAt: string; revokedAt: string | null }[];
}

/** A partner-customer link, with the partner's name and tier (what ops reads in a list). */
export interface PartnerLinkRecord {
  customerOrgId: string;
  partnerOrgId: string;
  partnerName: string;
  partnerTier: PartnerTierName | null;
  origin: PartnerLinkOrigin;
  createdAt: Date;
}

interface LinkRow {
  customer_org_id: string;
  partner_org_id: string;
  partner_name: string;
  partner_tier: PartnerTierName | null;
  origin: PartnerLinkOrigin;
  created_at: Date;
}

const LINK_COLUMNS = `l.customer_org_id, l.partner_org_id, p.name AS partner_name, p.tier AS partner_tier, l.origin, l.created_at`;

function toLink(row: LinkRow): PartnerLinkRecord {
  return {
    customerOrgId: row.customer_org_id,
    partnerOrgId: row.partner_org_id,
    partnerName: row.partner_name,
    partnerTier: row.partner_tier,
    origin: row.origin,
    createdAt: row.created_at,
  };
}

/** Orgs and the links between partners and customers (their users and keys are the auth feature's). */
@Injectable()
export class OrgsRepository {
  constructor(private readonly db: DataSource) {}

  /** Runs `work` in one transaction. */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async insertOrg(
    kind: OrgKind,
    name: string,
    tier: PartnerTierName | null,
    tx: EntityManager = this.db.manager,
  ): Promise<OrgRecord> {
    const id = randomUUID();
    await tx.getRepository(OrgEntity).insert({ id, kind, name, tier });
    return { id, kind, name, tier };
  }

  /** Links the partner to the customer in `tx` with `origin`; a link already there stays as it is. */
  async insertLinkIn(
    tx: EntityManager,
    customerOrgId: string,
    partnerOrgId: string,
    createdByUserId: string,
    origin: 'ops' | 'inquiry',
  ): Promise<void> {
    await tx.query(
      `INSERT INTO partner_customer_links (customer_org_id, partner_org_id, origin, created_by_user_id)
       VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [customerOrgId, partnerOrgId, origin, createdByUserId],
    );
  }

  /** Every org, ops first, then by kind and name. */
  async listOrgs(): Promise<OrgSummary[]> {
    const rows = await this.db.query<(OrgRecord & { people: string; liveKeys: string; createdAt: Date })[]>(
      `SELECT o.id, o.kind, o.name, o.tier, o.created_at AS "createdAt",
              (SELECT count(*) FROM users u WHERE u.org_id = o.id) AS people,
              (SELECT count(*) FROM api_keys k JOIN users u ON u.id = k.user_id
                WHERE u.org_id = o.id AND k.revoked_at IS NULL) AS "liveKeys"
         FROM orgs o
        ORDER BY array_position(ARRAY['ops','partner','customer']::org_kind[], o.kind), o.name, o.id`,
    );
    return rows.map((r) => ({ ...r, people: Number(r.people), liveKeys: Number(r.liveKeys) }));
  }

  /** The org's users, oldest first, each with its keys (newest first). */
  async members(orgId: string): Promise<Member[]> {
    return this.db.query<Member[]>(
      `SELECT u.id AS "userId", u.name, u.email, u.totp_enabled_at IS NOT NULL AS "secondFactor",
              u.created_at AS "createdAt",
              COALESCE((SELECT json_agg(json_build_object('id', k.id, 'createdAt', k.created_at, 'revokedAt', k.revoked_at)
                                        ORDER BY k.created_at DESC)
                          FROM api_keys k WHERE k.user_id = u.id), '[]'::json) AS keys
         FROM users u WHERE u.org_id = $1
        ORDER BY u.created_at, u.id`,
      [orgId],
    );
  }

  /** The customers a partner is linked to (the other side of {@link listLinks}). */
  async customersOf(partnerOrgId: string): Promise<OrgRecord[]> {
    return this.db.query<OrgRecord[]>(
      `SELECT o.id, o.kind, o.name, o.tier FROM partner_customer_links l JOIN orgs o ON o.id = l.customer_org_id
        WHERE l.partner_org_id = $1 ORDER BY o.name, o.id`,
      [partnerOrgId],
    );
  }

  async findOrg(id: string): Promise<OrgRecord | null> {
    const row = await this.db.getRepository(OrgEntity).findOneBy({ id });
    return row ? { id: row.id, kind: row.kind, name: row.name, tier: row.tier } : null;
  }

  /**
   * Links the partner to the customer unless they are linked already; `created` says which. Two
   * concurrent calls make one link, and both answer it.
   */
  async insertLink(
    customerOrgId: string,
    partnerOrgId: string,
    createdByUserId: string,
  ): Promise<{ created: boolean; link: PartnerLinkRecord }> {
    // A removal of the link between the insert that found it and the read is answered by inserting it again.
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const inserted = await this.db.query<unknown[]>(
        `INSERT INTO partner_customer_links (customer_org_id, partner_org_id, origin, created_by_user_id)
         VALUES ($1, $2, 'ops', $3) ON CONFLICT DO NOTHING RETURNING 1`,
        [customerOrgId, partnerOrgId, createdByUserId],
      );
      const link = await this.findLink(customerOrgId, partnerOrgId);
      if (link) return { created: inserted.length > 0, link };
    }
    throw new Error(`the link ${customerOrgId} - ${partnerOrgId} kept being removed while it was made`);
  }

  async findLink(customerOrgId: string, partnerOrgId: string): Promise<PartnerLinkRecord | null> {
    const rows = await this.db.query<LinkRow[]>(
      `SELECT ${LINK_COLUMNS} FROM partner_customer_links l JOIN orgs p ON p.id = l.partner_org_id
        WHERE l.customer_org_id = $1 AND l.partner_org_id = $2`,
      [customerOrgId, partnerOrgId],
    );
    return rows[0] ? toLink(rows[0]) : null;
  }

  /** The customer's links, oldest first. */
  async listLinks(customerOrgId: string): Promise<PartnerLinkRecord[]> {
    const rows = await this.db.query<LinkRow[]>(
      `SELECT ${LINK_COLUMNS} FROM partner_customer_links l JOIN orgs p ON p.id = l.partner_org_id
        WHERE l.customer_org_id = $1 ORDER BY l.created_at, l.partner_org_id`,
      [customerOrgId],
    );
    return rows.map(toLink);
  }

  /** Removes the link; false when there was none. */
  async deleteLink(customerOrgId: string, partnerOrgId: string): Promise<boolean> {
    // In a CTE, so that the answer is the rows (TypeORM answers a bare DELETE with [rows, count]).
    const rows = await this.db.query<{ n: number }[]>(
      `WITH gone AS (DELETE FROM partner_customer_links WHERE customer_org_id = $1 AND partner_org_id = $2 RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [customerOrgId, partnerOrgId],
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  /**
   * The customer org `customerOrgId`, if it is one and `partnerOrgId` is linked to it; else null,
   * the same for an unknown org, an org of another kind and an unlinked customer. The link row is
   * share-locked until `tx` ends, so that a concurrent removal waits for what it allowed.
   */
  async findLinkedCustomer(tx: EntityManager, customerOrgId: string, partnerOrgId: string): Promise<OrgRecord | null> {
    const rows = await tx.query<OrgRecord[]>(
      `SELECT c.id, c.kind, c.name, c.tier
         FROM partner_customer_links l JOIN orgs c ON c.id = l.customer_org_id
        WHERE l.customer_org_id = $1 AND l.partner_org_id = $2 AND c.kind = 'customer'
          FOR SHARE OF l`,
      [customerOrgId, partnerOrgId],
    );
    return rows[0] ?? null;
  }
}
