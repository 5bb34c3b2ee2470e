import type { ClaimsQueue, QueueLine } from '../../opportunities/opportunity-reads.service';
import { Layout, type Viewer } from './layout';
import { usd, when } from './parts';

function QueueTable(props: { caption: string; lines: QueueLine[]; empty: string }): JSX.Element {
  if (props.lines.length === 0)
    return (
      <p class="card" safe>
        {props.empty}
      </p>
    );
  return (
    <div class="table-wrap" tabindex="0" role="region" aria-label="Table, scrolls sideways on a narrow screen">
      <table>
        <caption class="hint" safe>
          {props.caption}
        </caption>
        <thead>
          <tr>
            <th scope="col">Since</th>
            <th scope="col">Opportunity</th>
            <th scope="col">Partner</th>
            <th scope="col">Request</th>
            <th scope="col">Claim</th>
            <th scope="col">Waiting for</th>
            <th scope="col">Audit</th>
          </tr>
        </thead>
        <tbody>
          {props.lines.map((l) => (
            <tr>
              <td safe>{when(l.since)}</td>
              <td safe>{l.title}</td>
              <td safe>{l.partnerName}</td>
              <td safe>{`${l.requestName} (${l.stage.replace(/_/g, ' ')}, due ${l.claimDueDate})`}</td>
              <td safe>{l.claimId === null ? '' : `${l.claimId} ${usd(l.amountCents ?? 0)}`}</td>
              <td safe>{l.waitingFor}</td>
              <td>
                <a href={`/app/audit/${l.opportunityId}`}>Audit trail</a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ClaimsQueueView(props: { viewer: Viewer; queue: ClaimsQueue }): JSX.Element {
  const { queue } = props;
  return (
    <Layout title="Claims queue" viewer={props.viewer}>
      <h2>Claims signed off or submitted</h2>
      <QueueTable caption="Oldest first" lines={queue.claims} empty="No claim waits for the partner or for AWS." />
      <h2>Requests due within 14 days</h2>
      <QueueTable caption="Oldest first" lines={queue.dueSoon} empty="No open request is due within 14 days." />
      <h2>Expired requests</h2>
      <QueueTable caption="Oldest first" lines={queue.expired} empty="No open request is past its claim due date." />
    </Layout>
  );
}
