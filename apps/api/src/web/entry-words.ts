import type { AuditEntryBody } from '@mapflow/audit';

/** An event's type in words: `PLAN_WAVE` -> "plan wave". */
export function words(type: string): string {
  return type.toLowerCase().replace(/_/g, ' ');
}

/** What an audit entry recorded, in words: `"decide wave" (wave w2)`. */
export function eventWords(entry: AuditEntryBody): string {
  const e = entry.event;
  const about =
    typeof e.waveId === 'string' ? ` (wave ${e.waveId})` : typeof e.claimId === 'string' ? ` (claim ${e.claimId})` : '';
  return `"${words(e.type)}"${about}`;
}
