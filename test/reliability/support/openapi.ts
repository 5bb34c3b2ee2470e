/** The parts of an OpenAPI 3 document (as /docs-json serves it) that the hostile-input suite reads. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
}

interface Parameter {
  in: string;
  name: string;
  schema?: Schema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema; examples?: Record<string, { value: unknown }> }> };
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** One route of the API, as the document describes it. */
export interface Route {
  method: 'GET' | 'POST';
  /** e.g. `/v1/opportunities/{id}/events` */
  template: string;
  pathParams: string[];
  queryParams: string[];
  /** Plausible bodies: the document's examples, else one built from the schema. Empty: no body. */
  bodies: unknown[];
}

/** Every route of the document (GET and POST: the methods mapflow serves). */
export function routesOf(doc: OpenApiDocument): Route[] {
  const routes: Route[] = [];
  for (const [template, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const upper = method.toUpperCase();
      if (upper !== 'GET' && upper !== 'POST') continue;
      const params = operation.parameters ?? [];
      const json = operation.requestBody?.content['application/json'];
      let bodies: unknown[] = [];
      if (json?.examples) bodies = Object.values(json.examples).map((e) => e.value);
      else if (json?.schema) bodies = [sample(json.schema, doc)];
      routes.push({
        method: upper,
        template,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodies,
      });
    }
  }
  return routes;
}

/** A value of `schema`: its example when it has one, else the first enum value or a typed placeholder. */
export function sample(schema: Schema, doc: OpenApiDocument, depth = 0): unknown {
  if (depth > 8) return null;
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop() ?? '';
    return sample(doc.components.schemas[name] ?? {}, doc, depth + 1);
  }
  if (schema.allOf?.[0]) return sample(schema.allOf[0], doc, depth + 1);
  if (schema.oneOf?.[0]) return sample(schema.oneOf[0], doc, depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.[0] !== undefined) return schema.enum[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sample(value, doc, depth + 1)]),
      );
    case 'array':
      return schema.items ? [sample(schema.items, doc, depth + 1)] : [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    case 'string':
      // A date field gets a real date, so that the hostile suite finds it and makes it impossible.
      if (schema.format === 'date') return '2027-01-01';
      return schema.format === 'uuid' ? '00000000-0000-4000-8000-000000000000' : 'x';
    default:
      return schema.properties ? sample({ ...schema, type: 'object' }, doc, depth + 1) : 'x';
  }
}
