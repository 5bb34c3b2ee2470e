import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { HerokuCase } from '@mapflow/client';
import { acceptInvitationIn, useBrowserSuite } from '../support/browser';
import { TEST_OPS_KEY } from '../support/test-app';
import { supertestTransport } from '../support/transport';

/** Where `npm run screenshots` wants pictures; unset in the test run. */
const SHOTS = process.env.MAPFLOW_SCREENSHOTS_DIR;

interface Overflow {
  node: string;
  text: string;
}

/**
 * Every text of every node of the SVG document open in `page`, as Chromium
 * lays it out with the fonts it found, checked against its node's shape:
 * the labels that stick out. Run in the page (a string: the tests compile
 * without the DOM's types).
 */
async function labelsOutsideTheirBoxes(page: Page): Promise<{ nodes: number; texts: number; outside: Overflow[] }> {
  return page.evaluate(`(() => {
    const outside = [];
    let texts = 0;
    const nodes = [...document.querySelectorAll('g.node')];
    for (const g of nodes) {
      const shape = g.querySelector('polygon, ellipse, path, rect');
      if (shape === null) continue;
      const b = shape.getBBox();
      for (const t of g.querySelectorAll('text')) {
        texts += 1;
        const r = t.getBBox();
        const inside = r.x >= b.x - 0.5 && r.y >= b.y - 0.5 &&
          r.x + r.width <= b.x + b.width + 0.5 && r.y + r.height <= b.y + b.height + 0.5;
        if (!inside) outside.push({ node: g.querySelector('title')?.textContent ?? '', text: t.textContent ?? '' });
      }
    }
    return { nodes: nodes.length, texts, outside };
  })()`);
}

/**
 * The lifecycle diagram (Graphviz's layout, drawn as SVG) rendered in
 * Debian's Chromium: Graphviz sizes each box with Arial's metrics, and the
 * diagram names Arial, which fontconfig gives as Liberation Sans
 * (metric-compatible with Arial; `chromium` depends on `fonts-liberation`). So every label stays inside its box; a font with
 * other metrics would not, and the same check sees it.
 */
describe('the lifecycle diagram in Chromium', () => {
  const suite = useBrowserSuite();

  it('keeps every label inside its box, as the partner sees it on the opportunity page', async () => {
    const heroku = new HerokuCase({
      transport: supertestTransport(suite.t.http),
      opsKey: TEST_OPS_KEY,
      suffix: ' (diagram)',
    });
    for (const step of heroku.steps) {
      if (step.title.startsWith('Migrate: wave w1')) break;
      await step.run();
    }
    const o = heroku.opportunity;
    const page = await (await suite.context()).newPage();
    await acceptInvitationIn(page, suite, heroku.partner.id, `lead.${Date.now()}@cumulus.example`);
    await page.goto(`/app/opportunities/${o.id}`);
    await expect(
      page.evaluate(
        `(() => { const img = document.querySelector('.diagram img'); return img.complete && img.naturalWidth > 0; })()`,
      ),
    ).resolves.toBe(true);

    // The same SVG, opened as a document, so its layout can be measured.
    const svg = await (await suite.context()).newPage();
    await svg.context().addCookies(await page.context().cookies());
    await svg.goto(`/app/opportunities/${o.id}/diagram.svg`);
    if (SHOTS !== undefined) {
      const size = (await svg.evaluate(
        `(() => { const r = document.documentElement.getBoundingClientRect(); return { width: Math.ceil(r.width), height: Math.ceil(r.height) }; })()`,
      )) as { width: number; height: number };
      await svg.setViewportSize(size);
      await svg.screenshot({ path: join(SHOTS, 'diagram.png') });
    }
    const measured = await labelsOutsideTheirBoxes(svg);
    expect(measured.nodes).toBeGreaterThanOrEqual(9);
    expect(measured.texts).toBeGreaterThanOrEqual(measured.nodes);
    expect(measured.outside).toEqual([]);

    // The check can fail: in a wider font than Graphviz measured, the labels stick out.
    await svg.evaluate(`(() => {
      const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
      style.textContent = 'text { font-family: "DejaVu Sans Mono", monospace !important; font-size: 16px !important; }';
      document.documentElement.appendChild(style);
    })()`);
    const wide = await labelsOutsideTheirBoxes(svg);
    expect(wide.outside.length).toBeGreaterThan(0);
  }, 60_000);
});
