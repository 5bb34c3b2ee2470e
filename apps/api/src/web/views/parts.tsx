import type { PropsWithChildren } from '@kitajs/html';
import { Csrf, Messages, type Viewer } from './layout';

/** Dollars from cents, as people read them: $12,000 or $12,000.50. */
export function usd(cents: number): string {
  const dollars = cents / 100;
  return dollars.toLocaleString('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: Number.isInteger(dollars) ? 0 : 2,
  });
}

/** An instant as a person reads it, in UTC: 2026-12-05 09:50 UTC. */
export function when(iso: string | null): string {
  return iso === null ? '' : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** What a refused or stale form tells the person, above the form again. */
export interface Notice {
  status: number;
  messages: string[];
  /** On 412: what changed since the page was rendered, in words, oldest first. */
  changes: string[];
}

/** The notice of a refused form: what changed (on 412) and why it was refused. */
export function NoticeView(props: { notice?: Notice }): JSX.Element {
  const { notice } = props;
  if (notice === undefined) return '';
  if (notice.changes.length === 0) return <Messages messages={notice.messages} />;
  return (
    <div class="messages" role="alert">
      <p>
        <strong>This changed while you were looking at it.</strong> Nothing was recorded. Here is what happened since
        you opened the page; the page below shows it as it is now. Decide again.
      </p>
      <ul>
        {notice.changes.map((c) => (
          <li safe>{c}</li>
        ))}
      </ul>
    </div>
  );
}

/** A form that sends one event: the session's CSRF token and the version the page was rendered from. */
export function EventForm(
  props: PropsWithChildren<{
    viewer: Viewer;
    action: string;
    version: number;
    type: string;
    label: string;
    danger?: boolean;
  }>,
): JSX.Element {
  return (
    <form method="post" action={props.action} class="card">
      <Csrf viewer={props.viewer} />
      <input type="hidden" name="version" value={String(props.version)} />
      <input type="hidden" name="type" value={props.type} />
      {props.children}
      <button type="submit" class={props.danger ? 'danger' : ''} safe>
        {props.label}
      </button>
    </form>
  );
}

/**
 * A table of rows (its children) with its column heads, in a region that
 * scrolls sideways on a narrow screen and that a keyboard can reach.
 */
export function DataTable(props: PropsWithChildren<{ head: string[]; caption?: string; label?: string }>): JSX.Element {
  const name = props.label ?? props.caption ?? 'Table';
  return (
    <div class="table-wrap" tabindex="0" role="region" aria-label={`${name}, scrolls sideways on a narrow screen`}>
      <table>
        {props.caption !== undefined && (
          <caption class="hint" safe>
            {props.caption}
          </caption>
        )}
        <thead>
          <tr>
            {props.head.map((h) => (
              <th scope="col" safe>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
