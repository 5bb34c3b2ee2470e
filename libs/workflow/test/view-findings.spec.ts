/** The read projection and the "money left on the table" findings, at explicit times. */
import { findings, viewOpportunity, type FindingCode } from '../src';
import { app, createInput, Drive, herokuProfile, T0 } from './factories';

const codes = (fs: { code: FindingCode }[]) => fs.map((f) => f.code);
const EXPERIENCED = { closedMapOpportunities: 5 };

describe('viewOpportunity', () => {
  it('projects intake: incomplete profile, gate, checklist, no window', () => {
    const s = new Drive();
    const v = viewOpportunity(s.snapshot, '2026-01-10T09:00:00.000Z');
    expect(v).toMatchObject({
      id: 'opp-1',
      phase: 'intake',
      state: 'intake',
      version: 1,
      machineVersion: '1',
      triage: null,
      gate: { next: 'assess', ready: false },
      attestation: null,
      timeInPhaseDays: 5,
      overdue: false,
      overdueAt: null,
      phaseEnteredAt: T0,
    });
    expect(v.missingProfileFields).toHaveLength(11);
    expect(v.checklist.every((i) => !i.done && i.evidence === null)).toBe(true);
  });

  it('shows overdue against the phase window, the attestation, checklist evidence and claim checklists', () => {
    const s = new Drive().toAssess();
    s.file('assess_partner_funding', 1_000_000);
    s.attest();
    const entered = s.ctx.phaseEnteredAt;
    const v = viewOpportunity(s.snapshot, '2026-02-03T09:00:00.000Z');
    // Assess window max 4 weeks = 28 days after entry.
    expect(v.overdueAt).toBe(new Date(Date.parse(entered) + 28 * 86_400_000).toISOString());
    expect(v.overdue).toBe(true);
    expect(viewOpportunity(s.snapshot, entered).overdue).toBe(false);
    expect(v.attestation).toMatchObject({ seq: s.ctx.seq, hash: null });
    expect(v.triage).toMatchObject({ program: 'MAP', ladder: 'standard' });
    expect(v.fundRequests[0]).toMatchObject({
      tranche: 'assess_partner_funding',
      status: 'created',
      claimChecklist: [
        { fact: 'assess_checklist_complete', holds: false, description: 'The Assess checklist is complete.' },
      ],
    });
    s.ok(
      s.p('COMPLETE_CHECKLIST_ITEM', { item: 'tco_model', evidence: { uri: 's3://tco.xlsx', sha256: 'c'.repeat(64) } }),
    );
    const item = viewOpportunity(s.snapshot, s.now()).checklist.find((i) => i.key === 'tco_model');
    expect(item).toMatchObject({
      done: true,
      evidence: { uri: 's3://tco.xlsx', sha256: 'c'.repeat(64) },
      completedBy: 'u-partner',
    });
  });

  it('derives expired at read time from now', () => {
    const s = new Drive().toAssess();
    s.file('assess_partner_funding', 1_000_000, ['m'], 10);
    const due = s.ctx.fundRequests[0].claimDueDate;
    expect(viewOpportunity(s.snapshot, `${due}T23:59:59.000Z`).fundRequests[0].status).toBe('created');
    expect(
      viewOpportunity(s.snapshot, new Date(Date.parse(`${due}T00:00:00Z`) + 86_400_000).toISOString()).fundRequests[0]
        .status,
    ).toBe('expired');
  });
});

describe('findings', () => {
  it('Assess never started, with the envelopes at stake for a MAP profile', () => {
    const s = new Drive(createInput({ profile: herokuProfile() }));
    expect(codes(findings(s.snapshot, '2026-01-10T00:00:00Z', EXPERIENCED))).toEqual([]);
    const f = findings(s.snapshot, '2026-01-25T00:00:00Z', EXPERIENCED);
    // 1,200,000 + 3,000,000 + 660,000 + 1,980,000 + 2,640,000
    expect(f).toEqual([expect.objectContaining({ code: 'ASSESS_NEVER_STARTED', dollarsAtStakeCents: 9_480_000 })]);
    const idle = new Drive();
    expect(findings(idle.snapshot, '2026-01-25T00:00:00Z', EXPERIENCED)[0].dollarsAtStakeCents).toBeNull();
  });

  it('Mobilize funding without a Migrate request; work before cash_claim; near due; partner depth', () => {
    const s = new Drive().toMobilize();
    s.file('mobilize_partner_funding', 3_000_000, ['m'], 20);
    s.mobilizeChecklist().plan('pilot', 'pilot').runWave('pilot');
    const f = findings(s.snapshot, s.now(), { closedMapOpportunities: 1 });
    expect(codes(f)).toEqual(['MIGRATE_FUNDING_NOT_REQUESTED', 'WORK_BEFORE_CASH_CLAIM', 'PARTNER_WITHOUT_MAP_DEPTH']);
    // Migrate envelopes: 1,980,000 + 2,640,000
    expect(f[0].dollarsAtStakeCents).toBe(4_620_000);
    expect(f[1].dollarsAtStakeCents).toBe(3_000_000);
    expect(f[2].dollarsAtStakeCents).toBeNull();
    // Project end in 20 days, due 30 days later: 40 days from now is within 14 days of the due date.
    const near = findings(s.snapshot, new Date(Date.parse(s.now()) + 40 * 86_400_000).toISOString(), EXPERIENCED);
    expect(near.find((x) => x.code === 'FUND_REQUEST_NEAR_DUE')?.dollarsAtStakeCents).toBe(3_000_000);
    const late = findings(s.snapshot, new Date(Date.parse(s.now()) + 60 * 86_400_000).toISOString(), EXPERIENCED);
    expect(codes(late)).toContain('FUND_REQUEST_EXPIRED');
  });

  it('work before cash_claim with no request at all puts the envelope at stake', () => {
    const s = new Drive().toMobilize();
    s.mobilizeChecklist().plan('pilot', 'pilot').runWave('pilot');
    expect(findings(s.snapshot, s.now(), EXPERIENCED)).toEqual([
      expect.objectContaining({ code: 'WORK_BEFORE_CASH_CLAIM', dollarsAtStakeCents: 3_000_000 }),
    ]);
  });

  it('committed spend under-sized against the discovered estate', () => {
    // 200 servers x $150 + 10 databases x $300 = $33,000/month estate vs $11,000 committed.
    const s = new Drive(createInput({ profile: herokuProfile({ servers: 200, databases: 10 }) }));
    const f = findings(s.snapshot, T0, EXPERIENCED);
    expect(codes(f)).toEqual(['COMMITTED_SPEND_UNDERSIZED']);
    // Re-sized: enterprise, annual 39,600,000: mobilize credits 1,980,000 (+1,320,000),
    // migrate partner 20% 7,920,000 (+5,940,000), migrate credits 25% 9,900,000 (+7,260,000) = 14,520,000.
    expect(f[0].dollarsAtStakeCents).toBe(14_520_000);
  });

  it('refactor-heavy early waves', () => {
    const s = new Drive().toMobilize();
    s.file('mobilize_partner_funding', 3_000_000)
      .file('migrate_partner_funding', 1_000_000)
      .toCashClaim('mobilize_partner_funding');
    s.plan('pilot', 'pilot', [app('api', 'refactor'), app('web', 'rehost')]);
    expect(codes(findings(s.snapshot, s.now(), EXPERIENCED))).toEqual(['MODERNIZING_TOO_EARLY']);
  });
});
