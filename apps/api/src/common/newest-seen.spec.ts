import { NewestSeen } from './newest-seen';

describe('NewestSeen', () => {
  it('keeps the newest version of each record, never an older one, and forgets the least recently offered past its capacity', () => {
    const seen = new NewestSeen<{ id: string; version: number }>(2);
    seen.offer({ id: 'a', version: 3 });
    seen.offer({ id: 'a', version: 2 });
    expect(seen.get('a')?.version).toBe(3);
    seen.offer({ id: 'b', version: 1 });
    seen.offer({ id: 'a', version: 4 });
    seen.offer({ id: 'c', version: 1 });
    expect(seen.get('b')).toBeUndefined();
    expect(seen.get('a')?.version).toBe(4);
    expect(seen.get('c')?.version).toBe(1);
  });
});
