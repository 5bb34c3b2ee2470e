/**
 * The demo's timeline for machine version 2: what the version-2 story
 * reports (engine-v2.ts) as plain lines, and the tables it ends with: the
 * fund requests by AWS's names, partner cash per cash tranche, the
 * customer's MAP credits per quarter, and the MAP tags of every wave. Pure:
 * no TTY, no colour.
 */
import {
  FUNDING_POLICY_2027,
  type CashTranche,
  type Finding2,
  type FundRequestRead2,
  type OpportunityView2,
} from '@mapflow/workflow';
import type { V2Report } from './engine-v2';
import { dollars, money } from './timeline';

const INDENT = '      ';

const percent = (bps: number): string => `${bps / 100}%`;

/** The request of the tranche an event acted on: its latest. */
function request(view: OpportunityView2, tranche: unknown): FundRequestRead2 | undefined {
  return view.fundRequests.filter((r) => r.tranche === tranche).at(-1);
}

function claimOf(view: OpportunityView2, tranche: unknown, claimId: unknown) {
  return request(view, tranche)?.claims.find((c) => c.claimId === claimId);
}

/** The lines an accepted event deserves; routine steps (checklist items, the decision request, a stage) get none. */
function accepted(report: Extract<V2Report, { kind: 'accepted' }>): string[] {
  const { event, before, after } = report;
  const day = event.at.slice(0, 10);
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
      return [`GATE OPEN: ${before.phase} -> ${after.phase} on ${day}`];
    case 'ATTEST_MAP_RECORD': {
      const total = event.record.projectedSpend.reduce((s, x) => s + x.monthlyCents, 0);
      return [
        `MAP record attested (six parts): projected spend ${dollars(total)}/month itemised, the committed run-rate`,
      ];
    }
    case 'SUBMIT_TO_ACE':
      return ['asked the ACE sync to submit the opportunity to Partner Central'];
    case 'RECORD_ACE_OPPORTUNITY':
      return [
        `ACE ${event.aceOpportunityId}: stage ${event.stage}, review ${event.reviewStatus} ` +
          `(recorded by ${event.actor.service ?? event.actor.role})`,
      ];
    case 'APPROVE_BUSINESS_CASE':
      return ['CUSTOMER DECISION: business case approved'];
    case 'RECORD_MAP_AGREEMENT':
      return [`MAP agreement recorded: tag ${event.tagScheme}, MPE ID ${event.mpeId}`];
    case 'FILE_FUND_REQUEST': {
      const fr = request(after, event.tranche);
      if (!fr) return [];
      const over = fr.likelyDowngrade ? `; over by ${money(fr.overByCents)}: AWS is likely to cut it` : '';
      return [
        `FUND REQUEST filed on ${day}: "${fr.name}" (${fr.requestId})`,
        `  requested ${money(fr.requestedCents)}, envelope ${money(fr.envelopeCents)}${over}`,
        `  project ${fr.projectStartDate ?? '?'} -> ${fr.projectEndDate}, claim due ${fr.claimDueDate}`,
      ];
    }
    case 'RECORD_FUND_REQUEST_STAGE': {
      const fr = request(after, event.tranche);
      if (!fr) return [];
      switch (event.stage) {
        case 'business_approval':
          return [`${fr.requestId}: AWS business approval, AWS reference ${fr.awsFundRequestId ?? '?'}`];
        case 'cash_claim':
          return [
            `${fr.requestId}: AWS finance approval, now cash_claim: pre-approved ${money(fr.preApprovedCents ?? 0)} ` +
              `of ${money(fr.requestedCents)} requested, purchase order ${fr.purchaseOrder ?? '?'}`,
          ];
        case 'completed': {
          const paid = fr.claims.reduce((s, c) => s + (c.status === 'paid' ? (c.approvedCents ?? 0) : 0), 0);
          return [`${fr.requestId} completed: paid ${money(paid)}`];
        }
        default:
          return [];
      }
    }
    case 'PREPARE_CLAIM':
      return [
        `claim ${event.claimId} on ${event.tranche}: ${money(event.amountCents)}, evidence ` +
          event.evidence.map((e) => e.kind).join(', '),
      ];
    case 'SIGN_OFF_CLAIM':
      return [`CUSTOMER DECISION: claim ${event.claimId} signed off`];
    case 'RECORD_CLAIM_OUTCOME': {
      const claim = claimOf(after, event.tranche, event.claimId);
      return claim ? [`AWS ${claim.outcome ?? '?'} claim ${claim.claimId}: ${money(claim.approvedCents ?? 0)}`] : [];
    }
    case 'RECORD_PAYMENT': {
      const claim = claimOf(after, event.tranche, event.claimId);
      return claim
        ? [
            `PAID on ${day}: claim ${claim.claimId}, ${money(claim.approvedCents ?? 0)}, invoice ${event.invoiceReference}`,
          ]
        : [];
    }
    case 'PLAN_WAVE': {
      const wave = after.waves.find((w) => w.waveId === event.waveId);
      if (!wave) return [];
      const head =
        wave.revision > 1
          ? `wave ${wave.waveId} re-planned (revision ${wave.revision}): back to ${wave.status}, the earlier decision void`
          : `wave ${wave.waveId} planned: "${wave.name}"`;
      return [
        head,
        ...wave.applications.map(
          (a) =>
            `  ${a.name} (${a.disposition}): ` +
            (a.expectedTagValue === undefined ? 'not migrated, no tag' : `map-migrated=${a.expectedTagValue}`),
        ),
      ];
    }
    case 'DECIDE_WAVE':
      return [
        `CUSTOMER DECISION: wave ${event.waveId}: ${event.decision}` +
          (event.reason === undefined ? '' : ` ("${event.reason}")`),
      ];
    case 'RECORD_TAGS_APPLIED':
      return [`TAGS APPLIED to wave ${event.waveId} at ${event.appliedAt} (coverage ${event.coverageEvidence.uri})`];
    case 'CUT_OVER_WAVE':
      return [`wave ${event.waveId} cut over on ${day}`];
    case 'VALIDATE_WAVE':
      return [`wave ${event.waveId} validated`];
    case 'RECORD_RUN_RATE': {
      const r = after.actualRunRate;
      if (r === null) return [`actual run-rate recorded: ${dollars(event.monthlyCents)}/month`];
      const share = Math.floor((r.actualMonthlyCents * 100) / r.committedMonthlyCents);
      const t = r.triage;
      return [
        `actual run-rate recorded: ${dollars(r.actualMonthlyCents)}/month, ${share}% of the committed ` +
          `${dollars(r.committedMonthlyCents)}`,
        `  triage on it: ${t.program}${t.ladder ? `, ladder ${t.ladder}` : ''}; cash envelopes on it ` +
          `${money(r.envelopeDifferenceCents)} smaller`,
      ];
    }
    case 'RECORD_TAGGED_SPEND': {
      const q = after.credits.quarters.find((x) => x.quarter === event.quarter);
      if (!q) return [];
      return [
        `COST REPORT ${q.quarter}: tagged ${dollars(q.taggedSpendCents)}, untagged ${dollars(q.untaggedSpendCents)}; ` +
          `credits estimate ${dollars(q.estimateCents)}` +
          (q.lostToUntaggedCents > 0 ? `, lost to untagged ${dollars(q.lostToUntaggedCents)}` : '') +
          `; due by ${q.dueDate}`,
      ];
    }
    case 'RECORD_CREDITS_ISSUED':
      return [
        `CREDITS ISSUED for ${event.quarter}: ${money(event.amountCents)} to AWS account ${event.awsAccountId} on ${day}`,
      ];
    default:
      return [];
  }
}

function findingLines(findings: readonly Finding2[]): string[] {
  return findings.length === 0
    ? ['findings: none, nothing left on the table']
    : [
        `findings: ${findings.length}`,
        ...findings.flatMap((f) => [
          `  - ${f.code}: ${f.title}` +
            (f.dollarsAtStakeCents === null ? '' : ` (at stake: ${money(f.dollarsAtStakeCents)})`),
          `    ${f.detail}`,
        ]),
      ];
}

/** The lines to print for one report of the version-2 story, already indented. */
export function linesForV2(report: V2Report): string[] {
  let lines: string[];
  switch (report.kind) {
    case 'created':
      lines = [
        `opportunity ${report.view.id} opened on ${report.view.createdAt.slice(0, 10)}: phase ${report.view.phase}, ` +
          `machine version ${report.view.machineVersion}, policy ${FUNDING_POLICY_2027.id}`,
      ];
      break;
    case 'refused': {
      const r = report.refusal;
      lines = [
        `409 ${r.code}: ${report.event.type} refused in ${r.state}` +
          (r.missing ? `, missing ${r.missing.length}:` : `: ${r.detail}`),
        ...(r.missing ?? []).map((m) => `  - ${m.key}: ${m.description}`),
      ];
      break;
    }
    case 'accepted':
      lines = accepted(report);
      break;
    case 'findings':
      lines = findingLines(report.findings);
      break;
  }
  return lines.map((line) => `${INDENT}${line}`);
}

const col = (s: string, width = 14): string => s.padStart(width);

/** Every fund request by the name AWS's template gives it, with AWS's reference and the purchase order. */
export function fundRequestsTable(view: OpportunityView2): string[] {
  const width = (cells: string[], head: string): number => Math.max(head.length, ...cells.map((c) => c.length));
  const names = view.fundRequests.map((r) => r.name);
  const refs = view.fundRequests.map((r) => r.awsFundRequestId ?? '-');
  const orders = view.fundRequests.map((r) => r.purchaseOrder ?? '-');
  const [n, a, p] = [width(names, 'fund request'), width(refs, 'AWS reference'), width(orders, 'PO')];
  return [
    `${INDENT}${'fund request'.padEnd(n)}  ${'AWS reference'.padEnd(a)}  ${'PO'.padEnd(p)}  status`,
    ...view.fundRequests.map(
      (r, i) =>
        `${INDENT}${(names[i] ?? '').padEnd(n)}  ${(refs[i] ?? '').padEnd(a)}  ${(orders[i] ?? '').padEnd(p)}  ${r.status}`,
    ),
  ];
}

/** Partner cash per cash tranche (envelope, requested, pre-approved, approved, paid), with the totals. */
export function cashTable(view: OpportunityView2): string[] {
  const rows = Object.entries(view.funding) as [CashTranche, OpportunityView2['funding'][CashTranche]][];
  const width = Math.max(...rows.map(([t]) => t.length), 'tranche'.length);
  const keys = ['envelopeCents', 'requestedCents', 'preApprovedCents', 'approvedCents', 'paidCents'] as const;
  const total = Object.fromEntries(keys.map((k) => [k, rows.reduce((s, [, f]) => s + f[k], 0)])) as Record<
    (typeof keys)[number],
    number
  >;
  const line = (name: string, f: Record<(typeof keys)[number], number>): string =>
    `${INDENT}${name.padEnd(width)} ${keys.map((k) => col(dollars(f[k]))).join(' ')}`;
  return [
    `${INDENT}${'tranche'.padEnd(width)} ${['envelope', 'requested', 'pre-approved', 'approved', 'paid'].map((h) => col(h)).join(' ')}`,
    ...rows.map(([t, f]) => line(t, f)),
    line('total', total),
  ];
}

/**
 * The customer's MAP credits per quarter: tagged and untagged spend, the
 * estimate (the policy's rate x tagged spend), what AWS issued, and what the
 * untagged spend lost, with the totals.
 */
export function creditsTable(view: OpportunityView2): string[] {
  const c = view.credits;
  const head = ['tagged', 'untagged', 'estimate', 'issued', 'lost'];
  const row = (q: string, cells: number[]): string =>
    `${INDENT}${q.padEnd(8)} ${cells.map((x) => col(dollars(x), 12)).join(' ')}`;
  const tagged = c.quarters.reduce((s, q) => s + q.taggedSpendCents, 0);
  const untagged = c.quarters.reduce((s, q) => s + q.untaggedSpendCents, 0);
  return [
    `${INDENT}${'quarter'.padEnd(8)} ${head.map((h) => col(h, 12)).join(' ')}`,
    ...c.quarters.map((q) =>
      row(q.quarter, [q.taggedSpendCents, q.untaggedSpendCents, q.estimateCents, q.issuedCents, q.lostToUntaggedCents]),
    ),
    row('total', [tagged, untagged, c.estimateCents, c.issuedCents, c.lostToUntaggedCents]),
  ];
}

/** The MAP tag of every application of every wave, and when the wave's tags went on. */
export function tagsTable(view: OpportunityView2): string[] {
  return view.waves.flatMap((w) =>
    w.applications.map(
      (a) =>
        `${INDENT}${w.waveId.padEnd(6)} ${a.name.padEnd(17)} ${a.disposition.padEnd(11)} ` +
        (a.expectedTagValue === undefined
          ? 'no tag (not migrated)'
          : `map-migrated=${a.expectedTagValue}, applied ${w.tagsApplied?.appliedAt ?? 'never'}`),
    ),
  );
}

/** A sentence about the policy's credit rate, for the table's heading. */
export function creditRateWords(): string {
  return `${percent(FUNDING_POLICY_2027.creditRateBps.value)} of tagged spend`;
}
