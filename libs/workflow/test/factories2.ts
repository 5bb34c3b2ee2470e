/**
 * Version 2's test drive: the same clock and assertions as version 1's
 * (DriveCore), on version 2's engine, with the happy path as AWS runs it:
 * the ACE opportunity approved before the Mobilize and Migrate tranches are
 * filed, tags recorded as applied before each cut-over, fund requests with
 * AWS's references, pre-approved amounts and purchase orders.
 */
import { ENGINE_V2 } from '../src/v2/engine';
import type { OpportunityContext2 } from '../src/v2/context';
import type { OpportunityEvent2 } from '../src/v2/events';
import type { CashTranche } from '../src/v2/policy';
import type { TypedEvidence } from '../src/v2/context';
import { ASSESS_ITEMS, MIGRATE_ITEMS, MOBILIZE_ITEMS } from '../src/scenarios/heroku';
import type { Profile, WaveApplication } from '../src';
import { app, createInput, DriveCore, evidence, herokuProfile, mapRecord, MPE, sha } from './factories';

/** Evidence of `kind`, labelled. */
export const typed = (kind: TypedEvidence['kind'], label: string): TypedEvidence => ({
  kind,
  uri: `s3://evidence/${label}.pdf`,
  sha256: sha(label),
});

/** The evidence each cash tranche's claim must carry under 2027.1, all of it. */
export const CLAIM_EVIDENCE: Record<CashTranche, TypedEvidence[]> = {
  assess_partner_funding: [typed('customer_signoff', 'assess-signoff'), typed('deliverable', 'assess-tco')],
  mobilize_partner_funding: [
    typed('customer_signoff', 'mobilize-signoff'),
    typed('deliverable', 'landing-zone'),
    typed('tag_coverage_report', 'pilot-tags'),
  ],
  migrate_partner_funding: [
    typed('customer_signoff', 'migrate-signoff'),
    typed('deliverable', 'waves'),
    typed('tag_coverage_report', 'prod-tags'),
  ],
};

export const ACE_ID = 'O1234567';

/** Drives one version-2 opportunity. */
export class Drive2 extends DriveCore<OpportunityContext2, OpportunityEvent2> {
  constructor(input = createInput()) {
    super(ENGINE_V2, input);
  }

  toAssess(profile: Profile = herokuProfile()): this {
    this.ok(this.p('UPDATE_PROFILE', { profile }));
    this.ok(this.p('ADVANCE'));
    return this;
  }

  assessWork(): this {
    for (const item of ASSESS_ITEMS) this.ok(this.p('COMPLETE_CHECKLIST_ITEM', { item, evidence: evidence(item) }));
    this.ok(this.p('ATTEST_MAP_RECORD', { record: mapRecord() }));
    this.ok(this.c('APPROVE_BUSINESS_CASE'));
    this.ok(this.p('RECORD_MAP_AGREEMENT', { tagScheme: 'map-migrated', mpeId: MPE, signedOn: this.date() }));
    return this;
  }

  /** ACE shows the opportunity approved. */
  aceApproved(): this {
    this.ok(
      this.p('RECORD_ACE_OPPORTUNITY', {
        aceOpportunityId: ACE_ID,
        stage: 'Qualified',
        reviewStatus: 'Approved',
        lastModifiedDate: this.now(),
      }),
    );
    return this;
  }

  toMobilize(): this {
    return this.toAssess().assessWork().aceApproved().advance();
  }

  mobilizeChecklist(): this {
    for (const item of MOBILIZE_ITEMS) this.ok(this.p('COMPLETE_CHECKLIST_ITEM', { item, evidence: evidence(item) }));
    return this;
  }

  migrateChecklist(): this {
    for (const item of MIGRATE_ITEMS) this.ok(this.p('COMPLETE_CHECKLIST_ITEM', { item, evidence: evidence(item) }));
    return this;
  }

  plan(waveId: string, kind: 'pilot' | 'production', applications: WaveApplication[] = [app(`${waveId}-app`)]): this {
    this.ok(this.p('PLAN_WAVE', { waveId, kind, name: `Wave ${waveId}`, applications, rollbackPlan: 'Repoint DNS' }));
    return this;
  }

  /** Request a decision, customer go, start, tags applied, cut over, validate. */
  runWave(waveId: string): this {
    this.ok(this.p('REQUEST_WAVE_DECISION', { waveId }));
    this.ok(this.c('DECIDE_WAVE', { waveId, decision: 'go' }));
    this.ok(this.p('START_WAVE', { waveId }));
    this.tagsApplied(waveId);
    this.ok(this.p('CUT_OVER_WAVE', { waveId }));
    this.ok(this.p('VALIDATE_WAVE', { waveId }));
    return this;
  }

  tagsApplied(waveId: string): this {
    this.ok(
      this.p('RECORD_TAGS_APPLIED', { waveId, appliedAt: this.now(), coverageEvidence: evidence(`${waveId}-tags`) }),
    );
    return this;
  }

  toMigrate(): this {
    this.toMobilize().mobilizeChecklist().plan('pilot', 'pilot').runWave('pilot');
    return this.advance();
  }

  advance(): this {
    this.ok(this.p('ADVANCE'));
    return this;
  }

  /** File a cash tranche, the project starting `startInDays` out and lasting 60 days. */
  file(tranche: CashTranche, amountCents: number, startInDays = 14, workloads: string[] = ['heroku-monolith']): this {
    this.ok(
      this.p('FILE_FUND_REQUEST', {
        tranche,
        amountCents,
        projectStartDate: this.date(startInDays),
        projectEndDate: this.date(startInDays + 60),
        workloads,
      }),
    );
    return this;
  }

  /** Through AWS's approvals to cash_claim, with AWS's pre-approval (all requested unless said) and the PO. */
  toCashClaim(tranche: CashTranche, preApprovedCents?: number): this {
    const ref = `FR-${tranche}`;
    this.ok(this.p('RECORD_FUND_REQUEST_STAGE', { tranche, stage: 'business_approval', awsFundRequestId: ref }));
    this.ok(this.p('RECORD_FUND_REQUEST_STAGE', { tranche, stage: 'finance_approval' }));
    const open = this.ctx.fundRequests.filter((r) => r.tranche === tranche).at(-1);
    this.ok(
      this.p('RECORD_FUND_REQUEST_STAGE', {
        tranche,
        stage: 'cash_claim',
        preApprovedCents: preApprovedCents ?? open?.requestedCents ?? 0,
        purchaseOrder: `PO-${tranche}`,
      }),
    );
    return this;
  }

  /** Prepare with the tranche's evidence, sign off, submit, record AWS's outcome, pay when not rejected. */
  claim(tranche: CashTranche, claimId: string, amountCents: number): this {
    this.ok(this.p('PREPARE_CLAIM', { tranche, claimId, amountCents, evidence: CLAIM_EVIDENCE[tranche] }));
    this.ok(this.c('SIGN_OFF_CLAIM', { tranche, claimId }));
    this.ok(this.p('SUBMIT_CLAIM', { tranche, claimId }));
    this.ok(this.p('RECORD_CLAIM_OUTCOME', { tranche, claimId, outcome: 'approved', approvedCents: amountCents }));
    this.ok(this.p('RECORD_PAYMENT', { tranche, claimId, invoiceReference: `INV-${claimId}` }));
    return this;
  }
}
