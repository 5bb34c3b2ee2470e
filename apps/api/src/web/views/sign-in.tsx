import { Layout, Messages } from './layout';

export function SignInView(props: { email?: string; messages?: readonly string[] }): JSX.Element {
  return (
    <Layout title="Sign in">
      <Messages messages={props.messages ?? []} />
      <form method="post" action="/app/sign-in" class="card narrow">
        <label for="email">E-mail</label>
        <input id="email" name="email" type="email" autocomplete="username" required value={props.email ?? ''} />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required />
        <button type="submit">Sign in</button>
      </form>
      <p class="hint">New here? Ops sends you an invitation link; open it to set your password.</p>
    </Layout>
  );
}

export function InvitationView(props: {
  token: string;
  email: string;
  orgName: string;
  name?: string;
  messages?: readonly string[];
}): JSX.Element {
  return (
    <Layout title="Set your password">
      <p>
        You are invited to <strong safe>{props.orgName}</strong> as <strong safe>{props.email}</strong>.
      </p>
      <Messages messages={props.messages ?? []} />
      <form method="post" action={`/app/invitations/${props.token}`} class="card narrow">
        <label for="name">Your name</label>
        <input
          id="name"
          name="name"
          type="text"
          autocomplete="name"
          required
          maxlength="200"
          value={props.name ?? ''}
        />
        <label for="password">Password (12 characters or more)</label>
        <input id="password" name="password" type="password" autocomplete="new-password" required minlength="12" />
        <button type="submit">Set password and sign in</button>
      </form>
    </Layout>
  );
}

export function TotpView(props: {
  csrf: string;
  enrol?: { secret: string; uri: string };
  messages?: readonly string[];
}): JSX.Element {
  const action = props.enrol ? '/app/totp/enrol' : '/app/totp';
  return (
    <Layout title={props.enrol ? 'Set up your second factor' : 'Your second factor'}>
      {props.enrol ? (
        <div class="card">
          <p>
            Ops people see every tenant, so mapflow asks for a code from an authenticator app at each sign-in. Add this
            key to your app (or open the link on your phone), then type the code it shows.
          </p>
          <p>
            Key:{' '}
            <code id="totp-secret" safe>
              {props.enrol.secret}
            </code>
          </p>
          <p>
            <a href={props.enrol.uri}>Open in an authenticator app</a>
          </p>
        </div>
      ) : (
        ''
      )}
      <Messages messages={props.messages ?? []} />
      <form method="post" action={action} class="card narrow">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <label for="code">Six-digit code</label>
        <input
          id="code"
          name="code"
          type="text"
          inputmode="numeric"
          autocomplete="one-time-code"
          pattern="[0-9]{6}"
          required
        />
        <button type="submit">Continue</button>
      </form>
    </Layout>
  );
}

export function ErrorView(props: {
  status: number;
  title: string;
  detail: string;
  items: readonly string[];
  signedIn: boolean;
}): JSX.Element {
  return (
    <Layout title={props.title}>
      <p safe>{props.detail}</p>
      {props.items.length > 0 && (
        <ul>
          {props.items.map((item) => (
            <li safe>{item}</li>
          ))}
        </ul>
      )}
      <p>
        <a href={props.signedIn ? '/app' : '/app/sign-in'}>{props.signedIn ? 'Back to your start page' : 'Sign in'}</a>
      </p>
      <p class="hint" safe>{`HTTP ${props.status}`}</p>
    </Layout>
  );
}
