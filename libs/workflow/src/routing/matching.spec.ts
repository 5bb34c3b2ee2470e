import { matchPartners, type PartnerForMatching, type InquiryForMatching } from './matching';
import { ROUTING_POLICY } from './policy';

const heroku: InquiryForMatching = {
  sourcePlatform: 'heroku',
  region: 'us-east-1',
  customerCountry: 'US',
  track: 'map',
};

/** A partner that can take the Heroku inquiry; `over` changes what a test is about. */
function partner(orgId: string, over: Partial<PartnerForMatching> = {}): PartnerForMatching {
  return {
    orgId,
    name: `Partner ${orgId}`,
    tier: 'premier',
    profile: {
      platforms: ['heroku', 'onprem'],
      regions: ['us-east-1', 'us-west-2'],
      countries: ['US', 'CA'],
      migrationCompetency: false,
      capacity: 10,
      takingWork: true,
    },
    openOpportunities: 0,
    record: { closedMapOpportunities: 0, paidClaims: 0, byPlatform: {}, medianResponseHours: null },
    ...over,
  };
}

const profileOf = (p: PartnerForMatching) => p.profile ?? partner('x').profile!;

describe('matching partners to an inquiry', () => {
  it('ranks the Heroku-experienced Premier partner first, over a Select one and a GCP specialist, saying why', () => {
    const experienced = partner('a', {
      name: 'Cloudreach-like',
      record: { closedMapOpportunities: 3, paidClaims: 6, byPlatform: { heroku: 4 }, medianResponseHours: 0.5 },
      profile: { ...profileOf(partner('a')), migrationCompetency: true },
    });
    const select = partner('b', { name: 'Small shop', tier: 'select' });
    const gcp = partner('c', {
      name: 'GCP house',
      profile: { ...profileOf(partner('c')), platforms: ['gcp'] },
    });
    const advanced = partner('d', { name: 'Second', tier: 'advanced' });
    const { candidates, excluded } = matchPartners(heroku, [select, gcp, advanced, experienced]);
    expect(candidates.map((c) => c.name)).toEqual(['Cloudreach-like', 'Second']);
    expect(candidates[0]?.reasons).toEqual([
      'migrates from Heroku, with 4 Heroku opportunities in mapflow',
      'Premier partner; 3 MAP opportunities closed, 6 claims paid',
      'us-east-1 is its main region',
      'room for 10 more (0 of 10 open)',
      'holds the AWS Migration Competency',
      'answers offers in 0.5 hours (median)',
    ]);
    // 20 + 20 platform, 12 + 5 record, 10 region, 15 load, 10 competency, 10 response.
    expect(candidates[0]?.score).toBe(102);
    expect(excluded).toEqual([
      { orgId: 'b', name: 'Small shop', reasons: ['is a Select partner, and MAP needs an Advanced or Premier one'] },
      { orgId: 'c', name: 'GCP house', reasons: ['does not migrate from Heroku'] },
    ]);
  });

  it('applies every eligibility rule, each with its reason', () => {
    const base = partner('p');
    const cases: [Partial<PartnerForMatching>, string][] = [
      [{ profile: null }, 'has no partner profile yet'],
      [{ profile: { ...profileOf(base), takingWork: false } }, 'is not taking new work'],
      [{ tier: 'select' }, 'is a Select partner, and MAP needs an Advanced or Premier one'],
      [{ profile: { ...profileOf(base), platforms: ['azure'] } }, 'does not migrate from Heroku'],
      [{ profile: { ...profileOf(base), regions: ['eu-west-1'] } }, 'does not deliver in us-east-1'],
      [{ profile: { ...profileOf(base), countries: ['DE'] } }, 'does not serve customers in US'],
      [{ openOpportunities: 10 }, 'is at capacity (10 of 10 opportunities open)'],
    ];
    for (const [over, reason] of cases) {
      const { candidates, excluded } = matchPartners(heroku, [partner('p', over)]);
      expect([reason, candidates]).toEqual([reason, []]);
      expect(excluded[0]?.reasons).toEqual([reason]);
    }
    // Offered once: not again.
    expect(matchPartners(heroku, [base], new Set(['p'])).excluded[0]?.reasons).toEqual([
      'was offered this inquiry already',
    ]);
    // All reasons at once, in order.
    const worst = partner('w', {
      tier: 'select',
      openOpportunities: 3,
      profile: {
        platforms: ['sap'],
        regions: [],
        countries: [],
        migrationCompetency: false,
        capacity: 3,
        takingWork: false,
      },
    });
    expect(matchPartners(heroku, [worst]).excluded[0]?.reasons).toHaveLength(6);
  });

  it('takes a partner of any tier for a referral', () => {
    const { candidates } = matchPartners({ ...heroku, track: 'referral' }, [partner('s', { tier: 'select' })]);
    expect(candidates.map((c) => c.orgId)).toEqual(['s']);
  });

  it('never offers a partner that is not taking work, however well it scores', () => {
    const star = partner('star', {
      record: { closedMapOpportunities: 10, paidClaims: 10, byPlatform: { heroku: 10 }, medianResponseHours: 0.1 },
      profile: { ...profileOf(partner('star')), takingWork: false, migrationCompetency: true },
    });
    const plain = partner('plain');
    expect(matchPartners(heroku, [star, plain]).candidates.map((c) => c.orgId)).toEqual(['plain']);
  });

  it('respects capacity: a partner with room scores by how much room it has; a full one is out', () => {
    const full = partner('full', { openOpportunities: 10 });
    const busy = partner('busy', { openOpportunities: 8 });
    const idle = partner('idle', { openOpportunities: 1 });
    const { candidates, excluded } = matchPartners(heroku, [full, busy, idle]);
    // 20 platform, 10 region, 5 response (none yet), and 15 x the share left: 13.5 and 3.
    expect(candidates.map((c) => [c.orgId, c.score])).toEqual([
      ['idle', 48.5],
      ['busy', 38],
    ]);
    expect(candidates[1]?.reasons).toContain('room for 2 more (8 of 10 open)');
    expect(excluded.map((e) => e.orgId)).toEqual(['full']);
  });

  it('breaks ties deterministically: tier, then the lighter load, then org id', () => {
    const slow = { closedMapOpportunities: 0, paidClaims: 0, byPlatform: {}, medianResponseHours: 3 };
    // Same score: a Premier and an Advanced one.
    const adv = partner('a1', { tier: 'advanced' });
    const prem = partner('a2');
    expect(matchPartners(heroku, [adv, prem]).candidates.map((c) => c.orgId)).toEqual(['a2', 'a1']);
    // Same score and tier, different load: capacity 20 and 10, open 2 and 1 (both 90% left).
    const bigger = partner('b1', { openOpportunities: 2, profile: { ...profileOf(prem), capacity: 20 } });
    const smaller = partner('b2', { openOpportunities: 1 });
    expect(matchPartners(heroku, [bigger, smaller]).candidates.map((c) => c.orgId)).toEqual(['b2', 'b1']);
    // Everything equal: org id, whatever the order given.
    const [x, y, z] = [
      partner('z9', { record: slow }),
      partner('m5', { record: slow }),
      partner('c3', { record: slow }),
    ];
    expect(matchPartners(heroku, [x, y, z]).candidates.map((c) => c.orgId)).toEqual(['c3', 'm5', 'z9']);
    expect(matchPartners(heroku, [z, x, y]).candidates.map((c) => c.orgId)).toEqual(['c3', 'm5', 'z9']);
  });

  it('shows the top three only, and scores response time and region', () => {
    const fast = partner('f', {
      record: { closedMapOpportunities: 0, paidClaims: 0, byPlatform: {}, medianResponseHours: 0.8 },
    });
    const late = partner('l', {
      record: { closedMapOpportunities: 0, paidClaims: 0, byPlatform: {}, medianResponseHours: 9 },
    });
    const west = partner('w', { profile: { ...profileOf(partner('w')), regions: ['us-west-2', 'us-east-1'] } });
    const one = partner('o', {
      record: { closedMapOpportunities: 1, paidClaims: 1, byPlatform: { heroku: 1 }, medianResponseHours: 2 },
    });
    const { candidates } = matchPartners(heroku, [fast, late, west, one]);
    expect(candidates).toHaveLength(ROUTING_POLICY.candidates.value);
    // o: 20 + 5 platform, 4 + 1 record, 10 region, 15 load, 5 response (2 h); f: 20, 10, 15, 10 (0.8 h);
    // l and w 45 each (l: 9 h, 0; w: not its main region, 5, and no answer yet, 5): w loses on org id.
    expect(candidates.map((c) => [c.orgId, c.score])).toEqual([
      ['o', 60],
      ['f', 55],
      ['l', 45],
    ]);
    expect(matchPartners(heroku, [west]).candidates[0]?.reasons).toEqual([
      'migrates from Heroku (no Heroku opportunity in mapflow yet)',
      'Premier partner; 0 MAP opportunities closed, 0 claims paid',
      'delivers in us-east-1',
      'room for 10 more (0 of 10 open)',
      'no offer answered yet',
    ]);
    expect(candidates.find((c) => c.orgId === 'o')?.reasons).toEqual([
      'migrates from Heroku, with 1 Heroku opportunity in mapflow',
      'Premier partner; 1 MAP opportunity closed, 1 claim paid',
      'us-east-1 is its main region',
      'room for 10 more (0 of 10 open)',
      'answers offers in 2 hours (median)',
    ]);
  });
});
