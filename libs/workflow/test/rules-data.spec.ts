/** Triage, tagging, checklists and permissions as data. */
import {
  CHECKLIST,
  CHECKLIST_KEYS,
  checklistFor,
  checklistItem,
  CLAIM_CHECKLISTS,
  EVENT_TYPES,
  hasFundingRights,
  isChecklistKey,
  isEventType,
  isEvidence,
  isSha256,
  isTagScheme,
  isValidMapId,
  isValidTagValue,
  mapIdRule,
  maySend,
  missingProfileFields,
  PERMISSIONS,
  PROFILE_FIELDS,
  profilePatchErrors,
  TAG_SCHEMES,
  tagCarriesId,
  tagValueId,
  tagValueProblem,
  triage,
  triageIfComplete,
  windowFor,
  isIsoDate,
  isIsoTimestamp,
  createOpportunity,
  gateIntakeToAssess,
  gateAssessToMobilize,
  gateCloseoutToClosed,
} from '../src';
import { multiplyCents } from '../src/money';
import { actors, createInput, herokuProfile } from './factories';

describe('triage', () => {
  it('first match wins: competitor, sanctioned, greenfield, floor, MAP', () => {
    expect(triage(herokuProfile({ awsCompetitor: true, greenfield: true })).program).toBe('INELIGIBLE');
    expect(triage(herokuProfile({ customerCountry: 'IR', greenfield: true })).program).toBe('INELIGIBLE');
    expect(triage(herokuProfile({ greenfield: true, projectedMonthlyAwsSpendCents: 1 })).program).toBe('ACTIVATE');
    expect(triage(herokuProfile({ projectedMonthlyAwsSpendCents: 99_999 }))).toMatchObject({
      program: 'REFERRAL',
      ladder: null,
    });
    expect(triage(herokuProfile({ projectedMonthlyAwsSpendCents: 100_000 }))).toMatchObject({
      program: 'MAP',
      ladder: 'lite',
    });
  });

  it('EDP candidate past the annual threshold, with reasons in words', () => {
    const t = triage(herokuProfile({ projectedMonthlyAwsSpendCents: 8_333_334 }));
    expect(t).toMatchObject({ program: 'MAP', ladder: 'enterprise', edpCandidate: true });
    expect(t.reasons).toHaveLength(3);
    expect(t.reasons[2]).toContain('EDP/PPA');
    expect(triage(herokuProfile({ projectedMonthlyAwsSpendCents: 8_333_333 })).edpCandidate).toBe(false);
  });

  it('profile completeness and patch validation', () => {
    expect(missingProfileFields({})).toEqual(PROFILE_FIELDS);
    expect(missingProfileFields(herokuProfile())).toEqual([]);
    expect(missingProfileFields({ ...herokuProfile(), customerCountry: 'usa' })).toEqual(['customerCountry']);
    expect(profilePatchErrors({ servers: 2, colour: 'red', greenfield: 'yes' })).toEqual([
      'colour is not a profile field',
      'greenfield has an invalid value',
    ]);
    expect(triageIfComplete({ servers: 1 })).toBeNull();
  });
});

describe('tagging', () => {
  it('MPE ID: 5 digits or 10 uppercase alphanumerics; PRM ID: lowercase, digits, hyphens', () => {
    expect(['12345', 'MPE0012345', 'ABCDEFGHIJ'].map((id) => isValidMapId('map-migrated', id))).toEqual([
      true,
      true,
      true,
    ]);
    expect(['1234', '123456', 'mpe0012345', 'MPE001234'].map((id) => isValidMapId('map-migrated', id))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(['acme-1', 'abc'].map((id) => isValidMapId('aws-apn-id', id))).toEqual([true, true]);
    expect(['Acme', 'a_b', ''].map((id) => isValidMapId('aws-apn-id', id))).toEqual([false, false, false]);
    expect(isTagScheme('map-migrated')).toBe(true);
    expect(isTagScheme('toString')).toBe(false);
    expect(TAG_SCHEMES.version).toBe('1');
  });

  it('tag values: the six prefixes, syntax and ID', () => {
    for (const v of [
      'mig12345',
      'sap12345',
      'oracle12345',
      'comm12345',
      'comm_ec2_12345',
      'mig_ec2_12345',
      'migacme-1',
    ]) {
      expect(isValidTagValue(v)).toBe(true);
    }
    for (const v of ['12345', 'mig', 'mig_12345', 'MIG12345', 'foo12345', 'migABC'])
      expect(isValidTagValue(v)).toBe(false);
    expect(tagValueId('map-migrated', 'comm_ec2_MPE0012345')).toBe('MPE0012345');
    expect(tagValueId('map-migrated', 'migacme')).toBeNull();
    expect(tagCarriesId('comm_ec2_MPE0012345', 'MPE0012345')).toBe(true);
    expect(tagCarriesId('mig99999', 'MPE0012345')).toBe(false);
  });

  it('tag value syntax under one scheme, in the words of its data', () => {
    // mig1234 is a tag value under some scheme (PRM ID 1234), but not under map-migrated.
    expect(isValidTagValue('mig1234')).toBe(true);
    expect(tagValueProblem('map-migrated', 'mig1234')).toBe(
      'mig1234 is not a map-migrated tag value: one of comm_ec2_, mig_ec2_, oracle, comm, mig, sap followed by the MPE ID (5 digits, or 10 uppercase letters and digits)',
    );
    expect(tagValueProblem('aws-apn-id', 'mig1234')).toBeNull();
    expect(tagValueProblem('map-migrated', 'comm_ec2_MPE0012345')).toBeNull();
    expect(tagValueProblem('aws-apn-id', 'migAcme')).toContain('PRM ID (lowercase letters, digits and hyphens)');
    expect(mapIdRule('aws-apn-id')).toBe(
      'mpeId must be a well-formed PRM ID for aws-apn-id: lowercase letters, digits and hyphens',
    );
    expect(mapIdRule()).toBe(
      'mpeId must fit the tag scheme: map-migrated takes the MPE ID (5 digits, or 10 uppercase letters and digits); aws-apn-id takes the PRM ID (lowercase letters, digits and hyphens)',
    );
  });
});

describe('checklists', () => {
  it('has the keys of DESIGN.md by phase, each with a description and evidence', () => {
    expect(checklistFor('assess').map((i) => i.key)).toEqual([
      'discovery_inventory',
      'tco_model',
      'seven_rs_disposition',
      'readiness_assessment',
      'target_architecture',
      'wave_plan',
    ]);
    expect(checklistFor('mobilize').map((i) => i.key)).toEqual(['landing_zone', 'runbook', 'migration_factory']);
    expect(checklistFor('migrate').map((i) => i.key)).toEqual(['source_decommissioned', 'cost_validated']);
    expect(CHECKLIST_KEYS).toHaveLength(11);
    for (const i of CHECKLIST) expect(i.description.endsWith('.') && i.evidenceRequired.endsWith('.')).toBe(true);
    expect(checklistItem('runbook').phase).toBe('mobilize');
    expect(isChecklistKey('runbook')).toBe(true);
    expect(isChecklistKey(3)).toBe(false);
    expect(CLAIM_CHECKLISTS.migrate_credits).toEqual(['production_wave_validated']);
  });

  it('sha256 is exactly 64 hex; evidence needs a uri', () => {
    expect(isSha256('a'.repeat(64))).toBe(true);
    expect(isSha256('A'.repeat(64))).toBe(true);
    expect(isSha256('a'.repeat(63))).toBe(false);
    expect(isSha256('g'.repeat(64))).toBe(false);
    expect(isEvidence({ uri: 's3://x', sha256: 'b'.repeat(64) })).toBe(true);
    expect(isEvidence({ uri: '', sha256: 'b'.repeat(64) })).toBe(false);
    expect(isEvidence(null)).toBe(false);
  });
});

describe('permissions', () => {
  it('covers every event; customers approve, decide and sign off; ops sends none', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual([...EVENT_TYPES].sort());
    const customer = EVENT_TYPES.filter((t) => maySend('customer', t));
    expect(customer).toEqual(['APPROVE_BUSINESS_CASE', 'REJECT_BUSINESS_CASE', 'DECIDE_WAVE', 'SIGN_OFF_CLAIM']);
    expect(EVENT_TYPES.filter((t) => maySend('ops', t))).toEqual([]);
    expect(EVENT_TYPES.filter((t) => maySend('partner', t))).toHaveLength(22);
  });

  it('funding rights follow the tier', () => {
    expect(hasFundingRights(actors.partner('premier'))).toBe(true);
    expect(hasFundingRights(actors.partner('advanced'))).toBe(true);
    expect(hasFundingRights(actors.partner('select'))).toBe(false);
    expect(hasFundingRights(actors.customer())).toBe(false);
  });

  it('isEventType, dates, windows', () => {
    expect(isEventType('ADVANCE')).toBe(true);
    expect(isEventType('ADVANCE_ALL')).toBe(false);
    expect([isIsoDate('2026-02-28'), isIsoDate('2026-02-29'), isIsoDate(20260228)]).toEqual([true, false, false]);
    expect([isIsoTimestamp('2026-02-28T00:00:00Z'), isIsoTimestamp('2026-02-28')]).toEqual([true, false]);
    expect(windowFor('migrate')).toEqual({ minWeeks: 8, maxWeeks: 24 });
    expect(windowFor('closeout')).toBeNull();
  });
});

describe('gate functions called directly', () => {
  it('intake -> assess names triage_map when the profile triages elsewhere; assess -> mobilize too', () => {
    const ctx = createOpportunity(createInput({ profile: herokuProfile({ projectedMonthlyAwsSpendCents: 10 }) }))
      .snapshot.context;
    expect(gateIntakeToAssess(ctx).missing.map((m) => m.key)).toEqual(['triage_map']);
    expect(gateAssessToMobilize(ctx).missing.map((m) => m.key)).toContain('triage_map');
    expect(gateCloseoutToClosed(ctx, '2026-01-01T00:00:00Z')).toEqual({ ready: true, missing: [] });
  });

  it('multiplies cents without leaving the safe range', () => {
    expect(multiplyCents(Number.MAX_SAFE_INTEGER, 12)).toBe(Number.MAX_SAFE_INTEGER);
    expect(multiplyCents(1_100_000, 12)).toBe(13_200_000);
  });
});
