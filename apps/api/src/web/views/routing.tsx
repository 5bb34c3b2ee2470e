import type { ChainVerdict } from '@mapflow/audit';
import type { InquiryDetailDto, InquiryDto, OfferDto, RoutingReportDto } from '../../routing/dto/routing.dto';
import { Csrf, Layout, Messages, type Viewer } from './layout';
import { DataTable, when } from './parts';

const usd = (cents: number): string => `$${Math.round(cents / 100).toLocaleString('en-US')}`;
const share = (x: number | null): string => (x === null ? '-' : `${Math.round(x * 100)}%`);

/** Ops: inquiries with their SLA clock, and the routing report (design/routing.md "What ops sees"). */
export function InquiriesView(props: { viewer: Viewer; items: InquiryDto[]; report: RoutingReportDto }): JSX.Element {
  const r = props.report;
  return (
    <Layout title="Inquiries" viewer={props.viewer}>
      <section class="card" aria-labelledby="report">
        <h2 id="report">Routing, so far</h2>
        <dl class="facts">
          <dt>Inquiries</dt>
          <dd safe>{String(r.inquiries)}</dd>
          <dt>Matched to a partner</dt>
          <dd safe>{String(r.matched)}</dd>
          <dt>Median time to match</dt>
          <dd safe>{r.medianHoursToMatch === null ? '-' : `${r.medianHoursToMatch} hours`}</dd>
          <dt>Matched within 24 hours</dt>
          <dd safe>{share(r.shareWithin24h)}</dd>
          <dt>Over 24 hours</dt>
          <dd safe>{String(r.breaches)}</dd>
        </dl>
        <p class="hint">
          As JSON: <code>GET /v1/inquiries/report</code> with an ops API key.
        </p>
      </section>
      <DataTable
        caption="Acceptance per partner"
        head={['Partner', 'Offers', 'Accepted', 'Declined', 'Lapsed', 'Acceptance']}
      >
        {r.partners.map((p) => (
          <tr>
            <td safe>{p.name}</td>
            <td safe>{String(p.offers)}</td>
            <td safe>{String(p.accepted)}</td>
            <td safe>{String(p.declined)}</td>
            <td safe>{String(p.lapsed)}</td>
            <td safe>{share(p.acceptance)}</td>
          </tr>
        ))}
      </DataTable>
      <DataTable
        caption="Inquiries, newest first"
        head={['Received', 'Company', 'From', 'Program', 'State', 'Hours', 'Over 24 h']}
      >
        {props.items.map((i) => (
          <tr>
            <td safe>{when(i.receivedAt)}</td>
            <td>
              <a href={`/app/inquiries/${i.id}`} safe>
                {i.input.companyName}
              </a>
            </td>
            <td>{i.input.sourcePlatform}</td>
            <td safe>{String(i.triage.program)}</td>
            <td safe>{i.state}</td>
            <td safe>{String(i.slaHours)}</td>
            <td>{i.slaBreached ? <strong>yes</strong> : 'no'}</td>
          </tr>
        ))}
      </DataTable>
    </Layout>
  );
}

/** Ops: one inquiry, its triage, offers, candidates with their reasons, and its chain's verdict. */
export function InquiryView(props: {
  viewer: Viewer;
  inquiry: InquiryDetailDto;
  verdict: ChainVerdict;
  messages?: readonly string[];
}): JSX.Element {
  const i = props.inquiry;
  const reasons = Array.isArray(i.triage.reasons) ? i.triage.reasons.map(String) : [];
  const offerable = i.state === 'triaged' || i.state === 'referred';
  return (
    <Layout title={`Inquiry: ${i.input.companyName}`} viewer={props.viewer}>
      <Messages messages={props.messages ?? []} />
      <section class="card" aria-labelledby="asked">
        <h2 id="asked">What they told us</h2>
        <dl class="facts">
          <dt>Contact</dt>
          <dd safe>{i.input.contactEmail}</dd>
          <dt>From</dt>
          <dd safe>{`${i.input.sourcePlatform}, ${i.input.servers} servers, ${i.input.databases} databases`}</dd>
          <dt>To</dt>
          <dd safe>{`${i.input.region}, customer in ${i.input.customerCountry}`}</dd>
          <dt>Spend a month</dt>
          <dd safe>{usd(i.input.currentMonthlySpendCents)}</dd>
          <dt>State</dt>
          <dd safe>{`${i.state}${i.closedReason ? `: ${i.closedReason}` : ''}`}</dd>
          <dt>Hours since received</dt>
          <dd safe>{`${i.slaHours}${i.slaBreached ? ' (over 24)' : ''}`}</dd>
          <dt>Chain of decisions</dt>
          <dd safe>
            {props.verdict.valid
              ? `verified, ${props.verdict.entries} entries`
              : `BROKEN at ${props.verdict.firstBadSeq}: ${props.verdict.reason}`}
          </dd>
        </dl>
        <h3 safe>{`Triage: ${String(i.triage.program)}`}</h3>
        <ul>
          {reasons.map((r) => (
            <li safe>{r}</li>
          ))}
        </ul>
      </section>
      <DataTable caption="Offers" head={['#', 'Partner', 'Status', 'Offered', 'Deadline', 'Reason']}>
        {i.offers.map((o) => (
          <tr>
            <td safe>{String(o.rank)}</td>
            <td safe>{o.partnerName}</td>
            <td safe>{o.status}</td>
            <td safe>{when(o.offeredAt)}</td>
            <td safe>{when(o.deadlineAt)}</td>
            <td safe>{o.reason ?? ''}</td>
          </tr>
        ))}
      </DataTable>
      {offerable && (
        <section aria-labelledby="candidates">
          <h2 id="candidates">Candidates</h2>
          {i.candidates.length === 0 ? <p class="card">No partner can take it now.</p> : ''}
          {i.candidates.map((c) => (
            <form method="post" action={`/app/inquiries/${i.id}/offers`} class="card">
              <Csrf viewer={props.viewer} />
              <input type="hidden" name="partnerOrgId" value={c.orgId} />
              <h3 safe>{`${c.name} (${c.tier}), score ${c.score}`}</h3>
              <ul>
                {c.reasons.map((r) => (
                  <li safe>{r}</li>
                ))}
              </ul>
              <button type="submit" safe>{`Offer to ${c.name}`}</button>
            </form>
          ))}
        </section>
      )}
      {i.excluded.length > 0 && (
        <DataTable caption="Not candidates, and why" head={['Partner', 'Why not']}>
          {i.excluded.map((e) => (
            <tr>
              <td safe>{e.name}</td>
              <td safe>{e.reasons.join('; ')}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}

/** A partner's open offers, each to accept or decline (with a reason) before its deadline. */
export function OffersView(props: { viewer: Viewer; offers: OfferDto[]; messages?: readonly string[] }): JSX.Element {
  return (
    <Layout title="Offers" viewer={props.viewer}>
      <Messages messages={props.messages ?? []} />
      {props.offers.length === 0 ? <p class="card">No open offer. New inquiries offered to you appear here.</p> : ''}
      {props.offers.map((o) => (
        <section class="card" aria-labelledby={`offer-${o.id}`}>
          <h2 id={`offer-${o.id}`} safe>
            {`${o.summary.companyName}: ${o.summary.program}, from ${o.summary.sourcePlatform}`}
          </h2>
          <p safe>
            {`${o.summary.servers} servers, to ${o.summary.region}, customer in ${o.summary.customerCountry}. Answer by ${when(o.deadlineAt)}; after that it goes to the next candidate.`}
          </p>
          <div class="actions">
            <form method="post" action={`/app/offers/${o.id}/accept`}>
              <Csrf viewer={props.viewer} />
              <button type="submit">Accept</button>
            </form>
            <form method="post" action={`/app/offers/${o.id}/decline`}>
              <Csrf viewer={props.viewer} />
              <label for={`reason-${o.id}`}>Why not</label>
              <textarea id={`reason-${o.id}`} name="reason" required maxlength="2000"></textarea>
              <button type="submit" class="danger">
                Decline
              </button>
            </form>
          </div>
        </section>
      ))}
    </Layout>
  );
}
