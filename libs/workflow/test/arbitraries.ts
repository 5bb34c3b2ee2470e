/** Generated inputs for the domain's property tests (fast-check). */
import fc from 'fast-check';
import type { Profile } from '../src';

/** $1B: a generous upper bound for generated amounts. */
export const MAX_CENTS = 100_000_000_000;

/**
 * Complete profiles. By default any of them (a sanctioned country, new builds and AWS competitors
 * among them); with `mapFloorCents`, only those that triage MAP: a migration, not a competitor,
 * an allowed country, a committed run-rate at or above the floor.
 */
export function profileArbitrary(options: { mapFloorCents?: number } = {}): fc.Arbitrary<Profile> {
  const floor = options.mapFloorCents;
  return fc.record({
    sourcePlatform: fc.constantFrom('heroku', 'azure', 'gcp', 'on-prem', 'oracle'),
    region: fc.constant('us-east-1'),
    customerCountry: fc.constantFrom('US', 'GB', 'DE', 'IN', 'AE', floor === undefined ? 'IR' : 'SG'),
    servers: fc.nat({ max: 5_000 }),
    databases: fc.nat({ max: 500 }),
    applications: fc.nat({ max: 500 }),
    currentMonthlySpendCents: fc.nat({ max: MAX_CENTS }),
    projectedMonthlyAwsSpendCents:
      floor === undefined ? fc.nat({ max: MAX_CENTS }) : fc.integer({ min: floor, max: MAX_CENTS }),
    migrationServicesCostCents: fc.nat({ max: MAX_CENTS }),
    greenfield: floor === undefined ? fc.boolean() : fc.constant(false),
    awsCompetitor: floor === undefined ? fc.boolean() : fc.constant(false),
  });
}
