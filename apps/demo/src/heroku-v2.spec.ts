/**
 * What `npm run demo` prints for the Heroku case on machine version 2 (its
 * part 1, the pure engine): the lines a reader checks, with the figures
 * worked by hand (policy 2027.1; the data is libs/workflow/src/scenarios/heroku.ts).
 */
import { HEROKU_QUARTERS_V2, MPE } from '@mapflow/workflow/scenarios/heroku';
import { printHerokuV2, type HerokuV2Outcome } from './heroku-v2';

const DAY_MS = 86_400_000;

describe('npm run demo, part 1: the Heroku case on machine version 2, as AWS runs it', () => {
  const lines: string[] = [];
  let outcome: HerokuV2Outcome;
  beforeAll(() => {
    outcome = printHerokuV2((line = '') => void lines.push(line));
  });
  const text = (): string => lines.join('\n');
  /** The index of the first line containing `s` (fails the test when there is none). */
  const at = (s: string): number => {
    const i = lines.findIndex((l) => l.includes(s));
    if (i < 0) throw new Error(`no line contains ${JSON.stringify(s)}`);
    return i;
  };

  it('plays every step in order, from intake to closed', () => {
    const steps = lines.flatMap((l) => {
      const m = /^\[v2 (\d+)\/(\d+)\] /.exec(l);
      return m ? [[Number(m[1]), Number(m[2])]] : [];
    });
    expect(steps.length).toBeGreaterThan(40);
    expect(steps.map(([i]) => i)).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1));
    expect(steps.every(([, n]) => n === steps.length)).toBe(true);
    expect(text()).toContain('machine version 2, policy 2027.1');
    expect(text()).toContain('GATE OPEN: closeout -> closed on 2028-01-26');
    expect(outcome.view.phase).toBe('closed');
  });

  it("names the fund requests as AWS's template does, with AWS's references and purchase orders", () => {
    for (const phase of ['Assess', 'Mobilize', 'Migrate']) {
      expect(text()).toMatch(
        new RegExp(`^ +MAP ${phase} Project - Acme SaaS +FR-2027-\\d{6} +PO-\\d{7} +completed$`, 'm'),
      );
    }
    expect(text()).toContain('FUND REQUEST filed on 2027-01-04: "MAP Assess Project - Acme SaaS"');
    // The Migrate request: $20,000 asked against an envelope of 15% x 12 x $11,000 = $19,800; AWS pre-approves $19,800.
    expect(text()).toContain(
      'requested $20,000.00 (2000000 c), envelope $19,800.00 (1980000 c); over by $200.00 (20000 c)',
    );
    expect(text()).toContain(
      'now cash_claim: pre-approved $19,800.00 (1980000 c) of $20,000.00 (2000000 c) requested, purchase order PO-4410709',
    );
  });

  it('files every tranche with its project starting at least 14 days after filing, and refuses 7', () => {
    expect(text()).toMatch(/409 RULE: FILE_FUND_REQUEST refused in assess: The project start date .* at least 14 days/);
    const filed = lines.flatMap((l, i) => {
      const m = /FUND REQUEST filed on (\d{4}-\d\d-\d\d)/.exec(l);
      const p = /project (\d{4}-\d\d-\d\d) -> /.exec(lines[i + 2] ?? '');
      return m && p ? [(Date.parse(p[1]) - Date.parse(m[1])) / DAY_MS] : [];
    });
    expect(filed).toEqual([14, 14, 14]);
  });

  it('records the ACE opportunity Approved before the Mobilize and Migrate tranches are filed', () => {
    const approved = at('ACE O4815162342: stage Qualified, review Approved');
    expect(at('the ACE opportunity O4815162342 is Submitted, not Approved')).toBeLessThan(approved);
    expect(approved).toBeLessThan(at('"MAP Mobilize Project - Acme SaaS"'));
    expect(approved).toBeLessThan(at('"MAP Migrate Project - Acme SaaS"'));
  });

  it('claims with typed evidence, and Migrate only once the realized tagged spend holds', () => {
    expect(text()).toContain(
      'claim assess-1 on assess_partner_funding: $12,000.00 (1200000 c), evidence customer_signoff, deliverable',
    );
    expect(text()).toContain('evidence customer_signoff, deliverable, tag_coverage_report');
    // 20% of the committed ARR (12 x 1,100,000 = 13,200,000) is 2,640,000 cents; by Q2, 60,000 + 900,000 = 960,000.
    expect(text()).toContain('Cumulative tagged spend is 960000 cents; the milestone needs at least 2640000 cents.');
    expect(text()).toContain('PAID on 2028-01-14: claim migrate-1, $19,800.00 (1980000 c), invoice INV-CCP-migrate-1');
  });

  it('tags every migrated application mig + the MPE ID (Heroku Postgres included), applied before each cut-over', () => {
    const tags = [...text().matchAll(/map-migrated=(\S+?)(?:,|$)/gm)].map((m) => m[1]);
    expect(tags.length).toBeGreaterThanOrEqual(5);
    expect(new Set(tags)).toEqual(new Set([`mig${MPE}`]));
    expect(text()).not.toMatch(/map-migrated=(comm|mig_ec2_|comm_ec2_)/);
    expect(text()).toMatch(
      /^ +w2 +postgres +replatform +map-migrated=migMPE0012345, applied 2027-05-12T08:30:00.000Z$/m,
    );
    expect(text()).toMatch(/^ +w1 +heroku-scheduler +retire +no tag \(not migrated\)$/m);
    expect(text()).toContain(
      '409 RULE: CUT_OVER_WAVE refused in mobilize: Record the MAP tags of wave pilot as applied',
    );
    for (const wave of ['pilot', 'w1', 'w2', 'w3']) {
      expect(at(`TAGS APPLIED to wave ${wave} at`)).toBeLessThan(at(`wave ${wave} cut over on`));
    }
  });

  it('prints the credits per quarter: the estimate (20% x tagged), what AWS issued, what untagged spend lost', () => {
    // Q1 20% x   $600 =   $120 issued   $120; nothing untagged.
    // Q2 20% x $9,000 = $1,800 issued $1,800; $1,500 untagged lost 20% x $1,500 = $300.
    // Q3 20% x $14,250 = $2,850 issued $2,850; $600 untagged lost $120.
    // Q4 20% x $14,850 = $2,970 issued $2,970; nothing untagged.
    // Total: tagged $38,700, untagged $2,100, estimate $7,740, issued $7,740, lost $420.
    const row = (q: string, ...cells: string[]): RegExp =>
      new RegExp(`^ +${q} +${cells.map((c) => c.replace(/[$.]/g, '\\$&')).join(' +')}$`, 'm');
    expect(text()).toMatch(row('2027-Q1', '$600.00', '$0.00', '$120.00', '$120.00', '$0.00'));
    expect(text()).toMatch(row('2027-Q2', '$9,000.00', '$1,500.00', '$1,800.00', '$1,800.00', '$300.00'));
    expect(text()).toMatch(row('2027-Q3', '$14,250.00', '$600.00', '$2,850.00', '$2,850.00', '$120.00'));
    expect(text()).toMatch(row('2027-Q4', '$14,850.00', '$0.00', '$2,970.00', '$2,970.00', '$0.00'));
    expect(text()).toMatch(row('total', '$38,700.00', '$2,100.00', '$7,740.00', '$7,740.00', '$420.00'));
    expect(outcome.view.credits.quarters.map((q) => q.quarter)).toEqual(HEROKU_QUARTERS_V2.map((q) => q.quarter));
  });

  it('prints partner cash per cash tranche', () => {
    // Envelopes (ARR 13,200,000 c, services 12,000,000 c): assess min(10% x services, 10% x ARR, cap) = $12,000;
    // mobilize min(25% x services = $30,000, 20% x ARR = $26,400) = $26,400; migrate min($36,000, 15% x ARR) = $19,800.
    expect(text()).toMatch(/^ +assess_partner_funding +(\$12,000\.00 +){4}\$12,000\.00$/m);
    expect(text()).toMatch(/^ +mobilize_partner_funding +(\$26,400\.00 +){4}\$26,400\.00$/m);
    expect(text()).toMatch(
      /^ +migrate_partner_funding +\$19,800\.00 +\$20,000\.00 +\$19,800\.00 +\$19,800\.00 +\$19,800\.00$/m,
    );
    expect(text()).toContain('AWS paid the partner $58,200.00 (5820000 c) in three cash tranches');
  });

  it('ends with COMMITTED_SPEND_NOT_REALIZED and the envelope difference, not clean', () => {
    // Actual $4,950/month: ARR 5,940,000 c. Envelopes on it: assess min(1,200,000; 594,000) = 594,000;
    // mobilize min(3,000,000; 1,188,000) = 1,188,000; migrate min(3,600,000; 891,000) = 891,000: 2,673,000.
    // On the committed run-rate 1,200,000 + 2,640,000 + 1,980,000 = 5,820,000. Difference 3,147,000 c.
    expect(text()).toContain(
      '- COMMITTED_SPEND_NOT_REALIZED: Committed spend not realized (at stake: $31,470.00 (3147000 c))',
    );
    expect(text()).toContain('actual run-rate recorded: $4,950.00/month, 45% of the committed $11,000.00');
    expect(text()).toContain('- UNTAGGED_SPEND: Spend without MAP tags (at stake: $300.00 (30000 c))');
    expect(text()).toContain('- UNTAGGED_SPEND: Spend without MAP tags (at stake: $120.00 (12000 c))');
    expect(text()).not.toContain('nothing left on the table');
    expect(outcome.findings.map((f) => f.code)).toEqual([
      'COMMITTED_SPEND_NOT_REALIZED',
      'UNTAGGED_SPEND',
      'UNTAGGED_SPEND',
    ]);
  });
});
