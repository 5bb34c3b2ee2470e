import canonicalize from 'canonicalize';
import { hash } from 'node:crypto';

/** The `prevHash` of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** What one audit entry says: server time, actor, the event as the machine received it, resulting state. */
export interface AuditEntryBody {
  recordedAt: string;
  actor: { userId: string; orgId: string; role: string; tier?: string };
  event: { type: string } & Record<string, unknown>;
  state: string;
  /** Anything else worth proving about the entry (e.g. the machine version at creation). */
  [extra: string]: unknown;
}

/** One link of an opportunity's chain, as stored and exported. */
export interface ChainLink {
  opportunityId: string;
  seq: number;
  prevHash: string;
  hash: string;
  entry: AuditEntryBody;
}

/**
 * SHA-256 (hex) over the RFC 8785 canonical JSON of
 * `{ opportunityId, seq, prevHash, entry }` (DESIGN.md §4). Pure: the same
 * link always hashes the same, whatever the key order of its JSON.
 */
export function hashLink(opportunityId: string, seq: number, prevHash: string, entry: AuditEntryBody): string {
  const canonical = canonicalize({ opportunityId, seq, prevHash, entry });
  if (canonical === undefined) throw new Error('audit entry cannot be canonicalized');
  return hash('sha256', canonical, 'hex');
}

/** The next link after `prevHash` (or the first, after {@link GENESIS_HASH}). */
export function nextLink(opportunityId: string, seq: number, prevHash: string, entry: AuditEntryBody): ChainLink {
  return { opportunityId, seq, prevHash, hash: hashLink(opportunityId, seq, prevHash, entry), entry };
}
