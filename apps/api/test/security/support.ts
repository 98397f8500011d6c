// Shared by the security tests: the route table (collected from the app itself as it registers
// routes, so routes that land later are covered without anyone editing a list), and fast-check
// arbitraries generated from each route's zod contract (through zod 4's JSON Schema output).
import type { RouteOptions } from 'fastify';
import fc from 'fast-check';
import { z } from 'zod';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

export interface ApiRoute {
  method: Method;
  /** As registered, e.g. /api/v1/chat/sessions/:id */
  url: string;
  /** "GET /api/v1/chat/sessions/:id": the key fixtures and allow-lists use. */
  key: string;
  params: string[];
  schema: {
    params?: z.ZodType;
    querystring?: z.ZodType;
    body?: z.ZodType;
    headers?: z.ZodType;
    response?: Record<string, z.ZodType>;
  };
  /** True for routes that answer without a bearer token. */
  public: boolean;
  /** Streams (SSE) or uploads (multipart) answer differently from JSON routes. */
  consumes?: string[];
  /** Routes that answer with a file (an .apkg, a CSV) rather than JSON. */
  produces?: string[];
}

const isZod = (x: unknown): x is z.ZodType => !!x && typeof x === 'object' && '_zod' in (x as object);

/** The API's own routes (/api/v1 and /auth/v1), one per method, from what the app registered. */
export function routeTable(routes: RouteOptions[]): ApiRoute[] {
  const seen = new Set<string>();
  const out: ApiRoute[] = [];
  for (const r of routes) {
    const methods = (Array.isArray(r.method) ? r.method : [r.method]) as string[];
    for (const m of methods) {
      const method = m.toUpperCase() as Method;
      if (!METHODS.includes(method)) continue;
      const url = r.url;
      if (!url.startsWith('/api/v1/') && !url.startsWith('/auth/v1/') && !url.startsWith('/storage/'))
        continue;
      if (url === '/api/v1/openapi.json') continue;
      const key = `${method} ${url}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const s = (r.schema ?? {}) as Record<string, unknown>;
      const response = (s.response ?? {}) as Record<string, unknown>;
      out.push({
        method,
        url,
        key,
        params: [...url.matchAll(/:(\w+)/g)].map((x) => x[1]!),
        schema: {
          params: isZod(s.params) ? s.params : undefined,
          querystring: isZod(s.querystring) ? s.querystring : undefined,
          body: isZod(s.body) ? s.body : undefined,
          headers: isZod(s.headers) ? s.headers : undefined,
          response: Object.fromEntries(Object.entries(response).filter(([, v]) => isZod(v))) as Record<
            string,
            z.ZodType
          >,
        },
        public:
          url.startsWith('/auth/v1/') ||
          url.startsWith('/storage/') ||
          /^\/api\/v1\/(info)$/.test(url) ||
          (s.security as unknown[] | undefined)?.length === 0,
        consumes: s.consumes as string[] | undefined,
        produces: s.produces as string[] | undefined,
      });
    }
  }
  return out;
}

/** encodeURIComponent that does not throw on lone surrogates (they become U+FFFD). */
export const encodePart = (s: string) =>
  encodeURIComponent(
    s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );

export function fillPath(url: string, params: Record<string, string>): string {
  return url.replace(/:(\w+)/g, (_m, name: string) => encodePart(params[name] ?? 'missing'));
}

// ------------------------------------------------------------------------------------------------
// zod → JSON Schema → fast-check

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface JsonSchema {
  [k: string]: any;
}

export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    reused: 'inline',
    cycles: 'ref',
  }) as JsonSchema;
}

const simpleEmail = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9]{2,12}$/), fc.constantFrom('example.com', 'example.org'))
  .map(([l, d]) => `${l}@${d}`);

/** Values that satisfy a JSON Schema (mostly: refinements zod adds on top are not visible here). */
export function arbitraryFromJsonSchema(
  schema: JsonSchema,
  root: JsonSchema = schema,
  depth = 0,
): fc.Arbitrary<Json> {
  if (!schema || typeof schema !== 'object' || depth > 8) return fc.constant(null);
  if (schema.$ref) {
    const name = String(schema.$ref).replace(/^#\/(\$defs|definitions)\//, '');
    const target = root.$defs?.[name] ?? root.definitions?.[name];
    return target ? arbitraryFromJsonSchema(target, root, depth + 1) : fc.constant(null);
  }
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const alts = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alts) && alts.length)
    return fc.oneof(...alts.map((a: JsonSchema) => arbitraryFromJsonSchema(a, root, depth + 1)));
  if (Array.isArray(schema.allOf) && schema.allOf.length)
    return arbitraryFromJsonSchema(schema.allOf[0], root, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (type.length > 1)
    return fc.oneof(
      ...type.map((t: string) => arbitraryFromJsonSchema({ ...schema, type: t }, root, depth + 1)),
    );
  switch (type[0]) {
    case 'string': {
      const min = schema.minLength ?? 0;
      const max = Math.max(min, Math.min(schema.maxLength ?? 40, min + 40));
      switch (schema.format) {
        case 'uuid':
          return fc.uuid({ version: 4 });
        case 'email':
          return simpleEmail;
        case 'date-time':
          return fc
            .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
            .map((d) => d.toISOString());
        case 'date':
          return fc
            .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
            .map((d) => d.toISOString().slice(0, 10));
        case 'uri':
        case 'url':
          return fc.webUrl();
      }
      if (schema.pattern) {
        try {
          return fc
            .stringMatching(new RegExp(schema.pattern))
            .filter((s) => s.length >= min && s.length <= (schema.maxLength ?? Infinity));
        } catch {
          /* fall through */
        }
      }
      return fc
        .string({ minLength: min, maxLength: max, unit: 'grapheme' })
        .map((s) => (s.trim().length >= min ? s : s + 'x'.repeat(min)));
    }
    case 'integer':
    case 'number': {
      const min =
        schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1000);
      const max =
        schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1000);
      const lo = Math.max(Math.ceil(min), Number.MIN_SAFE_INTEGER);
      const hi = Math.min(Math.floor(max), Number.MAX_SAFE_INTEGER);
      if (type[0] === 'integer' || lo > hi)
        return fc.integer({ min: Math.min(lo, hi), max: Math.max(lo, hi) });
      return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      const item = schema.items
        ? arbitraryFromJsonSchema(schema.items, root, depth + 1)
        : fc.jsonValue({ maxDepth: 1 });
      const minLength = schema.minItems ?? 0;
      return fc.array(item as fc.Arbitrary<Json>, {
        minLength,
        maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, minLength + 4)),
      });
    }
    case 'object': {
      const props: Record<string, JsonSchema> = schema.properties ?? {};
      const required: string[] = schema.required ?? [];
      const rec: Record<string, fc.Arbitrary<Json>> = {};
      for (const [k, v] of Object.entries(props)) rec[k] = arbitraryFromJsonSchema(v, root, depth + 1);
      if (!Object.keys(rec).length) return fc.constant({});
      return fc.record(rec, { requiredKeys: required.filter((k) => k in rec) }) as fc.Arbitrary<Json>;
    }
  }
  return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>;
}

export const arbitraryFor = (schema: z.ZodType) => arbitraryFromJsonSchema(jsonSchemaOf(schema));

/**
 * A value the zod schema accepts (searching generated candidates; refinements like "trimmed text
 * must not be empty" are not visible in JSON Schema), or undefined if none was found.
 */
export function validSample(schema: z.ZodType, seed = 42, overrides: Record<string, unknown> = {}): unknown {
  const samples = fc.sample(arbitraryFor(schema), { seed, numRuns: 200 });
  for (const s of samples) {
    const candidate = s && typeof s === 'object' && !Array.isArray(s) ? { ...s, ...overrides } : s;
    if (schema.safeParse(candidate).success) return candidate;
  }
  return undefined;
}

/** A valid body with `value` at `path` (for unions: a variant that has that field), if any. */
export function validSampleWith(
  schema: z.ZodType,
  path: string[],
  value: string,
  seed = 42,
): Record<string, any> | undefined {
  for (const s of fc.sample(arbitraryFor(schema), { seed, numRuns: 300 })) {
    if (!s || typeof s !== 'object' || Array.isArray(s)) continue;
    const candidate = setPath(s as Record<string, any>, path, value, schema);
    if (schema.safeParse(candidate).success) return candidate;
  }
  return undefined;
}

/** Paths (dotted) of every property whose schema is a UUID or an array of UUIDs. */
export function uuidFields(schema: z.ZodType): string[][] {
  const root = jsonSchemaOf(schema);
  const out: string[][] = [];
  const isUuid = (s: JsonSchema | undefined): boolean =>
    !!s && (s.format === 'uuid' || (Array.isArray(s.anyOf) && s.anyOf.some(isUuid)));
  const walk = (s: JsonSchema, at: string[], depth: number) => {
    if (!s || depth > 4) return;
    if (s.$ref) return walk(root.$defs?.[String(s.$ref).split('/').pop()!], at, depth + 1);
    for (const alt of s.anyOf ?? s.oneOf ?? []) walk(alt, at, depth + 1);
    if (s.type === 'object' || s.properties) {
      for (const [k, v] of Object.entries<JsonSchema>(s.properties ?? {})) {
        if (isUuid(v) || (v.type === 'array' && isUuid(v.items))) out.push([...at, k]);
        else walk(v, [...at, k], depth + 1);
      }
    }
  };
  walk(root, [], 0);
  return out.filter((p, i) => out.findIndex((q) => q.join('.') === p.join('.')) === i);
}

/** Paths of every string-typed property (or array of strings), for injecting hostile text. */
export function stringFields(schema: z.ZodType): string[][] {
  const root = jsonSchemaOf(schema);
  const out: string[][] = [];
  const isString = (s: JsonSchema | undefined): boolean =>
    !!s &&
    (s.type === 'string' ||
      (Array.isArray(s.type) && s.type.includes('string')) ||
      (Array.isArray(s.anyOf) && s.anyOf.some(isString)));
  const walk = (s: JsonSchema, at: string[], depth: number) => {
    if (!s || depth > 4) return;
    if (s.$ref) return walk(root.$defs?.[String(s.$ref).split('/').pop()!], at, depth + 1);
    for (const alt of s.anyOf ?? s.oneOf ?? []) walk(alt, at, depth + 1);
    for (const [k, v] of Object.entries<JsonSchema>(s.properties ?? {})) {
      if (isString(v) || (v.type === 'array' && isString(v.items))) out.push([...at, k]);
      else walk(v, [...at, k], depth + 1);
    }
  };
  walk(root, [], 0);
  return out.filter((p, i) => out.findIndex((q) => q.join('.') === p.join('.')) === i);
}

/** Sets `value` at a dotted path, as the contract wants it: the id itself or a one-element array. */
export function setPath(
  obj: Record<string, any> | undefined,
  path: string[],
  value: string,
  schema: z.ZodType,
): Record<string, any> {
  const variants = [value, [value]].map((v) => {
    const copy: Record<string, any> = structuredClone(obj ?? {});
    let cur = copy;
    for (const k of path.slice(0, -1)) cur = cur[k] = cur[k] && typeof cur[k] === 'object' ? cur[k] : {};
    cur[path[path.length - 1]!] = v;
    return copy;
  });
  return variants.find((v) => schema.safeParse(v).success) ?? variants[0]!;
}

// ------------------------------------------------------------------------------------------------
// What no response may contain

/** Things that only appear when internals leak: stack frames, SQL, driver errors, file paths. */
export const LEAK_PATTERNS: RegExp[] = [
  /\bat [\w.<>$]+ \(?(file:|\/|node:)/, // stack frame
  /node_modules\//,
  /\/work\/|\/home\/|\/tmp\/chitchat/,
  /\b(select|insert into|update|delete from)\b[\s\S]{0,80}\b(from|set|values|where)\b/i,
  /\bsyntax error at or near\b/i,
  /\b(relation|column) "[^"]+" does not exist\b/i,
  /\bviolates (row-level security|foreign key|unique|check) (policy|constraint)\b/i,
  /\bSQLSTATE\b|\berror: .*\bpg\b/i,
  /\bTypeError\b|\bReferenceError\b|\bRangeError\b/,
];

export function leaks(text: string): string | undefined {
  for (const p of LEAK_PATTERNS) {
    const m = p.exec(text);
    if (m) return `${p} matched "${text.slice(Math.max(0, m.index - 40), m.index + 80)}"`;
  }
  return undefined;
}
