/**
 * The Heroku Series-B case of the brief on machine version 2 (policy
 * 2027.1), as AWS runs it, played on the pure engine (engine-v2.ts) with the
 * story's own calendar, from January 2027 to January 2028:
 * - the ACE opportunity is submitted and recorded Approved before the
 *   Mobilize and Migrate tranches are filed;
 * - each cash tranche is filed with its project starting at least 14 days
 *   out, moves through AWS's stages with AWS's reference, a pre-approved
 *   amount and a purchase order, and is claimed with typed evidence; the
 *   fund requests bear AWS's names (`MAP Assess Project - Acme SaaS` ...);
 * - every wave's MAP tags (AWS's table: `mig` + MPE ID, Heroku Postgres
 *   included) are recorded as applied before its cut-over;
 * - the customer's MAP credits are a ledger per quarter: the cost report's
 *   tagged and untagged spend, and the credits AWS issued;
 * - the actual run-rate is the brief's, 45% of the commitment, so the case
 *   ends with COMMITTED_SPEND_NOT_REALIZED, not clean.
 * The data is libs/workflow/src/scenarios/heroku.ts (version 2's, beside
 * version 1's); libs/workflow/test/v2-scenarios.spec.ts works the figures
 * by hand.
 */
import {
  findings2,
  type CashTranche,
  type ClaimEvidenceKind,
  type CreateOpportunityInput,
  type Finding2,
  type OpportunityView2,
  type TypedEvidence,
  type WaveApplication,
} from '@mapflow/workflow';
import {
  ASSESS_ITEMS,
  HEROKU_ACE_OPPORTUNITY_ID,
  HEROKU_AWS_ACCOUNT_ID,
  HEROKU_FUNDING_V2,
  HEROKU_PARTNER_STATS,
  HEROKU_PRE_APPROVED_V2,
  HEROKU_QUARTERS_V2,
  HEROKU_RUN_RATE_CENTS,
  HEROKU_V2_START,
  HEROKU_WAVES_V2,
  herokuAceProfile,
  herokuProfile,
  mapRecordV2,
  MIGRATE_ITEMS,
  MOBILIZE_ITEMS,
  MPE,
  type HerokuQuarter,
} from '@mapflow/workflow/scenarios/heroku';
import { ACTORS, EngineOpportunity2, evidenceOf, type V2Report } from './engine-v2';
import { dollars, money } from './timeline';
import { cashTable, creditRateWords, creditsTable, fundRequestsTable, linesForV2, tagsTable } from './timeline-v2';

/** One step of the story: a title for the progress line, and what it sends. */
export interface StepV2 {
  title: string;
  run(o: EngineOpportunity2): void;
}

/** The opportunity as the partner opens it. */
export const HEROKU_V2_INPUT: CreateOpportunityInput = {
  opportunityId: 'heroku-to-aws-v2',
  title: 'Heroku to AWS',
  partnerOrgId: ACTORS.partner.orgId,
  customerOrgId: ACTORS.customer.orgId,
  customerName: 'Acme SaaS',
  at: HEROKU_V2_START,
  actor: ACTORS.partner,
};

/** AWS's fund request references and the purchase orders, per cash tranche. */
const AWS_REFS: Readonly<Record<CashTranche, { awsFundRequestId: string; purchaseOrder: string }>> = {
  assess_partner_funding: { awsFundRequestId: 'FR-2027-000412', purchaseOrder: 'PO-4410023' },
  mobilize_partner_funding: { awsFundRequestId: 'FR-2027-000587', purchaseOrder: 'PO-4410311' },
  migrate_partner_funding: { awsFundRequestId: 'FR-2027-000731', purchaseOrder: 'PO-4410709' },
};

/** The workloads every request of the case funds. */
const WORKLOADS = ['status-page', 'web-monolith', 'postgres', 'workers'];

const step = (title: string, run: (o: EngineOpportunity2) => void): StepV2 => ({ title, run });

function file(o: EngineOpportunity2, tranche: CashTranche, startInDays: number, endDate: string): void {
  o.send('partner', 'FILE_FUND_REQUEST', {
    tranche,
    amountCents: HEROKU_FUNDING_V2[tranche],
    projectStartDate: o.date(startInDays),
    projectEndDate: endDate,
    workloads: WORKLOADS,
  });
}

/** AWS's review, on three days: business approval (AWS's reference), finance approval, cash_claim (pre-approval, PO). */
function awsApproves(o: EngineOpportunity2, tranche: CashTranche, days: readonly [string, string, string]): void {
  const { awsFundRequestId, purchaseOrder } = AWS_REFS[tranche];
  o.on(days[0]).send('partner', 'RECORD_FUND_REQUEST_STAGE', { tranche, stage: 'business_approval', awsFundRequestId });
  o.on(days[1]).send('partner', 'RECORD_FUND_REQUEST_STAGE', { tranche, stage: 'finance_approval' });
  o.on(days[2]).send('partner', 'RECORD_FUND_REQUEST_STAGE', {
    tranche,
    stage: 'cash_claim',
    preApprovedCents: HEROKU_PRE_APPROVED_V2[tranche],
    purchaseOrder,
  });
}

/** The documents each tranche's claim carries, with the kinds policy 2027.1 asks of it. */
const CLAIM_DOCUMENTS: Readonly<Record<CashTranche, readonly [ClaimEvidenceKind, string][]>> = {
  assess_partner_funding: [
    ['customer_signoff', 'assess/customer-signoff.pdf'],
    ['deliverable', 'assess/tco-and-readiness.pdf'],
  ],
  mobilize_partner_funding: [
    ['customer_signoff', 'mobilize/customer-signoff.pdf'],
    ['deliverable', 'mobilize/landing-zone-and-runbook.pdf'],
    ['tag_coverage_report', 'mobilize/pilot-tag-coverage.csv'],
  ],
  migrate_partner_funding: [
    ['customer_signoff', 'migrate/customer-signoff.pdf'],
    ['deliverable', 'migrate/waves-and-decommission.pdf'],
    ['tag_coverage_report', 'migrate/production-tag-coverage.csv'],
  ],
};

/** A claim's typed evidence: `{ kind, uri, sha256 }` per document. */
function claimEvidence(tranche: CashTranche): TypedEvidence[] {
  return CLAIM_DOCUMENTS[tranche].map(([kind, label]) => ({ kind, ...evidenceOf(label) }));
}

function prepareClaim(o: EngineOpportunity2, tranche: CashTranche, claimId: string): void {
  o.send('partner', 'PREPARE_CLAIM', {
    tranche,
    claimId,
    amountCents: HEROKU_PRE_APPROVED_V2[tranche],
    evidence: claimEvidence(tranche),
  });
}

/** A claim of the whole pre-approved amount, on four days: prepared and signed off, submitted, approved, paid (then completed). */
function claimAndComplete(
  o: EngineOpportunity2,
  tranche: CashTranche,
  claimId: string,
  days: readonly [string, string, string, string],
): void {
  o.on(days[0]);
  prepareClaim(o, tranche, claimId);
  o.send('customer', 'SIGN_OFF_CLAIM', { tranche, claimId });
  o.on(days[1]).send('partner', 'SUBMIT_CLAIM', { tranche, claimId });
  o.on(days[2]).send('partner', 'RECORD_CLAIM_OUTCOME', {
    tranche,
    claimId,
    outcome: 'approved',
    approvedCents: HEROKU_PRE_APPROVED_V2[tranche],
  });
  o.on(days[3]).send('partner', 'RECORD_PAYMENT', { tranche, claimId, invoiceReference: `INV-CCP-${claimId}` });
  o.send('partner', 'RECORD_FUND_REQUEST_STAGE', { tranche, stage: 'completed' });
}

function plan(
  o: EngineOpportunity2,
  waveId: string,
  name: string,
  applications: WaveApplication[],
  rollbackPlan: string,
): void {
  o.send('partner', 'PLAN_WAVE', {
    waveId,
    kind: waveId === 'pilot' ? 'pilot' : 'production',
    name,
    applications,
    rollbackPlan,
  });
}

/** A wave the customer says go to, on five days: decision, start, tags applied, cut-over, validation. */
function runWave(o: EngineOpportunity2, waveId: string, days: readonly [string, string, string, string, string]): void {
  o.on(days[0]).send('partner', 'REQUEST_WAVE_DECISION', { waveId });
  o.send('customer', 'DECIDE_WAVE', { waveId, decision: 'go' });
  o.on(days[1]).send('partner', 'START_WAVE', { waveId });
  o.on(days[2]).send('partner', 'RECORD_TAGS_APPLIED', {
    waveId,
    appliedAt: `${o.date()}T08:30:00.000Z`,
    coverageEvidence: evidenceOf(`tags/${waveId}-coverage.csv`),
  });
  o.on(days[3]).send('partner', 'CUT_OVER_WAVE', { waveId });
  o.on(days[4]).send('partner', 'VALIDATE_WAVE', { waveId });
}

function quarter(name: string): HerokuQuarter {
  const q = HEROKU_QUARTERS_V2.find((x) => x.quarter === name);
  if (q === undefined) throw new Error(`no quarter ${name} in the case`);
  return q;
}

/** A cost report step's title: the quarter, and where its untagged spend came from. */
function costReportTitle(phase: string, name: string, what: string): string {
  const why = quarter(name).untaggedWhy;
  return `${phase}: the ${name} cost report: ${what}` + (why === null ? ', all of it tagged' : `; untagged: ${why}`);
}

function costReport(o: EngineOpportunity2, name: string): void {
  const q = quarter(name);
  o.send('partner', 'RECORD_TAGGED_SPEND', {
    quarter: q.quarter,
    taggedSpendCents: q.taggedSpendCents,
    untaggedSpendCents: q.untaggedSpendCents,
    evidence: evidenceOf(`cost-reports/${q.quarter}-cur.parquet`),
  });
}

function creditsIssued(o: EngineOpportunity2, name: string): void {
  const q = quarter(name);
  o.send('customer', 'RECORD_CREDITS_ISSUED', {
    quarter: q.quarter,
    amountCents: q.issuedCents,
    awsAccountId: HEROKU_AWS_ACCOUNT_ID,
  });
}

function ace(o: EngineOpportunity2, stage: 'Qualified' | 'Launched', reviewStatus: 'Submitted' | 'Approved'): void {
  o.send('system', 'RECORD_ACE_OPPORTUNITY', {
    aceOpportunityId: HEROKU_ACE_OPPORTUNITY_ID,
    stage,
    reviewStatus,
    lastModifiedDate: o.now(),
  });
}

const W = HEROKU_WAVES_V2;
const TAG = `mig${MPE}`;

/** The story, in order; every date is the story's (2027-01-04, a Monday, to 2028-01-26). */
export function herokuStoryV2(): StepV2[] {
  return [
    step('Intake: the partner opens "Heroku to AWS" on machine version 2', (o) => void o.opened()),
    step('Intake: ADVANCE before the profile is known', (o) => void o.refused('partner', 'ADVANCE', {})),
    step('Intake: the profile: ~$9K/month on Heroku, $11K/month committed on AWS, and the fields ACE needs', (o) =>
      o.send('partner', 'UPDATE_PROFILE', { profile: { ...herokuProfile(), ...herokuAceProfile() } }),
    ),
    step('Intake -> Assess', (o) => o.send('partner', 'ADVANCE', {})),
    step(
      'Assess (4 Jan): the Assess tranche with its project starting in 7 days: refused, AWS wants 14',
      (o) =>
        void o.refused('partner', 'FILE_FUND_REQUEST', {
          tranche: 'assess_partner_funding',
          amountCents: HEROKU_FUNDING_V2.assess_partner_funding,
          projectStartDate: o.date(7),
          projectEndDate: '2027-02-12',
          workloads: WORKLOADS,
        }),
    ),
    step('Assess: file the Assess tranche before the work, the project from 18 Jan (14 days out)', (o) =>
      file(o, 'assess_partner_funding', 14, '2027-02-12'),
    ),
    step('Assess: AWS approves it: business and finance approval, pre-approved with a purchase order', (o) =>
      awsApproves(o, 'assess_partner_funding', ['2027-01-07', '2027-01-11', '2027-01-14']),
    ),
    step(
      'Assess (project start, 18 Jan): discovery, TCO model, 7-Rs, readiness, target architecture, wave plan',
      (o) => {
        const days = ['2027-01-18', '2027-01-20', '2027-01-22', '2027-01-25', '2027-01-27', '2027-01-29'];
        ASSESS_ITEMS.forEach((item, i) =>
          o.on(days[i] ?? '2027-01-29').send('partner', 'COMPLETE_CHECKLIST_ITEM', {
            item,
            evidence: evidenceOf(`assess/${item}.pdf`),
          }),
        );
      },
    ),
    step('Assess: the partner attests the six-part MAP record; its projected spend adds up to the commitment', (o) =>
      o.on('2027-02-01').send('partner', 'ATTEST_MAP_RECORD', { record: mapRecordV2() }),
    ),
    step('Assess: the partner asks the ACE sync to submit the opportunity; ACE shows it Submitted', (o) => {
      o.send('partner', 'SUBMIT_TO_ACE', {});
      ace(o, 'Qualified', 'Submitted');
    }),
    step('Assess: ADVANCE before the customer and AWS have signed', (o) => void o.refused('partner', 'ADVANCE', {})),
    step(`Assess: the customer approves the business case; the MAP agreement is signed (MPE ID ${MPE})`, (o) => {
      o.on('2027-02-02').send('customer', 'APPROVE_BUSINESS_CASE', {});
      o.on('2027-02-03').send('partner', 'RECORD_MAP_AGREEMENT', {
        tagScheme: 'map-migrated',
        mpeId: MPE,
        signedOn: o.date(),
      });
    }),
    step(
      'Assess: the Mobilize tranche while ACE still reviews the opportunity: refused',
      (o) =>
        void o.refused('partner', 'FILE_FUND_REQUEST', {
          tranche: 'mobilize_partner_funding',
          amountCents: HEROKU_FUNDING_V2.mobilize_partner_funding,
          projectStartDate: o.date(14),
          projectEndDate: '2027-03-26',
          workloads: WORKLOADS,
        }),
    ),
    step('Assess: ACE approves the opportunity', (o) => {
      o.on('2027-02-04');
      ace(o, 'Qualified', 'Approved');
    }),
    step('Assess: file the Mobilize tranche, the project from 19 Feb (14 days out)', (o) => {
      o.on('2027-02-05');
      file(o, 'mobilize_partner_funding', 14, '2027-03-26');
    }),
    step('Assess: claim the Assess tranche with typed evidence; AWS approves and pays; the request completes', (o) =>
      claimAndComplete(o, 'assess_partner_funding', 'assess-1', [
        '2027-02-08',
        '2027-02-09',
        '2027-02-11',
        '2027-02-12',
      ]),
    ),
    step('Assess: AWS approves the Mobilize request: business and finance approval, pre-approved with a PO', (o) =>
      awsApproves(o, 'mobilize_partner_funding', ['2027-02-15', '2027-02-16', '2027-02-17']),
    ),
    step('Assess -> Mobilize', (o) => o.on('2027-02-18').send('partner', 'ADVANCE', {})),
    step('Mobilize: ADVANCE before the landing zone and the pilot', (o) => void o.refused('partner', 'ADVANCE', {})),
    step(
      'Mobilize (project start, 19 Feb): landing zone (Control Tower, multi-account), runbook, migration factory',
      (o) => {
        const days = ['2027-02-26', '2027-03-03', '2027-03-05'];
        MOBILIZE_ITEMS.forEach((item, i) =>
          o.on(days[i] ?? '2027-03-05').send('partner', 'COMPLETE_CHECKLIST_ITEM', {
            item,
            evidence: evidenceOf(`mobilize/${item}.pdf`),
          }),
        );
      },
    ),
    step(`Mobilize: plan the pilot, a non-critical service, tagged map-migrated=${TAG}`, (o) =>
      plan(o, 'pilot', 'Pilot: the status page', W.pilot, 'Repoint DNS to Heroku'),
    ),
    step(
      'Mobilize: the customer says go; the pilot starts; cutting over before its tags are applied is refused',
      (o) => {
        o.on('2027-03-08').send('partner', 'REQUEST_WAVE_DECISION', { waveId: 'pilot' });
        o.send('customer', 'DECIDE_WAVE', { waveId: 'pilot', decision: 'go' });
        o.on('2027-03-09').send('partner', 'START_WAVE', { waveId: 'pilot' });
        o.refused('partner', 'CUT_OVER_WAVE', { waveId: 'pilot' });
      },
    ),
    step("Mobilize: the pilot's tags applied, then it cuts over and is validated", (o) => {
      o.on('2027-03-10').send('partner', 'RECORD_TAGS_APPLIED', {
        waveId: 'pilot',
        appliedAt: `${o.date()}T08:30:00.000Z`,
        coverageEvidence: evidenceOf('tags/pilot-coverage.csv'),
      });
      o.on('2027-03-11').send('partner', 'CUT_OVER_WAVE', { waveId: 'pilot' });
      o.on('2027-03-12').send('partner', 'VALIDATE_WAVE', { waveId: 'pilot' });
    }),
    step(
      'Mobilize: file the Migrate tranche, $20,000 against its envelope; the project from 29 Mar to year end',
      (o) => {
        o.on('2027-03-15');
        file(o, 'migrate_partner_funding', 14, '2027-12-31');
      },
    ),
    step(
      'Mobilize: claim the Mobilize tranche with typed evidence; AWS approves and pays; the request completes',
      (o) =>
        claimAndComplete(o, 'mobilize_partner_funding', 'mobilize-1', [
          '2027-03-16',
          '2027-03-17',
          '2027-03-19',
          '2027-03-22',
        ]),
    ),
    step('Mobilize: AWS approves the Migrate request and pre-approves its envelope, $19,800, with a PO', (o) =>
      awsApproves(o, 'migrate_partner_funding', ['2027-03-23', '2027-03-24', '2027-03-26']),
    ),
    step('Mobilize -> Migrate', (o) => o.on('2027-03-29').send('partner', 'ADVANCE', {})),
    step('Migrate: ADVANCE before any production wave', (o) => void o.refused('partner', 'ADVANCE', {})),
    step(costReportTitle('Migrate', '2027-Q1', "the pilot's spend"), (o) => {
      o.on('2027-04-05');
      costReport(o, '2027-Q1');
    }),
    step('Migrate: wave w1, the monolith to ECS (replatform), Heroku Scheduler retired', (o) => {
      plan(o, 'w1', 'W1: the web monolith', W.w1, 'Repoint DNS to Heroku; the Heroku app stays warm for a week');
      runWave(o, 'w1', ['2027-04-12', '2027-04-13', '2027-04-14', '2027-04-19', '2027-04-21']);
    }),
    step("Credits: AWS issues the 2027-Q1 MAP credits to the customer's account", (o) => {
      o.on('2027-04-26');
      creditsIssued(o, '2027-Q1');
    }),
    step('Migrate: plan w2, Heroku Postgres to Aurora PostgreSQL via DMS, and ask the customer', (o) => {
      plan(
        o,
        'w2',
        'W2: Heroku Postgres to Aurora PostgreSQL',
        W.w2Declined,
        'Repoint DATABASE_URL to Heroku Postgres',
      );
      o.on('2027-04-28').send('partner', 'REQUEST_WAVE_DECISION', { waveId: 'w2' });
    }),
    step('Migrate: the customer declines w2', (o) =>
      o
        .on('2027-04-30')
        .send('customer', 'DECIDE_WAVE', { waveId: 'w2', decision: 'no_go', reason: W.w2DeclinedReason }),
    ),
    step('Migrate: w2 re-planned after a CDC rehearsal; the customer says go; it runs', (o) => {
      o.on('2027-05-07');
      plan(o, 'w2', 'W2: Heroku Postgres to Aurora PostgreSQL', W.w2, W.w2RollbackPlan);
      runWave(o, 'w2', ['2027-05-10', '2027-05-11', '2027-05-12', '2027-05-16', '2027-05-18']);
    }),
    step('Migrate: wave w3, the workers (rehost)', (o) => {
      o.on('2027-05-24');
      plan(o, 'w3', 'W3: the workers', W.w3, 'Scale the Heroku worker dynos back up');
      runWave(o, 'w3', ['2027-05-31', '2027-06-01', '2027-06-02', '2027-06-07', '2027-06-09']);
    }),
    step('Migrate: source decommissioned, cost validated against the TCO model', (o) => {
      o.on('2027-06-21').send('partner', 'COMPLETE_CHECKLIST_ITEM', {
        item: MIGRATE_ITEMS[0],
        evidence: evidenceOf(`migrate/${MIGRATE_ITEMS[0]}.pdf`),
      });
      o.on('2027-07-05').send('partner', 'COMPLETE_CHECKLIST_ITEM', {
        item: MIGRATE_ITEMS[1],
        evidence: evidenceOf(`migrate/${MIGRATE_ITEMS[1]}.pdf`),
      });
    }),
    step('Migrate: ADVANCE before the actual run-rate is recorded', (o) => void o.refused('partner', 'ADVANCE', {})),
    step('Migrate: the actual run-rate, ~45% below Heroku: 45% of the commitment', (o) =>
      o.on('2027-07-06').send('partner', 'RECORD_RUN_RATE', { monthlyCents: HEROKU_RUN_RATE_CENTS }),
    ),
    step(costReportTitle('Migrate', '2027-Q2', 'the production waves'), (o) => {
      o.on('2027-07-07');
      costReport(o, '2027-Q2');
    }),
    step(
      'Migrate: the Migrate claim before the realized spend its milestone needs: refused',
      (o) =>
        void o.refused('partner', 'PREPARE_CLAIM', {
          tranche: 'migrate_partner_funding',
          claimId: 'migrate-1',
          amountCents: HEROKU_PRE_APPROVED_V2.migrate_partner_funding,
          evidence: claimEvidence('migrate_partner_funding'),
        }),
    ),
    step('Migrate -> Closeout', (o) => o.on('2027-07-08').send('partner', 'ADVANCE', {})),
    step('Credits: AWS issues the 2027-Q2 MAP credits', (o) => {
      o.on('2027-07-26');
      creditsIssued(o, '2027-Q2');
    }),
    step(`${costReportTitle('Closeout', '2027-Q3', 'a full quarter')}; AWS issues its credits`, (o) => {
      o.on('2027-10-06');
      costReport(o, '2027-Q3');
      o.on('2027-10-25');
      creditsIssued(o, '2027-Q3');
    }),
    step(
      `${costReportTitle('Closeout', '2027-Q4', 'a full quarter')}: cumulative tagged spend passes 20% of the committed ARR`,
      (o) => {
        o.on('2028-01-05');
        costReport(o, '2027-Q4');
      },
    ),
    step(
      'Closeout: claim the Migrate tranche, $19,800 pre-approved; AWS approves and pays; the request completes',
      (o) =>
        claimAndComplete(o, 'migrate_partner_funding', 'migrate-1', [
          '2028-01-06',
          '2028-01-07',
          '2028-01-11',
          '2028-01-14',
        ]),
    ),
    step('Credits: AWS issues the 2027-Q4 MAP credits', (o) => {
      o.on('2028-01-24');
      creditsIssued(o, '2027-Q4');
    }),
    step('ACE: the opportunity is Launched', (o) => {
      o.on('2028-01-25');
      ace(o, 'Launched', 'Approved');
    }),
    step('Closeout -> Closed', (o) => o.on('2028-01-26').send('partner', 'ADVANCE', {})),
    step('Findings at the end', (o) => void o.findings(HEROKU_PARTNER_STATS)),
  ];
}

/** What the case ends with. */
export interface HerokuV2Outcome {
  view: OpportunityView2;
  findings: Finding2[];
}

/**
 * Plays the story: `onStep` sees each step before it runs (1-based), `report`
 * every event and the findings. Throws, naming the step, when the engine
 * answers other than the story expects.
 */
export function playHerokuStoryV2(
  report: (r: V2Report) => void,
  onStep: (index: number, total: number, step: StepV2) => void = () => undefined,
): HerokuV2Outcome {
  const o = new EngineOpportunity2(HEROKU_V2_INPUT, report);
  const steps = herokuStoryV2();
  for (const [i, s] of steps.entries()) {
    onStep(i + 1, steps.length, s);
    try {
      s.run(o);
    } catch (error: unknown) {
      throw new Error(
        `[v2 ${i + 1}/${steps.length}] ${s.title}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { view: o.view(), findings: findings2(o.snapshot, o.now(), HEROKU_PARTNER_STATS) };
}

/**
 * Plays the story and prints it: a progress line per step (`[v2 i/n]`),
 * the timeline under it, then the fund requests by AWS's names, partner cash
 * per tranche, the customer's MAP credits per quarter, the tags of every wave
 * and the findings at the end. Answers what the case ended with.
 */
export function printHerokuV2(out: (line?: string) => void): HerokuV2Outcome {
  const outcome = playHerokuStoryV2(
    (report) => linesForV2(report).forEach((line) => out(line)),
    (index, total, s) => out(`[v2 ${index}/${total}] ${s.title}`),
  );
  const { view, findings } = outcome;
  const cash = Object.values(view.funding).reduce((s, f) => s + f.paidCents, 0);
  const first = view.createdAt.slice(0, 10);
  const last = view.lastEventAt.slice(0, 10);
  out();
  out(
    `Closed on machine version ${view.machineVersion}: "${view.title}" went intake -> ${view.phase}, ${first} to ${last}, in ${view.version} events.`,
  );
  out("Fund requests, by the names AWS's template gives them:");
  fundRequestsTable(view).forEach((line) => out(line));
  out('Partner cash by tranche (envelope, requested, pre-approved by AWS, approved on claims, paid):');
  cashTable(view).forEach((line) => out(line));
  out(`Customer MAP credits by quarter (estimate = ${creditRateWords()}; lost = the same rate on untagged spend):`);
  creditsTable(view).forEach((line) => out(line));
  out("MAP tags (AWS's table: mig + MPE ID for everything migrated off Heroku, Heroku Postgres included):");
  tagsTable(view).forEach((line) => out(line));
  out(
    `AWS paid the partner ${money(cash)} in three cash tranches and issued the customer ` +
      `${money(view.credits.issuedCents)} of MAP credits; untagged spend lost ${money(view.credits.lostToUntaggedCents)}.`,
  );
  const notRealized = findings.find((f) => f.code === 'COMMITTED_SPEND_NOT_REALIZED');
  if (notRealized !== undefined && view.actualRunRate !== null) {
    out(
      `The run-rate landed at ${dollars(view.actualRunRate.actualMonthlyCents)}/month against ` +
        `${dollars(view.actualRunRate.committedMonthlyCents)} committed: COMMITTED_SPEND_NOT_REALIZED, the cash ` +
        `envelopes on the actual figure ${money(view.actualRunRate.envelopeDifferenceCents)} smaller.`,
    );
  }
  return outcome;
}
