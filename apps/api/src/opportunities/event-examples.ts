import { EVENT_TYPES } from '@mapflow/workflow';
import type { EventType } from '@mapflow/workflow';
import { V2_BODY_TYPES } from './dto';
import type { V2BodyType } from './dto';

const SHA = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

/** One example body per event type, for /docs. */
export const EVENT_EXAMPLES: Record<EventType, Record<string, unknown>> = {
  UPDATE_PROFILE: {
    type: 'UPDATE_PROFILE',
    profile: { sourcePlatform: 'heroku', region: 'us-east-1', customerCountry: 'US', servers: 30 },
  },
  COMPLETE_CHECKLIST_ITEM: {
    type: 'COMPLETE_CHECKLIST_ITEM',
    item: 'discovery_inventory',
    evidence: { uri: 's3://acme-map/assess/inventory.xlsx', sha256: SHA },
  },
  REOPEN_CHECKLIST_ITEM: { type: 'REOPEN_CHECKLIST_ITEM', item: 'tco_model', reason: 'Prices changed' },
  ATTEST_MAP_RECORD: {
    type: 'ATTEST_MAP_RECORD',
    record: {
      sourceEnvironment: 'Heroku: 12 dynos, Heroku Postgres, Redis',
      targetArchitecture: 'ECS on Fargate, Aurora PostgreSQL, ElastiCache',
      projectedSpend: [{ service: 'Amazon ECS', monthlyCents: 600000 }],
      wavePlan: 'Pilot, then three production waves',
      fundingRequest: [{ tranche: 'mobilize_partner_funding', amountCents: 3000000 }],
      deliveryScope: 'Landing zone, migration factory, three waves',
    },
  },
  APPROVE_BUSINESS_CASE: { type: 'APPROVE_BUSINESS_CASE' },
  REJECT_BUSINESS_CASE: { type: 'REJECT_BUSINESS_CASE', reason: 'Support costs are missing' },
  RECORD_MAP_AGREEMENT: {
    type: 'RECORD_MAP_AGREEMENT',
    tagScheme: 'map-migrated',
    mpeId: '12345',
    signedOn: '2026-11-02',
  },
  PLAN_WAVE: {
    type: 'PLAN_WAVE',
    waveId: 'pilot-1',
    kind: 'pilot',
    name: 'Status page',
    applications: [{ name: 'status-page', disposition: 'rehost', expectedTagValue: 'mig12345' }],
    rollbackPlan: 'DNS back to Heroku within 5 minutes',
  },
  REQUEST_WAVE_DECISION: { type: 'REQUEST_WAVE_DECISION', waveId: 'pilot-1' },
  DECIDE_WAVE: { type: 'DECIDE_WAVE', waveId: 'pilot-1', decision: 'go' },
  START_WAVE: { type: 'START_WAVE', waveId: 'pilot-1' },
  CUT_OVER_WAVE: { type: 'CUT_OVER_WAVE', waveId: 'pilot-1' },
  VALIDATE_WAVE: { type: 'VALIDATE_WAVE', waveId: 'pilot-1' },
  ROLL_BACK_WAVE: { type: 'ROLL_BACK_WAVE', waveId: 'wave-2', reason: 'Latency doubled after cutover' },
  CANCEL_WAVE: { type: 'CANCEL_WAVE', waveId: 'wave-3', reason: 'Folded into wave 2' },
  FILE_FUND_REQUEST: {
    type: 'FILE_FUND_REQUEST',
    tranche: 'mobilize_partner_funding',
    fundingType: 'cash',
    amountCents: 3000000,
    projectEndDate: '2027-03-31',
    workloads: ['monolith'],
  },
  RECORD_FUND_REQUEST_STAGE: {
    type: 'RECORD_FUND_REQUEST_STAGE',
    tranche: 'mobilize_partner_funding',
    stage: 'business_approval',
  },
  RECORD_ACTIVATE_WORKLOAD: { type: 'RECORD_ACTIVATE_WORKLOAD', workload: 'genai-assistant', amountCents: 10000000 },
  PREPARE_CLAIM: {
    type: 'PREPARE_CLAIM',
    tranche: 'mobilize_partner_funding',
    claimId: 'm1',
    amountCents: 1500000,
    evidence: [{ uri: 's3://acme-map/mobilize/landing-zone-report.pdf', sha256: SHA }],
  },
  SIGN_OFF_CLAIM: { type: 'SIGN_OFF_CLAIM', tranche: 'mobilize_partner_funding', claimId: 'm1' },
  SUBMIT_CLAIM: { type: 'SUBMIT_CLAIM', tranche: 'mobilize_partner_funding', claimId: 'm1' },
  RECORD_CLAIM_OUTCOME: {
    type: 'RECORD_CLAIM_OUTCOME',
    tranche: 'mobilize_partner_funding',
    claimId: 'm1',
    outcome: 'approved',
    approvedCents: 1500000,
  },
  RECORD_PAYMENT: { type: 'RECORD_PAYMENT', tranche: 'mobilize_partner_funding', claimId: 'm1' },
  RECORD_RUN_RATE: { type: 'RECORD_RUN_RATE', monthlyCents: 620000 },
  ADVANCE: { type: 'ADVANCE' },
  WITHDRAW: { type: 'WITHDRAW', reason: 'Customer chose to stay' },
};

/** One example body per event type whose payload version 2 changed or added, for /docs. */
export const EVENT_EXAMPLES_2: Record<V2BodyType, Record<string, unknown>> = {
  UPDATE_PROFILE: {
    type: 'UPDATE_PROFILE',
    profile: {
      servers: 30,
      customerWebsite: 'https://acme.example',
      industry: 'Software and Internet',
      customerAddress: { city: 'Austin', postalCode: '78701', stateOrRegion: 'Texas', countryCode: 'US' },
    },
  },
  FILE_FUND_REQUEST: {
    type: 'FILE_FUND_REQUEST',
    tranche: 'mobilize_partner_funding',
    amountCents: 3000000,
    projectStartDate: '2027-02-01',
    projectEndDate: '2027-06-30',
    workloads: ['monolith'],
  },
  RECORD_FUND_REQUEST_STAGE: {
    type: 'RECORD_FUND_REQUEST_STAGE',
    tranche: 'mobilize_partner_funding',
    stage: 'cash_claim',
    awsFundRequestId: 'FR-0000123456',
    preApprovedCents: 2800000,
    purchaseOrder: 'PO-2027-0042',
  },
  PREPARE_CLAIM: {
    type: 'PREPARE_CLAIM',
    tranche: 'mobilize_partner_funding',
    claimId: 'm1',
    amountCents: 1500000,
    evidence: [
      { kind: 'customer_signoff', uri: 's3://acme-map/mobilize/signoff.pdf', sha256: SHA },
      { kind: 'deliverable', uri: 's3://acme-map/mobilize/landing-zone-report.pdf', sha256: SHA },
    ],
  },
  RECORD_PAYMENT: {
    type: 'RECORD_PAYMENT',
    tranche: 'mobilize_partner_funding',
    claimId: 'm1',
    invoiceReference: 'INV-2027-0113',
  },
  RECORD_FUND_REQUEST_REJECTION: {
    type: 'RECORD_FUND_REQUEST_REJECTION',
    tranche: 'mobilize_partner_funding',
    reason: "The SOW does not list the migration factory's deliverables",
    resubmittable: true,
  },
  RESUBMIT_FUND_REQUEST: {
    type: 'RESUBMIT_FUND_REQUEST',
    tranche: 'mobilize_partner_funding',
    projectStartDate: '2027-03-01',
    projectEndDate: '2027-07-31',
    amountCents: 2500000,
  },
  RECORD_TAGGED_SPEND: {
    type: 'RECORD_TAGGED_SPEND',
    quarter: '2027-Q1',
    taggedSpendCents: 3200000,
    untaggedSpendCents: 150000,
    evidence: { uri: 's3://acme-map/credits/cost-report-2027-q1.csv', sha256: SHA },
  },
  RECORD_CREDITS_ISSUED: {
    type: 'RECORD_CREDITS_ISSUED',
    quarter: '2027-Q1',
    amountCents: 800000,
    awsAccountId: '123456789012',
    creditCode: 'MAP-CR-7781',
  },
  RECORD_TAGS_APPLIED: {
    type: 'RECORD_TAGS_APPLIED',
    waveId: 'pilot-1',
    appliedAt: '2027-02-01T09:30:00Z',
    coverageEvidence: { uri: 's3://acme-map/tags/pilot-1-coverage.csv', sha256: SHA },
  },
  RECORD_ACE_OPPORTUNITY: {
    type: 'RECORD_ACE_OPPORTUNITY',
    aceOpportunityId: 'O1234567',
    stage: 'Qualified',
    reviewStatus: 'Approved',
    lastModifiedDate: '2027-01-15T14:02:11Z',
  },
  SUBMIT_TO_ACE: { type: 'SUBMIT_TO_ACE' },
  RECORD_PLAN_TERMINATION: {
    type: 'RECORD_PLAN_TERMINATION',
    by: 'customer',
    on: '2027-09-30',
    reason: 'The customer consolidated on another cloud',
  },
};

/** True for a type whose version-2 body differs from version 1's or is new. */
function isV2BodyType(type: string): type is V2BodyType {
  return (V2_BODY_TYPES as readonly string[]).includes(type);
}

/**
 * Every example of the events body in /docs, by name: the type alone where both versions take the
 * same body, else `TYPE (version N)`, e.g. `FILE_FUND_REQUEST (version 1)` and `FILE_FUND_REQUEST (version 2)`.
 */
export const EVENT_BODY_EXAMPLES: Record<string, { summary: string; value: Record<string, unknown> }> =
  Object.fromEntries([
    ...EVENT_TYPES.map((type) =>
      isV2BodyType(type)
        ? [`${type} (version 1)`, { summary: `${type}, machine version 1`, value: EVENT_EXAMPLES[type] }]
        : [type, { summary: `${type}, machine versions 1 and 2`, value: EVENT_EXAMPLES[type] }],
    ),
    ...V2_BODY_TYPES.map((type) => [
      `${type} (version 2)`,
      { summary: `${type}, machine version 2`, value: EVENT_EXAMPLES_2[type] },
    ]),
  ]);
