import { Client } from 'pg';
import { ChainLink, ChainVerdict, verifyChain } from '@mapflow/audit';
import { SHA } from '../../support/opportunity-driver';
import { json, send } from './http';

/**
 * Every event the reliability suites send carries a marker `mk-<n>`, unique in
 * the run, in a field the audit entry keeps. A marker found twice in the log
 * is an event applied twice; an acknowledged marker not found is a lost event.
 */
export const markerFor = (n: number): string => `mk-${n}`;

/** `UPDATE_PROFILE` with `servers = n` (intake and assess accept it any number of times). */
export const profileEvent = (n: number): Record<string, unknown> => ({
  type: 'UPDATE_PROFILE',
  profile: { servers: n },
});

/** `RECORD_ACTIVATE_WORKLOAD` of a workload named by the marker (writes the funded_workloads projection). */
export const activateEvent = (n: number): Record<string, unknown> => ({
  type: 'RECORD_ACTIVATE_WORKLOAD',
  workload: markerFor(n),
  amountCents: 100_000 + n,
});

/** `COMPLETE_CHECKLIST_ITEM` whose evidence URI carries the marker (Assess: repeatable, supersedes). */
export const completeEvent = (n: number, item: string): Record<string, unknown> => ({
  type: 'COMPLETE_CHECKLIST_ITEM',
  item,
  evidence: { uri: `s3://reliability/${markerFor(n)}.pdf`, sha256: SHA },
});

/** `REOPEN_CHECKLIST_ITEM` whose reason is the marker (a 409 RULE when the item is not complete). */
export const reopenEvent = (n: number, item: string): Record<string, unknown> => ({
  type: 'REOPEN_CHECKLIST_ITEM',
  item,
  reason: markerFor(n),
});

/** The marker an audited event carries, if it is one of the events above. */
export function markerOf(event: Record<string, unknown>): string | null {
  switch (event.type) {
    case 'UPDATE_PROFILE': {
      const servers = (event.profile as { servers?: unknown } | undefined)?.servers;
      return typeof servers === 'number' ? markerFor(servers) : null;
    }
    case 'COMPLETE_CHECKLIST_ITEM': {
      const uri = (event.evidence as { uri?: unknown } | undefined)?.uri;
      return typeof uri === 'string' ? (/\/(mk-\d+)\.pdf$/.exec(uri)?.[1] ?? null) : null;
    }
    case 'REOPEN_CHECKLIST_ITEM':
      return typeof event.reason === 'string' && event.reason.startsWith('mk-') ? event.reason : null;
    case 'RECORD_ACTIVATE_WORKLOAD':
      return typeof event.workload === 'string' && event.workload.startsWith('mk-') ? event.workload : null;
    default:
      return null;
  }
}

/** An acknowledged event: a 200 whose body names the version the event produced. */
export interface Ack {
  opportunityId: string;
  version: number;
  marker: string;
}

/** Every acknowledgement the client received, keyed by marker; an event acknowledged twice differently is a fault. */
export class Ledger {
  readonly acks = new Map<string, Ack>();
  readonly faults: string[] = [];

  ack(ack: Ack): void {
    const before = this.acks.get(ack.marker);
    if (before && (before.version !== ack.version || before.opportunityId !== ack.opportunityId)) {
      this.faults.push(
        `${ack.marker} acknowledged as version ${before.version} and again as version ${ack.version} (applied twice?)`,
      );
      return;
    }
    this.acks.set(ack.marker, ack);
  }

  /** The acknowledgements so far (a copy: taken before a database snapshot, each must be in it). */
  snapshot(): Ack[] {
    return [...this.acks.values()];
  }
}

/** One consistent read (REPEATABLE READ) of the opportunities, their chains and the funded_workloads projection. */
export interface AuditState {
  rows: Map<string, { version: number; chainHead: string }>;
  links: Map<string, ChainLink[]>;
  funded: Map<string, string[]>;
}

interface LinkRow {
  opportunity_id: string;
  seq: number;
  prev_hash: string;
  hash: string;
  entry: ChainLink['entry'];
}

export async function readAuditState(url: string): Promise<AuditState> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const opportunities = await client.query<{ id: string; version: number; chain_head: string }>(
      'SELECT id, version, chain_head FROM opportunities',
    );
    const entries = await client.query<LinkRow>(
      'SELECT opportunity_id, seq, prev_hash, hash, entry FROM audit_entries ORDER BY opportunity_id, seq',
    );
    const funded = await client.query<{ opportunity_id: string; program: string; workload: string }>(
      'SELECT opportunity_id, program, workload FROM funded_workloads',
    );
    await client.query('COMMIT');
    const state: AuditState = { rows: new Map(), links: new Map(), funded: new Map() };
    for (const row of opportunities.rows) state.rows.set(row.id, { version: row.version, chainHead: row.chain_head });
    for (const row of entries.rows) {
      const list = state.links.get(row.opportunity_id) ?? [];
      list.push({
        opportunityId: row.opportunity_id,
        seq: row.seq,
        prevHash: row.prev_hash,
        hash: row.hash,
        entry: row.entry,
      });
      state.links.set(row.opportunity_id, list);
    }
    for (const row of funded.rows) {
      const list = state.funded.get(row.opportunity_id) ?? [];
      list.push(`${row.program}:${row.workload}`);
      state.funded.set(row.opportunity_id, list);
    }
    return state;
  } finally {
    await client.end();
  }
}

/**
 * What is wrong with the stored history, given the acknowledgements taken
 * before the read:
 * - every chain verifies (seq 1..n with no gap or duplicate, links, hashes)
 *   and ends at the opportunity's version and chain head: no partial write;
 * - no marker appears twice (no event applied twice);
 * - every acknowledged marker is there once, on its opportunity, at the
 *   version its acknowledgement named;
 * - funded_workloads holds exactly the workloads the audited events fund.
 */
export function auditFaults(state: AuditState, acks: readonly Ack[]): string[] {
  const faults: string[] = [];
  const seen = new Map<string, { opportunityId: string; seq: number }>();
  for (const id of state.links.keys()) {
    if (!state.rows.has(id)) faults.push(`audit entries for ${id}, which has no opportunity row`);
  }
  for (const [id, row] of state.rows) {
    const links = state.links.get(id) ?? [];
    const verdict: ChainVerdict = verifyChain(id, links, { version: row.version, headHash: row.chainHead });
    if (!verdict.valid) faults.push(`chain of ${id}: ${verdict.reason ?? 'invalid'} (seq ${verdict.firstBadSeq})`);
    const expectedFunded = new Set<string>();
    for (const link of links) {
      const event = link.entry.event;
      const marker = markerOf(event);
      if (marker !== null) {
        const before = seen.get(marker);
        if (before) {
          faults.push(`${marker} is in the log twice: ${before.opportunityId}#${before.seq} and ${id}#${link.seq}`);
        }
        seen.set(marker, { opportunityId: id, seq: link.seq });
      }
      if (event.type === 'RECORD_ACTIVATE_WORKLOAD') expectedFunded.add(`activate:${String(event.workload)}`);
      if (event.type === 'FILE_FUND_REQUEST' && Array.isArray(event.workloads)) {
        for (const w of event.workloads) expectedFunded.add(`map:${String(w)}`);
      }
    }
    const actual = [...new Set(state.funded.get(id) ?? [])].sort();
    const expected = [...expectedFunded].sort();
    if (actual.join('|') !== expected.join('|')) {
      faults.push(`funded_workloads of ${id} (${actual.length}) differ from its audited events (${expected.length})`);
    }
  }
  for (const ack of acks) {
    const found = seen.get(ack.marker);
    if (!found) faults.push(`acknowledged ${ack.marker} (${ack.opportunityId} v${ack.version}) is not in the log`);
    else if (found.opportunityId !== ack.opportunityId || found.seq !== ack.version) {
      faults.push(
        `acknowledged ${ack.marker} as ${ack.opportunityId} v${ack.version}, logged as ${found.opportunityId}#${found.seq}`,
      );
    }
  }
  return faults;
}

/** The marker of every logged event. */
export function loggedMarkers(state: AuditState): Set<string> {
  const markers = new Set<string>();
  for (const links of state.links.values()) {
    for (const link of links) {
      const marker = markerOf(link.entry.event);
      if (marker !== null) markers.add(marker);
    }
  }
  return markers;
}

/**
 * GET /v1/opportunities/{id}/audit/verify for each opportunity (every hash and
 * link, then a replay compared with the stored snapshot): the faults found.
 */
export async function verifyOverHttp(baseUrl: string, key: string, ids: Iterable<string>): Promise<string[]> {
  const faults: string[] = [];
  for (const id of ids) {
    const reply = await send(baseUrl, { method: 'GET', path: `/v1/opportunities/${id}/audit/verify`, key });
    if (reply.status !== 200) {
      faults.push(`verify ${id}: HTTP ${reply.status} ${reply.text.slice(0, 300)}`);
      continue;
    }
    const verdict = json<ChainVerdict>(reply);
    if (!verdict.valid) faults.push(`verify ${id}: ${verdict.reason ?? 'invalid'} (seq ${verdict.firstBadSeq})`);
  }
  return faults;
}
