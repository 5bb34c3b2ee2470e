/**
 * The Heroku Series-B case of the brief ("A MAP-funded migration off
 * Heroku"), as plain data: a B2B SaaS on ~$9K/month of Heroku that commits
 * ~$11K/month on AWS, moved by a premier partner in a pilot and three
 * production waves. The domain suite, the e2e suite and `npm run demo` all
 * read it from here. Hand computation of the envelopes (policy 2026.1):
 * libs/workflow/test/scenarios.spec.ts.
 */
import type { Disposition, MapRecord, Profile, Tranche, WaveApplication } from '../types';

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
