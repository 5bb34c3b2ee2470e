import type { FundingReport, FundingTotals, PipelineReport } from '../../opportunities/opportunity-reports.service';
import { BarChart, type Series } from './charts';
import { Layout, type Viewer } from './layout';
import { DataTable, usd, when } from './parts';

/** Groups a chart shows; the tables and the CSV hold every one. */
const CHART_GROUPS = 12;

const FUNDING_SERIES: Series[] = [
  { name: 'Envelope', color: '#0b5cad' },
  { name: 'Requested', color: '#6f42c1' },
  { name: 'Approved', color: '#1a6b35' },
  { name: 'Paid', color: '#8a5300' },
  { name: 'Left on table', color: '#a4161a' },
];

const valuesOf = (t: FundingTotals): number[] => [
  t.envelopeCents,
  t.requestedCents,
  t.approvedCents,
  t.paidCents,
  t.leftOnTheTableCents,
];

function FundingTable(props: {
  label: string;
  first: string;
  rows: ({ name: string } & FundingTotals)[];
}): JSX.Element {
  return (
    <DataTable
      label={props.label}
      head={[props.first, 'Opportunities', 'Envelope', 'Requested', 'Approved', 'Paid', 'Left on the table']}
    >
      {props.rows.map((r) => (
        <tr>
          <td safe>{r.name}</td>
          <td safe>{String(r.opportunities)}</td>
          <td safe>{usd(r.envelopeCents)}</td>
          <td safe>{usd(r.requestedCents)}</td>
          <td safe>{usd(r.approvedCents)}</td>
          <td safe>{usd(r.paidCents)}</td>
          <td safe>{usd(r.leftOnTheTableCents)}</td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The pipeline by phase, and funding by partner and by month: charts, tables, CSV downloads. */
export function ReportsView(props: { viewer: Viewer; pipeline: PipelineReport; funding: FundingReport }): JSX.Element {
  const { pipeline, funding } = props;
  const partners = funding.byPartner.map((p) => ({ name: p.partnerName, ...p }));
  const months = funding.byMonth.map((m) => ({ name: m.month, ...m }));
  const topPartners = [...partners].sort((a, b) => b.envelopeCents - a.envelopeCents).slice(0, CHART_GROUPS);
  return (
    <Layout title="Reports" viewer={props.viewer}>
      <p class="hint" safe>
        {`Figures as of ${when(funding.asOf)}. Envelopes are the policy's on each opportunity's current profile; left on the table is the sum of the findings' dollars at stake.`}
      </p>
      <h2>Pipeline by phase</h2>
      <p>
        <a href="/app/reports/pipeline.csv">Download the pipeline (CSV)</a>
      </p>
      <BarChart
        id="pipeline"
        title={`Opportunities by phase, ${pipeline.total} in all`}
        series={[{ name: 'Opportunities', color: '#0b5cad' }]}
        groups={pipeline.phases.map((p) => ({ label: p.phase, values: [p.count] }))}
        format={String}
      />
      <h2>Funding by partner</h2>
      <p>
        <a href="/app/reports/funding.csv">Download the funding report (CSV)</a>
      </p>
      <BarChart
        id="by-partner"
        title={`Funding by partner (the ${topPartners.length} largest envelopes)`}
        series={FUNDING_SERIES}
        groups={topPartners.map((p) => ({ label: p.name, values: valuesOf(p) }))}
        format={usd}
      />
      <FundingTable label="Funding by partner" first="Partner" rows={partners} />
      <h2>Funding by month opened</h2>
      <BarChart
        id="by-month"
        title={`Funding by the month opportunities were opened (the last ${Math.min(months.length, CHART_GROUPS)})`}
        series={FUNDING_SERIES}
        groups={months.slice(-CHART_GROUPS).map((m) => ({ label: m.name, values: valuesOf(m) }))}
        format={usd}
      />
      <FundingTable label="Funding by month" first="Month" rows={[...months, { name: 'All', ...funding.total }]} />
    </Layout>
  );
}
