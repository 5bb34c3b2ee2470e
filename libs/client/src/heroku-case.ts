/**
 * The Heroku Series-B case of the brief, played over the HTTP API: ops
 * creates the orgs and their keys and links the partner to the customer; a
 * premier partner takes a ~$9K/month Heroku SaaS that commits $11K/month on
 * AWS from intake to closed (a pilot and three production waves, one
 * declined by the customer and re-planned),
 * filing, claiming and getting paid for every tranche; each phase's ADVANCE
 * is tried once before its gate holds. Then the findings, the audit chain
 * and a signed checkpoint. `npm run demo` prints it; the lifecycle e2e suite
 * asserts it.
 */
import type { ChainVerdict, Checkpoint, CheckpointVerdict } from '@mapflow/audit';
import type { Finding, OpportunityView } from '@mapflow/workflow';
import {
  ASSESS_ITEMS,
  HEROKU_FUNDING,
  HEROKU_RUN_RATE_CENTS,
  HEROKU_WAVES,
  herokuProfile,
  mapRecord,
  MIGRATE_ITEMS,
  MOBILIZE_ITEMS,
  MPE,
} from '@mapflow/workflow/scenarios/heroku';
import { dateIn, OpportunityClient, type ClientReport } from './opportunity-client';
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
  | { kind: 'created'; view: OpportunityView }
  | { kind: 'findings'; findings: Finding[] }
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
    const f = HEROKU_FUNDING;
    const w = HEROKU_WAVES;
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
      step('Intake: the partner opens the opportunity "Heroku to AWS"', async () => {
        this.opportunity = new OpportunityClient(this.options.transport, this.partner, this.customer);
        this.opportunity.onReport = this.report;
        await this.opportunity.create('Heroku to AWS');
        this.report({ kind: 'created', view: this.opportunity.last });
      }),
      step('Intake: ADVANCE before the profile is known', () => o().refusedAdvance()),
      step('Intake: the profile: ~$9K/month on Heroku, $11K/month committed on AWS', () =>
        o().p({ type: 'UPDATE_PROFILE', profile: herokuProfile() }),
      ),
      step('Intake -> Assess', () => o().advanceTo('assess')),
      step('Assess: ADVANCE before any Assess work', () => o().refusedAdvance()),
      step('Assess: file the Assess partner funding, before the work', () =>
        o().file('assess_partner_funding', f.assess_partner_funding),
      ),
      step('Assess: discovery, TCO model, 7-Rs, readiness, target architecture, wave plan', () =>
        o().checklist(ASSESS_ITEMS),
      ),
      step('Assess: the partner attests the six-part MAP opportunity record', () =>
        o().p({ type: 'ATTEST_MAP_RECORD', record: mapRecord() }),
      ),
      step('Assess: ADVANCE before the customer and AWS have signed', () => o().refusedAdvance()),
      step('Assess: the customer approves the business case', () => o().c({ type: 'APPROVE_BUSINESS_CASE' })),
      step(`Assess: the MAP agreement is signed (map-migrated, MPE ID ${MPE})`, () =>
        o().p({ type: 'RECORD_MAP_AGREEMENT', tagScheme: 'map-migrated', mpeId: MPE, signedOn: dateIn(0) }),
      ),
      step('Assess: claim the Assess tranche, get paid, complete the request', async () => {
        await o().claim('assess_partner_funding', 'assess-1', f.assess_partner_funding);
        await o().complete('assess_partner_funding');
      }),
      step('Assess: file the Mobilize tranches (partner funding and credits)', async () => {
        await o().file('mobilize_partner_funding', f.mobilize_partner_funding);
        await o().file('mobilize_credits', f.mobilize_credits);
      }),
      step('Assess -> Mobilize', () => o().advanceTo('mobilize')),
      step('Mobilize: ADVANCE before the landing zone and the pilot', () => o().refusedAdvance()),
      step('Mobilize: findings so far (money left on the table)', () => this.findings()),
      step('Mobilize: landing zone (Control Tower, multi-account), runbook, migration factory', () =>
        o().checklist(MOBILIZE_ITEMS),
      ),
      step('Mobilize: plan the pilot wave, a non-critical service', () => o().plan('pilot', 'pilot', w.pilot)),
      step('Mobilize: the customer says go; the pilot starts, cuts over and is validated', () => o().runWave('pilot')),
      step('Mobilize: claim both Mobilize tranches, get paid, complete the requests', async () => {
        await o().claim('mobilize_partner_funding', 'mob-1', f.mobilize_partner_funding);
        await o().claim('mobilize_credits', 'credits-1', f.mobilize_credits);
        await o().complete('mobilize_partner_funding');
        await o().complete('mobilize_credits');
      }),
      step('Mobilize: file the Migrate tranches (partner funding and credits)', async () => {
        await o().file('migrate_partner_funding', f.migrate_partner_funding);
        await o().file('migrate_credits', f.migrate_credits);
      }),
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
      step('Migrate: the actual run-rate, ~45% below Heroku', () =>
        o().p({ type: 'RECORD_RUN_RATE', monthlyCents: HEROKU_RUN_RATE_CENTS }),
      ),
      step('Migrate: claim both Migrate tranches; AWS downgrades the partner funding to its envelope', async () => {
        const over = o().last.fundRequests.find((r) => r.tranche === 'migrate_partner_funding');
        await o().claim(
          'migrate_partner_funding',
          'mig-1',
          f.migrate_partner_funding,
          'downgraded',
          over?.envelopeCents ?? f.migrate_partner_funding,
        );
        await o().claim('migrate_credits', 'mig-credits-1', f.migrate_credits);
      }),
      step('Migrate -> Closeout', () => o().advanceTo('closeout')),
      step('Closeout: ADVANCE while fund requests are still open', () => o().refusedAdvance()),
      step('Closeout: complete both Migrate fund requests', async () => {
        await o().complete('migrate_partner_funding');
        await o().complete('migrate_credits');
      }),
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
