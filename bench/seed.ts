import canonicalize from 'canonicalize';
import { hash, randomUUID } from 'node:crypto';
import { statfsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { GENESIS_HASH, syntheticCreation } from '@mapflow/audit';
import { LATEST_MACHINE_VERSION, viewAny } from '@mapflow/workflow';

/** Org ids and one user per org, as made over HTTP by the bench. */
export interface SeedOrgs {
  partners: { id: string; userId: string }[];
  customers: { id: string; name: string }[];
}

/** Disk the seed is expected to take per opportunity (row, first audit entry, indexes, WAL), measured roughly. */
const BYTES_PER_OPPORTUNITY = 6_000;

/** Refuses to start a seed that would not fit, with what it needs. */
export function checkDiskSpace(dir: string, opportunities: number): void {
  const stats = statfsSync(dir);
  const free = stats.bavail * stats.bsize;
  const need = opportunities * BYTES_PER_OPPORTUNITY * 2;
  if (free < need) {
    throw new Error(
      `not enough disk for ${opportunities} opportunities in ${dir}: ${(free / 1e9).toFixed(1)} GB free, about ${(need / 1e9).toFixed(1)} GB needed`,
    );
  }
}

const SENTINEL = {
  id: '11111111-1111-4111-8111-111111111111',
  partner: '22222222-2222-4222-8222-222222222222',
  customer: '33333333-3333-4333-8333-333333333333',
  user: '44444444-4444-4444-8444-444444444444',
  name: 'SENTINEL-CUSTOMER-NAME',
  at: '2026-01-01T00:00:00.000Z',
};

/** COPY text format: backslash, tab and newline escaped. */
const copyText = (value: string): string => value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');

/**
 * Seeds `count` opportunities in intake, each with its first audit entry,
 * with COPY, and links each partner to the customers it has opportunities
 * with (as ops would have before they were opened), on the machine version the API creates. One opportunity is built by the domain (createOn) with
 * sentinel ids; every row is that template with its own ids and time put in,
 * and its entry hashed over the RFC 8785 form, so each is exactly what the API
 * would have written and verifies.
 */
export async function seedOpportunities(client: PoolClient, orgs: SeedOrgs, count: number): Promise<string[]> {
  const { snapshot, entry } = syntheticCreation(
    {
      opportunityId: SENTINEL.id,
      title: 'Bench opportunity',
      partnerOrgId: SENTINEL.partner,
      customerOrgId: SENTINEL.customer,
      customerName: SENTINEL.name,
      userId: SENTINEL.user,
      at: SENTINEL.at,
    },
    LATEST_MACHINE_VERSION,
  );
  const view = viewAny(snapshot, SENTINEL.at);
  const overdueAfterMs = view.overdueAt === null ? null : Date.parse(view.overdueAt) - Date.parse(SENTINEL.at);
  const snapshotTemplate = JSON.stringify(snapshot);
  const entryTemplate = JSON.stringify(entry);
  const canonicalTemplate = canonicalize({ opportunityId: SENTINEL.id, seq: 1, prevHash: GENESIS_HASH, entry }) ?? '';
  const fill = (template: string, v: Record<keyof typeof SENTINEL, string>): string =>
    (Object.keys(SENTINEL) as (keyof typeof SENTINEL)[]).reduce(
      (text, k) => text.split(SENTINEL[k]).join(v[k]),
      template,
    );

  const ids: string[] = [];
  const start = Date.now() - count * 1000;
  const opportunityRows: string[] = [];
  const auditRows: string[] = [];
  const links = new Set<string>();
  for (let i = 0; i < count; i += 1) {
    const partner = orgs.partners[i % orgs.partners.length] as SeedOrgs['partners'][number];
    const customer = orgs.customers[i % orgs.customers.length] as SeedOrgs['customers'][number];
    links.add(`${customer.id}\t${partner.id}\tops\n`);
    const id = randomUUID();
    const at = new Date(start + i * 1000).toISOString();
    const v = { id, partner: partner.id, customer: customer.id, user: partner.userId, name: customer.name, at };
    const entryHash = hash('sha256', fill(canonicalTemplate, v), 'hex');
    const overdue = overdueAfterMs === null ? '\\N' : new Date(Date.parse(at) + overdueAfterMs).toISOString();
    opportunityRows.push(
      [id, 'Bench opportunity', partner.id, customer.id, 'intake', '1', LATEST_MACHINE_VERSION]
        .concat([copyText(fill(snapshotTemplate, v)), entryHash, at, at, at, overdue])
        .join('\t') + '\n',
    );
    auditRows.push([id, '1', GENESIS_HASH, entryHash, copyText(fill(entryTemplate, v)), at].join('\t') + '\n');
    ids.push(id);
    if (opportunityRows.length === 20_000 || i === count - 1) {
      await copy(
        client,
        `COPY opportunities (id, title, partner_org_id, customer_org_id, phase, version, machine_version,
           snapshot, chain_head, created_at, updated_at, phase_entered_at, overdue_at) FROM STDIN`,
        opportunityRows.splice(0),
      );
      await copy(
        client,
        'COPY audit_entries (opportunity_id, seq, prev_hash, hash, entry, recorded_at) FROM STDIN',
        auditRows.splice(0),
      );
    }
  }
  await copy(client, 'COPY partner_customer_links (customer_org_id, partner_org_id, origin) FROM STDIN', [...links]);
  await client.query('ANALYZE opportunities');
  await client.query('ANALYZE audit_entries');
  await client.query('ANALYZE partner_customer_links');
  return ids;
}

async function copy(client: PoolClient, sql: string, lines: string[]): Promise<void> {
  await pipeline(Readable.from(lines), client.query(copyFrom(sql)));
}
