import { companyKey, inquiryProfile, type InquiryInput, isRepeatInquiry, triageInquiry } from './inquiry';

/** The Heroku case's inquiry (the brief): $9K/month on Heroku, US, us-east-1, 30 servers. */
const heroku = (over: Partial<InquiryInput> = {}): InquiryInput => ({
  companyName: 'Acme Analytics, Inc.',
  contactEmail: 'cto@acme.example',
  customerCountry: 'US',
  sourcePlatform: 'heroku',
  region: 'us-east-1',
  servers: 30,
  databases: 2,
  applications: 6,
  currentMonthlySpendCents: 900_000,
  greenfield: false,
  ...over,
});

describe('an inquiry triaged', () => {
  it('is MAP at $9K/month, the current spend standing in for the committed one, and says so', () => {
    const t = triageInquiry(heroku());
    expect([t.program, t.track, t.estimated]).toEqual(['MAP', 'map', true]);
    expect(t.reasons[0]).toBe("No committed AWS spend was given, so today's $9,000/month stands in as the estimate.");
    expect(inquiryProfile(heroku()).projectedMonthlyAwsSpendCents).toBe(900_000);
  });

  it('uses the committed spend when given, without the estimate reason', () => {
    const t = triageInquiry(heroku({ projectedMonthlyAwsSpendCents: 1_100_000 }));
    expect([t.program, t.estimated]).toEqual(['MAP', false]);
    expect(t.reasons.join(' ')).not.toContain('stands in');
    expect(triageInquiry(heroku({ projectedMonthlyAwsSpendCents: null })).estimated).toBe(true);
  });

  it('routes $400/month as a referral, and a new build too', () => {
    const small = triageInquiry(heroku({ currentMonthlySpendCents: 40_000 }));
    expect([small.program, small.track]).toEqual(['REFERRAL', 'referral']);
    expect(small.reasons.join(' ')).toContain('below the $1,000/month MAP floor');
    expect(triageInquiry(heroku({ greenfield: true })).track).toBe('referral');
  });

  it('closes a competitor as ineligible, with its reason and no estimate line', () => {
    const t = triageInquiry(heroku({ awsCompetitor: true }));
    expect([t.program, t.track]).toEqual(['INELIGIBLE', null]);
    expect(t.reasons).toEqual(['AWS does not fund migrations for competing cloud or infrastructure providers.']);
  });
});

describe('a repeat inquiry', () => {
  const first = {
    companyName: 'Acme Analytics, Inc.',
    contactEmail: 'CTO@acme.example',
    receivedAt: '2026-12-01T10:00:00Z',
  };

  it('is the same company and e-mail within 30 days, whatever the case and punctuation', () => {
    expect(companyKey(' ACME analytics inc ')).toBe('acmeanalyticsinc');
    expect(
      isRepeatInquiry(first, {
        ...first,
        companyName: 'acme analytics inc',
        contactEmail: 'cto@ACME.example ',
        receivedAt: '2026-12-20T10:00:00Z',
      }),
    ).toBe(true);
    expect(isRepeatInquiry(first, { ...first, receivedAt: '2026-12-31T10:00:00Z' })).toBe(true);
  });

  it('is not another company, another e-mail, after 30 days, or earlier', () => {
    expect(isRepeatInquiry(first, { ...first, companyName: 'Acme Robotics' })).toBe(false);
    expect(isRepeatInquiry(first, { ...first, contactEmail: 'ceo@acme.example' })).toBe(false);
    expect(isRepeatInquiry(first, { ...first, receivedAt: '2026-12-31T10:00:01Z' })).toBe(false);
    expect(isRepeatInquiry(first, { ...first, receivedAt: '2026-11-30T10:00:00Z' })).toBe(false);
  });
});
