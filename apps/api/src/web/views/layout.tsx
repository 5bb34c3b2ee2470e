import type { PropsWithChildren } from '@kitajs/html';
import type { OrgKind } from '@mapflow/persistence';
import { CSRF_FIELD } from '../web-auth';

/** The signed-in person a page is rendered for. */
export interface Viewer {
  name: string;
  email: string;
  role: OrgKind;
  /** The session's CSRF token, put in every form. */
  csrf: string;
}

const NAV: Record<OrgKind, { href: string; label: string }[]> = {
  customer: [{ href: '/app/inbox', label: 'Inbox' }],
  partner: [
    { href: '/app/board', label: 'Board' },
    { href: '/app/offers', label: 'Offers' },
  ],
  ops: [
    { href: '/app/claims', label: 'Claims' },
    { href: '/app/inquiries', label: 'Inquiries' },
    { href: '/app/reports', label: 'Reports' },
    { href: '/app/audit', label: 'Audit' },
    { href: '/app/orgs', label: 'Orgs' },
  ],
};

/** The CSRF field of a form, for a signed-in viewer. */
export function Csrf(props: { viewer: Viewer }): JSX.Element {
  return <input type="hidden" name={CSRF_FIELD} value={props.viewer.csrf} />;
}

/**
 * Every page: a skip link, the header with the viewer's navigation and
 * sign-out, the main content. No inline script; the only scripts are the
 * app's own files under /app/assets.
 */
export function Layout(props: PropsWithChildren<{ title: string; viewer?: Viewer }>): JSX.Element {
  const { viewer } = props;
  return (
    <>
      {'<!doctype html>'}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title safe>{`${props.title} · mapflow`}</title>
          <link rel="icon" href="data:," />
          <link rel="stylesheet" href="/app/assets/app.css" />
          <script src="/app/assets/htmx.min.js" defer></script>
          <script src="/app/assets/app.js" defer></script>
        </head>
        <body>
          <a class="skip" href="#main">
            Skip to content
          </a>
          <header class="top">
            <a class="brand" href="/app">
              mapflow
            </a>
            {viewer !== undefined && (
              <nav aria-label="Main">
                <ul>
                  {NAV[viewer.role].map((item) => (
                    <li>
                      <a href={item.href} safe>
                        {item.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            )}
            {viewer !== undefined && (
              <form method="post" action="/app/sign-out" class="sign-out">
                <Csrf viewer={viewer} />
                <span class="who" safe>
                  {`${viewer.name} (${viewer.role})`}
                </span>
                <button type="submit">Sign out</button>
              </form>
            )}
          </header>
          <main id="main">
            <h1 safe>{props.title}</h1>
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}

/** A list of messages for a form (role=alert, so a screen reader reads them out). */
export function Messages(props: { messages: readonly string[] }): JSX.Element {
  if (props.messages.length === 0) return '';
  return (
    <div class="messages" role="alert">
      <ul>
        {props.messages.map((m) => (
          <li safe>{m}</li>
        ))}
      </ul>
    </div>
  );
}
