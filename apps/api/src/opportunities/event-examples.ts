import type { EventType } from '@mapflow/workflow';

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
