import type { AnyOpportunityView, Finding, Finding2 } from '@mapflow/workflow';
import { Layout, type Viewer } from './layout';
import { EventForm, type Notice, NoticeView, usd, when, DataTable } from './parts';

/** One opportunity on the partner's board. */
export interface BoardCard {
  id: string;
  title: string;
  phase: string;
  done: number;
  total: number;
  overdue: boolean;
  nextDue: string | null;
}

export function BoardView(props: {
  viewer: Viewer;
  /** Each phase with opportunities, in lifecycle order, with how many. */
  phases: { phase: string; count: number }[];
  /** The phase whose cards are shown. */
  phase: string | null;
  cards: BoardCard[];
  nextCursor: string | null;
}): JSX.Element {
  const { phase } = props;
  return (
    <Layout title="Your opportunities" viewer={props.viewer}>
      {props.phases.length === 0 ? (
        <p class="card">No opportunity yet: open one over the API (POST /v1/opportunities).</p>
      ) : (
        <nav aria-label="Phases">
          <ul class="phases">
            {props.phases.map((p) => (
              <li>
                <a
                  href={`/app/board?phase=${p.phase}`}
                  aria-current={p.phase === phase ? 'page' : undefined}
                  class={p.phase === phase ? 'current' : undefined}
                  safe
                >
                  {`${p.phase} (${p.count})`}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {phase !== null && (
        <section aria-labelledby="phase-cards">
          <h2 id="phase-cards" safe>
            {phase}
          </h2>
          <DataTable head={['Opportunity', 'Gate progress', 'Overdue', 'Next due date']}>
            {props.cards.map((c) => (
              <tr>
                <td>
                  <a href={`/app/opportunities/${c.id}`} safe>
                    {c.title}
                  </a>
                </td>
                <td safe>{`${c.done} of ${c.total}`}</td>
                <td>{c.overdue ? <span class="tag bad">overdue</span> : ''}</td>
                <td safe>{c.nextDue ?? ''}</td>
              </tr>
            ))}
          </DataTable>
          {props.nextCursor !== null && (
            <p>
              <a href={`/app/board?phase=${phase}&cursor=${encodeURIComponent(props.nextCursor)}`}>
                Next opportunities in this phase
              </a>
            </p>
          )}
        </section>
      )}
    </Layout>
  );
}

export function OpportunityView(props: {
  viewer: Viewer;
  o: AnyOpportunityView;
  findings: (Finding | Finding2)[];
  notice?: Notice;
}): JSX.Element {
  const { o, viewer } = props;
  const action = `/app/opportunities/${o.id}`;
  const partner = viewer.role === 'partner';
  const open = o.checklist.filter((c) => !c.done && c.phase === o.phase);
  return (
    <Layout title={o.title} viewer={viewer}>
      <NoticeView notice={props.notice} />
      <dl class="facts card">
        <dt>Phase</dt>
        <dd safe>{`${o.phase}, since ${when(o.phaseEnteredAt)} (${o.timeInPhaseDays} days)`}</dd>
        <dt>Customer</dt>
        <dd safe>{o.customerName}</dd>
        <dt>Machine version</dt>
        <dd safe>{o.machineVersion}</dd>
        <dt>Overdue</dt>
        <dd>{o.overdue ? `yes, since ${when(o.overdueAt)}` : 'no'}</dd>
      </dl>
      <h2>Lifecycle</h2>
      <div class="diagram" tabindex="0" role="region" aria-label="Lifecycle diagram, scrolls sideways">
        <img src={`/app/opportunities/${o.id}/diagram.svg`} alt={`The lifecycle; the opportunity is in ${o.state}`} />
      </div>
      <h2>Gate to {o.gate.next ?? 'the end'}</h2>
      {o.gate.missing.length === 0 ? (
        <p class="card">Nothing is missing: the gate is ready.</p>
      ) : (
        <ul class="card" aria-label="Missing for the gate">
          {o.gate.missing.map((m) => (
            <li safe>{m.description}</li>
          ))}
        </ul>
      )}
      {partner && o.gate.next !== null ? (
        <EventForm
          viewer={viewer}
          action={action}
          version={o.version}
          type="ADVANCE"
          label={`Advance to ${o.gate.next}`}
        />
      ) : (
        ''
      )}
      <h2>Checklist</h2>
      <DataTable head={['Item', 'Phase', 'Done', 'Evidence']}>
        {o.checklist.map((c) => (
          <tr>
            <td safe>{c.description}</td>
            <td>{c.phase}</td>
            <td>{c.done ? when(c.completedAt) : 'not yet'}</td>
            <td>
              <code safe>{c.evidence === null ? '' : `${c.evidence.uri} ${c.evidence.sha256}`}</code>
            </td>
          </tr>
        ))}
      </DataTable>
      {partner && open.length > 0 ? (
        <EventForm
          viewer={viewer}
          action={action}
          version={o.version}
          type="COMPLETE_CHECKLIST_ITEM"
          label="Complete the item"
        >
          <label for="item">Item</label>
          <select id="item" name="item">
            {open.map((c) => (
              <option value={c.key} safe>
                {c.description}
              </option>
            ))}
          </select>
          <label for="evidence-file">Evidence document (hashed here, in your browser; it is not uploaded)</label>
          <input id="evidence-file" type="file" data-sha256-into="evidence-sha256" />
          <label for="evidence-sha256">SHA-256 of the document</label>
          <input id="evidence-sha256" name="evidence.sha256" type="text" pattern="[0-9a-f]{64}" required />
          <label for="evidence-uri">Where the document is kept (URI)</label>
          <input
            id="evidence-uri"
            name="evidence.uri"
            type="url"
            required
            placeholder="s3://bucket/assess/inventory.xlsx"
          />
        </EventForm>
      ) : (
        ''
      )}
      <h2>Waves</h2>
      {o.waves.length === 0 ? (
        <p class="card">No wave planned yet.</p>
      ) : (
        <ul class="card">
          {o.waves.map((w) => (
            <li
              safe
            >{`${w.name}: ${w.status.replace(/_/g, ' ')} (revision ${w.revision}, ${w.applications.length} applications)`}</li>
          ))}
        </ul>
      )}
      <h2>Fund requests</h2>
      {o.fundRequests.length === 0 ? (
        <p class="card">No fund request filed yet.</p>
      ) : (
        <ul class="card">
          {o.fundRequests.map((fr) => (
            <li
              safe
            >{`${fr.name}: ${fr.stage.replace(/_/g, ' ')}, claim due ${fr.claimDueDate}, ${fr.claims.length} claims`}</li>
          ))}
        </ul>
      )}
      <h2>Findings</h2>
      {props.findings.length === 0 ? (
        <p class="card">No finding: nothing is left on the table.</p>
      ) : (
        <ul class="card">
          {props.findings.map((f) => (
            <li safe>
              {`${f.title}: ${f.detail}${f.dollarsAtStakeCents === null ? '' : ` (${usd(f.dollarsAtStakeCents)} at stake)`}`}
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
