import request from 'supertest';
import { EVENT_TYPES } from '@mapflow/workflow';
import { startTestApp, TestApp } from '../support/test-app';

interface Operation {
  responses: Record<string, unknown>;
  security?: Record<string, string[]>[];
  requestBody?: {
    content: Record<
      string,
      { schema: { oneOf?: { $ref: string }[] }; examples?: Record<string, { value: { type: string } }> }
    >;
  };
}

describe('OpenAPI document (/docs-json)', () => {
  let t: TestApp;
  let paths: Record<string, Record<string, Operation>>;
  let schemas: Record<string, { properties?: Record<string, unknown> }>;
  let doc: {
    servers?: { url: string }[];
    security?: Record<string, string[]>[];
    info: { license?: { name: string; url?: string } };
    components: { securitySchemes?: Record<string, unknown> };
  };

  beforeAll(async () => {
    t = await startTestApp();
    const res = await request(t.http).get('/docs-json').expect(200);
    doc = res.body;
    paths = res.body.paths;
    schemas = res.body.components.schemas;
  });
  afterAll(async () => {
    await t.close();
  });

  it('documents every event type as a oneOf member with its own example', () => {
    const body = paths['/v1/opportunities/{id}/events']?.post?.requestBody?.content['application/json'];
    const refs = (body?.schema.oneOf ?? []).map((r) => r.$ref.split('/').pop() ?? '');
    expect(refs).toHaveLength(EVENT_TYPES.length);
    for (const ref of refs) expect(Object.keys(schemas[ref]?.properties ?? {})).toContain('type');
    expect(Object.keys(body?.examples ?? {}).sort()).toEqual([...EVENT_TYPES].sort());
    for (const type of EVENT_TYPES) expect(body?.examples?.[type]?.value.type).toBe(type);
  });

  it('documents every status of every route', () => {
    const statuses = (path: string, method: string): string[] =>
      Object.keys(paths[path]?.[method]?.responses ?? {}).sort();
    expect(statuses('/v1/opportunities/{id}/events', 'post')).toEqual(
      ['200', '400', '401', '403', '404', '409', '412', '422', '428', '429', '503'].sort(),
    );
    expect(statuses('/v1/opportunities', 'post')).toEqual(
      ['201', '400', '401', '403', '404', '409', '422', '429', '503'].sort(),
    );
    expect(statuses('/v1/opportunities', 'get')).toEqual(['200', '400', '401', '429', '503'].sort());
    expect(statuses('/v1/opportunities/{id}', 'get')).toEqual(['200', '400', '401', '404', '429', '503'].sort());
    expect(statuses('/v1/opportunities/{id}/findings', 'get')).toEqual(
      ['200', '400', '401', '404', '429', '503'].sort(),
    );
    expect(statuses('/v1/triage', 'post')).toEqual(['200', '400', '401', '429', '503'].sort());
    // /health takes no key, no input and has no rate limit: only oversized headers are refused (hostile-input).
    expect(statuses('/health', 'get')).toEqual(['200', '431', '503']);
    for (const [path, methods] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const codes = Object.keys(op.responses);
        expect({
          route: `${method} ${path}`,
          has503: codes.includes('503'),
          has4xx: codes.some((c) => /^4/.test(c)),
        }).toEqual({ route: `${method} ${path}`, has503: true, has4xx: true });
      }
    }
  });

  it('names a server that Swagger UI can call: the origin that serves the docs', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('requires the bearer API key on every operation unless it says otherwise', () => {
    expect(doc.components.securitySchemes?.['bearer']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearer: [] }]);
    const open = Object.entries(paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, op]) => op.security !== undefined && op.security.length === 0)
        .map(([method]) => `${method} ${path}`),
    );
    expect(open).toEqual(['get /health']);
  });

  it('says the truth about security: a route documented as open answers without a key, every other one 401', async () => {
    const anyId = '00000000-0000-4000-8000-000000000000';
    for (const [path, methods] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const url = path.replace(/\{[^}]+\}/g, anyId);
        const res = await request(t.http)[method as 'get' | 'post' | 'put' | 'patch' | 'delete'](url);
        const needsKey = (op.security ?? doc.security ?? []).length > 0;
        expect({ route: `${method} ${path}`, answered401: res.status === 401 }).toEqual({
          route: `${method} ${path}`,
          answered401: needsKey,
        });
      }
    }
  });

  it('states the licence: proprietary (package.json says UNLICENSED)', () => {
    expect(doc.info.license).toEqual({ name: 'Proprietary' });
  });
});
