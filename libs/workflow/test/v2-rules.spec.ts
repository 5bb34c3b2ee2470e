/**
 * Version 2's rules, event by event (design/funding-v2.md): every acceptance
 * and every refusal each definition has, driven through the real engine
 * (ENGINE_V2.decide, by Drive2) so each test shows what a partner would see:
 * the refusal code and the words naming the field or the reason. A refusal
 * leaves the snapshot unchanged (Drive2.no asserts it). Figures under policy
 * 2027.1, worked by hand in the comments. The clock starts 2026-01-05T09:00Z
 * and moves one hour per event.
 */
import type { EventActor, Refusal } from '../src';
import { addDays, dateOf } from '../src/money';
import { aceEditLock, type RecordAceOpportunityEvent } from '../src/v2/concepts/ace';
import { ACE_INDUSTRIES } from '../src/v2/concepts/profile';
import { projectedSpendRule } from '../src/v2/concepts/business-case';
import { milestoneMissing } from '../src/v2/concepts/claims';
import type { FileFundRequestEvent2, ResubmitFundRequestEvent } from '../src/v2/concepts/fund-requests';
import type { AceReviewStatus } from '../src/v2/context';
import type { OpportunityEvent2 } from '../src/v2/events';
import { FUNDING_POLICY_2027, type CashTranche, type FundingPolicy2027 } from '../src/v2/policy';
import { requestHoldingClaim } from '../src/v2/requests';
import { ENGINE_V2, migrateSnapshot } from '../src/v2/engine';
import { Drive, evidence, herokuProfile, mapRecord, MPE, sha } from './factories';
import { ACE_ID, CLAIM_EVIDENCE, Drive2, typed } from './factories2';

const ASSESS: CashTranche = 'assess_partner_funding';
const MOBILIZE: CashTranche = 'mobilize_partner_funding';
const MIGRATE: CashTranche = 'migrate_partner_funding';

const SYSTEM: EventActor = { userId: 'system:ace-sync', orgId: '', role: 'system', service: 'ace-sync' };

/** The ACE fields of a profile, all filled and valid. */
const ACE_FIELDS = {
  customerWebsite: 'https://acme.example',
  industry: 'Software and Internet',
  customerAddress: { city: 'Austin', postalCode: '78701', stateOrRegion: 'TX', countryCode: 'US' },
};

/** Refused with `code`, and exactly these words. */
function expectRefused(d: Drive2, event: OpportunityEvent2, detail: string, code: Refusal['code'] = 'RULE'): Refusal {
  const r = d.no(event);
  expect({ code: r.code, detail: r.detail }).toEqual({ code, detail });
  return r;
}

/** RECORD_ACE_OPPORTUNITY from the partner, ACE's record last modified now. */
function aceRecord(d: Drive2, reviewStatus: AceReviewStatus): RecordAceOpportunityEvent {
  return d.p('RECORD_ACE_OPPORTUNITY', {
    aceOpportunityId: ACE_ID,
    stage: 'Qualified',
    reviewStatus,
    lastModifiedDate: d.now(),
  });
}

/** A drive in assess whose ACE opportunity shows `reviewStatus`. */
function assessWithAce(reviewStatus: AceReviewStatus): Drive2 {
  const d = new Drive2().toAssess();
  d.ok(aceRecord(d, reviewStatus));
  return d;
}

describe('RECORD_ACE_OPPORTUNITY', () => {
  it('refuses each malformed field, naming it', () => {
    const d = new Drive2();
    const record = (over: object): OpportunityEvent2 =>
      d.p('RECORD_ACE_OPPORTUNITY', {
        aceOpportunityId: ACE_ID,
        stage: 'Prospect',
        reviewStatus: 'Submitted',
        lastModifiedDate: d.now(),
        ...over,
      });
    const idWords = 'aceOpportunityId is O followed by 1 to 19 digits, as Partner Central shows it.';
    for (const aceOpportunityId of ['1234567', 'o1234567', 'O', `O${'1'.repeat(20)}`, 'O12a', 1234567]) {
      expectRefused(d, record({ aceOpportunityId }), idWords);
    }
    expectRefused(
      d,
      record({ stage: 'Closed Won' }),
      'stage must be one of Prospect, Qualified, Technical Validation, Business Validation, Committed, Launched, Closed Lost.',
    );
    expectRefused(
      d,
      record({ reviewStatus: 'In Review' }), // ACE writes "In review"
      'reviewStatus must be one of Pending Submission, Submitted, In review, Approved, Rejected, Action Required.',
    );
    expectRefused(d, record({ lastModifiedDate: 'yesterday' }), 'lastModifiedDate must be an ISO timestamp.');
    expect(d.ctx.ace).toBeNull();
    // The longest id ACE issues, 19 digits, is accepted.
    d.ok(record({ aceOpportunityId: `O${'9'.repeat(19)}` }));
    expect(d.ctx.ace?.aceOpportunityId).toBe('O9999999999999999999');
  });

  it('records what Partner Central shows, from the partner or the ACE sync; never from the customer', () => {
    const d = new Drive2();
    const e = aceRecord(d, 'Submitted');
    d.ok(e);
    expect(d.ctx.ace).toEqual({
      aceOpportunityId: ACE_ID,
      stage: 'Qualified',
      reviewStatus: 'Submitted',
      lastModifiedDate: e.lastModifiedDate,
      recordedAt: e.at,
    });
    expect(d.lastActions).toEqual([
      {
        type: 'aceOpportunityRecorded',
        aceOpportunityId: ACE_ID,
        stage: 'Qualified',
        reviewStatus: 'Submitted',
        opportunityId: 'opp-1',
      },
    ]);
    const at = d.wait(1).now();
    d.ok({
      type: 'RECORD_ACE_OPPORTUNITY',
      at,
      actor: SYSTEM,
      aceOpportunityId: ACE_ID,
      stage: 'Technical Validation',
      reviewStatus: 'Approved',
      lastModifiedDate: at,
    });
    expect(d.ctx.ace).toMatchObject({ stage: 'Technical Validation', reviewStatus: 'Approved', recordedAt: at });
    expectRefused(
      d,
      d.c('RECORD_ACE_OPPORTUNITY', {
        aceOpportunityId: ACE_ID,
        stage: 'Committed',
        reviewStatus: 'Approved',
        lastModifiedDate: d.now(),
      }),
      'A customer may not send RECORD_ACE_OPPORTUNITY.',
      'FORBIDDEN',
    );
  });

  it("refuses a stale update and another opportunity's; the same modification again is accepted", () => {
    const d = new Drive2();
    const send = (aceOpportunityId: string, lastModifiedDate: string): OpportunityEvent2 =>
      d.p('RECORD_ACE_OPPORTUNITY', {
        aceOpportunityId,
        stage: 'Prospect',
        reviewStatus: 'Submitted',
        lastModifiedDate,
      });
    d.ok(send(ACE_ID, '2026-01-05T10:00:00.000Z'));
    expectRefused(
      d,
      send(ACE_ID, '2026-01-05T09:59:59.000Z'),
      "Stale: ACE's record was last modified 2026-01-05T10:00:00.000Z; this one is from 2026-01-05T09:59:59.000Z.",
    );
    expectRefused(
      d,
      send('O999', '2026-01-05T11:00:00.000Z'),
      `This opportunity is linked to ACE opportunity ${ACE_ID}, not O999.`,
    );
    // The sync may deliver the same modification twice: not stale (not older).
    d.ok(send(ACE_ID, '2026-01-05T10:00:00.000Z'));
    expect(d.ctx.ace?.lastModifiedDate).toBe('2026-01-05T10:00:00.000Z');
  });
});

describe('SUBMIT_TO_ACE', () => {
  it("names every ACE field the profile lacks, then asks the sync to submit once they're filled", () => {
    const d = new Drive2();
    expectRefused(
      d,
      d.p('SUBMIT_TO_ACE'),
      "ACE needs the profile's customerWebsite, industry, customerAddress.city, customerAddress.postalCode, customerAddress.countryCode before submission.",
    );
    d.ok(d.p('UPDATE_PROFILE', { profile: { customerWebsite: ACE_FIELDS.customerWebsite, industry: 'Retail' } }));
    expectRefused(
      d,
      d.p('SUBMIT_TO_ACE'),
      "ACE needs the profile's customerAddress.city, customerAddress.postalCode, customerAddress.countryCode before submission.",
    );
    d.ok(d.p('UPDATE_PROFILE', { profile: ACE_FIELDS }));
    const e = d.p('SUBMIT_TO_ACE');
    d.ok(e);
    expect(d.ctx.aceSubmissionRequestedAt).toBe(e.at);
    expect(d.lastActions).toEqual([{ type: 'aceSubmissionRequested', opportunityId: 'opp-1' }]);
  });

  it('is refused while ACE reviews, and accepted again once the review asks for action', () => {
    const d = new Drive2();
    d.ok(d.p('UPDATE_PROFILE', { profile: ACE_FIELDS }));
    d.ok(aceRecord(d, 'Submitted'));
    expectRefused(d, d.p('SUBMIT_TO_ACE'), `ACE opportunity ${ACE_ID} is already Submitted.`);
    d.ok(aceRecord(d, 'In review'));
    expectRefused(d, d.p('SUBMIT_TO_ACE'), `ACE opportunity ${ACE_ID} is already In review.`);
    d.ok(aceRecord(d, 'Action Required'));
    d.ok(d.p('SUBMIT_TO_ACE'));
  });
});

describe('the ACE edit lock', () => {
  const attest = (d: Drive2): OpportunityEvent2 => d.p('ATTEST_MAP_RECORD', { record: mapRecord() });

  it.each(['Submitted', 'In review'] as const)(
    'under %s, the profile (even an ACE-editable field) and the attestation are refused',
    (status) => {
      const d = assessWithAce(status);
      const words = (type: string): string =>
        `ACE opportunity ${ACE_ID} is ${status}: ${type} would change what AWS is reviewing. Wait for the review.`;
      expectRefused(d, d.p('UPDATE_PROFILE', { profile: { servers: 40 } }), words('UPDATE_PROFILE'));
      expectRefused(
        d,
        d.p('UPDATE_PROFILE', { profile: { customerWebsite: 'https://acme.example' } }),
        words('UPDATE_PROFILE'),
      );
      expectRefused(d, attest(d), words('ATTEST_MAP_RECORD'));
      // No other event is locked: the lifecycle goes on while AWS reviews.
      d.ok(d.p('COMPLETE_CHECKLIST_ITEM', { item: 'discovery_inventory', evidence: evidence('inventory') }));
      d.ok(d.p('RECORD_MAP_AGREEMENT', { tagScheme: 'map-migrated', mpeId: MPE, signedOn: d.date() }));
    },
  );

  it('under Action Required, only the address, the website and the committed spend may change', () => {
    const d = assessWithAce('Action Required');
    d.ok(d.p('UPDATE_PROFILE', { profile: { customerWebsite: 'https://acme.example' } }));
    d.ok(d.p('UPDATE_PROFILE', { profile: { customerAddress: ACE_FIELDS.customerAddress } }));
    d.ok(d.p('UPDATE_PROFILE', { profile: { projectedMonthlyAwsSpendCents: 1_200_000 } }));
    expect(d.ctx.profile).toMatchObject({
      customerWebsite: 'https://acme.example',
      customerAddress: ACE_FIELDS.customerAddress,
      projectedMonthlyAwsSpendCents: 1_200_000,
    });
    const only = 'only customerAddress, customerWebsite, projectedMonthlyAwsSpendCents may change';
    expectRefused(
      d,
      d.p('UPDATE_PROFILE', { profile: { industry: 'Retail' } }),
      `ACE opportunity ${ACE_ID} is Action Required: ${only}; not industry.`,
    );
    expectRefused(
      d,
      d.p('UPDATE_PROFILE', { profile: { customerWebsite: 'https://acme.example', servers: 40, databases: 3 } }),
      `ACE opportunity ${ACE_ID} is Action Required: ${only}; not servers, databases.`,
    );
    // Attesting is not a profile change: allowed (its projected spend must match the new $12,000/month).
    const record = { ...mapRecord(), projectedSpend: [{ service: 'ECS', monthlyCents: 1_200_000 }] };
    d.ok(d.p('ATTEST_MAP_RECORD', { record }));
  });

  it('under Approved, Rejected or Pending Submission, nothing is locked', () => {
    for (const status of ['Approved', 'Rejected', 'Pending Submission'] as const) {
      const d = assessWithAce(status);
      d.ok(d.p('UPDATE_PROFILE', { profile: { servers: 40, industry: 'Retail' } }));
      d.ok(attest(d));
      expect([d.ctx.profile.servers, d.ctx.profile.industry, d.ctx.attestations.length]).toEqual([40, 'Retail', 1]);
    }
  });

  it('reads an UPDATE_PROFILE without a profile as changing nothing locked', () => {
    const d = assessWithAce('Action Required');
    expect(aceEditLock(d.ctx, { type: 'UPDATE_PROFILE' })).toEqual({ ok: true });
    expect(aceEditLock(d.ctx, { type: 'SUBMIT_CLAIM' })).toEqual({ ok: true });
  });
});

describe("UPDATE_PROFILE's ACE fields", () => {
  const update = (d: Drive2, profile: object): OpportunityEvent2 => d.p('UPDATE_PROFILE', { profile });

  it('refuses each malformed ACE field, naming it, and an empty update', () => {
    const d = new Drive2();
    expectRefused(d, update(d, {}), 'The profile update is empty.');
    expectRefused(
      d,
      update(d, { customerWebsite: 'acme.example' }),
      'Invalid profile: customerWebsite must be an http(s) address.',
    );
    expectRefused(
      d,
      update(d, { customerWebsite: 42 }),
      'Invalid profile: customerWebsite must be an http(s) address.',
    );
    const industryWords = "industry must be one of ACE's industries (Aerospace, Agriculture,";
    expect(d.no(update(d, { industry: 'Fintech' })).detail).toContain(industryWords);
    const address =
      'Invalid profile: customerAddress needs city, postalCode and an ISO 3166 alpha-2 countryCode (stateOrRegion optional).';
    const good = ACE_FIELDS.customerAddress;
    for (const customerAddress of [
      'Austin, TX',
      null,
      [good],
      { ...good, city: '' },
      { ...good, postalCode: undefined },
      { ...good, countryCode: 'USA' },
      { ...good, countryCode: 840 },
      { ...good, stateOrRegion: ' ' },
    ]) {
      expectRefused(d, update(d, { customerAddress }), address);
    }
    expect(d.ctx.profile).toEqual({});
  });

  it('accepts valid ACE fields alone, with triage fields, and an address without a state', () => {
    const d = new Drive2();
    d.ok(update(d, { customerAddress: { city: 'Lyon', postalCode: '69001', countryCode: 'FR' } }));
    d.ok(update(d, { ...herokuProfile(), industry: 'Retail' }));
    expect(d.ctx.profile).toEqual({
      ...herokuProfile(),
      industry: 'Retail',
      customerAddress: { city: 'Lyon', postalCode: '69001', countryCode: 'FR' },
    });
  });

  it("names both version 1's triage problem and the ACE field's, or whichever alone is wrong", () => {
    const d = new Drive2();
    const triageWords = d.no(update(d, { servers: -1 })).detail;
    expect(triageWords).toMatch(/^Invalid profile: .*servers/);
    expectRefused(
      d,
      update(d, { servers: -1, customerWebsite: 'ftp://acme' }),
      `${triageWords} Also: customerWebsite must be an http(s) address.`,
    );
    expectRefused(
      d,
      update(d, { servers: 40, industry: 'Fintech' }),
      `Invalid profile: industry must be one of ACE's industries (${ACE_INDUSTRIES.join(', ')}).`,
    );
    expect(ACE_INDUSTRIES).toHaveLength(28);
  });
});

describe('ATTEST_MAP_RECORD: the projected spend adds up to the committed run-rate', () => {
  // Committed $11,000/month = 1,100,000 cents; 1% (100 bps) tolerance = 11,000 cents.
  const itemised = (...monthlyCents: number[]) => ({
    ...mapRecord(),
    projectedSpend: monthlyCents.map((c, i) => ({ service: `svc-${i}`, monthlyCents: c })),
  });

  it('accepts a difference of exactly 1% either way, refuses one cent more, naming both figures', () => {
    const d = new Drive2().toAssess();
    d.ok(d.p('ATTEST_MAP_RECORD', { record: itemised(600_000, 489_000) })); // 1,089,000: 11,000 under
    d.ok(d.p('ATTEST_MAP_RECORD', { record: itemised(600_000, 511_000) })); // 1,111,000: 11,000 over
    expectRefused(
      d,
      d.p('ATTEST_MAP_RECORD', { record: itemised(600_000, 488_999) }), // 1,088,999: 11,001 under
      'The itemised projected spend adds up to 1088999 cents a month; the committed run-rate is 1100000 cents. They must agree within 1% (11000 cents).',
    );
    expect(d.ctx.attestations).toHaveLength(2);
  });

  it("leaves a malformed item to version 1's check, which names the field, rather than miscount the sum", () => {
    const d = new Drive2().toAssess();
    // 600,000 + a fractional 500,000.5: a sum without the bad item would read 600,000, far from the run-rate;
    // the partner must hear that projectedSpend is malformed, not that the figures disagree.
    expectRefused(
      d,
      d.p('ATTEST_MAP_RECORD', { record: itemised(600_000, 500_000.5) }),
      'The MAP record is incomplete: projectedSpend.',
    );
    expectRefused(
      d,
      d.p('ATTEST_MAP_RECORD', { record: itemised(1_100_000, -1) }),
      'The MAP record is incomplete: projectedSpend.',
    );
  });

  it('asks for the committed run-rate first when the profile has none', () => {
    const d = new Drive2();
    expect(projectedSpendRule(d.ctx, mapRecord(), FUNDING_POLICY_2027)).toEqual({
      ok: false,
      code: 'RULE',
      detail: 'Record the committed monthly run-rate in the profile before attesting.',
    });
    const notAList = { ...mapRecord(), projectedSpend: 'lots' as never };
    d.ok(d.p('UPDATE_PROFILE', { profile: herokuProfile() }));
    expect(projectedSpendRule(d.ctx, notAList, FUNDING_POLICY_2027)).toEqual({ ok: true });
  });
});

describe('the credits ledger', () => {
  /** In mobilize on 2026-01-05 (the clock's first day). */
  const mobilize = (): Drive2 => new Drive2().toMobilize();
  const spend = (
    d: Drive2,
    quarter: string,
    taggedSpendCents: number,
    untaggedSpendCents = 0,
    ev = evidence(`cur-${quarter}`),
  ) => d.p('RECORD_TAGGED_SPEND', { quarter, taggedSpendCents, untaggedSpendCents, evidence: ev });
  const issued = (
    d: Drive2,
    quarter: string,
    amountCents: number,
    awsAccountId = '123456789012',
    creditCode?: string,
  ) =>
    d.c('RECORD_CREDITS_ISSUED', {
      quarter,
      amountCents,
      awsAccountId,
      ...(creditCode === undefined ? {} : { creditCode }),
    });

  it('RECORD_TAGGED_SPEND refuses each malformed field, and a quarter not started yet', () => {
    const d = mobilize();
    expect(d.state).toBe('mobilize');
    const quarterWords = 'quarter must be a calendar quarter YYYY-Qn, n from 1 to 4.';
    for (const quarter of ['2026-Q5', '2026-Q0', 'Q1-2026', '2026Q1', 202601]) {
      expectRefused(d, spend(d, quarter as string, 100), quarterWords);
    }
    // Today is early January 2026: 2026-Q2 starts 2026-04-01.
    expectRefused(d, spend(d, '2026-Q2', 100), '2026-Q2 has not started; spend is recorded from cost reports.');
    const centsWords = 'taggedSpendCents and untaggedSpendCents are non-negative numbers of cents.';
    expectRefused(d, spend(d, '2026-Q1', -1), centsWords);
    expectRefused(d, spend(d, '2026-Q1', 10.5), centsWords);
    expectRefused(d, spend(d, '2026-Q1', 100, -1), centsWords);
    expectRefused(
      d,
      spend(d, '2026-Q1', 100, 0, { uri: 's3://cur.csv', sha256: 'abc' }),
      'The cost report evidence is { uri, sha256 } with a 64-hex SHA-256.',
    );
    expect(d.ctx.credits).toEqual([]);
    // The quarter under way, and zero spend, are fine.
    d.ok(spend(d, '2026-Q1', 0, 0));
    expect(d.lastActions).toEqual([
      {
        type: 'taggedSpendRecorded',
        quarter: '2026-Q1',
        taggedSpendCents: 0,
        untaggedSpendCents: 0,
        opportunityId: 'opp-1',
      },
    ]);
  });

  it('a corrected quarter replaces its spend and keeps the credits already issued; quarters stay in order', () => {
    const d = mobilize().wait(100); // 2026-04-15: Q1 and Q2 have started
    d.ok(spend(d, '2026-Q2', 1_000_000));
    d.ok(spend(d, '2026-Q1', 3_000_000, 500_000));
    d.ok(issued(d, '2026-Q1', 600_000, '123456789012', 'MAP-2026-Q1')); // 20% of $30,000
    const fix = spend(d, '2026-Q1', 3_200_000, 300_000, evidence('cur-q1-corrected'));
    d.ok(fix);
    expect(d.ctx.credits.map((q) => q.quarter)).toEqual(['2026-Q1', '2026-Q2']);
    expect(d.ctx.credits[0]).toEqual({
      quarter: '2026-Q1',
      taggedSpendCents: 3_200_000,
      untaggedSpendCents: 300_000,
      evidence: evidence('cur-q1-corrected'),
      recordedAt: fix.at,
      issued: [
        {
          amountCents: 600_000,
          awsAccountId: '123456789012',
          creditCode: 'MAP-2026-Q1',
          at: d.events.find((e) => e.type === 'RECORD_CREDITS_ISSUED')?.at,
        },
      ],
    });
  });

  it('RECORD_CREDITS_ISSUED refuses each malformed field, and credits before the spend they are for', () => {
    const d = mobilize();
    expectRefused(d, issued(d, '2026-Q9', 100), 'quarter must be a calendar quarter YYYY-Qn, n from 1 to 4.');
    expectRefused(d, issued(d, '2026-Q2', 100), '2026-Q2 has not started; spend is recorded from cost reports.');
    expectRefused(
      d,
      issued(d, '2026-Q1', 100),
      "Record 2026-Q1's tagged spend (RECORD_TAGGED_SPEND) before the credits AWS issued for it.",
    );
    d.ok(spend(d, '2026-Q1', 1_000_000));
    for (const amount of [0, -5, 1.5]) {
      expectRefused(d, issued(d, '2026-Q1', amount), 'The credits issued are a positive number of cents.');
    }
    const account = 'awsAccountId is the 12-digit AWS account the credits were applied to.';
    for (const awsAccountId of ['12345678901', '1234567890123', '12345678901a', 123456789012]) {
      expectRefused(d, issued(d, '2026-Q1', 100, awsAccountId as string), account);
    }
    expectRefused(d, issued(d, '2026-Q1', 100, '123456789012', ' '), 'creditCode, when given, is text.');
    expect(d.ctx.credits[0]?.issued).toEqual([]);
    // Without a credit code, it is recorded as null; the partner may record it too.
    d.ok(d.p('RECORD_CREDITS_ISSUED', { quarter: '2026-Q1', amountCents: 200_000, awsAccountId: '000000000042' }));
    expect(d.ctx.credits[0]?.issued).toEqual([
      { amountCents: 200_000, awsAccountId: '000000000042', creditCode: null, at: d.events.at(-1)?.at },
    ]);
    expect(d.lastActions).toEqual([
      {
        type: 'creditsIssued',
        quarter: '2026-Q1',
        amountCents: 200_000,
        awsAccountId: '000000000042',
        opportunityId: 'opp-1',
      },
    ]);
  });

  it('after a plan termination, a quarter starting after its date earns nothing; earlier quarters still settle', () => {
    const d = mobilize().wait(100); // 2026-04-15
    d.ok(d.p('RECORD_PLAN_TERMINATION', { by: 'aws', on: '2026-03-31', reason: 'customer left MAP' }));
    expectRefused(
      d,
      spend(d, '2026-Q2', 1_000_000),
      'The plan ended on 2026-03-31; 2026-Q2 starts after it and earns no credits.',
    );
    // 2026-Q1 starts before the end date: its spend counts, and AWS's credits for it are recorded.
    d.ok(spend(d, '2026-Q1', 1_000_000));
    d.ok(issued(d, '2026-Q1', 200_000));
    expect(d.ctx.credits.map((q) => [q.quarter, q.issued.length])).toEqual([['2026-Q1', 1]]);
  });

  it('is kept from mobilize on: the customer ledger starts with the migration', () => {
    const d = new Drive2().toAssess();
    expectRefused(d, spend(d, '2026-Q1', 100), 'RECORD_TAGGED_SPEND is not accepted in state assess.', 'STATE');
    expectRefused(d, issued(d, '2026-Q1', 100), 'RECORD_CREDITS_ISSUED is not accepted in state assess.', 'STATE');
  });
});

describe('RECORD_TAGS_APPLIED', () => {
  /** In migrate (the pilot validated), production waves w1 started (go) and w2 planned. */
  const started = (): Drive2 => {
    const d = new Drive2().toMigrate().plan('w1', 'production').plan('w2', 'production');
    d.ok(d.p('REQUEST_WAVE_DECISION', { waveId: 'w1' }));
    d.ok(d.c('DECIDE_WAVE', { waveId: 'w1', decision: 'go' }));
    d.ok(d.p('START_WAVE', { waveId: 'w1' }));
    return d;
  };
  const applied = (d: Drive2, waveId: string, appliedAt: string, coverageEvidence = evidence(`${waveId}-tags`)) =>
    d.p('RECORD_TAGS_APPLIED', { waveId, appliedAt, coverageEvidence });

  it('records when the tags of one wave went on, with the coverage evidence, leaving the others', () => {
    const d = started();
    expect(d.state).toBe('migrate');
    const appliedAt = d.now();
    const e = applied(d, 'w1', appliedAt);
    d.ok(e);
    expect(d.ctx.waves.map((w) => [w.waveId, w.status, w.tagsApplied])).toEqual([
      ['pilot', 'validated', expect.objectContaining({ coverageEvidence: evidence('pilot-tags') })],
      ['w1', 'in_progress', { appliedAt, coverageEvidence: evidence('w1-tags'), recordedAt: e.at }],
      ['w2', 'planned', null],
    ]);
    expect(d.lastActions).toEqual([{ type: 'tagsApplied', waveId: 'w1', appliedAt, opportunityId: 'opp-1' }]);
    // A planned wave may have its tags recorded ahead of its run; appliedAt may be the event's own time.
    const now = applied(d, 'w2', '');
    d.ok({ ...now, appliedAt: now.at });
    expect(d.ctx.waves[2]?.tagsApplied?.appliedAt).toBe(now.at);
  });

  it('refuses an unknown wave, a time in the future or malformed, and bad evidence', () => {
    const d = started();
    expectRefused(d, applied(d, 'w9', d.now()), 'There is no wave w9.');
    const when = 'appliedAt must be an ISO timestamp, not after now: when the tags went on.';
    const future = applied(d, 'w1', '');
    expectRefused(d, { ...future, appliedAt: new Date(Date.parse(future.at) + 1000).toISOString() }, when);
    expectRefused(d, applied(d, 'w1', '2026-01-05'), when);
    expectRefused(d, applied(d, 'w1', 'last week'), when);
    expectRefused(
      d,
      applied(d, 'w1', d.now(), { uri: '', sha256: sha('x') }),
      'The tag coverage evidence is { uri, sha256 } with a 64-hex SHA-256.',
    );
    expect(d.ctx.waves.map((w) => w.tagsApplied === null)).toEqual([false, true, true]);
  });

  it('is refused once the wave is cut over or later: tags are recorded before the cut-over', () => {
    const d = started().tagsApplied('w1');
    d.ok(d.p('CUT_OVER_WAVE', { waveId: 'w1' }));
    expectRefused(
      d,
      applied(d, 'w1', d.now()),
      'Wave w1 is cut_over; tags are recorded as applied before the cut-over.',
    );
    expectRefused(
      d,
      applied(d, 'pilot', d.now()),
      'Wave pilot is validated; tags are recorded as applied before the cut-over.',
    );
  });

  it('is accepted in mobilize and migrate only', () => {
    const d = new Drive2().toAssess();
    expectRefused(d, applied(d, 'pilot', d.now()), 'RECORD_TAGS_APPLIED is not accepted in state assess.', 'STATE');
  });
});

describe('RECORD_PLAN_TERMINATION', () => {
  const terminate = (d: Drive2, over: object = {}): OpportunityEvent2 =>
    d.c('RECORD_PLAN_TERMINATION', { by: 'customer', on: '2026-03-15', reason: 'budget cut', ...over });

  it('records the end once, by the customer or AWS, from the partner or the customer', () => {
    const d = new Drive2().toMobilize();
    const e = terminate(d);
    d.ok(e);
    expect(d.ctx.planTermination).toEqual({ by: 'customer', on: '2026-03-15', reason: 'budget cut', recordedAt: e.at });
    expect(d.lastActions).toEqual([
      { type: 'planTerminated', by: 'customer', on: '2026-03-15', opportunityId: 'opp-1' },
    ]);
    expectRefused(
      d,
      d.p('RECORD_PLAN_TERMINATION', { by: 'aws', on: '2026-04-01', reason: 'again' }),
      'The plan was already terminated on 2026-03-15 (by customer).',
    );
  });

  it('refuses each malformed field, naming it', () => {
    const d = new Drive2().toMobilize();
    expectRefused(d, terminate(d, { by: 'partner' }), 'A plan is terminated by the customer or by AWS (by).');
    for (const on of ['15/03/2026', '2026-02-30', '2026-03-15T00:00:00Z', 20260315]) {
      expectRefused(d, terminate(d, { on }), 'on must be the date (YYYY-MM-DD) the plan ends.');
    }
    expectRefused(d, terminate(d, { reason: '  ' }), 'A plan termination needs a reason.');
    expect(d.ctx.planTermination).toBeNull();
    d.ok(terminate(d, { by: 'aws' }));
    expect(d.ctx.planTermination?.by).toBe('aws');
  });

  it('is accepted from mobilize on: there is no plan to end before it', () => {
    const d = new Drive2().toAssess();
    expectRefused(d, terminate(d), 'RECORD_PLAN_TERMINATION is not accepted in state assess.', 'STATE');
  });
});

/**
 * FILE_FUND_REQUEST for the Heroku workload, its project starting 14 days after the event's own date
 * and lasting 60 days, unless `over` says otherwise.
 */
function filing(d: Drive2, tranche: CashTranche, amountCents: number, over: object = {}): FileFundRequestEvent2 {
  const e = d.p('FILE_FUND_REQUEST', {
    tranche,
    amountCents,
    projectStartDate: '',
    projectEndDate: '',
    workloads: ['heroku-monolith'],
  });
  const start = addDays(dateOf(e.at), 14);
  return { ...e, projectStartDate: start, projectEndDate: addDays(start, 60), ...over };
}

/** RECORD_FUND_REQUEST_STAGE with `over`'s fields. */
const stage = (d: Drive2, tranche: CashTranche | string, to: string, over: object = {}): OpportunityEvent2 =>
  d.p('RECORD_FUND_REQUEST_STAGE', { tranche: tranche as CashTranche, stage: to as 'completed', ...over });

/** In assess with the Assess work done (checklist, attestation, business case, MAP agreement); no ACE yet. */
const assessDone = (): Drive2 => new Drive2().toAssess().assessWork();

describe('FILE_FUND_REQUEST', () => {
  it("files a cash tranche under AWS's name, sized on its envelope, with its dates and its own id", () => {
    const d = assessDone();
    // Filed 2026-01-05 21:00; the project starts 14 days later, 2026-01-19, and ends 60 days after, 2026-03-20;
    // claims are due 30 days after the end: 2026-04-19. Envelope: min(10% x $120,000, 10% x 12 x $11,000, $15,000)
    // = min(1,200,000; 1,320,000; 1,500,000) = 1,200,000 cents; $13,000 asked is 100,000 cents over.
    const e = filing(d, ASSESS, 1_300_000);
    expect(e.at).toBe('2026-01-05T21:00:00.000Z');
    d.ok(e);
    expect(d.ctx.fundRequests).toEqual([
      {
        requestId: 'assess_partner_funding-1',
        tranche: ASSESS,
        name: 'MAP Assess Project - Acme SaaS',
        stage: 'created',
        stageHistory: [{ stage: 'created', at: e.at }],
        projectStartDate: '2026-01-19',
        projectEndDate: '2026-03-20',
        claimDueDate: '2026-04-19',
        requestedCents: 1_300_000,
        preApprovedCents: null,
        awsFundRequestId: null,
        purchaseOrder: null,
        workloads: ['heroku-monolith'],
        rejections: [],
        filedAt: e.at,
        filedBy: 'u-partner',
        policyId: '2027.1',
        envelopeCents: 1_200_000,
        likelyDowngrade: true,
        overByCents: 100_000,
        claims: [],
      },
    ]);
    expect(d.lastActions).toEqual([
      {
        type: 'fundRequestFiled',
        tranche: ASSESS,
        requestId: 'assess_partner_funding-1',
        name: 'MAP Assess Project - Acme SaaS',
        amountCents: 1_300_000,
        envelopeCents: 1_200_000,
        likelyDowngrade: true,
        overByCents: 100_000,
        opportunityId: 'opp-1',
      },
    ]);
  });

  it('refuses each malformed field, naming it', () => {
    const d = assessDone();
    expectRefused(
      d,
      filing(d, 'mobilize_credits' as CashTranche, 660_000),
      "Fund requests are filed for partner cash (assess_partner_funding, mobilize_partner_funding, migrate_partner_funding); mobilize_credits is not one. MAP credits are the customer's, recorded per quarter.",
    );
    for (const amountCents of [0, -100, 10.5, '1000']) {
      expectRefused(d, filing(d, ASSESS, amountCents as number), 'The amount must be a positive number of cents.');
    }
    const end = 'The project end date must be a date (YYYY-MM-DD) after the start date.';
    const same = filing(d, ASSESS, 1_000_000);
    expectRefused(d, { ...same, projectEndDate: same.projectStartDate }, end);
    const before = filing(d, ASSESS, 1_000_000);
    expectRefused(d, { ...before, projectEndDate: addDays(before.projectStartDate, -1) }, end);
    expectRefused(d, filing(d, ASSESS, 1_000_000, { projectEndDate: '2026-02-30' }), end);
    expect(d.no(filing(d, ASSESS, 1_000_000, { projectStartDate: 'next month' })).detail).toMatch(
      /^The project start date must be a date \(YYYY-MM-DD\) at least 14 days after filing/,
    );
    for (const workloads of [[], [''], ['api', ' ']]) {
      expectRefused(d, filing(d, ASSESS, 1_000_000, { workloads }), 'Name the workloads this request funds.');
    }
    expect(d.ctx.fundRequests).toEqual([]);
  });

  it('needs the project to start at least 14 days after filing (policy 2027.1)', () => {
    const d = assessDone();
    // Filed on 2026-01-05: the earliest start is 2026-01-19.
    const early = filing(d, ASSESS, 1_000_000, { projectStartDate: '2026-01-18', projectEndDate: '2026-03-18' });
    expect(dateOf(early.at)).toBe('2026-01-05');
    expectRefused(
      d,
      early,
      'The project start date must be a date (YYYY-MM-DD) at least 14 days after filing, so on or after 2026-01-19.',
    );
    d.ok(filing(d, ASSESS, 1_000_000, { projectStartDate: '2026-01-19', projectEndDate: '2026-01-20' }));
  });

  it("refuses a workload the customer's other funding already covers (stacking)", () => {
    const d = assessDone();
    expectRefused(
      d,
      filing(d, ASSESS, 1_000_000, { customerFundedWorkloads: { map: ['heroku-monolith'], activate: [] } }),
      'Workload heroku-monolith is already funded by another MAP opportunity of this customer.',
    );
    expectRefused(
      d,
      filing(d, ASSESS, 1_000_000, { customerFundedWorkloads: { map: [], activate: ['heroku-monolith'] } }),
      'Workload heroku-monolith is already funded by Activate; AWS would zero a second claim on the same workload.',
    );
    d.ok(
      d.p('RECORD_ACTIVATE_WORKLOAD', {
        workload: 'ml-pipeline',
        amountCents: 500_000,
        customerFundedWorkloads: { map: [], activate: [] },
      }),
    );
    expectRefused(
      d,
      filing(d, ASSESS, 1_000_000, { workloads: ['heroku-monolith', 'ml-pipeline'] }),
      'Workload ml-pipeline is already funded by Activate; AWS would zero a second claim on the same workload.',
    );
    d.ok(filing(d, ASSESS, 1_000_000, { customerFundedWorkloads: { map: ['billing'], activate: ['ml-pipeline'] } }));
  });

  it('files the Assess tranche in assess only, and no tranche after its phase has ended', () => {
    const m = new Drive2().toMobilize();
    expectRefused(
      m,
      filing(m, ASSESS, 1_000_000),
      'The Assess tranche is filed only in assess; this opportunity is in mobilize.',
    );
    // Migrate's tranche is filed before its work, in mobilize.
    m.ok(filing(m, MIGRATE, 1_000_000));
    const g = new Drive2().toMigrate();
    expectRefused(
      g,
      filing(g, ASSESS, 1_000_000),
      'The Assess tranche is filed only in assess; this opportunity is in migrate.',
    );
    expectRefused(
      g,
      filing(g, MOBILIZE, 1_000_000),
      'Filing comes before the work: the mobilize phase has ended, so mobilize_partner_funding can no longer be filed.',
    );
    const i = new Drive2();
    expectRefused(i, filing(i, ASSESS, 1_000_000), 'FILE_FUND_REQUEST is not accepted in state intake.', 'STATE');
  });

  describe('the Mobilize and Migrate tranches need what AWS needs, each missing prerequisite named alone', () => {
    type Skip = 'agreement' | 'attestation' | 'businessCase' | 'ace' | 'aceInReview' | 'none';
    /** In assess with the Assess checklist complete and every prerequisite but `skip`. */
    function assessWithout(skip: Skip): Drive2 {
      const d = new Drive2().toAssess();
      for (const item of ['discovery_inventory', 'tco_model'] as const) {
        d.ok(d.p('COMPLETE_CHECKLIST_ITEM', { item, evidence: evidence(item) }));
      }
      if (skip !== 'attestation') d.ok(d.p('ATTEST_MAP_RECORD', { record: mapRecord() }));
      if (skip !== 'businessCase') d.ok(d.c('APPROVE_BUSINESS_CASE'));
      if (skip !== 'agreement') {
        d.ok(d.p('RECORD_MAP_AGREEMENT', { tagScheme: 'map-migrated', mpeId: MPE, signedOn: d.date() }));
      }
      if (skip === 'aceInReview') d.ok(aceRecord(d, 'In review'));
      else if (skip !== 'ace') d.ok(aceRecord(d, 'Approved'));
      return d;
    }
    it.each([
      ['agreement', 'the signed MAP agreement is not recorded'],
      ['attestation', 'the MAP opportunity record is not attested'],
      ['businessCase', 'the customer has not approved the business case'],
      ['ace', 'no ACE opportunity is linked'],
      ['aceInReview', `the ACE opportunity ${ACE_ID} is In review, not Approved`],
    ] as const)('without %s', (skip, words) => {
      const d = assessWithout(skip);
      expectRefused(d, filing(d, MOBILIZE, 1_000_000), `The mobilize tranche cannot be filed yet: ${words}.`);
      expectRefused(d, filing(d, MIGRATE, 1_000_000), `The migrate tranche cannot be filed yet: ${words}.`);
      // The Assess tranche needs none of them.
      d.ok(filing(d, ASSESS, 1_000_000));
    });
    it('with all of them', () => {
      const d = assessWithout('none');
      d.ok(filing(d, MOBILIZE, 1_000_000));
      d.ok(filing(d, MIGRATE, 1_000_000));
      expect(d.ctx.fundRequests.map((r) => r.requestId)).toEqual([
        'mobilize_partner_funding-1',
        'migrate_partner_funding-1',
      ]);
    });
  });

  it('allows one open request per tranche; an expired one no longer blocks (claims due 2026-04-19)', () => {
    const d = assessDone();
    d.ok(filing(d, ASSESS, 1_000_000)); // 2026-01-05: starts 01-19, ends 03-20, claims due 04-19
    expect(d.ctx.fundRequests[0]?.claimDueDate).toBe('2026-04-19');
    expectRefused(
      d,
      filing(d, ASSESS, 500_000),
      'The assess_partner_funding request assess_partner_funding-1 is still open (created): one open request per tranche.',
    );
    // 2026-01-05 + 104 days = 2026-04-19 (26 + 28 + 31 + 19): the due date itself, still open all day.
    d.wait(104);
    const onDue = filing(d, ASSESS, 500_000);
    expect(dateOf(onDue.at)).toBe('2026-04-19');
    expect(d.no(onDue).detail).toContain('is still open (created)');
    d.wait(1); // past 2026-04-19: expired, no claim was submitted
    expectRefused(
      d,
      stage(d, ASSESS, 'business_approval', { awsFundRequestId: 'FR-1' }),
      'There is no open fund request for assess_partner_funding.',
    );
    d.ok(filing(d, ASSESS, 500_000));
    expect(d.ctx.fundRequests.map((r) => [r.requestId, r.stage])).toEqual([
      ['assess_partner_funding-1', 'created'],
      ['assess_partner_funding-2', 'created'],
    ]);
  });
});

describe('RECORD_FUND_REQUEST_STAGE', () => {
  it("moves forward with AWS's reference, enters cash_claim with the pre-approval and the PO, completes once claims settle", () => {
    const d = assessDone();
    d.ok(filing(d, ASSESS, 1_200_000));
    expectRefused(
      d,
      stage(d, 'assess', 'business_approval'),
      'Unknown cash tranche assess; fund requests are assess_partner_funding, mobilize_partner_funding, migrate_partner_funding.',
    );
    expectRefused(
      d,
      stage(d, MOBILIZE, 'business_approval'),
      'There is no open fund request for mobilize_partner_funding.',
    );
    for (const s of ['rejected', 'created', 'approved']) {
      expectRefused(
        d,
        stage(d, ASSESS, s),
        `Unknown stage ${s}; a rejection is recorded with RECORD_FUND_REQUEST_REJECTION.`,
      );
    }
    const ref = "Beyond created, a request needs AWS's fund request reference (awsFundRequestId).";
    expectRefused(d, stage(d, ASSESS, 'business_approval'), ref);
    expectRefused(d, stage(d, ASSESS, 'business_approval', { awsFundRequestId: ' ' }), ref);
    d.ok(stage(d, ASSESS, 'business_approval', { awsFundRequestId: 'FR-1' }));
    expect(d.lastActions).toEqual([
      {
        type: 'fundRequestStageRecorded',
        tranche: ASSESS,
        requestId: 'assess_partner_funding-1',
        stage: 'business_approval',
        opportunityId: 'opp-1',
      },
    ]);
    expectRefused(
      d,
      stage(d, ASSESS, 'business_approval'),
      'Stages move forward only: assess_partner_funding-1 is at business_approval.',
    );
    const full = { preApprovedCents: 1_000_000, purchaseOrder: 'PO-1' };
    expectRefused(
      d,
      stage(d, ASSESS, 'cash_claim', full),
      'A request enters cash_claim from finance_approval; it is business_approval.',
    );
    expectRefused(d, stage(d, ASSESS, 'completed'), 'A request is completed from cash_claim.');
    expectRefused(
      d,
      stage(d, ASSESS, 'finance_approval', { awsFundRequestId: 'FR-2' }),
      "assess_partner_funding-1 is AWS's FR-1, not FR-2.",
    );
    d.ok(stage(d, ASSESS, 'finance_approval', { awsFundRequestId: 'FR-1' })); // the same reference again is fine
    expectRefused(
      d,
      stage(d, ASSESS, 'business_approval'),
      'Stages move forward only: assess_partner_funding-1 is at finance_approval.',
    );
    const pre =
      'Entering cash_claim needs what AWS pre-approved (preApprovedCents), more than 0 and at most the requested 1200000 cents.';
    for (const preApprovedCents of [undefined, 0, -1, 1_200_001, 99.5]) {
      expectRefused(d, stage(d, ASSESS, 'cash_claim', { purchaseOrder: 'PO-1', preApprovedCents }), pre);
    }
    const po = 'Entering cash_claim needs the purchase order number (purchaseOrder).';
    expectRefused(d, stage(d, ASSESS, 'cash_claim', { preApprovedCents: 1_000_000 }), po);
    expectRefused(d, stage(d, ASSESS, 'cash_claim', { preApprovedCents: 1_000_000, purchaseOrder: '' }), po);
    d.ok(stage(d, ASSESS, 'cash_claim', full));
    expect(d.ctx.fundRequests[0]).toMatchObject({
      stage: 'cash_claim',
      awsFundRequestId: 'FR-1',
      preApprovedCents: 1_000_000,
      purchaseOrder: 'PO-1',
      requestedCents: 1_200_000,
    });
    expect(d.ctx.fundRequests[0]?.stageHistory.map((h) => h.stage)).toEqual([
      'created',
      'business_approval',
      'finance_approval',
      'cash_claim',
    ]);
    // Two claims: a1 paid, a2 rejected by AWS; completion waits for both to settle.
    d.ok(
      d.p('PREPARE_CLAIM', { tranche: ASSESS, claimId: 'a1', amountCents: 600_000, evidence: CLAIM_EVIDENCE[ASSESS] }),
    );
    d.ok(
      d.p('PREPARE_CLAIM', { tranche: ASSESS, claimId: 'a2', amountCents: 400_000, evidence: CLAIM_EVIDENCE[ASSESS] }),
    );
    expectRefused(d, stage(d, ASSESS, 'completed'), 'Claims still unsettled (neither paid nor rejected): a1, a2.');
    for (const claimId of ['a1', 'a2']) {
      d.ok(d.c('SIGN_OFF_CLAIM', { tranche: ASSESS, claimId }));
      d.ok(d.p('SUBMIT_CLAIM', { tranche: ASSESS, claimId }));
    }
    d.ok(d.p('RECORD_CLAIM_OUTCOME', { tranche: ASSESS, claimId: 'a1', outcome: 'approved', approvedCents: 600_000 }));
    d.ok(d.p('RECORD_CLAIM_OUTCOME', { tranche: ASSESS, claimId: 'a2', outcome: 'rejected', approvedCents: 0 }));
    expectRefused(d, stage(d, ASSESS, 'completed'), 'Claims still unsettled (neither paid nor rejected): a1.');
    d.ok(d.p('RECORD_PAYMENT', { tranche: ASSESS, claimId: 'a1', invoiceReference: 'INV-001' }));
    d.ok(stage(d, ASSESS, 'completed'));
    expect(d.ctx.fundRequests[0]?.stage).toBe('completed');
    // Completed is final: nothing is open any more.
    expectRefused(d, stage(d, ASSESS, 'terminated'), 'There is no open fund request for assess_partner_funding.');
  });

  it('terminates a request from any open stage; the tranche may then be filed again', () => {
    const d = assessDone();
    d.ok(filing(d, ASSESS, 1_000_000));
    d.ok(stage(d, ASSESS, 'terminated'));
    d.ok(filing(d, ASSESS, 900_000));
    d.toCashClaim(ASSESS);
    d.ok(stage(d, ASSESS, 'terminated'));
    expect(d.ctx.fundRequests.map((r) => [r.requestId, r.stage, r.preApprovedCents])).toEqual([
      ['assess_partner_funding-1', 'terminated', null],
      ['assess_partner_funding-2', 'terminated', 900_000],
    ]);
  });
});

describe('RECORD_FUND_REQUEST_REJECTION and RESUBMIT_FUND_REQUEST', () => {
  const reject = (d: Drive2, over: object = {}): OpportunityEvent2 =>
    d.p('RECORD_FUND_REQUEST_REJECTION', { tranche: ASSESS, reason: 'SOW missing', resubmittable: true, ...over });
  const resubmit = (d: Drive2, over: object = {}): ResubmitFundRequestEvent => {
    const e = d.p('RESUBMIT_FUND_REQUEST', { tranche: ASSESS, projectStartDate: '', projectEndDate: '' });
    const start = addDays(dateOf(e.at), 14);
    return { ...e, projectStartDate: start, projectEndDate: addDays(start, 60), ...over };
  };
  /** An Assess request of $12,000 in business_approval (AWS reference FR-1). */
  const inReview = (): Drive2 => {
    const d = assessDone();
    d.ok(filing(d, ASSESS, 1_200_000));
    d.ok(stage(d, ASSESS, 'business_approval', { awsFundRequestId: 'FR-1' }));
    return d;
  };

  it("is recorded from AWS's review only, with the reason and whether AWS allows resubmission", () => {
    const d = assessDone();
    d.ok(filing(d, ASSESS, 1_200_000));
    expectRefused(
      d,
      reject(d),
      'AWS rejects a request in business_approval or finance_approval; assess_partner_funding-1 is created.',
    );
    expectRefused(d, reject(d, { tranche: MOBILIZE }), 'There is no open fund request for mobilize_partner_funding.');
    expectRefused(
      d,
      reject(d, { tranche: 'mobilize_credits' }),
      'Unknown cash tranche mobilize_credits; fund requests are assess_partner_funding, mobilize_partner_funding, migrate_partner_funding.',
    );
    d.toCashClaim(ASSESS);
    expectRefused(
      d,
      reject(d),
      'AWS rejects a request in business_approval or finance_approval; assess_partner_funding-1 is cash_claim.',
    );
    const e = inReview();
    expectRefused(e, reject(e, { reason: ' ' }), "A rejection needs AWS's reason.");
    expectRefused(e, reject(e, { resubmittable: 'yes' }), 'Say whether AWS allows resubmission (resubmittable).');
  });

  it('final from finance_approval, sent by the system actor: the request is rejected and the tranche free again', () => {
    const d = inReview();
    d.ok(stage(d, ASSESS, 'finance_approval'));
    const at = d.wait(1).now();
    d.ok({
      type: 'RECORD_FUND_REQUEST_REJECTION',
      at,
      actor: SYSTEM,
      tranche: ASSESS,
      reason: 'outside program scope',
      resubmittable: false,
    });
    expect(d.ctx.fundRequests[0]).toMatchObject({
      stage: 'rejected',
      rejections: [{ at, reason: 'outside program scope', resubmittable: false, resubmittedAt: null }],
    });
    expect(d.ctx.fundRequests[0]?.stageHistory.at(-1)).toEqual({ stage: 'rejected', at });
    expect(d.lastActions).toEqual([
      {
        type: 'fundRequestRejected',
        tranche: ASSESS,
        requestId: 'assess_partner_funding-1',
        reason: 'outside program scope',
        resubmittable: false,
        opportunityId: 'opp-1',
      },
    ]);
    expectRefused(d, resubmit(d), 'There is no open fund request for assess_partner_funding.');
    d.ok(filing(d, ASSESS, 1_000_000));
    expect(d.ctx.fundRequests.map((r) => r.requestId)).toEqual([
      'assess_partner_funding-1',
      'assess_partner_funding-2',
    ]);
  });

  it('resubmittable: back to created; resubmitted once with new dates (and amount), then on as usual', () => {
    const d = inReview();
    expectRefused(
      d,
      resubmit(d),
      'Only a request AWS sent back for changes is resubmitted; assess_partner_funding-1 is business_approval.',
    );
    d.ok(reject(d));
    expect(d.ctx.fundRequests[0]?.stage).toBe('created');
    for (const amountCents of [0, -1, 1.5]) {
      expectRefused(d, resubmit(d, { amountCents }), 'The amount must be a positive number of cents.');
    }
    const early = resubmit(d);
    expectRefused(
      d,
      { ...early, projectStartDate: addDays(early.projectStartDate, -1) },
      `The project start date must be a date (YYYY-MM-DD) at least 14 days after filing, so on or after ${early.projectStartDate}.`,
    );
    expectRefused(
      d,
      resubmit(d, { projectEndDate: '2026-01-01' }),
      'The project end date must be a date (YYYY-MM-DD) after the start date.',
    );
    // Resubmitted without an amount: the $12,000 stands; the dates and the due date follow the new end.
    const again = resubmit(d, { projectStartDate: '2026-02-02', projectEndDate: '2026-04-30' });
    d.ok(again);
    expect(d.ctx.fundRequests[0]).toMatchObject({
      stage: 'created',
      requestedCents: 1_200_000,
      projectStartDate: '2026-02-02',
      projectEndDate: '2026-04-30',
      claimDueDate: '2026-05-30', // 2026-04-30 + 30 days
      likelyDowngrade: false,
      overByCents: 0,
      rejections: [{ reason: 'SOW missing', resubmittable: true, resubmittedAt: again.at }],
    });
    expect(d.lastActions).toEqual([
      {
        type: 'fundRequestResubmitted',
        tranche: ASSESS,
        requestId: 'assess_partner_funding-1',
        opportunityId: 'opp-1',
      },
    ]);
    // Resubmitted once: not again until AWS sends it back again.
    expectRefused(
      d,
      resubmit(d),
      'Only a request AWS sent back for changes is resubmitted; assess_partner_funding-1 is created.',
    );
    // The stage moves on with the reference AWS already gave.
    d.ok(stage(d, ASSESS, 'business_approval'));
    d.ok(stage(d, ASSESS, 'finance_approval'));
    d.ok(reject(d, { reason: 'amount unclear' }));
    // A new amount of $15,000 is 300,000 cents over the 1,200,000 envelope: flagged.
    d.ok(resubmit(d, { amountCents: 1_500_000 }));
    expect(d.ctx.fundRequests[0]).toMatchObject({
      requestedCents: 1_500_000,
      likelyDowngrade: true,
      overByCents: 300_000,
    });
    expect(d.ctx.fundRequests[0]?.rejections.map((r) => r.reason)).toEqual(['SOW missing', 'amount unclear']);
    expect(d.ctx.fundRequests[0]?.rejections.every((r) => r.resubmittedAt !== null)).toBe(true);
  });

  it('a request never rejected is not resubmitted', () => {
    const d = assessDone();
    d.ok(filing(d, ASSESS, 1_200_000));
    expectRefused(
      d,
      resubmit(d),
      'Only a request AWS sent back for changes is resubmitted; assess_partner_funding-1 is created.',
    );
    expectRefused(
      d,
      resubmit(d, { tranche: 'x' }),
      'Unknown cash tranche x; fund requests are assess_partner_funding, mobilize_partner_funding, migrate_partner_funding.',
    );
  });
});

describe('PREPARE_CLAIM and RECORD_PAYMENT', () => {
  const prepare = (d: Drive2, claimId: string, amountCents: number, over: object = {}): OpportunityEvent2 =>
    d.p('PREPARE_CLAIM', { tranche: ASSESS, claimId, amountCents, evidence: CLAIM_EVIDENCE[ASSESS], ...over });
  /** An Assess request of $12,000, AWS pre-approved $10,000. */
  const inCashClaim = (): Drive2 => {
    const d = assessDone();
    d.ok(filing(d, ASSESS, 1_200_000));
    return d.toCashClaim(ASSESS, 1_000_000);
  };

  it('needs an open request in cash_claim, of a cash tranche', () => {
    const d = assessDone();
    expectRefused(d, prepare(d, 'a1', 100), 'There is no open fund request for assess_partner_funding.');
    expectRefused(d, prepare(d, 'a1', 100, { tranche: 'assess' }), 'Unknown cash tranche assess.');
    d.ok(filing(d, ASSESS, 1_200_000));
    expectRefused(
      d,
      prepare(d, 'a1', 100),
      'Claims are prepared once AWS pre-approved the request (cash_claim); assess_partner_funding-1 is created.',
    );
    d.ok(stage(d, ASSESS, 'business_approval', { awsFundRequestId: 'FR-1' }));
    expectRefused(
      d,
      prepare(d, 'a1', 100),
      'Claims are prepared once AWS pre-approved the request (cash_claim); assess_partner_funding-1 is business_approval.',
    );
  });

  it('refuses each malformed field, naming it', () => {
    const d = inCashClaim();
    expectRefused(d, prepare(d, ' ', 100), 'Claim id   is empty or already used in assess_partner_funding.');
    for (const amountCents of [0, -1, 2.5]) {
      expectRefused(d, prepare(d, 'a1', amountCents), 'The claim amount must be a positive number of cents.');
    }
    const shape =
      'Each piece of evidence is { kind, uri, sha256 } with kind one of customer_signoff, sow, deliverable, tag_coverage_report, invoice, other and a 64-hex SHA-256.';
    for (const ev of [
      [],
      [...CLAIM_EVIDENCE[ASSESS], { kind: 'photo', uri: 's3://p.jpg', sha256: sha('p') }],
      [...CLAIM_EVIDENCE[ASSESS], { kind: 'sow', uri: 's3://sow.pdf', sha256: 'abc' }],
      [evidence('untyped')],
    ]) {
      expectRefused(d, prepare(d, 'a1', 100, { evidence: ev }), shape);
    }
    expectRefused(
      d,
      prepare(d, 'a1', 100, { evidence: [typed('customer_signoff', 's')] }),
      'The assess_partner_funding claim must carry evidence of kind: deliverable.',
    );
    expectRefused(
      d,
      prepare(d, 'a1', 100, { evidence: [typed('other', 'o'), typed('invoice', 'i')] }),
      'The assess_partner_funding claim must carry evidence of kind: customer_signoff, deliverable.',
    );
    expect(d.ctx.fundRequests[0]?.claims).toEqual([]);
  });

  it("is bounded by what AWS pre-approved, less what the request's claims already hold", () => {
    const d = inCashClaim();
    // Pre-approved 1,000,000 of 1,200,000 requested. a1 holds 600,000; 400,000 remain.
    const a1 = prepare(d, 'a1', 600_000, {
      evidence: [...CLAIM_EVIDENCE[ASSESS], { ...typed('sow', 'sow'), note: 'x' }],
    });
    d.ok(a1);
    expect(d.ctx.fundRequests[0]?.claims).toEqual([
      {
        claimId: 'a1',
        amountCents: 600_000,
        evidence: [...CLAIM_EVIDENCE[ASSESS], typed('sow', 'sow')], // typed, nothing else kept
        status: 'prepared',
        preparedAt: a1.at,
        signedOffAt: null,
        signedOffBy: null,
        submittedAt: null,
        outcome: null,
        approvedCents: null,
        outcomeAt: null,
        paidAt: null,
        invoiceReference: null,
      },
    ]);
    expect(d.lastActions).toEqual([
      { type: 'notifyCustomerClaimSignOffNeeded', tranche: ASSESS, claimId: 'a1', opportunityId: 'opp-1' },
    ]);
    expectRefused(d, prepare(d, 'a1', 1), 'Claim id a1 is empty or already used in assess_partner_funding.');
    expectRefused(
      d,
      prepare(d, 'a2', 400_001),
      'Claims may not exceed what AWS pre-approved, 1000000 cents (requested: 1200000): 600000 cents are already claimed, 400000 remain.',
    );
    d.ok(prepare(d, 'a2', 400_000));
  });

  it('keeps claim ids unique across the requests of a tranche, not across tranches', () => {
    const d = assessDone().aceApproved();
    d.ok(filing(d, ASSESS, 1_000_000));
    d.toCashClaim(ASSESS).claim(ASSESS, 'a1', 1_000_000);
    d.ok(stage(d, ASSESS, 'completed'));
    d.ok(filing(d, ASSESS, 200_000));
    d.toCashClaim(ASSESS);
    expectRefused(d, prepare(d, 'a1', 100_000), 'Claim id a1 is empty or already used in assess_partner_funding.');
    d.ok(prepare(d, 'a2', 100_000));
    expect(d.ctx.fundRequests.map((r) => [r.requestId, r.claims.map((c) => c.claimId)])).toEqual([
      ['assess_partner_funding-1', ['a1']],
      ['assess_partner_funding-2', ['a2']],
    ]);
    // Mobilize's tranche may use a1 again: ids are unique within a tranche.
    expect(requestHoldingClaim(d.ctx, MOBILIZE, 'a1')).toBeNull();
    expect(requestHoldingClaim(d.ctx, ASSESS, 'a1')?.requestId).toBe('assess_partner_funding-1');
  });

  it("waits for the tranche's milestone: the Assess checklist", () => {
    const d = new Drive2().toAssess(); // no checklist item done yet
    d.ok(filing(d, ASSESS, 1_000_000));
    d.toCashClaim(ASSESS);
    expectRefused(
      d,
      prepare(d, 'a1', 100_000),
      'The assess_partner_funding claim milestone does not hold yet: The Assess checklist is complete.',
    );
  });

  it('waits for the Migrate milestone: a production wave validated and tagged spend of 20% of committed ARR', () => {
    // Committed ARR = 12 x 1,100,000 = 13,200,000 cents; 20% of it = 2,640,000 cents of cumulative tagged spend.
    const migrate = (d: Drive2, claimId: string, amountCents: number): OpportunityEvent2 =>
      d.p('PREPARE_CLAIM', { tranche: MIGRATE, claimId, amountCents, evidence: CLAIM_EVIDENCE[MIGRATE] });
    const spend = (d: Drive2, quarter: string, taggedSpendCents: number): OpportunityEvent2 =>
      d.p('RECORD_TAGGED_SPEND', { quarter, taggedSpendCents, untaggedSpendCents: 0, evidence: evidence(quarter) });
    const d = new Drive2().toMigrate(); // 2026-01-06
    d.ok(filing(d, MIGRATE, 1_980_000));
    d.toCashClaim(MIGRATE);
    expectRefused(
      d,
      migrate(d, 'g1', 1_000_000),
      'The migrate_partner_funding claim milestone does not hold yet: At least one production wave is validated. Cumulative tagged spend is 0 cents; the milestone needs at least 2640000 cents.',
    );
    d.plan('w1', 'production').runWave('w1');
    expectRefused(
      d,
      migrate(d, 'g1', 1_000_000),
      'The migrate_partner_funding claim milestone does not hold yet: Cumulative tagged spend is 0 cents; the milestone needs at least 2640000 cents.',
    );
    d.ok(spend(d, '2026-Q1', 2_000_000));
    // Filed 2026-01-06: starts 01-20, ends 60 days later on 03-21; claims due 30 days after, 04-20.
    expect(d.ctx.fundRequests[0]?.claimDueDate).toBe('2026-04-20');
    d.wait(86); // 2026-04-02: 2026-Q2 has started, and the request is still open
    d.ok(spend(d, '2026-Q2', 639_999)); // 2,000,000 + 639,999 = 2,639,999: one cent short
    expectRefused(
      d,
      migrate(d, 'g1', 1_000_000),
      'The migrate_partner_funding claim milestone does not hold yet: Cumulative tagged spend is 2639999 cents; the milestone needs at least 2640000 cents.',
    );
    d.ok(spend(d, '2026-Q2', 640_000)); // the corrected quarter: 2,640,000 in all
    d.ok(migrate(d, 'g1', 1_000_000));
  });

  it('reads a milestone on cumulative tagged spend, and a share of ARR with no run-rate, as the policy states them', () => {
    const d = new Drive2().toMobilize().mobilizeChecklist().plan('pilot', 'pilot').runWave('pilot');
    const policy: FundingPolicy2027 = {
      ...FUNDING_POLICY_2027,
      claims: {
        ...FUNDING_POLICY_2027.claims,
        mobilize_partner_funding: {
          ...FUNDING_POLICY_2027.claims.mobilize_partner_funding,
          milestone: {
            ...FUNDING_POLICY_2027.claims.mobilize_partner_funding.milestone,
            value: {
              facts: ['pilot_wave_validated'],
              realizedSpend: { kind: 'cumulative_tagged_spend', minCents: 5_000_000 },
            },
          },
        },
      },
    };
    expect(milestoneMissing(d.ctx, MOBILIZE, policy)).toEqual([
      'Cumulative tagged spend is 0 cents; the milestone needs at least 5000000 cents.',
    ]);
    expect(milestoneMissing(d.ctx, MOBILIZE, FUNDING_POLICY_2027)).toEqual([]);
    // No committed run-rate recorded: 20% of an ARR of 0 asks for no spend; only the wave is missing.
    const intake = new Drive2();
    expect(milestoneMissing(intake.ctx, MIGRATE, FUNDING_POLICY_2027)).toEqual([
      'At least one production wave is validated.',
    ]);
  });

  it('on a request moved from version 1 in cash_claim, is bounded by the requested amount, as version 1 bounded it', () => {
    // Version 1 recorded no pre-approval: its claims were bounded by the request, $12,000. $6,000 was claimed and
    // paid before the move; the other $6,000 must stay claimable on version 2 (migration loses nothing).
    const v1 = new Drive().toAssess().assessWork();
    v1.file(ASSESS, 1_200_000).toCashClaim(ASSESS).claim(ASSESS, 'c-1', 600_000);
    const moved = migrateSnapshot(v1.snapshot, v1.now());
    if (!moved.ok) throw new Error(moved.reasons.join(' '));
    expect(moved.snapshot.context.fundRequests[0]).toMatchObject({ stage: 'cash_claim', preApprovedCents: null });
    const at = v1.wait(1).now();
    const claim = (claimId: string, amountCents: number): OpportunityEvent2 => ({
      type: 'PREPARE_CLAIM',
      at,
      actor: v1.partnerActor,
      tranche: ASSESS,
      claimId,
      amountCents,
      evidence: CLAIM_EVIDENCE[ASSESS],
    });
    const over = ENGINE_V2.decide(moved.snapshot, claim('c-2', 600_001));
    expect(over.accepted ? null : over.refusal.detail).toBe(
      'Claims may not exceed what AWS pre-approved, 1200000 cents (requested: 1200000): 600000 cents are already claimed, 600000 remain.',
    );
    const rest = ENGINE_V2.decide(moved.snapshot, claim('c-2', 600_000));
    expect(
      rest.accepted ? rest.snapshot.context.fundRequests[0]?.claims.map((c) => c.claimId) : rest.refusal.detail,
    ).toEqual(['c-1', 'c-2']);
  });

  it('RECORD_PAYMENT names the invoice it settles, recorded on that claim only', () => {
    const d = inCashClaim();
    for (const [claimId, amountCents] of [
      ['a1', 600_000],
      ['a2', 400_000],
    ] as const) {
      d.ok(prepare(d, claimId, amountCents));
      d.ok(d.c('SIGN_OFF_CLAIM', { tranche: ASSESS, claimId }));
      d.ok(d.p('SUBMIT_CLAIM', { tranche: ASSESS, claimId }));
      d.ok(d.p('RECORD_CLAIM_OUTCOME', { tranche: ASSESS, claimId, outcome: 'approved', approvedCents: amountCents }));
    }
    const words = 'A payment names the invoice it settles (invoiceReference).';
    expectRefused(d, d.p('RECORD_PAYMENT', { tranche: ASSESS, claimId: 'a1' } as never), words);
    expectRefused(d, d.p('RECORD_PAYMENT', { tranche: ASSESS, claimId: 'a1', invoiceReference: '' }), words);
    d.ok(d.p('RECORD_PAYMENT', { tranche: ASSESS, claimId: 'a2', invoiceReference: 'INV-2026-002' }));
    expect(d.ctx.fundRequests[0]?.claims.map((c) => [c.claimId, c.status, c.invoiceReference])).toEqual([
      ['a1', 'approved', null],
      ['a2', 'paid', 'INV-2026-002'],
    ]);
  });
});

describe('ends drop nothing claimable', () => {
  it('ADVANCE to ineligible is refused while a request holds money, listing each with its claims', () => {
    const d = assessDone().aceApproved();
    d.ok(filing(d, ASSESS, 1_200_000));
    d.toCashClaim(ASSESS);
    d.ok(
      d.p('PREPARE_CLAIM', { tranche: ASSESS, claimId: 'a1', amountCents: 500_000, evidence: CLAIM_EVIDENCE[ASSESS] }),
    );
    d.ok(filing(d, MOBILIZE, 1_000_000));
    d.ok(d.p('UPDATE_PROFILE', { profile: { awsCompetitor: true } }));
    expectRefused(
      d,
      d.p('ADVANCE'),
      'Advancing to ineligible would drop money still claimable: assess_partner_funding-1 (cash_claim; claims a1), mobilize_partner_funding-1 (created). Terminate each request first (RECORD_FUND_REQUEST_STAGE terminated), or settle its claims.',
    );
    d.ok(stage(d, ASSESS, 'terminated'));
    expectRefused(
      d,
      d.p('ADVANCE'),
      'Advancing to ineligible would drop money still claimable: mobilize_partner_funding-1 (created). Terminate each request first (RECORD_FUND_REQUEST_STAGE terminated), or settle its claims.',
    );
    d.ok(stage(d, MOBILIZE, 'terminated'));
    d.advance();
    expect(d.state).toBe('ineligible');
  });

  it('an expired request no longer holds money: WITHDRAW goes through', () => {
    const d = assessDone();
    d.ok(filing(d, ASSESS, 1_000_000)); // claims due 2026-04-19
    expect(d.no(d.p('WITHDRAW', { reason: 'paused' })).detail).toContain('assess_partner_funding-1 (created)');
    d.wait(105); // 2026-04-20
    expectRefused(d, d.p('WITHDRAW', { reason: ' ' }), 'Withdrawing needs a reason.');
    d.ok(d.p('WITHDRAW', { reason: 'paused' }));
    expect(d.state).toBe('withdrawn');
  });

  it('ADVANCE within the lifecycle is not an ending: an open request goes along', () => {
    const d = assessDone().aceApproved();
    d.ok(filing(d, MOBILIZE, 1_000_000));
    d.advance();
    expect([d.state, d.ctx.fundRequests[0]?.stage]).toEqual(['mobilize', 'created']);
  });
});
