import { herokuProfile, OpportunityDriver } from '../support/opportunity-driver';
import { makeOrg, useTestApp } from '../support/test-app';
import { signedInPerson } from '../support/web';

/** The rows of the board's table: each opportunity's title. */
const titlesOf = (html: string): string[] =>
  [...html.matchAll(/<a href="\/app\/opportunities\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1] ?? '');

/**
 * The partner's board: the count of each phase, one phase's cards at a time,
 * 50 to a page; only the partner's own opportunities.
 */
describe('the partner board (web app, real PostgreSQL)', () => {
  const t = useTestApp();

  it('counts each phase, shows one phase 50 cards at a time, and only the partner’s own', async () => {
    const partner = await makeOrg(t.http, 'partner');
    const customer = await makeOrg(t.http, 'customer');
    const opened: string[] = [];
    for (let i = 0; i < 53; i += 1) {
      const o = await new OpportunityDriver(t.http, partner, customer).create(`Board ${String(i).padStart(2, '0')}`);
      opened.push(o.id);
    }
    const assess = await new OpportunityDriver(t.http, partner, customer).create('Board in assess', herokuProfile());
    await assess.p({ type: 'ADVANCE' });
    const other = await makeOrg(t.http, 'partner');
    await new OpportunityDriver(t.http, other, customer).create('Another partner’s');

    const person = await signedInPerson(t.http, partner.id, `lead.${Date.now()}@board.example`);
    const first = await person.get('/app/board');
    expect(first.status).toBe(200);
    expect(first.text).toContain('intake (53)');
    expect(first.text).toContain('assess (1)');
    // Intake comes first in the lifecycle: its cards, newest first, 50 of them.
    const page1 = titlesOf(first.text);
    expect(page1).toHaveLength(50);
    expect(page1[0]).toBe('Board 52');
    expect(page1).not.toContain('Board in assess');
    const next = /href="(\/app\/board\?phase=intake&(?:amp;)?cursor=[^"]+)"/.exec(first.text)?.[1];
    expect(next).toBeDefined();
    const second = await person.get((next ?? '').replace(/&amp;/g, '&'));
    expect(titlesOf(second.text)).toEqual(['Board 02', 'Board 01', 'Board 00']);
    expect(second.text).not.toContain('Next opportunities in this phase');

    const inAssess = await person.get('/app/board?phase=assess');
    expect(titlesOf(inAssess.text)).toEqual(['Board in assess']);
    // A phase with none (or no phase at all) shows the first phase that has some.
    const none = await person.get('/app/board?phase=closed');
    expect(titlesOf(none.text)).toHaveLength(50);
    for (const html of [first.text, second.text, inAssess.text]) expect(html).not.toContain('Another partner’s');
  }, 60_000);
});
