import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { type AuditEntryBody, type ChainLink, GENESIS_HASH, nextLink } from '@mapflow/audit';
import type { InquiryInput, InquiryTriage, PartnerForMatching, PartnerTier, SourcePlatform } from '@mapflow/workflow';

/** An inquiry as stored. */
export interface InquiryRecord {
  id: string;
  input: InquiryInput;
  source: 'form' | 'api';
  state: 'triaged' | 'referred' | 'offered' | 'accepted' | 'closed';
  track: 'map' | 'referral' | null;
  triage: InquiryTriage;
  closedReason: string | null;
  receivedAt: Date;
  acceptedAt: Date | null;
  partnerOrgId: string | null;
  customerOrgId: string | null;
  opportunityId: string | null;
  version: number;
  chainHead: string;
}

/** An offer as stored, with its partner's name. */
export interface OfferRecord {
  id: string;
  inquiryId: string;
  partnerOrgId: string;
  partnerName: string;
  rank: number;
  status: 'open' | 'accepted' | 'declined' | 'lapsed';
  offeredAt: Date;
  deadlineAt: Date;
  decidedAt: Date | null;
  reason: string | null;
}

/** An inquiry's columns as an {@link InquiryRecord}: what the company said as one object, `input`. */
const INQUIRY = `i.id, json_build_object('companyName', i.company_name, 'contactEmail', i.contact_email,
    'customerCountry', i.customer_country, 'sourcePlatform', i.source_platform, 'region', i.region,
    'servers', i.servers, 'databases', i.databases, 'applications', i.applications,
    'currentMonthlySpendCents', i.current_monthly_spend_cents::float8,
    'projectedMonthlyAwsSpendCents', i.projected_monthly_aws_spend_cents::float8, 'greenfield', i.greenfield,
    'awsCompetitor', i.aws_competitor, 'notes', i.notes) AS input,
  i.source, i.state, i.track, i.triage, i.closed_reason AS "closedReason", i.received_at AS "receivedAt",
  i.accepted_at AS "acceptedAt", i.partner_org_id AS "partnerOrgId", i.customer_org_id AS "customerOrgId",
  i.opportunity_id AS "opportunityId", i.version, i.chain_head AS "chainHead"`;

const OFFER = `f.id, f.inquiry_id AS "inquiryId", f.partner_org_id AS "partnerOrgId", p.name AS "partnerName", f.rank,
  f.status, f.offered_at AS "offeredAt", f.deadline_at AS "deadlineAt", f.decided_at AS "decidedAt", f.reason`;

/** Partner profiles, inquiries, their offers and their hash chains (design/routing.md). */
@Injectable()
export class RoutingRepository {
  constructor(private readonly db: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  async upsertProfile(
    orgId: string,
    p: {
      platforms: string[];
      regions: string[];
      countries: string[];
      migrationCompetency: boolean;
      capacity: number;
      takingWork: boolean;
    },
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO partner_profiles (org_id, platforms, regions, countries, migration_competency, capacity, taking_work, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, now())
       ON CONFLICT (org_id) DO UPDATE SET platforms = $2, regions = $3, countries = $4, migration_competency = $5,
         capacity = $6, taking_work = $7, updated_at = now()`,
      [orgId, p.platforms, p.regions, p.countries, p.migrationCompetency, p.capacity, p.takingWork],
    );
  }

  /**
   * Every partner as matching reads it (`orgId` alone when given): its profile (null without one), its
   * open opportunities, and its track record from mapflow's own data: closed MAP opportunities, paid
   * claims, opportunities per source platform, the median hours it took to answer offers.
   */
  async partners(orgId: string | null = null): Promise<PartnerForMatching[]> {
    const rows = await this.db.query<
      {
        orgId: string;
        name: string;
        tier: PartnerTier;
        platforms: SourcePlatform[] | null;
        regions: string[] | null;
        countries: string[] | null;
        migrationCompetency: boolean | null;
        capacity: number | null;
        takingWork: boolean | null;
        open: number;
        closed: number;
        paid: number;
        byPlatform: Record<string, number> | null;
        medianResponseHours: number | null;
      }[]
    >(
      `SELECT g.id AS "orgId", g.name, g.tier, pp.platforms, pp.regions, pp.countries,
              pp.migration_competency AS "migrationCompetency", pp.capacity, pp.taking_work AS "takingWork",
              COALESCE(o.open, 0)::int AS open, COALESCE(o.closed, 0)::int AS closed, COALESCE(o.paid, 0)::int AS paid,
              pl.by_platform AS "byPlatform", r.median::float8 AS "medianResponseHours"
         FROM orgs g
         LEFT JOIN partner_profiles pp ON pp.org_id = g.id
         LEFT JOIN LATERAL (
           SELECT count(*) FILTER (WHERE x.phase IN ('intake', 'assess', 'mobilize', 'migrate', 'closeout')) AS open,
                  count(*) FILTER (WHERE x.phase = 'closed') AS closed,
                  sum(jsonb_array_length(jsonb_path_query_array(x.snapshot,
                        '$.context.fundRequests[*].claims[*] ? (@.status == "paid")'))) AS paid
             FROM opportunities x WHERE x.partner_org_id = g.id) o ON true
         LEFT JOIN LATERAL (
           SELECT jsonb_object_agg(platform, n) AS by_platform FROM (
             SELECT x.snapshot -> 'context' -> 'profile' ->> 'sourcePlatform' AS platform, count(*) AS n
               FROM opportunities x WHERE x.partner_org_id = g.id
                AND x.snapshot -> 'context' -> 'profile' ->> 'sourcePlatform' IS NOT NULL
              GROUP BY 1) s) pl ON true
         LEFT JOIN LATERAL (
           SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.decided_at - f.offered_at) / 3600) AS median
             FROM inquiry_offers f WHERE f.partner_org_id = g.id AND f.status IN ('accepted', 'declined', 'lapsed')) r ON true
        WHERE g.kind = 'partner' AND ($1::uuid IS NULL OR g.id = $1)
        ORDER BY g.id`,
      [orgId],
    );
    return rows.map((r) => ({
      orgId: r.orgId,
      name: r.name,
      tier: r.tier,
      profile:
        r.platforms === null
          ? null
          : {
              platforms: r.platforms,
              regions: r.regions ?? [],
              countries: r.countries ?? [],
              migrationCompetency: r.migrationCompetency === true,
              capacity: r.capacity ?? 0,
              takingWork: r.takingWork === true,
            },
      openOpportunities: r.open,
      record: {
        closedMapOpportunities: r.closed,
        paidClaims: r.paid,
        byPlatform: r.byPlatform ?? {},
        medianResponseHours: r.medianResponseHours,
      },
    }));
  }

  /**
   * The inquiry a new one of (`companyKey`, `email`) repeats: received since `since`, the first; locked
   * for the rest of `tx`. Two at once of the same company wait for each other (an advisory lock on it).
   */
  async findRepeat(tx: EntityManager, companyKey: string, email: string, since: Date): Promise<InquiryRecord | null> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('mapflow:inquiry:' || $1))`, [companyKey]);
    const rows = await tx.query<InquiryRecord[]>(
      `SELECT ${INQUIRY} FROM inquiries i
        WHERE i.company_key = $1 AND lower(i.contact_email) = lower($2) AND i.received_at >= $3
        ORDER BY i.received_at, i.id LIMIT 1 FOR UPDATE`,
      [companyKey, email.trim(), since],
    );
    return rows[0] ?? null;
  }

  async insertInquiry(tx: EntityManager, r: InquiryRecord, companyKey: string): Promise<void> {
    const i = r.input;
    await tx.query(
      `INSERT INTO inquiries (id, company_name, company_key, contact_email, customer_country, source_platform, region,
         servers, databases, applications, current_monthly_spend_cents, projected_monthly_aws_spend_cents, greenfield,
         aws_competitor, notes, source, state, track, triage, closed_reason, received_at, version, chain_head)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, 0, $22)`,
      [
        r.id,
        i.companyName,
        companyKey,
        i.contactEmail.trim(),
        i.customerCountry,
        i.sourcePlatform,
        i.region,
        i.servers,
        i.databases,
        i.applications,
        i.currentMonthlySpendCents,
        i.projectedMonthlyAwsSpendCents ?? null,
        i.greenfield,
        i.awsCompetitor ?? false,
        i.notes ?? null,
        r.source,
        r.state,
        r.track,
        JSON.stringify(r.triage),
        r.closedReason,
        r.receivedAt,
        GENESIS_HASH,
      ],
    );
  }

  /** Appends a routing decision to the inquiry's chain (its row locked for the rest of `tx`). */
  async appendEntry(tx: EntityManager, inquiryId: string, entry: AuditEntryBody): Promise<ChainLink> {
    const [head] = await tx.query<{ version: number; chainHead: string }[]>(
      `SELECT version, chain_head AS "chainHead" FROM inquiries WHERE id = $1 FOR UPDATE`,
      [inquiryId],
    );
    if (head === undefined) throw new Error(`no inquiry ${inquiryId}`);
    const link = nextLink(inquiryId, head.version + 1, head.version === 0 ? GENESIS_HASH : head.chainHead, entry);
    await tx.query(
      `INSERT INTO inquiry_entries (inquiry_id, seq, prev_hash, hash, entry, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)`,
      [inquiryId, link.seq, link.prevHash, link.hash, JSON.stringify(link.entry), entry.recordedAt],
    );
    await tx.query(`UPDATE inquiries SET version = $2, chain_head = $3 WHERE id = $1`, [
      inquiryId,
      link.seq,
      link.hash,
    ]);
    return link;
  }

  /** The inquiry's chain, in order. */
  async entries(inquiryId: string): Promise<ChainLink[]> {
    const rows = await this.db.query<{ seq: number; prevHash: string; hash: string; entry: AuditEntryBody }[]>(
      `SELECT seq, prev_hash AS "prevHash", hash, entry FROM inquiry_entries WHERE inquiry_id = $1 ORDER BY seq`,
      [inquiryId],
    );
    return rows.map((r) => ({ opportunityId: inquiryId, ...r }));
  }

  async find(id: string, tx: EntityManager = this.db.manager, lock = false): Promise<InquiryRecord | null> {
    const rows = await tx.query<InquiryRecord[]>(
      `SELECT ${INQUIRY} FROM inquiries i WHERE i.id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** Inquiries, newest first. */
  async list(limit: number): Promise<InquiryRecord[]> {
    const rows = await this.db.query<InquiryRecord[]>(
      `SELECT ${INQUIRY} FROM inquiries i ORDER BY i.received_at DESC, i.id LIMIT $1`,
      [limit],
    );
    return rows;
  }

  async setState(
    tx: EntityManager,
    id: string,
    state: InquiryRecord['state'],
    extra: {
      closedReason?: string;
      accepted?: { partnerOrgId: string; customerOrgId: string; opportunityId: string; at: Date };
    } = {},
  ): Promise<void> {
    await tx.query(
      `UPDATE inquiries SET state = $2, closed_reason = COALESCE($3, closed_reason), accepted_at = COALESCE($4, accepted_at),
              partner_org_id = COALESCE($5, partner_org_id), customer_org_id = COALESCE($6, customer_org_id),
              opportunity_id = COALESCE($7, opportunity_id)
        WHERE id = $1`,
      [
        id,
        state,
        extra.closedReason ?? null,
        extra.accepted?.at ?? null,
        extra.accepted?.partnerOrgId ?? null,
        extra.accepted?.customerOrgId ?? null,
        extra.accepted?.opportunityId ?? null,
      ],
    );
  }

  async offersOf(inquiryId: string, tx: EntityManager = this.db.manager): Promise<OfferRecord[]> {
    return tx.query(
      `SELECT ${OFFER} FROM inquiry_offers f JOIN orgs p ON p.id = f.partner_org_id WHERE f.inquiry_id = $1 ORDER BY f.rank`,
      [inquiryId],
    );
  }

  /** The offer, locked for the rest of `tx` when asked. */
  async offer(id: string, tx: EntityManager = this.db.manager, lock = false): Promise<OfferRecord | null> {
    const rows = await tx.query<OfferRecord[]>(
      `SELECT ${OFFER} FROM inquiry_offers f JOIN orgs p ON p.id = f.partner_org_id WHERE f.id = $1${lock ? ' FOR UPDATE OF f' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** A partner's offers in `status`, oldest first. */
  async offersToPartner(
    partnerOrgId: string,
    status: OfferRecord['status'],
  ): Promise<(OfferRecord & { inquiry: InquiryRecord })[]> {
    const offers = await this.db.query<OfferRecord[]>(
      `SELECT ${OFFER} FROM inquiry_offers f JOIN orgs p ON p.id = f.partner_org_id
        WHERE f.partner_org_id = $1 AND f.status = $2 ORDER BY f.offered_at, f.id`,
      [partnerOrgId, status],
    );
    const out: (OfferRecord & { inquiry: InquiryRecord })[] = [];
    for (const o of offers) {
      const inquiry = await this.find(o.inquiryId);
      if (inquiry) out.push({ ...o, inquiry });
    }
    return out;
  }

  async insertOffer(
    tx: EntityManager,
    o: { id: string; inquiryId: string; partnerOrgId: string; rank: number; offeredAt: Date; deadlineAt: Date },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO inquiry_offers (id, inquiry_id, partner_org_id, rank, offered_at, deadline_at, status)
       VALUES ($1, $2, $3, $4, $5, $6, 'open')`,
      [o.id, o.inquiryId, o.partnerOrgId, o.rank, o.offeredAt, o.deadlineAt],
    );
  }

  async decideOffer(
    tx: EntityManager,
    id: string,
    status: 'accepted' | 'declined' | 'lapsed',
    at: Date,
    reason: string | null,
  ): Promise<void> {
    await tx.query(`UPDATE inquiry_offers SET status = $2, decided_at = $3, reason = $4 WHERE id = $1`, [
      id,
      status,
      at,
      reason,
    ]);
  }

  /** Inquiries with an open offer past its deadline at `now` (all, or `inquiryId`'s), `limit` of them. */
  async lapsed(now: Date, inquiryId: string | null, limit: number): Promise<string[]> {
    const rows = await this.db.query<{ inquiryId: string }[]>(
      `SELECT DISTINCT inquiry_id AS "inquiryId" FROM inquiry_offers
        WHERE status = 'open' AND deadline_at <= $1 AND ($2::uuid IS NULL OR inquiry_id = $2) LIMIT $3`,
      [now, inquiryId, limit],
    );
    return rows.map((r) => r.inquiryId);
  }

  /** Counts this address's posts of the public form in the last `windowMs`, and records this one. */
  async countFormPost(address: string, windowMs: number): Promise<number> {
    const rows = await this.db.query<{ n: number }[]>(
      `WITH gone AS (DELETE FROM inquiry_form_posts WHERE at < now() - interval '1 day'),
            added AS (INSERT INTO inquiry_form_posts (address) VALUES ($1))
       SELECT count(*)::int AS n FROM inquiry_form_posts WHERE address = $1 AND at > now() - make_interval(secs => $2 / 1000.0)`,
      [address, windowMs],
    );
    return rows[0]?.n ?? 0;
  }

  /** Offers per partner, by outcome, for the report. */
  async offerOutcomes(): Promise<{ partnerOrgId: string; name: string; status: string; n: number }[]> {
    return this.db.query(
      `SELECT f.partner_org_id AS "partnerOrgId", p.name, f.status, count(*)::int AS n
         FROM inquiry_offers f JOIN orgs p ON p.id = f.partner_org_id
        GROUP BY 1, 2, 3 ORDER BY 2, 1`,
    );
  }
}
