/**
 * The demo's timeline: turns what the Heroku case reports (orgs, accepted
 * and refused events with the reads around them, findings, audit) into
 * plain lines. Pure: no TTY, no colour, so CI logs read the same.
 */
import type { CaseReport } from '@mapflow/client';
import type { FundRequestView, OpportunityView } from '@mapflow/workflow';

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

const str = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

function request(view: OpportunityView, tranche: unknown): FundRequestView | undefined {
  return view.fundRequests.find((r) => r.tranche === tranche);
}

/** The lines an accepted event deserves; routine steps (checklist items, stages, wave moves) get none. */
function accepted(report: Extract<CaseReport, { kind: 'accepted' }>): string[] {
  const { event, before, after } = report;
  switch (event.type) {
    case 'UPDATE_PROFILE': {
      const t = after.triage;
      return t === null
        ? []
        : [
            `triage: ${t.program}${t.ladder ? `, ladder ${t.ladder}` : ''}${t.edpCandidate ? ', EDP candidate' : ''}`,
            ...t.reasons.map((r) => `  - ${r}`),
          ];
    }
    case 'ADVANCE':
      return [`GATE OPEN: ${before.phase} -> ${after.phase} (version ${after.version})`];
    case 'ATTEST_MAP_RECORD':
      return [`MAP record attested (six parts), audit hash ${after.attestation?.hash ?? '?'}`];
    case 'APPROVE_BUSINESS_CASE':
      return ['CUSTOMER DECISION: business case approved'];
    case 'RECORD_MAP_AGREEMENT':
      return [`MAP agreement recorded: tag ${str(event.tagScheme)}, MPE ID ${str(event.mpeId)}`];
    case 'DECIDE_WAVE':
      return [
        `CUSTOMER DECISION: wave ${str(event.waveId)}: ${str(event.decision)}` +
          (event.reason === undefined ? '' : ` ("${str(event.reason)}")`),
      ];
    case 'PLAN_WAVE': {
      const wave = after.waves.find((w) => w.waveId === event.waveId);
      return wave && wave.revision > 1
        ? [
            `wave ${wave.waveId} re-planned (revision ${wave.revision}): back to ${wave.status}, the earlier decision void`,
          ]
        : [];
    }
    case 'VALIDATE_WAVE':
      return [`wave ${str(event.waveId)} validated`];
    case 'RECORD_RUN_RATE':
      return [`actual run-rate recorded: ${dollars(Number(event.monthlyCents))}/month`];
    case 'FILE_FUND_REQUEST': {
      const fr = request(after, event.tranche);
      if (!fr) return [];
      const over = fr.likelyDowngrade ? `; over by ${money(fr.overByCents)}: AWS is likely to downgrade it` : '';
      return [
        `FUND REQUEST filed: ${fr.tranche} "${fr.name}" (${fr.fundingType})`,
        `  filed ${money(fr.amountCents)}, envelope ${money(fr.envelopeCents)}${over}; claim due ${fr.claimDueDate}`,
      ];
    }
    case 'RECORD_CLAIM_OUTCOME': {
      const fr = request(after, event.tranche);
      const claim = fr?.claims.find((c) => c.claimId === event.claimId);
      if (!fr || !claim) return [];
      const verdict =
        claim.outcome === 'rejected'
          ? 'AWS rejected it'
          : `AWS ${claim.outcome} it: ${money(claim.approvedCents ?? 0)}`;
      return [`claim ${claim.claimId} on ${fr.tranche}: requested ${money(claim.amountCents)}, ${verdict}`];
    }
    case 'RECORD_PAYMENT': {
      const fr = request(after, event.tranche);
      const claim = fr?.claims.find((c) => c.claimId === event.claimId);
      return fr && claim ? [`PAID: claim ${claim.claimId} on ${fr.tranche}: ${money(claim.approvedCents ?? 0)}`] : [];
    }
    case 'RECORD_FUND_REQUEST_STAGE': {
      const fr = request(after, event.tranche);
      if (!fr || (event.stage !== 'cash_claim' && event.stage !== 'completed')) return [];
      return event.stage === 'cash_claim'
        ? [`${fr.tranche}: AWS business and finance approval recorded, now cash_claim (pre-approved)`]
        : [
            `${fr.tranche} completed: filed ${money(fr.amountCents)}, approved ${money(fr.approvedCents)}, ` +
              `paid ${money(fr.paidCents)}`,
          ];
    }
    default:
      return [];
  }
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
      lines = [`opportunity ${report.view.id} opened: phase ${report.view.phase}, version ${report.view.version}`];
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
    case 'accepted':
      lines = accepted(report);
      break;
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

/** The funding of every tranche, as a table, with the totals. */
export function fundingTable(view: OpportunityView): string[] {
  const rows = Object.entries(view.funding);
  const width = Math.max(...rows.map(([t]) => t.length));
  const col = (s: string): string => s.padStart(14);
  const total = rows.reduce(
    (sum, [, f]) => ({
      envelopeCents: sum.envelopeCents + f.envelopeCents,
      requestedCents: sum.requestedCents + f.requestedCents,
      approvedCents: sum.approvedCents + f.approvedCents,
      paidCents: sum.paidCents + f.paidCents,
    }),
    { envelopeCents: 0, requestedCents: 0, approvedCents: 0, paidCents: 0 },
  );
  const line = (name: string, f: typeof total): string =>
    `${INDENT}${name.padEnd(width)} ${col(dollars(f.envelopeCents))} ${col(dollars(f.requestedCents))} ` +
    `${col(dollars(f.approvedCents))} ${col(dollars(f.paidCents))}`;
  return [
    `${INDENT}${'tranche'.padEnd(width)} ${col('envelope')} ${col('filed')} ${col('approved')} ${col('paid')}`,
    ...rows.map(([t, f]) => line(t, f)),
    line('total', total),
  ];
}
