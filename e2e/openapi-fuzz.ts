import fc from 'fast-check';

/** Just enough of OpenAPI 3 to drive requests. */
interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
}
interface Operation {
  parameters?: { name: string; in: 'path' | 'query' | 'header'; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
export interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}

export interface FuzzRequest {
  method: string;
  path: string;
  /** A raw body (JSON text or not), or undefined. */
  body?: string;
  contentType?: string;
}

/** Values that break naive code: injections, unicode, extremes, wrong types. */
const NASTY: unknown[] = [
  "' OR '1'='1' --",
  '"; DROP TABLE events; --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{7*7}}${7*7}',
  '../../../../etc/passwd',
  '\u0000\u0001\u001f',
  '🎟️ ingresso — coração ñ 漢字 \u202e',
  'a'.repeat(10_000),
  '',
  ' ',
  -1,
  0,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  3.14159,
  true,
  null,
  [],
  {},
  { $gt: '' },
  { $where: 'sleep(1000)' },
  ['a', 1, null],
];

const nasty = fc.constantFrom(...NASTY);
const anyValue = fc.oneof(
  nasty,
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.jsonValue({ maxDepth: 2 }),
);

function resolve(schema: Schema | undefined, doc: OpenApi): Schema | undefined {
  if (schema?.$ref) return doc.components?.schemas?.[schema.$ref.split('/').pop()!];
  return schema;
}

/** A body with the schema's field names and hostile values, sometimes close to valid. */
function bodyFor(
  schema: Schema | undefined,
  doc: OpenApi,
  valid: Record<string, unknown>,
): fc.Arbitrary<unknown> {
  const resolved = resolve(schema, doc);
  const fields = Object.keys(resolved?.properties ?? {});
  const objectish = fields.length
    ? fc.record(Object.fromEntries(fields.map((f) => [f, fc.oneof(anyValue, fc.constant(valid[f]))])), {
        requiredKeys: [],
      })
    : fc.dictionary(fc.string({ maxLength: 8 }), anyValue, { maxKeys: 4 });
  return fc.oneof({ weight: 4, arbitrary: objectish }, { weight: 1, arbitrary: anyValue });
}

const pathValue = fc.oneof(
  nasty.map((v) => (typeof v === 'string' ? v.slice(0, 300) : JSON.stringify(v))),
  fc.string({ maxLength: 40 }),
  fc.integer().map(String),
  fc.constant('0'),
  fc.constant('00000000-0000-0000-0000-000000000000'),
  fc.constant('6740b4f2c7d2a1e5f0a1b2c3'),
);

/** Generated requests for every operation of a document (path, query and body fuzzed). */
export function requestsFor(
  doc: OpenApi,
  perOperation: number,
  valid: Record<string, unknown> = {},
  seed = 42,
): FuzzRequest[] {
  const out: FuzzRequest[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      const bodySchema = op.requestBody?.content?.['application/json']?.schema;
      const arb = fc.record({
        path: fc.tuple(...params.filter((p) => p.in === 'path').map(() => pathValue), fc.constant(0)),
        query: fc.tuple(
          ...params.filter((p) => p.in === 'query').map(() => fc.option(pathValue)),
          fc.constant(0),
        ),
        body: bodyFor(bodySchema, doc, valid),
        raw: fc.constantFrom('json', 'json', 'json', 'json', 'broken', 'text', 'huge-number'),
      });
      for (const sample of fc.sample(arb, { numRuns: perOperation, seed })) {
        let i = 0;
        let path = template.replace(/\{[^}]+\}/g, () => encodeURIComponent(String(sample.path[i++])));
        const queries = params.filter((p) => p.in === 'query');
        const qs = queries
          .map((p, j) =>
            sample.query[j] === null
              ? ''
              : `${encodeURIComponent(p.name)}=${encodeURIComponent(String(sample.query[j]))}`,
          )
          .filter(Boolean)
          .join('&');
        if (qs) path += `?${qs}`;
        const upper = method.toUpperCase();
        if (!['POST', 'PUT', 'PATCH'].includes(upper)) {
          out.push({ method: upper, path });
          continue;
        }
        const json = JSON.stringify(sample.body) ?? 'null';
        const body =
          sample.raw === 'broken'
            ? json.slice(0, Math.max(1, json.length - 1)) + ','
            : sample.raw === 'huge-number'
              ? '{"price": 1e400, "capacity": 123456789012345678901234567890}'
              : json;
        out.push({
          method: upper,
          path,
          body,
          contentType: sample.raw === 'text' ? 'text/plain' : 'application/json',
        });
      }
    }
  }
  return out;
}
