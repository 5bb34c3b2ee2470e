/**
 * The Heroku Series-B case of the brief, played over the HTTP API on machine
 * version 2 (policy 2027.1), the version the API creates: ops creates the
 * orgs and their keys and links the partner to the customer; a premier
 * partner takes a ~$9K/month Heroku SaaS that commits $11K/month on AWS from
 * intake to closed (a pilot and three production waves, one declined by the
 * customer and re-planned). Funding as AWS runs it: the ACE opportunity is
 * submitted and approved before Mobilize is filed; each cash tranche is filed
 * with its project 15 days out, approved by AWS with its reference, a
 * pre-approved amount and a purchase order, and claimed with typed evidence;
 * every wave's MAP tags are recorded as applied before its cut-over; the
 * customer's MAP credits are a ledger per quarter. Each phase's ADVANCE is
 * tried once before its gate holds. Then the findings (the run-rate lands at
 * 45% of the commitment), the audit chain and a signed checkpoint.
 *
 * The server's clock is real, so the year of the story runs in one day: every
 * date is today's, the project dates are 15 and 120 days out, and the cost
 * report of today's quarter carries the tagged spend that the Migrate claim's
 * milestone needs. `npm run demo` prints it; the lifecycle e2e suite asserts it.
 */
import type { ChainVerdict, Checkpoint, CheckpointVerdict } from '@mapflow/audit';
import { quarterOf, type AnyOpportunityView, type Finding, type Finding2 } from '@mapflow/workflow';
import {
  ASSESS_ITEMS,
  HEROKU_ACE_OPPORTUNITY_ID,
  HEROKU_AWS_ACCOUNT_ID,
  HEROKU_FUNDING_V2,
  HEROKU_PRE_APPROVED_V2,
  HEROKU_QUARTERS_V2,
  HEROKU_RUN_RATE_CENTS,
  HEROKU_WAVES_V2,
  herokuAceProfile,
  herokuProfile,
  mapRecordV2,
  MIGRATE_ITEMS,
  MOBILIZE_ITEMS,
  MPE,
} from '@mapflow/workflow/scenarios/heroku';
import { claimEvidence, dateIn, evidence, OpportunityClient, type ClientReport } from './opportunity-client';
import { createOrgWithKey, linkPartner, type OrgWithKey } from './orgs';
import { call, type Transport } from './transport';

/** One step of the story: a title for the progress line, and what it does. */
export interface Step {
  title: string;
  run(): Promise<void>;
}

/** What the case reports as it goes, beside every accepted and refused event. */
export type CaseReport =
  | ClientReport
  | { kind: 'org'; org: OrgWithKey; tier: string | null }
  | { kind: 'created'; view: AnyOpportunityView }
  | { kind: 'findings'; findings: (Finding | Finding2)[] }
  | { kind: 'audit'; verdict: ChainVerdict }
  | { kind: 'checkpoint'; checkpoint: Checkpoint; verdict: CheckpointVerdict };

export interface HerokuCaseOptions {
  transport: Transport;
  /** An ops key that may create orgs (the bootstrap ops key). */
  opsKey: string;
  /** Receives every report, in order. */
  report?: (report: CaseReport) => void;
  /** Appended to org names, so that runs on one database stay apart. */
  suffix?: string;
}

/** The case, as steps to run in order; the orgs and the opportunity are filled in as they run. */
export class HerokuCase {
  partner!: OrgWithKey;
  customer!: OrgWithKey;
  auditor!: OrgWithKey;
  opportunity!: OpportunityClient;
  readonly steps: Step[];
  private readonly report: (report: CaseReport) => void;

  constructor(private readonly options: HerokuCaseOptions) {
    this.report = options.report ?? (() => undefined);
    this.steps = this.story();
  }

  /** Runs every step in order; `onStep` sees each before it runs (1-based). */
  async run(onStep: (index: number, step: Step) => void = () => undefined): Promise<void> {
    for (const [i, step] of this.steps.entries()) {
      onStep(i + 1, step);
      await step.run();
    }
  }

  private async org(kind: OrgWithKey['kind'], name: string, tier?: 'premier'): Promise<OrgWithKey> {
    const { transport, opsKey, suffix = '' } = this.options;
    const org = await createOrgWithKey(
      transport,
      opsKey,
      tier ? { kind, name: `${name}${suffix}`, tier } : { kind, name: `${name}${suffix}` },
      `${kind}-user${suffix}`,
    );
    this.report({ kind: 'org', org, tier: tier ?? null });
    return org;
  }

  private story(): Step[] {
    const step = (title: string, run: () => Promise<unknown>): Step => ({ title, run: async () => void (await run()) });
    const o = (): OpportunityClient => this.opportunity;
    const f = HEROKU_FUNDING_V2;
    const pre = HEROKU_PRE_APPROVED_V2;
    const w = HEROKU_WAVES_V2;
    const workloads = ['status-page', 'web-monolith', 'postgres', 'workers'];
    const ace = (stage: string, reviewStatus: string) =>
      o().p({
        type: 'RECORD_ACE_OPPORTUNITY',
        aceOpportunityId: HEROKU_ACE_OPPORTUNITY_ID,
        stage,
        reviewStatus,
        lastModifiedDate: new Date().toISOString(),
      });
    // The story's cumulative tagged spend (the cost reports of its four quarters), in today's quarter.
    const quarter = quarterOf(new Date().toISOString());
    const tagged = HEROKU_QUARTERS_V2.reduce((sum, q) => sum + q.taggedSpendCents, 0);
    const untagged = HEROKU_QUARTERS_V2.reduce((sum, q) => sum + q.untaggedSpendCents, 0);
    return [
      step('Ops creates the premier APN partner and a key for its user', async () => {
        this.partner = await this.org('partner', 'Cumulus Cloud Partners', 'premier');
      }),
      step('Ops creates the customer, a Series-B B2B SaaS, and a key for its CTO', async () => {
        this.customer = await this.org('customer', 'Acme SaaS');
      }),
      step('Ops creates the ops team of the partner-matching company and a key for its auditor', async () => {
        this.auditor = await this.org('ops', 'CloudRoute Ops');
      }),
      step('Ops links the partner to the customer: only a linked partner opens its opportunities', async () => {
        await linkPartner(this.options.transport, this.options.opsKey, this.customer.id, this.partner.id);
      }),
      step('Intake: the partner opens the opportunity "Heroku to AWS" (machine version 2)', async () => {
        this.opportunity = new OpportunityClient(this.options.transport, this.partner, this.customer);
        this.opportunity.onReport = this.report;
        await this.opportunity.create('Heroku to AWS');
        this.report({ kind: 'created', view: this.opportunity.last });
      }),
      step('Intake: ADVANCE before the profile is known', () => o().refusedAdvance()),
      step('Intake: the profile: ~$9K/month on Heroku, $11K/month committed on AWS, and the fields ACE needs', () =>
        o().p({ type: 'UPDATE_PROFILE', profile: { ...herokuProfile(), ...herokuAceProfile() } }),
      ),
      step('Intake -> Assess', () => o().advanceTo('assess')),
      step('Assess: ADVANCE before any Assess work', () => o().refusedAdvance()),
      step('Assess: the Assess tranche with its project starting in 7 days: refused, AWS wants 14', () =>
        o().refused(this.partner, {
          type: 'FILE_FUND_REQUEST',
          tranche: 'assess_partner_funding',
          amountCents: f.assess_partner_funding,
          projectStartDate: dateIn(7),
          projectEndDate: dateIn(60),
          workloads,
        }),
      ),
      step('Assess: file the Assess tranche before the work; AWS approves it, pre-approved with a PO', () =>
        o().file('assess_partner_funding', f.assess_partner_funding, workloads, pre.assess_partner_funding),
      ),
      step('Assess: discovery, TCO model, 7-Rs, readiness, target architecture, wave plan', () =>
        o().checklist(ASSESS_ITEMS),
      ),
      step('Assess: the partner attests the six-part MAP record; its projected spend adds up to the commitment', () =>
        o().p({ type: 'ATTEST_MAP_RECORD', record: mapRecordV2() }),
      ),
      step('Assess: the partner submits the opportunity to ACE; Partner Central shows it Submitted', async () => {
        await o().p({ type: 'SUBMIT_TO_ACE' });
        await ace('Qualified', 'Submitted');
      }),
      step('Assess: ADVANCE before the customer and AWS have signed', () => o().refusedAdvance()),
      step(`Assess: the customer approves the business case; the MAP agreement is signed (MPE ID ${MPE})`, async () => {
        await o().c({ type: 'APPROVE_BUSINESS_CASE' });
        await o().p({ type: 'RECORD_MAP_AGREEMENT', tagScheme: 'map-migrated', mpeId: MPE, signedOn: dateIn(0) });
      }),
      step('Assess: the Mobilize tranche while ACE still reviews the opportunity: refused', () =>
        o().refused(this.partner, {
          type: 'FILE_FUND_REQUEST',
          tranche: 'mobilize_partner_funding',
          amountCents: f.mobilize_partner_funding,
          projectStartDate: dateIn(15),
          projectEndDate: dateIn(120),
          workloads,
        }),
      ),
      step('Assess: ACE approves the opportunity', () => ace('Qualified', 'Approved')),
      step('Assess: file the Mobilize tranche; AWS approves it, pre-approved with a PO', () =>
        o().file('mobilize_partner_funding', f.mobilize_partner_funding, workloads, pre.mobilize_partner_funding),
      ),
      step(
        'Assess: claim the Assess tranche with typed evidence; AWS approves and pays; the request completes',
        async () => {
          await o().claim('assess_partner_funding', 'assess-1', pre.assess_partner_funding);
          await o().complete('assess_partner_funding');
        },
      ),
      step('Assess -> Mobilize', () => o().advanceTo('mobilize')),
      step('Mobilize: ADVANCE before the landing zone and the pilot', () => o().refusedAdvance()),
      step('Mobilize: landing zone (Control Tower, multi-account), runbook, migration factory', () =>
        o().checklist(MOBILIZE_ITEMS),
      ),
      step(`Mobilize: plan the pilot, a non-critical service, tagged map-migrated=mig${MPE}`, () =>
        o().plan('pilot', 'pilot', w.pilot),
      ),
      step(
        'Mobilize: the customer says go; the pilot starts; cutting over before its tags are applied is refused',
        async () => {
          await o().requestDecision('pilot');
          await o().c({ type: 'DECIDE_WAVE', waveId: 'pilot', decision: 'go' });
          await o().p({ type: 'START_WAVE', waveId: 'pilot' });
          await o().refused(this.partner, { type: 'CUT_OVER_WAVE', waveId: 'pilot' });
        },
      ),
      step("Mobilize: the pilot's tags applied, then it cuts over and is validated", async () => {
        await o().tagsApplied('pilot');
        await o().p({ type: 'CUT_OVER_WAVE', waveId: 'pilot' });
        await o().p({ type: 'VALIDATE_WAVE', waveId: 'pilot' });
      }),
      step('Mobilize: claim the Mobilize tranche; AWS approves and pays; the request completes', async () => {
        await o().claim('mobilize_partner_funding', 'mobilize-1', pre.mobilize_partner_funding);
        await o().complete('mobilize_partner_funding');
      }),
      step('Mobilize: findings so far (money left on the table): the Migrate tranche is not filed yet', () =>
        this.findings(),
      ),
      step('Mobilize: file the Migrate tranche $200 over its envelope; AWS pre-approves the envelope', () =>
        o().file('migrate_partner_funding', f.migrate_partner_funding, workloads, pre.migrate_partner_funding),
      ),
      step('Mobilize -> Migrate', () => o().advanceTo('migrate')),
      step('Migrate: ADVANCE before any production wave', () => o().refusedAdvance()),
      step('Migrate: wave w1, the monolith to ECS (replatform), Heroku Scheduler retired', async () => {
        await o().plan('w1', 'production', w.w1);
        await o().runWave('w1');
      }),
      step('Migrate: plan wave w2, Heroku Postgres to Aurora via DMS, and ask the customer', async () => {
        await o().plan('w2', 'production', w.w2Declined);
        await o().requestDecision('w2');
      }),
      step('Migrate: the customer declines w2', () =>
        o().c({ type: 'DECIDE_WAVE', waveId: 'w2', decision: 'no_go', reason: w.w2DeclinedReason }),
      ),
      step('Migrate: w2 re-planned after a CDC rehearsal; the customer says go; it runs', async () => {
        await o().plan('w2', 'production', w.w2);
        await o().runWave('w2');
      }),
      step('Migrate: wave w3, the workers (rehost)', async () => {
        await o().plan('w3', 'production', w.w3);
        await o().runWave('w3');
      }),
      step('Migrate: source decommissioned, cost validated against the TCO model', () => o().checklist(MIGRATE_ITEMS)),
      step('Migrate: ADVANCE before the actual run-rate is recorded', () => o().refusedAdvance()),
      step('Migrate: the actual run-rate, ~45% below Heroku: 45% of the commitment', () =>
        o().p({ type: 'RECORD_RUN_RATE', monthlyCents: HEROKU_RUN_RATE_CENTS }),
      ),
      step('Migrate: the Migrate claim before the realized spend its milestone needs: refused', () =>
        o().refused(this.partner, {
          type: 'PREPARE_CLAIM',
          tranche: 'migrate_partner_funding',
          claimId: 'migrate-1',
          amountCents: pre.migrate_partner_funding,
          evidence: claimEvidence('migrate_partner_funding', 'migrate-1'),
        }),
      ),
      step(`Credits: the ${quarter} cost report, the story's tagged spend; past 20% of the committed ARR`, () =>
        o().p({
          type: 'RECORD_TAGGED_SPEND',
          quarter,
          taggedSpendCents: tagged,
          untaggedSpendCents: untagged,
          evidence: evidence(`cost-report-${quarter}`),
        }),
      ),
      step(
        'Migrate: claim the Migrate tranche, its pre-approved envelope; AWS approves and pays; it completes',
        async () => {
          await o().claim('migrate_partner_funding', 'migrate-1', pre.migrate_partner_funding);
          await o().complete('migrate_partner_funding');
        },
      ),
      step('Migrate -> Closeout', () => o().advanceTo('closeout')),
      step(`Credits: AWS issues the ${quarter} MAP credits to the customer's account, as estimated`, () =>
        o().c({
          type: 'RECORD_CREDITS_ISSUED',
          quarter,
          amountCents: o().v2.credits.estimateCents,
          awsAccountId: HEROKU_AWS_ACCOUNT_ID,
        }),
      ),
      step('Closeout: ACE shows the opportunity Launched', () => ace('Launched', 'Approved')),
      step('Closeout -> Closed', () => o().advanceTo('closed')),
      step('Findings at the end', () => this.findings()),
      step('Audit: verify the chain of this opportunity (every hash and link, then a replay)', async () => {
        this.report({ kind: 'audit', verdict: await o().verifyAudit(this.auditor) });
      }),
      step('Audit: ops signs a checkpoint over every chain head, then verifies it', () => this.checkpoint()),
    ];
  }

  private async findings(): Promise<void> {
    this.report({ kind: 'findings', findings: await this.opportunity.findings() });
  }

  private async checkpoint(): Promise<void> {
    const { transport } = this.options;
    const key = this.auditor.key;
    const checkpoint = await call<Checkpoint>(transport, { method: 'POST', path: '/v1/audit/checkpoints', key }, 201);
    const verdict = await call<CheckpointVerdict>(
      transport,
      { method: 'POST', path: '/v1/audit/checkpoints/verify', key, body: checkpoint },
      200,
    );
    this.report({ kind: 'checkpoint', checkpoint, verdict });
  }
}
