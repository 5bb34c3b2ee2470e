import type { PropsWithChildren } from '@kitajs/html';
import { ORG_KINDS, PARTNER_TIERS } from '@mapflow/persistence';
import type { OrgRecord, OrgSummary, Member, PartnerLinkRecord } from '../../orgs/orgs.repository';
import type { InvitationSummary } from '../../people/people.repository';
import { Csrf, Layout, Messages, type Viewer } from './layout';
import { DataTable, when } from './parts';

/** A secret shown this once (an invitation link or an API key): only its hash is kept. */
export interface ShownOnce {
  what: string;
  value: string;
  hint: string;
}

const iso = (d: Date | null): string | null => (d === null ? null : new Date(d).toISOString());

function Table(props: PropsWithChildren<{ label: string; head: string[]; count: number; empty: string }>): JSX.Element {
  if (props.count === 0)
    return (
      <p class="hint" safe>
        {props.empty}
      </p>
    );
  return (
    <DataTable label={props.label} head={props.head}>
      {props.children}
    </DataTable>
  );
}

/** Every org, and a form to create one. */
export function OrgsView(props: {
  viewer: Viewer;
  orgs: OrgSummary[];
  form?: { name: string; kind: string; tier: string };
  messages?: string[];
}): JSX.Element {
  const form = props.form ?? { name: '', kind: 'partner', tier: '' };
  return (
    <Layout title="Orgs" viewer={props.viewer}>
      <Table
        label="Orgs"
        head={['Org', 'Kind', 'Tier', 'People', 'Live API keys', 'Since']}
        empty="No org yet."
        count={props.orgs.length}
      >
        {props.orgs.map((o) => (
          <tr>
            <td>
              <a href={`/app/orgs/${o.id}`} safe>
                {o.name}
              </a>
            </td>
            <td>{o.kind}</td>
            <td>{o.tier ?? ''}</td>
            <td safe>{String(o.people)}</td>
            <td safe>{String(o.liveKeys)}</td>
            <td safe>{when(iso(o.createdAt))}</td>
          </tr>
        ))}
      </Table>
      <h2>New org</h2>
      <Messages messages={props.messages ?? []} />
      <form method="post" action="/app/orgs" class="card narrow">
        <Csrf viewer={props.viewer} />
        <label for="org-name">Name</label>
        <input id="org-name" name="name" required maxlength="200" value={form.name} />
        <label for="org-kind">Kind</label>
        <select id="org-kind" name="kind">
          {ORG_KINDS.map((k) => (
            <option value={k} selected={form.kind === k}>
              {k}
            </option>
          ))}
        </select>
        <label for="org-tier">Partner tier (partners only)</label>
        <select id="org-tier" name="tier">
          {['', ...PARTNER_TIERS].map((t) => (
            <option value={t} selected={form.tier === t} safe>
              {t === '' ? 'none' : t}
            </option>
          ))}
        </select>
        <button type="submit">Create the org</button>
      </form>
    </Layout>
  );
}

/** One org: its people and keys (revoke), invitations (invite), a new key (mint), its partner-customer links. */
export function OrgView(props: {
  viewer: Viewer;
  org: OrgRecord;
  members: Member[];
  invitations: InvitationSummary[];
  links: PartnerLinkRecord[];
  customers: OrgRecord[];
  partners: OrgSummary[];
  shown?: ShownOnce;
  messages?: string[];
  status?: number;
}): JSX.Element {
  const { org, viewer } = props;
  const base = `/app/orgs/${org.id}`;
  const now = Date.now();
  return (
    <Layout title={org.name} viewer={viewer}>
      <p>
        <a href="/app/orgs">All orgs</a>
      </p>
      <dl class="facts card">
        <dt>Kind</dt>
        <dd>{org.kind}</dd>
        {org.tier !== null && <dt>Tier</dt>}
        {org.tier !== null && <dd>{org.tier}</dd>}
        <dt>Id</dt>
        <dd>
          <code safe>{org.id}</code>
        </dd>
      </dl>
      {props.shown !== undefined && (
        <div class="notice" role="status">
          <p>
            <strong safe>{props.shown.what}</strong>
          </p>
          <p>
            <code safe>{props.shown.value}</code>
          </p>
          <p class="hint" safe>
            {props.shown.hint}
          </p>
        </div>
      )}
      <Messages messages={props.messages ?? []} />
      <h2>People and API keys</h2>
      <Table
        label="People and API keys"
        head={['Name', 'E-mail (signs in)', 'Second factor', 'API keys']}
        empty="Nobody yet: invite a person, or mint a key for a machine."
        count={props.members.length}
      >
        {props.members.map((m) => (
          <tr>
            <td safe>{m.name}</td>
            <td safe>{m.email ?? 'no (API key only)'}</td>
            <td>{m.email === null ? '' : m.secondFactor ? 'enrolled' : 'not enrolled'}</td>
            <td>
              <ul class="plain">
                {m.keys.map((k) => (
                  <li>
                    <code safe>{k.id}</code>{' '}
                    {k.revokedAt !== null ? (
                      <span class="tag bad" safe>{`revoked ${when(new Date(k.revokedAt).toISOString())}`}</span>
                    ) : (
                      <form method="post" action={`${base}/api-keys/${k.id}/revoke`} class="inline-form">
                        <Csrf viewer={viewer} />
                        <button type="submit" class="danger" aria-label={`Revoke key ${k.id}`}>
                          Revoke
                        </button>
                      </form>
                    )}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </Table>
      <div class="actions">
        <form method="post" action={`${base}/invitations`} class="card">
          <Csrf viewer={viewer} />
          <label for="invite-email">Invite a person (e-mail)</label>
          <input id="invite-email" name="email" type="email" required maxlength="320" />
          <button type="submit">Invite</button>
        </form>
        <form method="post" action={`${base}/api-keys`} class="card">
          <Csrf viewer={viewer} />
          <label for="key-user">Mint an API key for a new user (its name)</label>
          <input id="key-user" name="userName" required maxlength="200" />
          <button type="submit">Mint the key</button>
        </form>
      </div>
      <h2>Invitations</h2>
      <Table
        label="Invitations"
        head={['E-mail', 'Sent', 'Status']}
        empty="No invitation yet."
        count={props.invitations.length}
      >
        {props.invitations.map((i) => (
          <tr>
            <td safe>{i.email}</td>
            <td safe>{when(iso(i.createdAt))}</td>
            <td safe>
              {i.acceptedAt !== null
                ? `accepted ${when(iso(i.acceptedAt))}`
                : new Date(i.expiresAt).getTime() < now
                  ? `lapsed ${when(iso(i.expiresAt))}`
                  : `open until ${when(iso(i.expiresAt))}`}
            </td>
          </tr>
        ))}
      </Table>
      {org.kind === 'customer' && (
        <>
          <h2>Partners linked to this customer</h2>
          <Table
            label="Linked partners"
            head={['Partner', 'Tier', 'How', 'Since', '']}
            empty="No partner is linked: none may open an opportunity for this customer."
            count={props.links.length}
          >
            {props.links.map((l) => (
              <tr>
                <td safe>{l.partnerName}</td>
                <td>{l.partnerTier ?? ''}</td>
                <td>{l.origin}</td>
                <td safe>{when(iso(l.createdAt))}</td>
                <td>
                  <form method="post" action={`${base}/links/${l.partnerOrgId}/remove`} class="inline-form">
                    <Csrf viewer={viewer} />
                    <button type="submit" class="secondary" aria-label={`Unlink ${l.partnerName}`}>
                      Unlink
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </Table>
          <form method="post" action={`${base}/links`} class="card narrow">
            <Csrf viewer={viewer} />
            <label for="link-partner">Link a partner</label>
            <select id="link-partner" name="partnerOrgId" required>
              {props.partners.map((p) => (
                <option value={p.id} safe>
                  {p.name}
                </option>
              ))}
            </select>
            <button type="submit">Link</button>
          </form>
        </>
      )}
      {org.kind === 'partner' && (
        <>
          <h2>Customers this partner may open opportunities for</h2>
          <ul>
            {props.customers.map((c) => (
              <li>
                <a href={`/app/orgs/${c.id}`} safe>
                  {c.name}
                </a>
              </li>
            ))}
          </ul>
          {props.customers.length === 0 && <p class="hint">None yet: link it from a customer's page.</p>}
        </>
      )}
    </Layout>
  );
}
