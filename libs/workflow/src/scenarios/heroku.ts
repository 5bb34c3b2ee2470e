/**
 * The Heroku Series-B case of the brief ("A MAP-funded migration off
 * Heroku"), as plain data: a B2B SaaS on ~$9K/month of Heroku that commits
 * ~$11K/month on AWS, moved by a premier partner in a pilot and three
 * production waves. The domain suite, the e2e suite and `npm run demo` all
 * read it from here. Hand computation of the envelopes (policy 2026.1):
 * libs/workflow/test/scenarios.spec.ts. Machine version 2's data (policy
 * 2027.1) follows version 1's, which its tests read unchanged; its hand
 * computation: libs/workflow/test/v2-scenarios.spec.ts.
 */
import type { Disposition, MapRecord, Profile, Tranche, WaveApplication } from '../types';
import type { AceProfileFields } from '../v2/context';
import type { CashTranche } from '../v2/policy';

/** The MPE ID of the MAP agreement; tag values carry it. */
export const MPE = 'MPE0012345';

/** ~$9K/month on Heroku, $11K/month committed on AWS, $120K of eligible migration services. */
export const herokuProfile = (over: Partial<Profile> = {}): Profile => ({
  sourcePlatform: 'heroku',
  region: 'us-east-1',
  customerCountry: 'US',
  servers: 30,
  databases: 2,
  applications: 6,
  currentMonthlySpendCents: 900_000,
  projectedMonthlyAwsSpendCents: 1_100_000,
  migrationServicesCostCents: 12_000_000,
  greenfield: false,
  awsCompetitor: false,
  ...over,
});

/** The six-part MAP record of the Heroku case. */
export const mapRecord = (): MapRecord => ({
  sourceEnvironment: 'Heroku: 30 dynos, Heroku Postgres, add-ons',
  targetArchitecture: 'ECS Fargate, Aurora PostgreSQL, Control Tower multi-account',
  projectedSpend: [
    { service: 'ECS', monthlyCents: 600_000 },
    { service: 'Aurora', monthlyCents: 500_000 },
  ],
  wavePlan: 'pilot, then three production waves',
  fundingRequest: [
    { tranche: 'mobilize_partner_funding', amountCents: 3_000_000 },
    { tranche: 'migrate_partner_funding', amountCents: 2_000_000 },
  ],
  deliveryScope: 'Assess, landing zone, pilot, three production waves',
});

/** A wave application; one that migrates (not `retire` or `retain`) carries its expected MAP tag value. */
export const app = (name: string, disposition: Disposition = 'rehost', tag = `mig${MPE}`): WaveApplication =>
  disposition === 'retire' || disposition === 'retain'
    ? { name, disposition }
    : { name, disposition, expectedTagValue: tag };

/** The Assess checklist, in the order the partner completes it. */
export const ASSESS_ITEMS = [
  'discovery_inventory',
  'tco_model',
  'seven_rs_disposition',
  'readiness_assessment',
  'target_architecture',
  'wave_plan',
] as const;
export const MOBILIZE_ITEMS = ['landing_zone', 'runbook', 'migration_factory'] as const;
export const MIGRATE_ITEMS = ['source_decommissioned', 'cost_validated'] as const;

/** The amount filed per tranche, in cents: each at its envelope but Migrate partner funding, 20,000 over. */
export const HEROKU_FUNDING: Readonly<Record<Tranche, number>> = {
  assess_partner_funding: 1_200_000,
  mobilize_partner_funding: 3_000_000,
  mobilize_credits: 660_000,
  migrate_partner_funding: 2_000_000,
  migrate_credits: 2_640_000,
};

/** The waves: a pilot, then three production waves; the customer first declines w2 as planned. */
export const HEROKU_WAVES = {
  pilot: [app('status-page')],
  w1: [app('web-monolith', 'replatform'), app('heroku-scheduler', 'retire')],
  w2Declined: [app('postgres', 'replatform', `comm${MPE}`)],
  w2DeclinedReason: 'DMS CDC not rehearsed',
  w2: [app('postgres', 'replatform', `comm_ec2_${MPE}`)],
  w3: [app('workers', 'rehost', `mig_ec2_${MPE}`)],
};

/** The actual run-rate after landing: ~45% below Heroku's $9K/month. */
export const HEROKU_RUN_RATE_CENTS = 495_000;

// ---------------------------------------------------------------------------------------------
// Machine version 2 (design/funding-v2.md, policy 2027.1): the same case as AWS runs it. The data
// above is version 1's and its tests read it as it is; version 2's lives beside it. Hand
// computation of the envelopes, the funding, the credits and the finding:
// libs/workflow/test/v2-scenarios.spec.ts.
// ---------------------------------------------------------------------------------------------

/** When the version-2 story starts (a Monday): the intake, at 09:00 UTC. Its quarters are 2027's. */
export const HEROKU_V2_START = '2027-01-04T09:00:00.000Z';

/** The profile's optional fields ACE needs (not part of `profile_complete`): the customer's site, ACE industry, address. */
export const herokuAceProfile = (): AceProfileFields => ({
  customerWebsite: 'https://acme-saas.example',
  industry: 'Software and Internet',
  customerAddress: { city: 'Austin', postalCode: '78701', stateOrRegion: 'Texas', countryCode: 'US' },
});

/** The amount filed per cash tranche, in cents: Assess and Mobilize at their 2027.1 envelopes, Migrate 20,000 over. */
export const HEROKU_FUNDING_V2: Readonly<Record<CashTranche, number>> = {
  assess_partner_funding: 1_200_000,
  mobilize_partner_funding: 2_640_000,
  migrate_partner_funding: 2_000_000,
};

/** What AWS pre-approves per cash tranche on entering `cash_claim`: what was asked, the Migrate request cut to its envelope. */
export const HEROKU_PRE_APPROVED_V2: Readonly<Record<CashTranche, number>> = {
  assess_partner_funding: 1_200_000,
  mobilize_partner_funding: 2_640_000,
  migrate_partner_funding: 1_980_000,
};

/** The six-part MAP record under version 2: version 1's, its funding request the version-2 cash amounts. */
export const mapRecordV2 = (): MapRecord => ({
  ...mapRecord(),
  fundingRequest: [
    { tranche: 'mobilize_partner_funding', amountCents: HEROKU_FUNDING_V2.mobilize_partner_funding },
    { tranche: 'migrate_partner_funding', amountCents: HEROKU_FUNDING_V2.migrate_partner_funding },
  ],
});

/**
 * The waves under version 2, tagged by AWS's MAP tagging table (`map-migrated` = prefix + MPE ID):
 * - the status page, the monolith and the workers are rehosted or replatformed off Heroku: `mig`;
 * - Heroku Postgres goes to Aurora PostgreSQL: PostgreSQL is open source and Heroku is not EC2,
 *   so `mig` too (`comm` is for a commercial engine, `comm_ec2_` and `mig_ec2_` only for a source
 *   database that already runs on EC2);
 * - Heroku Scheduler is retired: no tag.
 * The customer first declines w2; it is re-planned, same application and tag, after a CDC rehearsal.
 */
export const HEROKU_WAVES_V2 = {
  pilot: [app('status-page')],
  w1: [app('web-monolith', 'replatform'), app('heroku-scheduler', 'retire')],
  w2Declined: [app('postgres', 'replatform')],
  w2DeclinedReason: 'DMS CDC not rehearsed',
  w2: [app('postgres', 'replatform')],
  w2RollbackPlan: 'CDC rehearsed; Heroku Postgres stays the DMS source until validation, then DATABASE_URL back to it',
  w3: [app('workers', 'rehost')],
};

/** The ACE opportunity of the case in Partner Central (`O` + digits). */
export const HEROKU_ACE_OPPORTUNITY_ID = 'O4815162342';

/** The customer's payer account, where AWS applies the MAP credits. */
export const HEROKU_AWS_ACCOUNT_ID = '210987654321';

/** One quarter of the customer's cost report after the pilot landed, and the credits AWS issued for it. */
export interface HerokuQuarter {
  quarter: string;
  taggedSpendCents: number;
  untaggedSpendCents: number;
  /** Where the untagged spend came from; null when there was none. */
  untaggedWhy: string | null;
  /** Issued by AWS for the quarter. */
  issuedCents: number;
}

/**
 * The quarters from the pilot's cut-over (March 2027) on, at the brief's actual run-rate
 * ($4,950/month once all waves are in): Q1 the pilot only; Q2 the production waves, with the DMS
 * replication instance and a rehearsal cluster run before their tags went on; Q3 a full quarter,
 * with one worker launch template missing the tag for a while; Q4 a full quarter, all tagged.
 * AWS issued each quarter's credits at the 2027.1 estimate (20% of the tagged spend).
 */
export const HEROKU_QUARTERS_V2: readonly HerokuQuarter[] = [
  { quarter: '2027-Q1', taggedSpendCents: 60_000, untaggedSpendCents: 0, untaggedWhy: null, issuedCents: 12_000 },
  {
    quarter: '2027-Q2',
    taggedSpendCents: 900_000,
    untaggedSpendCents: 150_000,
    untaggedWhy: 'the DMS replication instance and a CDC rehearsal cluster ran before their tags went on',
    issuedCents: 180_000,
  },
  {
    quarter: '2027-Q3',
    taggedSpendCents: 1_425_000,
    untaggedSpendCents: 60_000,
    untaggedWhy: 'a worker launch template lost its map-migrated tag for three weeks',
    issuedCents: 285_000,
  },
  {
    quarter: '2027-Q4',
    taggedSpendCents: 1_485_000,
    untaggedSpendCents: 0,
    untaggedWhy: null,
    issuedCents: 297_000,
  },
];

/** The partner's closed MAP opportunities, for the "partner without MAP depth" finding: a premier partner with a record. */
export const HEROKU_PARTNER_STATS = { closedMapOpportunities: 12 };
