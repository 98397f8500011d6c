// Responses serialised by their schema. Each route's zod response schema is compiled once, at
// start-up, to JSON Schema and then to a fast-json-stringify function: only declared fields are
// written (nothing undeclared can leak out) and no per-field validation runs per response — zod's
// check of every field of every response was ~10% of a 50-message page's CPU (bench/PERFORMANCE.md).
// Outside production each response is also validated with zod first, so a handler that breaks its
// contract fails the tests instead of being coerced.
import fastJson from 'fast-json-stringify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

type JsonSchema = { [key: string]: any };

/**
 * zod writes a nullable value as `anyOf: [X, { type: 'null' }]`; fast-json-stringify would run an
 * ajv validation per value to pick the branch. `type: [X, 'null']` says the same and needs none.
 */
function simplify(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(simplify);
  if (!node || typeof node !== 'object') return node;
  const out: JsonSchema = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, simplify(v)]));
  const options = out.anyOf as JsonSchema[] | undefined;
  if (options?.length === 2) {
    const nullIndex = options.findIndex((o) => o.type === 'null' && Object.keys(o).length === 1);
    const other = options[1 - nullIndex];
    if (nullIndex >= 0 && typeof other?.type === 'string' && !other.anyOf && !other.oneOf && !other.const) {
      const { anyOf: _drop, ...rest } = out;
      return { ...rest, ...other, type: [other.type, 'null'] };
    }
  }
  return out;
}

/** The JSON Schema fast-json-stringify compiles for a zod response schema. */
export function responseJsonSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, {
    io: 'output',
    unrepresentable: 'any',
    target: 'draft-7',
  }) as JsonSchema;
  return simplify(json) as JsonSchema;
}

function resolve(schema: unknown): z.ZodType {
  if (schema instanceof z.ZodType) return schema;
  const nested = (schema as { properties?: unknown })?.properties;
  if (nested instanceof z.ZodType) return nested;
  throw new Error(`A response schema must be a zod schema: ${JSON.stringify(schema)}`);
}

/** Fastify's serializer compiler: fast-json-stringify by schema, plus zod validation when `validate`. */
export function createSerializerCompiler(opts: { validate: boolean }) {
  // ErrorBody and other shared schemas are compiled once, not per route.
  const compiled = new WeakMap<z.ZodType, (data: unknown) => string>();
  return ({ schema, method, url }: { schema: unknown; method: string; url: string }) => {
    const zodSchema = resolve(schema);
    let stringify = compiled.get(zodSchema);
    if (!stringify) {
      stringify = fastJson(responseJsonSchema(zodSchema)) as (data: unknown) => string;
      compiled.set(zodSchema, stringify);
    }
    if (!opts.validate) return stringify;
    const write = stringify;
    return (data: unknown) => {
      const result = z.safeEncode(zodSchema, data);
      if (result.error) throw new ResponseSerializationError(method, url, { cause: result.error });
      return write(result.data);
    };
  };
}
