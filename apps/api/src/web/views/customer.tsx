import type { AnyOpportunityView, Claim, OpportunityView2, Wave } from '@mapflow/workflow';
import { Layout, type Viewer } from './layout';
import { EventForm, type Notice, NoticeView, usd, when, DataTable } from './parts';

/** One thing that waits on the customer. */
export interface InboxItem {
  since: string;
  kind: 'business case' | 'wave' | 'claim';
  what: string;
  opportunity: string;
  href: string;
}

/** One of the customer's opportunities, as the inbox links it. */
export interface OwnOpportunity {
  id: string;
  title: string;
  phase: string;
  /** Whether it keeps a MAP credits ledger (machine version 2). */
  credits: boolean;
}

export function InboxView(props: { viewer: Viewer; items: InboxItem[]; opportunities: OwnOpportunity[] }): JSX.Element {
  return (
    <Layout title="Waiting for you" viewer={props.viewer}>
      {props.items.length === 0 ? (
        <p class="card">
          Nothing waits for your decision. mapflow lists here every business case, wave and claim your partners send
          you.
        </p>
      ) : (
        <DataTable caption="Oldest first" head={['Since', 'What', 'Opportunity']}>
          {props.items.map((item) => (
            <tr>
              <td safe>{when(item.since)}</td>
              <td>
                <a href={item.href} safe>
                  {item.what}
                </a>
              </td>
              <td safe>{item.opportunity}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <h2>Your opportunities</h2>
      <ul>
        {props.opportunities.map((o) => (
          <li>
            <span safe>{`${o.title} (${o.phase}): `}</span>
            <a href={`/app/opportunities/${o.id}/business-case`}>business case</a>
            {o.credits && (
              <>
                {', '}
                <a href={`/app/opportunities/${o.id}/credits`}>MAP credits</a>
              </>
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}

/** The MAP credits ledger of a version-2 opportunity, per quarter (design/web.md "Credits"). */
export function CreditsView(props: { viewer: Viewer; o: OpportunityView2 }): JSX.Element {
  const { credits } = props.o;
  return (
    <Layout title={`MAP credits: ${props.o.title}`} viewer={props.viewer}>
      <dl class="facts card">
        <dt>Estimated from tagged spend</dt>
        <dd safe>{usd(credits.estimateCents)}</dd>
        <dt>Issued by AWS</dt>
        <dd safe>{usd(credits.issuedCents)}</dd>
        <dt>Lost to untagged spend</dt>
        <dd safe>{usd(credits.lostToUntaggedCents)}</dd>
      </dl>
      <p class="hint">
        AWS credits MAP spend only on resources carrying the migration's tag (map-migrated). Spend without it earns
        nothing: the last column is what it would have earned.
      </p>
      {credits.quarters.length === 0 ? (
        <p class="card">No quarter's spend is recorded yet: your partner records it from your cost report.</p>
      ) : (
        <DataTable
          label="Credits by quarter"
          caption="By quarter, oldest first"
          head={['Quarter', 'Tagged spend', 'Untagged spend', 'Estimate', 'Issued', 'Lost to missing tags', 'Due by']}
        >
          {credits.quarters.map((q) => (
            <tr>
              <td safe>{q.quarter}</td>
              <td safe>{usd(q.countedTaggedSpendCents)}</td>
              <td safe>{usd(q.countedUntaggedSpendCents)}</td>
              <td safe>{usd(q.estimateCents)}</td>
              <td safe>{usd(q.issuedCents)}</td>
              <td safe>{usd(q.lostToUntaggedCents)}</td>
              <td safe>{q.dueDate}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Layout>
  );
}

export function BusinessCaseView(props: { viewer: Viewer; o: AnyOpportunityView; notice?: Notice }): JSX.Element {
  const { o, viewer } = props;
  const p = o.profile;
  const today = p.currentMonthlySpendCents ?? 0;
  const committed = p.projectedMonthlyAwsSpendCents ?? 0;
  const action = `/app/opportunities/${o.id}/business-case`;
  return (
    <Layout title={`Business case: ${o.title}`} viewer={viewer}>
      <NoticeView notice={props.notice} />
      <section class="card" aria-labelledby="tco">
        <h2 id="tco">Total cost of ownership</h2>
        <dl class="facts">
          <dt>Spend today, a month</dt>
          <dd safe>{usd(today)}</dd>
          <dt>Committed AWS run-rate, a month</dt>
          <dd safe>{usd(committed)}</dd>
          <dt>Saving, a month</dt>
          <dd safe>{usd(today - committed)}</dd>
          <dt>Decision so far</dt>
          <dd safe>
            {o.businessCase.status === 'pending'
              ? 'none yet'
              : `${o.businessCase.status} on ${when(o.businessCase.at)}`}
          </dd>
        </dl>
      </section>
      <section class="card" aria-labelledby="record">
        <h2 id="record">The MAP record, as attested</h2>
        {o.attestation === null ? (
          <p>The partner has not attested the MAP record yet.</p>
        ) : (
          <dl class="facts">
            <dt>Source environment</dt>
            <dd safe>{o.attestation.record.sourceEnvironment}</dd>
            <dt>Target architecture</dt>
            <dd safe>{o.attestation.record.targetArchitecture}</dd>
            <dt>Projected spend</dt>
            <dd safe>
              {o.attestation.record.projectedSpend.map((s) => `${s.service} ${usd(s.monthlyCents)}/month`).join(', ')}
            </dd>
            <dt>Wave plan</dt>
            <dd safe>{o.attestation.record.wavePlan}</dd>
            <dt>Funding request</dt>
            <dd safe>
              {o.attestation.record.fundingRequest.map((f) => `${f.tranche} ${usd(f.amountCents)}`).join(', ')}
            </dd>
            <dt>Delivery scope</dt>
            <dd safe>{o.attestation.record.deliveryScope}</dd>
            <dt>Attested</dt>
            <dd safe>{`${when(o.attestation.at)} by user ${o.attestation.by}`}</dd>
            <dt>Audit entry hash</dt>
            <dd>
              <code safe>{o.attestation.hash ?? ''}</code>
            </dd>
          </dl>
        )}
      </section>
      {o.businessCase.status !== 'approved' && (
        <div class="actions">
          <EventForm
            viewer={viewer}
            action={action}
            version={o.version}
            type="APPROVE_BUSINESS_CASE"
            label="Approve the business case"
          />
          <EventForm
            viewer={viewer}
            action={action}
            version={o.version}
            type="REJECT_BUSINESS_CASE"
            label="Reject"
            danger
          >
            <label for="reason">Why you reject it</label>
            <textarea id="reason" name="reason" required maxlength="2000"></textarea>
          </EventForm>
        </div>
      )}
    </Layout>
  );
}

export function WaveView(props: {
  viewer: Viewer;
  o: AnyOpportunityView;
  wave: Wave;
  /** The customer's earlier go / no-go on this wave, in words, oldest first. */
  earlier: string[];
  notice?: Notice;
}): JSX.Element {
  const { o, wave, viewer } = props;
  const action = `/app/opportunities/${o.id}/waves/${wave.waveId}`;
  return (
    <Layout title={`Wave: ${wave.name}`} viewer={viewer}>
      <NoticeView notice={props.notice} />
      <p>
        <span safe>{o.title}</span> ·{' '}
        <span class="tag" safe>
          {wave.status.replace(/_/g, ' ')}
        </span>{' '}
        · revision <span safe>{String(wave.revision)}</span>, planned <span safe>{when(wave.plannedAt)}</span>
      </p>
      <DataTable caption="Applications in this wave" head={['Application', 'Disposition (7 Rs)', 'Tag value']}>
        {wave.applications.map((a) => (
          <tr>
            <td safe>{a.name}</td>
            <td>{a.disposition}</td>
            <td>
              <code safe>{a.expectedTagValue ?? 'none'}</code>
            </td>
          </tr>
        ))}
      </DataTable>
      <section class="card" aria-labelledby="rollback">
        <h2 id="rollback">Rollback plan</h2>
        <p safe>{wave.rollbackPlan}</p>
      </section>
      {props.earlier.length > 0 ? (
        <section class="card" aria-labelledby="earlier">
          <h2 id="earlier">Earlier decisions on this wave</h2>
          <ul>
            {props.earlier.map((d) => (
              <li safe>{d}</li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {wave.status === 'awaiting_decision' ? (
        <div class="actions">
          <EventForm viewer={viewer} action={action} version={o.version} type="DECIDE_WAVE" label="Go">
            <input type="hidden" name="decision" value="go" />
          </EventForm>
          <EventForm viewer={viewer} action={action} version={o.version} type="DECIDE_WAVE" label="No-go" danger>
            <input type="hidden" name="decision" value="no_go" />
            <label for="reason">Why not</label>
            <textarea id="reason" name="reason" required maxlength="2000"></textarea>
          </EventForm>
        </div>
      ) : (
        <p class="hint">This wave does not wait for your decision now.</p>
      )}
    </Layout>
  );
}

export function ClaimView(props: {
  viewer: Viewer;
  o: AnyOpportunityView;
  tranche: string;
  claim: Claim;
  milestone: string;
  notice?: Notice;
}): JSX.Element {
  const { o, claim, viewer } = props;
  return (
    <Layout title={`Claim ${claim.claimId}`} viewer={viewer}>
      <NoticeView notice={props.notice} />
      <dl class="facts card">
        <dt>Opportunity</dt>
        <dd safe>{o.title}</dd>
        <dt>Tranche</dt>
        <dd safe>{props.tranche}</dd>
        <dt>Amount</dt>
        <dd safe>{usd(claim.amountCents)}</dd>
        <dt>Milestone</dt>
        <dd safe>{props.milestone}</dd>
        <dt>Status</dt>
        <dd safe>{claim.status.replace(/_/g, ' ')}</dd>
      </dl>
      <DataTable
        caption="Evidence (the partner keeps the documents; the hashes prove which)"
        head={['Document', 'SHA-256']}
      >
        {claim.evidence.map((e) => (
          <tr>
            <td>
              <code safe>{e.uri}</code>
            </td>
            <td>
              <code safe>{e.sha256}</code>
            </td>
          </tr>
        ))}
      </DataTable>
      {claim.status === 'prepared' ? (
        <EventForm
          viewer={viewer}
          action={`/app/opportunities/${o.id}/claims/${props.tranche}/${claim.claimId}`}
          version={o.version}
          type="SIGN_OFF_CLAIM"
          label="Sign off this claim"
        >
          <input type="hidden" name="tranche" value={props.tranche} />
          <input type="hidden" name="claimId" value={claim.claimId} />
        </EventForm>
      ) : (
        <p class="hint">This claim does not wait for your sign-off.</p>
      )}
    </Layout>
  );
}
