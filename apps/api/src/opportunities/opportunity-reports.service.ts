import { Injectable } from '@nestjs/common';
import { findingsAny, PHASES, viewAny } from '@mapflow/workflow';
import { OpportunitiesRepository, type ReportRow } from './opportunities.repository';

/** Money over a set of opportunities, in cents. */
export interface FundingTotals {
  opportunities: number;
  /** The policy envelopes of every tranche on each opportunity's current profile. */
  envelopeCents: number;
  /** Asked for by the fund requests. */
  requestedCents: number;
  approvedCents: number;
  paidCents: number;
  /** The findings' dollars at stake ("money left on the table", DESIGN.md §2). */
  leftOnTheTableCents: number;
}

export interface FundingReport {
  /** The instant the figures were computed. */
  asOf: string;
  byPartner: ({ partnerOrgId: string; partnerName: string } & FundingTotals)[];
  /** By the month each opportunity was opened (YYYY-MM), oldest first. */
  byMonth: ({ month: string } & FundingTotals)[];
  total: FundingTotals;
}

export interface PipelineReport {
  phases: { phase: string; count: number }[];
  total: number;
}

/** The phases in lifecycle order, then the endings. */
const PHASE_ORDER: readonly string[] = PHASES;

/** A computed funding report serves until an opportunity changes, or for this long (findings depend on the date). */
const REPORT_MAX_AGE_MS = 5 * 60_000;

const zero = (): FundingTotals => ({
  opportunities: 0,
  envelopeCents: 0,
  requestedCents: 0,
  approvedCents: 0,
  paidCents: 0,
  leftOnTheTableCents: 0,
});

function add(into: FundingTotals, from: FundingTotals): void {
  into.opportunities += from.opportunities;
  into.envelopeCents += from.envelopeCents;
  into.requestedCents += from.requestedCents;
  into.approvedCents += from.approvedCents;
  into.paidCents += from.paidCents;
  into.leftOnTheTableCents += from.leftOnTheTableCents;
}

/** One opportunity's money, from its read and its findings (the same the API answers for it), at `now`. */
function fundingOf(row: ReportRow, now: string): FundingTotals {
  const totals = zero();
  totals.opportunities = 1;
  for (const t of Object.values(viewAny(row.snapshot, now).funding)) {
    totals.envelopeCents += t.envelopeCents;
    totals.requestedCents += t.requestedCents;
    totals.approvedCents += t.approvedCents;
    totals.paidCents += t.paidCents;
  }
  for (const f of findingsAny(row.snapshot, now, { closedMapOpportunities: row.partnerClosed }))
    totals.leftOnTheTableCents += f.dollarsAtStakeCents ?? 0;
  return totals;
}

/**
 * The ops reports (design/web.md "Reports"): the pipeline by phase, and
 * funding by partner and by month, computed from each opportunity's own read
 * and findings, so a report never disagrees with the opportunity's page.
 */
@Injectable()
export class OpportunityReportsService {
  private cached: { fingerprint: string; at: number; report: FundingReport } | null = null;

  constructor(private readonly opportunities: OpportunitiesRepository) {}

  async pipeline(): Promise<PipelineReport> {
    const counts = new Map((await this.opportunities.countByPhase()).map((r) => [r.phase, r.count]));
    const phases = [...PHASE_ORDER, ...[...counts.keys()].filter((p) => !PHASE_ORDER.includes(p)).sort()].map(
      (phase) => ({ phase, count: counts.get(phase) ?? 0 }),
    );
    return { phases, total: phases.reduce((s, p) => s + p.count, 0) };
  }

  async funding(): Promise<FundingReport> {
    const fingerprint = await this.opportunities.fingerprint();
    const cached = this.cached;
    if (cached !== null && cached.fingerprint === fingerprint && Date.now() - cached.at < REPORT_MAX_AGE_MS)
      return cached.report;
    const report = await this.compute();
    this.cached = { fingerprint, at: Date.now(), report };
    return report;
  }

  private async compute(): Promise<FundingReport> {
    const now = new Date().toISOString();
    const partners = new Map<string, { partnerOrgId: string; partnerName: string } & FundingTotals>();
    const months = new Map<string, { month: string } & FundingTotals>();
    const total = zero();
    for await (const batch of this.opportunities.everyForReport()) {
      for (const row of batch) {
        const f = fundingOf(row, now);
        const month = new Date(row.createdAt).toISOString().slice(0, 7);
        const partner =
          partners.get(row.partnerOrgId) ??
          partners
            .set(row.partnerOrgId, { partnerOrgId: row.partnerOrgId, partnerName: row.partnerName, ...zero() })
            .get(row.partnerOrgId);
        const inMonth = months.get(month) ?? months.set(month, { month, ...zero() }).get(month);
        if (partner !== undefined) add(partner, f);
        if (inMonth !== undefined) add(inMonth, f);
        add(total, f);
      }
    }
    return {
      asOf: now,
      byPartner: [...partners.values()].sort(
        (a, b) => a.partnerName.localeCompare(b.partnerName) || a.partnerOrgId.localeCompare(b.partnerOrgId),
      ),
      byMonth: [...months.values()].sort((a, b) => a.month.localeCompare(b.month)),
      total,
    };
  }
}
