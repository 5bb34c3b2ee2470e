import type { ClaimsQueue, QueueLine } from '../../opportunities/opportunity-reads.service';
import { Layout, type Viewer } from './layout';
import { usd, when, DataTable } from './parts';

function QueueTable(props: { caption: string; lines: QueueLine[]; empty: string }): JSX.Element {
  if (props.lines.length === 0)
    return (
      <p class="card" safe>
        {props.empty}
      </p>
    );
  return (
    <DataTable
      caption={props.caption}
      head={['Since', 'Opportunity', 'Partner', 'Request', 'Claim', 'Waiting for', 'Audit']}
    >
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
    </DataTable>
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
