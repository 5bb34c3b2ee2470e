/**
 * Moving a version-1 opportunity to version 2: allowed in intake and assess
 * when no credit tranche was filed, keeping everything version 1 recorded;
 * refused with the reasons in words elsewhere.
 */
import { migrateToV2, migrationProblems } from '../src/v2/migrate';
import { Drive } from './factories';

describe('migrating a version-1 opportunity to version 2', () => {
  it('moves one in intake, keeping every fact, with the version-2 ledgers empty', () => {
    const s = new Drive();
    const before = s.ctx;
    const m = migrateToV2(before, s.state as 'intake');
    if (!m.ok) throw new Error(m.reasons.join(' '));
    const {
      machineVersion,
      policyId,
      waves,
      fundRequests,
      credits,
      ace,
      aceSubmissionRequestedAt,
      planTermination,
      ...kept
    } = m.context;
    expect({ machineVersion, policyId }).toEqual({ machineVersion: '2', policyId: '2027.1' });
    expect({ waves, fundRequests, credits, ace, aceSubmissionRequestedAt, planTermination }).toEqual({
      waves: [],
      fundRequests: [],
      credits: [],
      ace: null,
      aceSubmissionRequestedAt: null,
      planTermination: null,
    });
    const { machineVersion: _v, policyId: _p, waves: _w, fundRequests: _f, ...v1Kept } = before;
    expect(kept).toEqual(v1Kept);
    // Plain JSON, as stored: nothing undefined is introduced.
    expect(JSON.parse(JSON.stringify(m.context))).toEqual(m.context);
  });

  it('moves one in assess with a paid Assess claim: the request keeps its money, its claim and its evidence', () => {
    const s = new Drive().toAssess().assessWork();
    s.file('assess_partner_funding', 1_200_000).toCashClaim('assess_partner_funding');
    s.claim('assess_partner_funding', 'c-1', 1_000_000);
    const v1 = s.ctx.fundRequests[0];
    if (v1 === undefined) throw new Error('no request filed');
    const m = migrateToV2(s.ctx, 'assess');
    if (!m.ok) throw new Error(m.reasons.join(' '));
    expect(m.context.fundRequests).toHaveLength(1);
    const [fr] = m.context.fundRequests;
    expect(fr).toMatchObject({
      requestId: 'assess_partner_funding-1',
      tranche: 'assess_partner_funding',
      name: v1.name,
      stage: 'cash_claim',
      requestedCents: 1_200_000,
      projectStartDate: null, // version 1 did not record it
      projectEndDate: v1.projectEndDate,
      claimDueDate: v1.claimDueDate,
      policyId: '2026.1', // sized under the policy it was filed with
      envelopeCents: v1.envelopeCents,
      rejections: [],
    });
    expect(fr?.claims).toEqual([
      {
        ...v1.claims[0],
        evidence: v1.claims[0]?.evidence.map((e) => ({ kind: 'other', ...e })),
        invoiceReference: null,
      },
    ]);
    expect(m.context.fundRequests[0]?.claims[0]?.status).toBe('paid');
  });

  it('refuses one past assess, and one whose credits were filed as a fund request, saying why', () => {
    const mobilize = new Drive().toMobilize();
    expect(mobilize.state).toBe('mobilize');
    expect(migrateToV2(mobilize.ctx, 'mobilize')).toEqual({
      ok: false,
      reasons: [
        'Only an opportunity in intake or assess moves to version 2; this one is mobilize and finishes on version 1.',
      ],
    });
    const credits = new Drive().toAssess().assessWork();
    credits.file('mobilize_credits', 660_000);
    expect(migrationProblems(credits.ctx, 'assess')).toEqual([
      "Its mobilize_credits request was filed as a fund request, which version 2 keeps as the customer's credits ledger instead; it finishes on version 1.",
    ]);
    const ended = new Drive();
    ended.ok(ended.p('WITHDRAW', { reason: 'stays on Heroku' }));
    expect(migrateToV2(ended.ctx, 'withdrawn').ok).toBe(false);
  });
});
