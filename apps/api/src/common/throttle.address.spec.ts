import { AddressLimiter, clientOf } from './throttle.address';

describe('clientOf', () => {
  it('counts an IPv4 address as itself, also when IPv4-mapped', () => {
    expect(clientOf('203.0.113.7')).toBe('203.0.113.7');
    expect(clientOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts every address of an IPv6 /64 as one client', () => {
    expect(clientOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientOf('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(clientOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientOf('::1')).toBe('0:0:0:0::/64');
    expect(clientOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientOf('2001:db8:1:3::1')).not.toBe(clientOf('2001:db8:1:2::1'));
  });
});

describe('AddressLimiter', () => {
  it('lets `perMinute` requests from an address through, then refuses with 429 and Retry-After', async () => {
    let now = 0;
    const limiter = new AddressLimiter(3, () => now);
    for (let i = 0; i < 3; i += 1) await expect(limiter.take('198.51.100.1')).resolves.toBeUndefined();
    now = 20_000;
    await expect(limiter.take('198.51.100.1')).rejects.toMatchObject({
      code: 'rate-limited',
      extras: { headers: { 'retry-after': '40' } },
    });
    // Another address has its own count.
    await expect(limiter.take('198.51.100.2')).resolves.toBeUndefined();
  });

  it('checks an address without counting it', async () => {
    const limiter = new AddressLimiter(2, () => 0);
    limiter.check('198.51.100.1');
    limiter.check('198.51.100.1');
    await limiter.take('198.51.100.1');
    limiter.check('198.51.100.1');
    await limiter.take('198.51.100.1');
    expect(() => limiter.check('198.51.100.1')).toThrow(/More than 2 requests a minute/);
  });
});
