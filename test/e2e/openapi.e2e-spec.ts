import request from 'supertest';
import { EVENT_TYPES } from '@mapflow/workflow';
import { startTestApp, TestApp } from '../support/test-app';

interface Operation {
  responses: Record<string, unknown>;
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

  beforeAll(async () => {
    t = await startTestApp();
    const res = await request(t.http).get('/docs-json').expect(200);
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
    for (const [path, methods] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(methods)) {
        expect({ route: `${method} ${path}`, has503: '503' in op.responses }).toEqual({
          route: `${method} ${path}`,
          has503: true,
        });
      }
    }
  });
});
