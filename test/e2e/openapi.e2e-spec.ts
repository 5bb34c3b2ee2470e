import request from 'supertest';
import { eventTypesOf, MACHINE_VERSIONS } from '@mapflow/workflow';
import { startTestApp, TestApp } from '../support/test-app';

/** One machine version's event bodies: a oneOf of its classes, with its discriminator on `type`. */
interface VersionBodies {
  title?: string;
  oneOf?: { $ref: string }[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
}

interface Operation {
  description?: string;
  responses: Record<string, unknown>;
  security?: Record<string, string[]>[];
  requestBody?: {
    content: Record<
      string,
      { schema: { anyOf?: VersionBodies[] }; examples?: Record<string, { value: { type: string } }> }
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

  it("documents every event type of every machine version, each version's bodies a oneOf with its examples", () => {
    const op = paths['/v1/opportunities/{id}/events']?.post;
    const body = op?.requestBody?.content['application/json'];
    const name = (ref: string): string => ref.split('/').pop() ?? '';
    const versions = body?.schema.anyOf ?? [];
    expect(versions.map((v) => v.title)).toEqual(MACHINE_VERSIONS.map((v) => `Machine version ${v}`));
    const schemaOf: Record<string, Record<string, string>> = {};
    MACHINE_VERSIONS.forEach((version, i) => {
      const types = eventTypesOf(version);
      const refs = (versions[i]?.oneOf ?? []).map((r) => name(r.$ref));
      const mapping = versions[i]?.discriminator?.mapping ?? {};
      expect(versions[i]?.discriminator?.propertyName).toBe('type');
      expect(refs).toHaveLength(types.length);
      expect(Object.keys(mapping).sort()).toEqual([...types].sort());
      // Within a version, one schema per type, whose `type` is that type only.
      for (const [type, ref] of Object.entries(mapping)) {
        expect(refs).toContain(name(ref));
        expect(schemas[name(ref)]?.properties?.['type']).toEqual({ type: 'string', enum: [type] });
      }
      schemaOf[version] = Object.fromEntries(Object.entries(mapping).map(([type, ref]) => [type, name(ref)]));
    });
    // A body version 2 changed has a schema of its own; an unchanged one is version 1's.
    expect(schemaOf['2']?.['FILE_FUND_REQUEST']).toBe('FileFundRequestEventV2Dto');
    expect(schemaOf['1']?.['FILE_FUND_REQUEST']).toBe('FileFundRequestEventDto');
    expect(schemaOf['2']?.['ADVANCE']).toBe(schemaOf['1']?.['ADVANCE']);
    // Every type of every version has an example; where the bodies differ, the example names its version.
    const examples = body?.examples ?? {};
    const allTypes = [...new Set(MACHINE_VERSIONS.flatMap((v) => eventTypesOf(v)))];
    expect([...new Set(Object.values(examples).map((e) => e.value.type))].sort()).toEqual(allTypes.sort());
    expect(examples['FILE_FUND_REQUEST (version 1)']?.value.type).toBe('FILE_FUND_REQUEST');
    expect(examples['FILE_FUND_REQUEST (version 2)']?.value.type).toBe('FILE_FUND_REQUEST');
    expect(examples['RECORD_TAGGED_SPEND (version 2)']?.value.type).toBe('RECORD_TAGGED_SPEND');
    expect(examples['ADVANCE']?.value.type).toBe('ADVANCE');
    expect(op?.description).toMatch(/follows the machine version the opportunity runs/);
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

  it('documents the webhook routes, every field of their bodies with an example', () => {
    const routes = Object.entries(paths)
      .filter(([path]) => path.startsWith('/v1/webhooks'))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(routes).toEqual([
      'DELETE /v1/webhooks/{id}',
      'GET /v1/webhooks',
      'GET /v1/webhooks/{id}/deliveries',
      'POST /v1/webhooks',
      'POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver',
      'POST /v1/webhooks/{id}/rotate-secret',
    ]);
    for (const name of ['CreateWebhookDto', 'WebhookDto', 'WebhookSecretDto', 'DeliveryDto']) {
      const properties = Object.entries(
        (schemas[name] as { properties?: Record<string, { example?: unknown }> } | undefined)?.properties ?? {},
      );
      expect([name, properties.length > 0]).toEqual([name, true]);
      for (const [field, schema] of properties) expect([name, field, 'example' in schema]).toEqual([name, field, true]);
    }
  });
});
