import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { HerokuCase, type CaseReport } from '@mapflow/client';
import type { OpportunityView } from '@mapflow/workflow';
import { ASSESS_ITEMS } from '@mapflow/workflow/scenarios/heroku';
import { HEROKU_FUNDING_AT_CLOSE } from '@mapflow/workflow/testing';
import { TEST_OPS_KEY, useTestApp } from '../support/test-app';
import { supertestTransport } from '../support/transport';

describe('the whole MAP lifecycle over HTTP: the Heroku Series-B case (real PostgreSQL)', () => {
  const t = useTestApp();

  it('goes intake -> assess -> mobilize -> migrate -> closeout -> closed, refusing each ADVANCE until its gate holds', async () => {
    // The very steps `npm run demo` prints, asserted here.
    const reports: CaseReport[] = [];
    const heroku = new HerokuCase({
      transport: supertestTransport(t.http),
      opsKey: TEST_OPS_KEY,
      report: (r) => reports.push(r),
    });
    await heroku.run();
    const o = heroku.opportunity;

    expect(reports.find((r) => r.kind === 'created')).toMatchObject({
      view: { phase: 'intake', state: 'intake', version: 1 },
    });
    const accepted = reports.flatMap((r) => (r.kind === 'accepted' ? [r] : []));
    const profiled = accepted.find((r) => r.event.type === 'UPDATE_PROFILE');
    expect(profiled?.after).toMatchObject({
      triage: { program: 'MAP', ladder: 'standard' },
      gate: { next: 'assess', ready: true },
    });

    // Each phase's ADVANCE refused before its gate holds, with exactly what is missing.
    const refusals = reports.flatMap((r) =>
      r.kind === 'refused' ? [[r.problem.state, (r.problem.missing ?? []).map((m) => m.key)]] : [],
    );
    expect(refusals).toEqual([
      ['intake', ['profile_complete']],
      [
        'assess',
        expect.arrayContaining([
          ...ASSESS_ITEMS,
          'map_record_attested',
          'business_case_approved',
          'map_agreement_recorded',
        ]),
      ],
      ['assess', ['business_case_approved', 'map_agreement_recorded']],
      ['mobilize', ['landing_zone', 'runbook', 'migration_factory', 'pilot_wave_validated']],
      [
        'migrate',
        expect.arrayContaining([
          'production_waves_validated',
          'source_decommissioned',
          'cost_validated',
          'run_rate_recorded',
        ]),
      ],
      ['migrate', ['run_rate_recorded']],
      ['closeout', ['fund_requests_settled']],
    ]);
    expect(accepted.filter((r) => r.event.type === 'ADVANCE').map((r) => [r.before.phase, r.after.phase])).toEqual([
      ['intake', 'assess'],
      ['assess', 'mobilize'],
      ['mobilize', 'migrate'],
      ['migrate', 'closeout'],
      ['closeout', 'closed'],
    ]);
    expect(o.last).toMatchObject({ phase: 'closed', gate: { next: null } });

    // The customer's decisions: the business case, then go on every wave but w2, declined once and re-planned.
    const decisions = accepted
      .filter((r) => r.as.kind === 'customer' && r.event.type !== 'SIGN_OFF_CLAIM')
      .map((r) => [r.event.type, r.event.waveId ?? null, r.event.decision ?? null]);
    expect(decisions).toEqual([
      ['APPROVE_BUSINESS_CASE', null, null],
      ['DECIDE_WAVE', 'pilot', 'go'],
      ['DECIDE_WAVE', 'w1', 'go'],
      ['DECIDE_WAVE', 'w2', 'no_go'],
      ['DECIDE_WAVE', 'w2', 'go'],
      ['DECIDE_WAVE', 'w3', 'go'],
    ]);
    const declined = accepted.find((r) => r.event.decision === 'no_go');
    expect(declined?.after.waves.find((w) => w.waveId === 'w2')?.status).toBe('no_go');
    const replanned = accepted
      .slice(accepted.findIndex((r) => r === declined))
      .find((r) => r.event.type === 'PLAN_WAVE');
    expect(replanned?.after.waves.find((w) => w.waveId === 'w2')).toMatchObject({
      status: 'planned',
      revision: 2,
      decision: null,
    });

    // The read, as a customer sees it: funding by tranche, in cents (hand-computed in the domain suite).
    const read = await supertestTransport(t.http)({
      method: 'GET',
      path: `/v1/opportunities/${o.id}`,
      key: heroku.customer.key,
    });
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe(`"${o.version}"`);
    const view = read.body as OpportunityView;
    expect(view.funding).toEqual(HEROKU_FUNDING_AT_CLOSE);
    expect(view.fundRequests.find((r) => r.tranche === 'migrate_partner_funding')).toMatchObject({
      likelyDowngrade: true,
      overByCents: 20_000,
    });
    expect(view.attestation).toMatchObject({ hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(view.waves.map((w) => [w.waveId, w.status])).toEqual([
      ['pilot', 'validated'],
      ['w1', 'validated'],
      ['w2', 'validated'],
      ['w3', 'validated'],
    ]);

    // Findings: Migrate funding missing while in Mobilize, settled by the end.
    const findings = reports.flatMap((r) => (r.kind === 'findings' ? [r.findings.map((f) => f.code)] : []));
    expect(findings).toHaveLength(2);
    expect(findings[0]).toContain('MIGRATE_FUNDING_NOT_REQUESTED');
    expect(findings[1]).not.toContain('MIGRATE_FUNDING_NOT_REQUESTED');

    // The audit chain verifies, and a signed checkpoint covers this opportunity's head.
    expect(reports.find((r) => r.kind === 'audit')).toEqual({
      kind: 'audit',
      verdict: { valid: true, entries: o.version, headHash: expect.any(String), firstBadSeq: null, reason: null },
    });
    const checkpoint = reports.find((r) => r.kind === 'checkpoint');
    expect(checkpoint?.kind === 'checkpoint' && checkpoint.checkpoint.heads).toEqual(
      expect.arrayContaining([{ opportunityId: o.id, seq: o.version, hash: expect.any(String) }]),
    );
    // Other suites tamper with their own chains in parallel: this one's must pass.
    expect(
      checkpoint?.kind === 'checkpoint' && checkpoint.verdict.failures.filter((f) => f.opportunityId === o.id),
    ).toEqual([]);

    // One audit entry per accepted event, chained, seq = version.
    const entries = await t.dataSource.query<{ seq: number; prev_hash: string; hash: string; entry: object }[]>(
      'SELECT seq, prev_hash, hash, entry FROM audit_entries WHERE opportunity_id = $1 ORDER BY seq',
      [o.id],
    );
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: o.version }, (_, i) => i + 1));
    let prev = '0'.repeat(64);
    for (const e of entries) {
      expect(e.prev_hash).toBe(prev);
      const canonical = canonicalize({ opportunityId: o.id, seq: e.seq, prevHash: e.prev_hash, entry: e.entry }) ?? '';
      expect(e.hash).toBe(createHash('sha256').update(canonical).digest('hex'));
      prev = e.hash;
    }
  }, 60_000);
});
