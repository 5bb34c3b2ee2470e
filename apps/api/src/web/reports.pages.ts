import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import { OpportunityReportsService, type FundingTotals } from '../opportunities/opportunity-reports.service';
import { html, Page } from './page';
import { viewerOf } from './viewer';
import { ReportsView } from './views/reports';

/** Cents as a decimal dollar amount for a spreadsheet: 123456 -> "1234.56". */
const dollars = (cents: number): string => (cents / 100).toFixed(2);

const moneyColumns = (t: FundingTotals): (string | number)[] => [
  t.opportunities,
  dollars(t.envelopeCents),
  dollars(t.requestedCents),
  dollars(t.approvedCents),
  dollars(t.paidCents),
  dollars(t.leftOnTheTableCents),
];

/** CSV as spreadsheets open it safely: a cell that would start a formula is quoted as text. */
function csv(rows: (string | number)[][]): string {
  return stringify(rows, { escape_formulas: true });
}

/** The ops reports (design/web.md "Reports"): the page with its SVG charts, and the same figures as CSV. */
@Injectable()
export class ReportsPages {
  constructor(private readonly reports: OpportunityReportsService) {}

  async page(request: FastifyRequest): Promise<Page> {
    const [pipeline, funding] = await Promise.all([this.reports.pipeline(), this.reports.funding()]);
    return html(ReportsView({ viewer: viewerOf(request), pipeline, funding }));
  }

  async pipelineCsv(): Promise<Page> {
    const { phases } = await this.reports.pipeline();
    return {
      download: {
        type: 'text/csv; charset=utf-8',
        name: 'mapflow-pipeline.csv',
        body: csv([['phase', 'opportunities'], ...phases.map((p) => [p.phase, p.count])]),
      },
    };
  }

  /** One row per partner, then per month opened, then the total; money in US dollars. */
  async fundingCsv(): Promise<Page> {
    const f = await this.reports.funding();
    const head = [
      'scope',
      'name',
      'opportunities',
      'envelope_usd',
      'requested_usd',
      'approved_usd',
      'paid_usd',
      'left_on_the_table_usd',
    ];
    return {
      download: {
        type: 'text/csv; charset=utf-8',
        name: `mapflow-funding-${f.asOf.slice(0, 10)}.csv`,
        body: csv([
          head,
          ...f.byPartner.map((p) => ['partner', p.partnerName, ...moneyColumns(p)]),
          ...f.byMonth.map((m) => ['month', m.month, ...moneyColumns(m)]),
          ['total', 'all', ...moneyColumns(f.total)],
        ]),
      },
    };
  }
}
