/**
 * GET /v1/opportunities/{id}/diagram: the machine, generated from its
 * definition and rendered by Graphviz (WebAssembly) in process, with the
 * opportunity's current state filled and its path highlighted; the Mermaid
 * source with ?format=mermaid; the read's visibility rules.
 *
 * Set MAPFLOW_DIAGRAM_PNG=/some/file.png to keep the PNG this suite renders.
 */
import { Resvg } from '@resvg/resvg-js';
import { writeFileSync } from 'node:fs';
import request, { Response } from 'supertest';
import { DIAGRAM_COLORS, opportunityGraph } from '@mapflow/workflow';
import { mapRecord } from '@mapflow/workflow/testing';
import { dateIn, expectStatus, herokuProfile, OpportunityDriver } from '../support/opportunity-driver';
import { makeOrg, TEST_OPS_KEY, TestOrg, useTestApp } from '../support/test-app';
import { ASSESS_ITEMS } from '@mapflow/workflow/scenarios/heroku';

/** The body as text, whatever the content type (supertest buffers only text/* and JSON by itself). */
function asText(res: Response): string {
  const body: unknown = res.body;
  return Buffer.isBuffer(body) ? body.toString('utf8') : res.text;
}

/** The opening tag and the content up to the first nested close of the SVG group with this id. */
function group(svg: string, id: string): { className: string; content: string } {
  const decoded = svg.replace(/&#45;/g, '-');
  const start = decoded.indexOf(`<g id="${id}" `);
  if (start < 0) throw new Error(`no group ${id} in the SVG`);
  const match = /^<g id="[^"]*" class="([^"]*)">([\s\S]*?)<\/g>/.exec(decoded.slice(start));
  if (!match?.[1] || match[2] === undefined) throw new Error(`group ${id} is not a Graphviz group`);
  return { className: match[1], content: match[2] };
}

describe('the lifecycle diagram (GET /v1/opportunities/{id}/diagram)', () => {
  const t = useTestApp();
  let o: OpportunityDriver;
  let stranger: TestOrg;
  let otherCustomer: TestOrg;

  /** A GET with `as`'s key (a raw key string, or none), its body kept as a Buffer whatever the content type. */
  const get = (path: string, as: TestOrg | string | null) => {
    const req = request(t.http)
      .get(path)
      .buffer(true)
      .parse((res, done) => {
        const parts: Buffer[] = [];
        res.on('data', (chunk: Buffer) => parts.push(chunk));
        res.on('end', () => done(null, Buffer.concat(parts)));
      });
    if (as === null) return req;
    return req.set('authorization', `Bearer ${typeof as === 'string' ? as : as.key}`);
  };
  const diagramPath = (): string => `/v1/opportunities/${o.id}/diagram`;

  beforeAll(async () => {
    o = new OpportunityDriver(t.http, await makeOrg(t.http, 'partner', 'premier'), await makeOrg(t.http, 'customer'));
    stranger = await makeOrg(t.http, 'partner', 'premier');
    otherCustomer = await makeOrg(t.http, 'customer');
    // intake -> assess -> mobilize.
    await o.create('Heroku to AWS');
    await o.p({ type: 'UPDATE_PROFILE', profile: herokuProfile() });
    await o.p({ type: 'ADVANCE' });
    await o.checklist(ASSESS_ITEMS);
    await o.p({ type: 'ATTEST_MAP_RECORD', record: mapRecord() });
    await o.c({ type: 'APPROVE_BUSINESS_CASE' });
    await o.p({ type: 'RECORD_MAP_AGREEMENT', tagScheme: 'map-migrated', mpeId: 'MPE0012345', signedOn: dateIn(0) });
    await o.p({ type: 'ADVANCE' });
  });

  it('links the diagram, the audit log and its verification from the read', async () => {
    const read = await request(t.http).get(`/v1/opportunities/${o.id}`).set('authorization', `Bearer ${o.partner.key}`);
    expectStatus(read, 200);
    expect(read.body.state).toBe('mobilize');
    expect(read.body.links).toEqual({
      self: `/v1/opportunities/${o.id}`,
      events: `/v1/opportunities/${o.id}/events`,
      findings: `/v1/opportunities/${o.id}/findings`,
      diagram: `/v1/opportunities/${o.id}/diagram`,
      audit: `/v1/opportunities/${o.id}/audit`,
      verify: `/v1/opportunities/${o.id}/audit/verify`,
    });
  });

  it('answers an SVG with every state, the current one filled, the path and its edges highlighted', async () => {
    const res = await get(diagramPath(), o.partner);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const svg = asText(res);
    expect(svg).toMatch(/^(<\?xml|<svg)/);
    expect(svg).toContain('<svg');
    expect(svg.trimEnd()).toMatch(/<\/svg>$/);

    const graph = opportunityGraph();
    expect(graph.states.map((s) => s.key)).toEqual(
      expect.arrayContaining(['intake', 'assess', 'mobilize', 'migrate', 'closeout', 'closed', 'withdrawn']),
    );
    for (const state of graph.states) expect(svg).toContain(`<title>${state.key}</title>`);
    // Events between states label the edges; events within one are listed in its box.
    expect(svg).toContain('>ADVANCE</text>');
    expect(svg).toContain('>WITHDRAW</text>');
    expect(svg).toContain('PLAN_WAVE');

    const current = group(svg, 'state-mobilize');
    expect(current.className).toBe('node state current');
    expect(current.content).toContain(`fill="${DIAGRAM_COLORS.current}"`);
    for (const key of ['intake', 'assess']) {
      const visited = group(svg, `state-${key}`);
      expect(visited.className).toBe('node state visited');
      expect(visited.content).toContain(`fill="${DIAGRAM_COLORS.visited}"`);
    }
    for (const key of ['migrate', 'closeout', 'closed', 'withdrawn']) {
      const idle = group(svg, `state-${key}`);
      expect(idle.className).toBe('node state');
      expect(idle.content).toContain(`fill="${DIAGRAM_COLORS.idle}"`);
    }
    // Final states are double-circled: two ellipses.
    expect(group(svg, 'state-closed').content.match(/<ellipse/g)).toHaveLength(2);

    for (const id of ['edge-__start-intake', 'edge-intake-assess', 'edge-assess-mobilize']) {
      const edge = group(svg, id);
      expect(edge.className).toBe('edge transition visited');
      expect(edge.content).toContain(`stroke="${DIAGRAM_COLORS.path}"`);
    }
    for (const id of ['edge-mobilize-migrate', 'edge-intake-referred', 'edge-mobilize-withdrawn']) {
      const edge = group(svg, id);
      expect(edge.className).toBe('edge transition');
      expect(edge.content).not.toContain(`stroke="${DIAGRAM_COLORS.path}"`);
    }
  });

  it('renders to a readable PNG (resvg)', async () => {
    const res = await get(diagramPath(), o.customer);
    expectStatus(res, 200);
    const png = new Resvg(asText(res), {
      fitTo: { mode: 'width', value: 1800 },
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    })
      .render()
      .asPng();
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(1800);
    expect(png.length).toBeGreaterThan(20_000);
    const keep = process.env.MAPFLOW_DIAGRAM_PNG;
    if (keep) writeFileSync(keep, png);
  });

  it('answers the Mermaid source with ?format=mermaid', async () => {
    const res = await get(`${diagramPath()}?format=mermaid`, o.partner);
    expectStatus(res, 200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    const text = asText(res);
    expect(text.startsWith('flowchart LR\n')).toBe(true);
    for (const state of opportunityGraph().states) expect(text).toContain(`s_${state.key}`);
    expect(text).toContain('s_intake -->|"ADVANCE"| s_assess');
    expect(text).toContain('s_closed((("closed")))');
    expect(text).toContain('class s_intake,s_assess visited');
    expect(text).toContain('class s_mobilize current');
    expect(text).toMatch(/linkStyle \d+,\d+,\d+ stroke:#2563eb/);
  });

  it('is the same image for ops, and for the opportunity customer', async () => {
    const ops = await get(diagramPath(), TEST_OPS_KEY);
    const customer = await get(diagramPath(), o.customer);
    expectStatus(ops, 200);
    expectStatus(customer, 200);
    expect(asText(ops)).toBe(asText(customer));
  });

  it('does not exist for another partner or customer (404), needs a key (401), and refuses an unknown format (400)', async () => {
    for (const other of [stranger, otherCustomer]) {
      const res = await get(diagramPath(), other);
      expectStatus(res, 404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    const anonymous = await get(diagramPath(), null);
    expectStatus(anonymous, 401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    const png = await get(`${diagramPath()}?format=png`, o.partner);
    expectStatus(png, 400);
    expect(JSON.parse(asText(png))).toMatchObject({ status: 400, errors: [{ field: 'format' }] });
    const missing = await get('/v1/opportunities/00000000-0000-4000-8000-000000000000/diagram', o.partner);
    expectStatus(missing, 404);
  });

  it('is documented in the OpenAPI document with both content types and its problems', async () => {
    const res = await request(t.http).get('/docs-json').expect(200);
    const op = res.body.paths['/v1/opportunities/{id}/diagram']?.get;
    expect(Object.keys(op?.responses ?? {}).sort()).toEqual(['200', '400', '401', '404', '429', '503'].sort());
    expect(Object.keys(op?.responses?.['200']?.content ?? {}).sort()).toEqual(['image/svg+xml', 'text/plain']);
  });
});
