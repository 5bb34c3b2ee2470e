import { BlockList, isIP } from 'node:net';

/** What a host name resolves to: every address, as `dns.promises.lookup(host, { all: true })` answers. */
export type Resolve = (host: string) => Promise<{ address: string; family: number }[]>;

/** Addresses a webhook may never reach (design/events-out.md): private, loopback, link-local and the like. */
const REFUSED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  REFUSED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  REFUSED.addSubnet(net, prefix, 'ipv6');

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is checked as the IPv4 address it is. */
function plain(address: string): { address: string; type: 'ipv4' | 'ipv6' } {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return { address: mapped[1], type: 'ipv4' };
  return { address, type: isIP(address) === 6 ? 'ipv6' : 'ipv4' };
}

export function isLoopback(address: string): boolean {
  const a = plain(address);
  return LOOPBACK.check(a.address, a.type);
}

/** Why a webhook may not reach `address` (null when it may): loopback only when configuration allows it. */
export function addressProblem(address: string, allowLoopback: boolean): string | null {
  const a = plain(address);
  if (allowLoopback && LOOPBACK.check(a.address, a.type)) return null;
  if (REFUSED.check(a.address, a.type))
    return `${address}, a private, loopback or link-local address, which a webhook may not reach`;
  return null;
}

/** Why `raw` is not a webhook target URL (null when it is): https, or plain http to loopback when allowed. */
export function urlProblem(raw: string, allowHttpLoopback: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute https URL';
  }
  if (url.username !== '' || url.password !== '') return 'url must not carry a user name or password';
  if (url.protocol === 'https:') return null;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopbackName = host === 'localhost' || (isIP(host) !== 0 && isLoopback(host));
  if (url.protocol === 'http:' && allowHttpLoopback && loopbackName) return null;
  return 'url must use https (plain http only to loopback, when MAPFLOW_WEBHOOKS_ALLOW_HTTP_LOOPBACK allows it)';
}

/**
 * The addresses `url`'s host resolves to, every one of them allowed; else
 * the reason it is refused. Checked when a subscription is made and again at
 * each delivery (a name can change what it resolves to), and the delivery
 * connects only to an address checked here.
 */
export async function resolveTarget(
  url: URL,
  resolve: Resolve,
  allowLoopback: boolean,
): Promise<{ ok: true; addresses: { address: string; family: number }[] } | { ok: false; problem: string }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  try {
    addresses = isIP(host) !== 0 ? [{ address: host, family: isIP(host) }] : await resolve(host);
  } catch {
    return { ok: false, problem: `${host} does not resolve` };
  }
  if (addresses.length === 0) return { ok: false, problem: `${host} does not resolve` };
  for (const a of addresses) {
    const problem = addressProblem(a.address, allowLoopback);
    if (problem !== null)
      return { ok: false, problem: host === a.address ? problem : `${host} resolves to ${problem}` };
  }
  return { ok: true, addresses };
}
