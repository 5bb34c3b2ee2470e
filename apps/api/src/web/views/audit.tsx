/// <reference types="@kitajs/html/htmx" />
import type { ChainLink, ChainVerdict } from '@mapflow/audit';
import { eventWords } from '../entry-words';
import { Csrf, Layout, Messages, type Viewer } from './layout';
import { when, DataTable } from './parts';

/** The audit start page: find an opportunity's chain; take a signed checkpoint over every chain. */
export function AuditIndexView(props: { viewer: Viewer; opportunity?: string; messages?: string[] }): JSX.Element {
  return (
    <Layout title="Audit" viewer={props.viewer}>
      <section class="card">
        <h2>An opportunity's audit chain</h2>
        <Messages messages={props.messages ?? []} />
        <form method="get" action="/app/audit">
          <label for="opportunity">Opportunity id</label>
          <input
            id="opportunity"
            name="opportunity"
            value={props.opportunity ?? ''}
            required
            autocomplete="off"
            aria-describedby="opportunity-hint"
          />
          <p id="opportunity-hint" class="hint">
            The claims queue links each opportunity's chain too.
          </p>
          <button type="submit">Open the chain</button>
        </form>
      </section>
      <section class="card">
        <h2>Checkpoint</h2>
        <p>
          A checkpoint is a signed statement of every chain's head, now. Keep the file somewhere mapflow cannot write:
          checked later (<code>POST /v1/audit/checkpoints/verify</code>), it proves no entry before it was changed
          since.
        </p>
        <form method="post" action="/app/audit/checkpoint">
          <Csrf viewer={props.viewer} />
          <button type="submit">Take and download a checkpoint</button>
        </form>
      </section>
    </Layout>
  );
}

function VerdictView(props: { verdict: ChainVerdict }): JSX.Element {
  const v = props.verdict;
  if (v.valid)
    return (
      <div class="verdict ok" role="status">
        <p>
          <strong>The chain is intact.</strong>
        </p>
        <p
          safe
        >{`${v.entries} entries: every link and hash checked, and the events replayed through the machine give the stored snapshot. Head hash ${v.headHash ?? ''}.`}</p>
      </div>
    );
  return (
    <div class="verdict bad" role="alert">
      <p>
        <strong>The chain does not verify.</strong>
      </p>
      <p safe>{`First bad entry: ${v.firstBadSeq ?? 'none'}. ${v.reason ?? ''}`}</p>
    </div>
  );
}

/** One opportunity's chain: verify it, export it, and its entries with their hashes. */
export function AuditChainView(props: {
  viewer: Viewer;
  id: string;
  title: string;
  links: ChainLink[];
  more: boolean;
  verdict?: ChainVerdict;
}): JSX.Element {
  const { id } = props;
  return (
    <Layout title={`Audit: ${props.title}`} viewer={props.viewer}>
      <p>
        <a href={`/app/opportunities/${id}`}>The opportunity</a>
      </p>
      <div id="verdict">{props.verdict !== undefined && <VerdictView verdict={props.verdict} />}</div>
      <div class="actions">
        {/* With JavaScript, htmx posts the form and swaps in the verdict alone; without it, the page comes back whole. */}
        <form
          method="post"
          action={`/app/audit/${id}/verify`}
          hx-post={`/app/audit/${id}/verify`}
          hx-target="#verdict"
          hx-select="#verdict"
          hx-swap="outerHTML"
          hx-disabled-elt="find button"
        >
          <Csrf viewer={props.viewer} />
          <button type="submit">Verify the chain</button>
        </form>
        <a class="button" href={`/app/audit/${id}/chain.ndjson`}>
          Download every entry (NDJSON)
        </a>
      </div>
      <DataTable
        label="Audit entries"
        caption={props.more ? `The first ${props.links.length} entries; the download holds every one.` : 'Every entry.'}
        head={['Seq', 'Recorded', 'By', 'Event', 'State after', 'Hash']}
      >
        {props.links.map((l) => (
          <tr>
            <td safe>{String(l.seq)}</td>
            <td safe>{when(l.entry.recordedAt)}</td>
            <td safe>{l.entry.actor.role}</td>
            <td safe>{eventWords(l.entry)}</td>
            <td safe>{l.entry.state}</td>
            <td>
              <code class="hash" safe>
                {l.hash}
              </code>
            </td>
          </tr>
        ))}
      </DataTable>
    </Layout>
  );
}
