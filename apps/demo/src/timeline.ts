/**
 * The demo's timeline for the HTTP part: turns what the Heroku case reports
 * (orgs, accepted and refused events with the reads around them, findings,
 * audit) into plain lines; an accepted event reads as on the pure engine
 * (timeline-v2.ts), one line format for both parts. Pure: no TTY, no colour,
 * so CI logs read the same.
 */
import { asVersion2, type CaseReport } from '@mapflow/client';
import { EVENT_TYPES_2, type EventActor, type OpportunityEvent2 } from '@mapflow/workflow';
import type { V2Report } from './engine-v2';
import { linesForV2 } from './timeline-v2';

const INDENT = '      ';

/** Cents as dollars with cents and thousands separators: 198000000 -> "$1,980,000.00". */
export function dollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** Dollars, then the exact cents the API speaks: "$19,800.00 (1980000 c)". */
export function money(cents: number): string {
  return `${dollars(cents)} (${cents} c)`;
}

/**
 * An accepted event of the HTTP case as the version-2 timeline reads it: the body the server accepted (so a
 * valid version-2 event), with the time the server recorded and the caller as its actor.
 */
function asEngineReport(report: Extract<CaseReport, { kind: 'accepted' }>): V2Report | null {
  const after = asVersion2(report.after);
  const actor: EventActor = { userId: report.as.id, orgId: report.as.id, role: report.as.kind };
  const event = { ...report.event, at: after.lastEventAt, actor };
  return acceptedEvent2(event) ? { kind: 'accepted', event, before: asVersion2(report.before), after } : null;
}

/**
 * An event the server accepted on a version-2 opportunity is version 2's event of its type: the server
 * validated its body against that type's schema before the machine took it.
 */
function acceptedEvent2(event: { type: string; at: string; actor: EventActor }): event is OpportunityEvent2 {
  return (EVENT_TYPES_2 as readonly string[]).includes(event.type);
}

/** The lines to print for one report, already indented. */
export function linesFor(report: CaseReport): string[] {
  let lines: string[];
  switch (report.kind) {
    case 'org':
      lines = [
        `org "${report.org.name}" (${report.org.kind}${report.tier ? `, ${report.tier}` : ''}) ${report.org.id}, ` +
          `key minted for ${report.org.kind} user ${report.org.userId}`,
      ];
      break;
    case 'created':
      lines = [
        `opportunity ${report.view.id} opened: phase ${report.view.phase}, machine version ${report.view.machineVersion}, ` +
          `policy ${report.view.policyId}`,
      ];
      break;
    case 'refused': {
      const p = report.problem;
      lines = [
        `${p.status} ${p.title}: ${report.event.type} refused in ${p.state ?? '?'}` +
          (p.missing ? `, missing ${p.missing.length}:` : `: ${p.detail}`),
        ...(p.missing ?? []).map((m) => `  - ${m.key}: ${m.description}`),
      ];
      break;
    }
    case 'accepted': {
      const engine = asEngineReport(report);
      return engine === null ? [] : linesForV2(engine);
    }
    case 'findings':
      lines =
        report.findings.length === 0
          ? ['findings: none, nothing left on the table']
          : [
              `findings: ${report.findings.length}`,
              ...report.findings.flatMap((f) => [
                `  - ${f.code}: ${f.title}` +
                  (f.dollarsAtStakeCents === null ? '' : ` (at stake: ${money(f.dollarsAtStakeCents)})`),
                `    ${f.detail}`,
              ]),
            ];
      break;
    case 'audit': {
      const v = report.verdict;
      lines = [
        `audit verify: valid: ${v.valid}, ${v.entries} entries, head ${v.headHash ?? '-'}` +
          (v.valid ? '' : `, first bad seq ${v.firstBadSeq}: ${v.reason}`),
      ];
      break;
    }
    case 'checkpoint': {
      const { checkpoint: c, verdict: v } = report;
      lines = [
        `checkpoint signed (Ed25519, key ${c.keyId.slice(0, 16)}...) over ${c.count} chain head(s), digest ${c.digest}`,
        v.valid
          ? `checkpoint verified: valid: true, ${v.checkedChains} chain(s), ${v.checkedEntries} entries recomputed`
          : `checkpoint NOT verified: ${v.failures.map((f) => `${f.opportunityId ?? '-'}#${f.seq ?? '-'} ${f.reason}`).join('; ')}`,
      ];
      break;
    }
  }
  return lines.map((line) => `${INDENT}${line}`);
}
