import { addressProblem, resolveTarget, type Resolve, urlProblem } from './webhook-target';

/** A stub resolver: each name answers the addresses given here, and nothing is ever looked up. */
const stub =
  (table: Record<string, string[]>): Resolve =>
  async (host) => {
    const addresses = table[host];
    if (addresses === undefined) throw new Error(`ENOTFOUND ${host}`);
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

const resolver = stub({
  'crm.example.com': ['93.184.216.34'],
  'loopback.example.com': ['127.0.0.1'],
  'private.example.com': ['10.0.0.1'],
  'metadata.example.com': ['169.254.169.254'],
  'six.example.com': ['::1'],
  'mixed.example.com': ['93.184.216.34', '192.168.1.5'],
  'mapped.example.com': ['::ffff:10.0.0.1'],
  'v6.example.com': ['2606:4700::6810:84e5'],
});

describe('webhook targets (design/events-out.md)', () => {
  it.each([
    ['loopback.example.com', '127.0.0.1'],
    ['private.example.com', '10.0.0.1'],
    ['metadata.example.com', '169.254.169.254'],
    ['six.example.com', '::1'],
    ['mixed.example.com', '192.168.1.5'],
    ['mapped.example.com', '::ffff:10.0.0.1'],
  ])('refuses %s, which resolves to %s', async (host, address) => {
    const verdict = await resolveTarget(new URL(`https://${host}/hooks`), resolver, false);
    expect(verdict).toEqual({ ok: false, problem: expect.stringContaining(address) as string });
  });

  it('allows a name that resolves only to public addresses, IPv4 or IPv6', async () => {
    for (const host of ['crm.example.com', 'v6.example.com'])
      await expect(resolveTarget(new URL(`https://${host}/`), resolver, false)).resolves.toMatchObject({ ok: true });
  });

  it('allows loopback, and only loopback, when configuration does', async () => {
    await expect(resolveTarget(new URL('https://loopback.example.com/'), resolver, true)).resolves.toMatchObject({
      ok: true,
    });
    await expect(resolveTarget(new URL('https://six.example.com/'), resolver, true)).resolves.toMatchObject({
      ok: true,
    });
    await expect(resolveTarget(new URL('https://private.example.com/'), resolver, true)).resolves.toMatchObject({
      ok: false,
    });
    await expect(resolveTarget(new URL('https://metadata.example.com/'), resolver, true)).resolves.toMatchObject({
      ok: false,
    });
  });

  it('refuses a name that does not resolve, and checks address literals without resolving', async () => {
    await expect(resolveTarget(new URL('https://nowhere.example.com/'), resolver, false)).resolves.toMatchObject({
      ok: false,
    });
    await expect(resolveTarget(new URL('https://[::1]/'), resolver, false)).resolves.toMatchObject({ ok: false });
    await expect(resolveTarget(new URL('https://10.1.2.3/'), resolver, false)).resolves.toMatchObject({ ok: false });
    expect(addressProblem('8.8.8.8', false)).toBeNull();
    expect(addressProblem('172.16.0.1', false)).not.toBeNull();
    expect(addressProblem('fd00::1', false)).not.toBeNull();
    expect(addressProblem('fe80::1', false)).not.toBeNull();
  });

  it('takes https, and plain http only to loopback when allowed; never credentials in the URL', () => {
    expect(urlProblem('https://crm.example.com/hooks', false)).toBeNull();
    expect(urlProblem('http://crm.example.com/hooks', true)).not.toBeNull();
    expect(urlProblem('http://127.0.0.1:8080/hooks', false)).not.toBeNull();
    expect(urlProblem('http://127.0.0.1:8080/hooks', true)).toBeNull();
    expect(urlProblem('http://[::1]:8080/hooks', true)).toBeNull();
    expect(urlProblem('http://localhost:8080/hooks', true)).toBeNull();
    expect(urlProblem('https://user:pw@crm.example.com/', false)).not.toBeNull();
    expect(urlProblem('not a url', false)).not.toBeNull();
    expect(urlProblem('ftp://crm.example.com/', false)).not.toBeNull();
  });
});
