import { PLATFORM_NAMES, SOURCE_PLATFORMS } from '@mapflow/workflow';
import { Layout, Messages } from './layout';

/** What the form sends back, as typed (shown again with the messages when refused). */
export type InquiryForm = Partial<Record<string, string>>;

function Text(props: {
  name: string;
  label: string;
  values: InquiryForm;
  type?: string;
  required?: boolean;
  hint?: string;
  autocomplete?: string;
  inputmode?: string;
}): JSX.Element {
  return (
    <>
      <label for={props.name} safe>
        {props.label}
      </label>
      {props.hint ? (
        <p class="hint" id={`${props.name}-hint`} safe>
          {props.hint}
        </p>
      ) : (
        ''
      )}
      <input
        id={props.name}
        name={props.name}
        type={props.type ?? 'text'}
        required={props.required ?? true}
        value={props.values[props.name] ?? ''}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        aria-describedby={props.hint ? `${props.name}-hint` : undefined}
      />
    </>
  );
}

/**
 * The public inquiry form (design/routing.md): five minutes, no sign-in. The
 * `website` field is a honeypot: hidden from people, filled by bots.
 */
export function InquireView(props: { values?: InquiryForm; messages?: readonly string[] }): JSX.Element {
  const v = props.values ?? {};
  return (
    <Layout title="Tell us about your migration">
      <p>
        Five minutes. We check whether AWS funds it (the Migration Acceleration Program, or a referral), and within 24
        hours a vetted AWS partner who has moved companies off your platform gets in touch.
      </p>
      <Messages messages={props.messages ?? []} />
      <form method="post" action="/inquire" class="card">
        <Text name="companyName" label="Company" values={v} autocomplete="organization" />
        <Text name="contactEmail" label="Your work e-mail" type="email" values={v} autocomplete="email" />
        <Text
          name="customerCountry"
          label="Country (two letters)"
          hint="Where the company is based, e.g. US, DE, GB"
          values={v}
        />
        <label for="sourcePlatform">Where your systems run today</label>
        <select id="sourcePlatform" name="sourcePlatform" required>
          {SOURCE_PLATFORMS.map((p) => (
            <option value={p} selected={v.sourcePlatform === p} safe>
              {PLATFORM_NAMES[p]}
            </option>
          ))}
        </select>
        <Text name="region" label="AWS region you would move to" hint="e.g. us-east-1, eu-west-1" values={v} />
        <Text name="servers" label="Servers (or dynos, VMs)" values={v} inputmode="numeric" />
        <Text name="databases" label="Databases" values={v} inputmode="numeric" />
        <Text name="applications" label="Applications" values={v} inputmode="numeric" />
        <Text
          name="currentMonthlySpend"
          label="What you spend a month today, in US dollars"
          values={v}
          inputmode="numeric"
        />
        <Text
          name="projectedMonthlyAwsSpend"
          label="What you expect to spend a month on AWS, in US dollars (if you know)"
          values={v}
          required={false}
          inputmode="numeric"
        />
        <label class="check">
          <input type="checkbox" name="greenfield" value="on" checked={v.greenfield === 'on'} /> This is a new build,
          not a migration
        </label>
        <label class="check">
          <input type="checkbox" name="awsCompetitor" value="on" checked={v.awsCompetitor === 'on'} /> We are a cloud or
          infrastructure provider ourselves
        </label>
        <label for="notes">Anything else (optional)</label>
        <textarea id="notes" name="notes" maxlength="2000" safe>
          {v.notes ?? ''}
        </textarea>
        <div class="honeypot" aria-hidden="true">
          <label for="website">Leave this empty</label>
          <input id="website" name="website" type="text" tabindex="-1" autocomplete="off" />
        </div>
        <button type="submit">Send</button>
      </form>
    </Layout>
  );
}

/** After the form: what happens next, and when. */
export function InquiryThanksView(props: { email: string; routed: boolean; reasons: readonly string[] }): JSX.Element {
  return (
    <Layout title="Thank you">
      {props.routed ? (
        <>
          <p>
            What happens next: we are matching your inquiry with vetted AWS partners now. Within 24 hours one of them
            writes to <strong safe>{props.email}</strong> to set up a first call. There is nothing more to do until
            then.
          </p>
          <p>What we found:</p>
        </>
      ) : (
        <p>We cannot route this inquiry to a funded partner, for this reason:</p>
      )}
      <ul>
        {props.reasons.map((r) => (
          <li safe>{r}</li>
        ))}
      </ul>
    </Layout>
  );
}
