// A zod schema as the JSON schema node-llama-cpp turns into a grammar, so the model can only
// write JSON of the right shape. The grammar keeps what it can enforce cheaply: types, required
// keys, enums, array lengths, minLength, and integer ranges (as a list of the allowed numbers when
// short). String maxLength is left to zod: llama.cpp expands `{1,2000}` into 2000 rules, and
// nested inside arrays that exceeds its limits. zod still validates everything afterwards.
import { z } from 'zod';

type Json = Record<string, any>;

const KEEP = new Set([
  'type',
  'properties',
  'required',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'enum',
  'const',
  'oneOf',
  'additionalProperties',
  'minLength',
  'description',
  'format',
]);

export function grammarSchema(schema: z.ZodType): Json {
  const root = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as Json;
  const defs: Json = { ...(root.$defs ?? {}), ...(root.definitions ?? {}) };
  const convert = (node: Json, depth = 0): Json => {
    if (depth > 32) return {};
    if (node.$ref) return convert(defs[String(node.$ref).split('/').pop() ?? ''] ?? {}, depth + 1);
    if (node.anyOf && !node.oneOf) node = { ...node, oneOf: node.anyOf };
    if (
      node.type === 'integer' &&
      Number.isInteger(node.minimum) &&
      Number.isInteger(node.maximum) &&
      node.maximum - node.minimum <= 1000
    )
      return { enum: Array.from({ length: node.maximum - node.minimum + 1 }, (_, i) => node.minimum + i) };
    if (node.format && !['date-time', 'time', 'date'].includes(node.format))
      node = { ...node, format: undefined };
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) {
      if (!KEEP.has(k) || v === undefined) continue;
      if (k === 'properties')
        out[k] = Object.fromEntries(
          Object.entries(v as Json).map(([p, s]) => [p, convert(s as Json, depth + 1)]),
        );
      else if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object'))
        out[k] = convert(v as Json, depth + 1);
      else if (k === 'oneOf' || k === 'prefixItems') out[k] = (v as Json[]).map((s) => convert(s, depth + 1));
      else out[k] = v;
    }
    if (out.type === 'object' && out.additionalProperties === undefined) out.additionalProperties = false;
    if (Object.keys(out).length === 0 || (Object.keys(out).length === 1 && out.description))
      return { type: ['string', 'number', 'integer', 'boolean', 'null'] };
    return out;
  };
  return convert(root);
}
