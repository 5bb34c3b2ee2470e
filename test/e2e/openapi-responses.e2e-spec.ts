import request from 'supertest';
import { call, HerokuCase, OpportunityClient, type Transport } from '@mapflow/client';
import { herokuProfile } from '@mapflow/workflow/scenarios/heroku';
import { makeOrg, startTestApp, TEST_OPS_KEY, TestApp } from '../support/test-app';
import { exportNdjson } from '../support/ndjson';
import { seedOnVersion1 } from '../support/opportunity-driver';
import { supertestTransport } from '../support/transport';

/** The part of an OpenAPI 3.0 schema object the check below reads. */
interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  pattern?: string;
  nullable?: boolean;
  enum?: unknown[];
  required?: string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  discriminator?: { propertyName: string; mapping?: Record<string, string> };
}

interface OpenApi {
  paths: Record<
    string,
    Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>
  >;
  components: { schemas: Record<string, Schema> };
}

const FORMATS: Record<string, RegExp> = {
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

const TYPES: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  integer: (v) => Number.isInteger(v),
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  array: (v) => Array.isArray(v),
  object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
};

/**
 * What is wrong with `value` against `schema`, as "path: problem" lines ($refs followed): types,
 * formats and patterns, enums, null only where nullable, every required property present, and no
 * property the schema does not name (unless it allows additional ones): the schema must describe
 * the JSON exactly.
 */
function mismatches(doc: OpenApi, schema: Schema, value: unknown, at = '$'): string[] {
  if (schema.$ref !== undefined) {
    const target = doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')];
    return target === undefined ? [`${at}: no schema ${schema.$ref}`] : mismatches(doc, target, value, at);
  }
  if (value === null) return schema.nullable === true ? [] : [`${at}: null, not nullable`];
  const out = (schema.allOf ?? []).flatMap((part) => mismatches(doc, part, value, at));
  if (schema.oneOf && schema.oneOf.filter((part) => mismatches(doc, part, value, at).length === 0).length !== 1) {
    // The branch the discriminator names says why, when there is one.
    const tag =
      schema.discriminator && TYPES.object?.(value)
        ? (value as Record<string, unknown>)[schema.discriminator.propertyName]
        : undefined;
    const named = typeof tag === 'string' ? schema.discriminator?.mapping?.[tag] : undefined;
    const why = named === undefined ? [] : mismatches(doc, { $ref: named }, value, at);
    out.push(`${at}: matches not exactly one of oneOf`, ...why);
  }
  if (schema.type !== undefined && !(TYPES[schema.type]?.(value) ?? false)) {
    return [...out, `${at}: ${JSON.stringify(value)} is not of type ${schema.type}`];
  }
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} not in the enum`);
  if (typeof value === 'string') {
    const format = schema.format === undefined ? undefined : FORMATS[schema.format];
    if (format && !format.test(value)) out.push(`${at}: ${value} is not a ${schema.format}`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) {
      out.push(`${at}: ${value} does not match ${schema.pattern}`);
    }
  }
  if (Array.isArray(value) && schema.items) {
    const items = schema.items;
    value.forEach((item, i) => out.push(...mismatches(doc, items, item, `${at}[${i}]`)));
  }
  if (TYPES.object?.(value) && schema.properties) {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in object)) out.push(`${at}.${key}: required, missing`);
    for (const [key, item] of Object.entries(object)) {
      const property = schema.properties[key];
      if (property) out.push(...mismatches(doc, property, item, `${at}.${key}`));
      else if (schema.additionalProperties === undefined || schema.additionalProperties === false) {
        out.push(`${at}.${key}: not in the schema`);
      }
    }
  }
  return out;
}

/** The documented operation a request went to: `post /v1/opportunities/{id}/events`. */
function operationOf(doc: OpenApi, method: string, path: string): string | undefined {
  const bare = path.split('?')[0] ?? path;
  const template = Object.keys(doc.paths).find((p) => new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(bare));
  return template === undefined ? undefined : `${method.toLowerCase()} ${template}`;
}

/** The success answers whose schemas this suite pins: operation, status, schema, its required properties. */
const SUCCESSES: [string, string, string, string[]][] = [
  ['post /v1/triage', '200', 'TriageResultDto', ['program', 'ladder', 'edpCandidate', 'reasons']],
  ['post /v1/opportunities', '201', 'OpportunityV2Dto', []],
  ['get /v1/opportunities', '200', 'OpportunityPageDto', ['items', 'nextCursor']],
  ['get /v1/opportunities/{id}', '200', 'OpportunityDto|OpportunityV2Dto', []],
  ['post /v1/opportunities/{id}/events', '200', 'OpportunityDto|OpportunityV2Dto', []],
  ['post /v1/opportunities/{id}/migrate', '200', 'OpportunityV2Dto', []],
  ['get /v1/opportunities/{id}/findings', '200', 'FindingsDto', ['findings']],
  ['get /v1/opportunities/{id}/audit', '200', 'AuditPageDto', ['items', 'nextAfterSeq']],
  [
    'get /v1/opportunities/{id}/audit/verify',
    '200',
    'ChainVerdictDto',
    ['valid', 'entries', 'headHash', 'firstBadSeq', 'reason'],
  ],
  [
    'post /v1/audit/checkpoints',
    '201',
    'CheckpointDto',
    ['format', 'createdAt', 'count', 'digest', 'keyId', 'heads', 'publicKey', 'signature'],
  ],
  [
    'post /v1/audit/checkpoints/verify',
    '200',
    'CheckpointVerdictDto',
    ['valid', 'checkedChains', 'checkedEntries', 'failures'],
  ],
  ['post /v1/orgs', '201', 'OrgResponseDto', ['id', 'kind', 'name', 'tier']],
  ['get /v1/me', '200', 'MeDto', ['userId', 'org']],
  ['post /v1/orgs/{id}/api-keys', '201', 'ApiKeyResponseDto', ['key', 'id', 'userId', 'orgId']],
  ['post /v1/orgs/{customerId}/partners', '201', 'PartnerLinkDto', []],
  ['post /v1/orgs/{customerId}/partners', '200', 'PartnerLinkDto', []],
  ['get /v1/orgs/{customerId}/partners', '200', 'PartnerLinkListDto', ['items']],
];

/** An opportunity read, as the create, read and event operations answer it. */
const OPPORTUNITY = [
  'id',
  'title',
  'machineVersion',
  'policyId',
  'version',
  'partnerOrgId',
  'customerOrgId',
  'customerName',
  'phase',
  'state',
  'profile',
  'missingProfileFields',
  'triage',
  'gate',
  'checklist',
  'businessCase',
  'mapAgreement',
  'attestation',
  'waves',
  'fundRequests',
  'funding',
  'activateWorkloads',
  'runRate',
  'ending',
  'createdAt',
  'lastEventAt',
  'phaseEnteredAt',
  'timeInPhaseDays',
  'overdueAt',
  'overdue',
  'migration',
  'links',
];
/** Version 2's read: version 1's fields, and the credits ledger, the ACE opportunity, the plan termination, the actual run-rate. */
const OPPORTUNITY_V2 = [...OPPORTUNITY, 'credits', 'ace', 'planTermination', 'actualRunRate'];
const PARTNER_LINK = ['customerOrgId', 'partnerOrgId', 'partnerName', 'partnerTier', 'origin', 'createdAt'];

describe('OpenAPI response schemas (/docs-json) describe the real answers', () => {
  let t: TestApp;
  let doc: OpenApi;

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await request(t.http).get('/docs-json').expect(200)).body;
  });
  afterAll(async () => {
    await t.close();
  });

  const successSchema = (operation: string, status: string): Schema | undefined => {
    const [method = '', path = ''] = operation.split(' ');
    return doc.paths[path]?.[method]?.responses[status]?.content?.['application/json']?.schema;
  };

  it('names a response DTO (or one per machine version), with its required properties, for every success answer', () => {
    const nameOf = (ref: string | undefined): string => (ref ?? '').replace('#/components/schemas/', '');
    const found = SUCCESSES.map(([operation, status]) => {
      const schema = successSchema(operation, status);
      const names = schema?.oneOf ? schema.oneOf.map((part) => nameOf(part.$ref)) : [nameOf(schema?.$ref)];
      const required = names.map((name) => [...(doc.components.schemas[name]?.required ?? [])].sort());
      return [operation, status, names.join('|'), required];
    });
    const pinned: Record<string, string[]> = {
      OpportunityDto: OPPORTUNITY,
      OpportunityV2Dto: OPPORTUNITY_V2,
      PartnerLinkDto: PARTNER_LINK,
    };
    const expected = SUCCESSES.map(([operation, status, names, required]) => [
      operation,
      status,
      names,
      names.split('|').map((name) => [...(pinned[name] ?? required)].sort()),
    ]);
    expect(found).toEqual(expected);
    // The NDJSON export: one chain link a line.
    expect(
      doc.paths['/v1/opportunities/{id}/audit']?.get?.responses['200']?.content?.['application/x-ndjson']?.schema,
    ).toEqual({ $ref: '#/components/schemas/ChainLinkDto' });
  });

  it('every answer of a whole lifecycle, and of the audit, list, triage and org routes, matches its schema', async () => {
    // Every answer passes through here, and is checked against what /docs-json says of its operation and status.
    const checked: { operation: string; status: number; problems: string[] }[] = [];
    const inner = supertestTransport(t.http);
    const transport: Transport = async (req) => {
      const answer = await inner(req);
      const operation = operationOf(doc, req.method, req.path) ?? `unknown ${req.method} ${req.path}`;
      const [method = '', path = ''] = operation.split(' ');
      const type = String(answer.headers['content-type']).split(';')[0] ?? '';
      const schema = doc.paths[path]?.[method]?.responses[String(answer.status)]?.content?.[type]?.schema;
      checked.push({
        operation,
        status: answer.status,
        problems: schema ? mismatches(doc, schema, answer.body) : [`no schema for ${answer.status} ${type}`],
      });
      return answer;
    };

    // The Heroku case: orgs, keys, the link, the opportunity from intake to closed, findings, verify, a checkpoint.
    const heroku = new HerokuCase({ transport, opsKey: TEST_OPS_KEY, suffix: ' (openapi-responses)' });
    await heroku.run();
    const id = heroku.opportunity.id;
    const partnerKey = heroku.partner.key;

    // A second opportunity, withdrawn in intake: an ending with no policy window, and a second list entry.
    const partner = await makeOrg(t.http, 'partner');
    const customer = await makeOrg(t.http, 'customer');
    // Linked (201), linked again (200: the link unchanged), listed.
    const link = { method: 'POST', path: `/v1/orgs/${customer.id}/partners`, key: TEST_OPS_KEY } as const;
    await call(transport, { ...link, body: { partnerOrgId: partner.id } }, 201);
    await call(transport, { ...link, body: { partnerOrgId: partner.id } }, 200);
    await call(transport, { method: 'GET', path: `/v1/orgs/${customer.id}/partners`, key: TEST_OPS_KEY }, 200);
    const small = new OpportunityClient(transport, partner, customer);
    await small.create('Small and withdrawn', herokuProfile());
    await small.p({ type: 'WITHDRAW', reason: 'The customer stays on Heroku' });
    await small.findings();

    // A version-1 opportunity (seeded as before version 2 existed): its read and an event answer in version 1's
    // schema, then it migrates and answers in version 2's.
    const seeded = await seedOnVersion1(t.app, partner, customer.id, 'On version 1');
    const v1 = new OpportunityClient(transport, partner, customer);
    v1.id = seeded.body.id;
    v1.version = seeded.version;
    expect(await v1.view()).toMatchObject({ machineVersion: '1' });
    await v1.p({ type: 'UPDATE_PROFILE', profile: herokuProfile() });
    const migrated = await call<{ machineVersion: string }>(
      transport,
      {
        method: 'POST',
        path: `/v1/opportunities/${v1.id}/migrate`,
        key: partner.key,
        body: { to: '2' },
        headers: { 'if-match': `"${v1.version}"` },
      },
      200,
    );
    expect(migrated.machineVersion).toBe('2');

    await call(transport, { method: 'POST', path: '/v1/triage', key: partnerKey, body: herokuProfile() }, 200);
    await call(transport, { method: 'GET', path: '/v1/me', key: partnerKey }, 200);
    await call(transport, { method: 'GET', path: `/v1/opportunities/${id}`, key: partnerKey }, 200);
    // List pages: the first with a cursor (ops sees both), then the page it leads to.
    const first = await call<{ nextCursor: string | null }>(
      transport,
      { method: 'GET', path: '/v1/opportunities?limit=1', key: TEST_OPS_KEY },
      200,
    );
    expect(first.nextCursor).toEqual(expect.any(String));
    const cursor = encodeURIComponent(first.nextCursor ?? '');
    await call(
      transport,
      { method: 'GET', path: `/v1/opportunities?limit=1&cursor=${cursor}`, key: TEST_OPS_KEY },
      200,
    );
    // Audit pages, ten entries at a time, to the last (nextAfterSeq null).
    let afterSeq: number | null = 0;
    while (afterSeq !== null) {
      const page: { nextAfterSeq: number | null } = await call(
        transport,
        { method: 'GET', path: `/v1/opportunities/${id}/audit?limit=10&afterSeq=${afterSeq}`, key: partnerKey },
        200,
      );
      afterSeq = page.nextAfterSeq;
    }
    // A checkpoint whose signature was altered: the verdict names no chain (opportunityId and seq null).
    const checkpoint = await call<{ signature: string }>(
      transport,
      { method: 'POST', path: '/v1/audit/checkpoints', key: TEST_OPS_KEY },
      201,
    );
    const flipped = checkpoint.signature.startsWith('A') ? 'B' : 'A';
    const forged = { ...checkpoint, signature: `${flipped}${checkpoint.signature.slice(1)}` };
    const verdict = await call<{ valid: boolean; failures: { opportunityId: string | null }[] }>(
      transport,
      { method: 'POST', path: '/v1/audit/checkpoints/verify', key: TEST_OPS_KEY, body: forged },
      200,
    );
    expect(verdict).toMatchObject({ valid: false, failures: [{ opportunityId: null }] });

    // Every answer matches, refusals (problem documents) included ...
    expect(checked.filter((c) => c.problems.length > 0)).toEqual([]);
    // ... and every success answer pinned above was among them.
    const seen = new Set(checked.map((c) => `${c.operation} ${c.status}`));
    expect(SUCCESSES.map(([operation, status]) => `${operation} ${status}`).filter((s) => !seen.has(s))).toEqual([]);
    expect(checked.length).toBeGreaterThan(100);
  }, 180_000);

  it('the NDJSON export: every line is a chain link as its schema says', async () => {
    const partner = await makeOrg(t.http, 'partner');
    const customer = await makeOrg(t.http, 'customer');
    const transport = supertestTransport(t.http);
    const link = { method: 'POST', path: `/v1/orgs/${customer.id}/partners`, key: TEST_OPS_KEY } as const;
    await call(transport, { ...link, body: { partnerOrgId: partner.id } }, 201);
    const o = await new OpportunityClient(transport, partner, customer).create('NDJSON', herokuProfile());
    await o.p({ type: 'ADVANCE' });
    const lines = (await exportNdjson(t.http, o.id, partner.key))
      .split('\n')
      .filter((line) => line !== '')
      .map((line): unknown => JSON.parse(line));
    expect(lines).toHaveLength(2);
    const schema =
      doc.paths['/v1/opportunities/{id}/audit']?.get?.responses['200']?.content?.['application/x-ndjson']?.schema;
    expect(lines.flatMap((line) => (schema ? mismatches(doc, schema, line) : ['no schema']))).toEqual([]);
  });
});
