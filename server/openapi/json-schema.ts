/**
 * zod → JSON Schema for the OpenAPI document. zod 4 emits draft 2020-12, the dialect of OpenAPI
 * 3.1, so the only work left is where the pieces go: a recursive schema (`z.json()`) comes out
 * with its own `$defs` and `#/$defs/...` references, which inside an OpenAPI document would point
 * at the document's root. They are hoisted into `components.schemas` (one entry per distinct
 * definition, `JsonValue` for `z.json()`) and the references rewritten to point there.
 */
import { z } from 'zod';

export type JsonSchema = Record<string, unknown>;

/** Request schemas are described by what they accept, answers by what they produce. */
export type SchemaIo = 'input' | 'output';

const LOCAL_REF = /^#\/\$defs\/(.+)$/;

function rewriteRefs(value: unknown, rename: (local: string) => string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, rename));
  if (value === null || typeof value !== 'object') return value;
  const out: JsonSchema = {};
  for (const [key, item] of Object.entries(value)) {
    const local = key === '$ref' && typeof item === 'string' ? LOCAL_REF.exec(item)?.[1] : undefined;
    const renamed = local === undefined ? undefined : rename(local);
    out[key] = renamed === undefined ? rewriteRefs(item, rename) : `#/components/schemas/${renamed}`;
  }
  return out;
}

function raw(schema: z.ZodType, io: SchemaIo): JsonSchema {
  // Transforms have no JSON Schema: `any` makes their output `{}`, and an input is described by
  // what it parses (a transform's input side is its source schema).
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  delete json.$schema;
  return json;
}

/** A definition with its own name taken out, so the same definition found twice compares equal. */
function canonical(local: string, def: unknown): string {
  return JSON.stringify(rewriteRefs(def, (name) => (name === local ? '.' : undefined)));
}

const JSON_VALUE = (() => {
  const defs = (raw(z.object({ value: z.json() }), 'output').$defs ?? {}) as Record<string, unknown>;
  const [local, def] = Object.entries(defs)[0] ?? ['', {}];
  return canonical(local, def);
})();

/**
 * Collects the shared definitions of every schema it converts; `components()` gives them for
 * the document's `components.schemas`.
 */
export class SchemaCollector {
  private readonly byCanonical = new Map<string, string>();
  private readonly schemas: Record<string, JsonSchema> = {};

  /** The JSON Schema of `schema`, its shared definitions moved to `components.schemas`. */
  convert(schema: z.ZodType, io: SchemaIo): JsonSchema {
    const { $defs, ...json } = raw(schema, io);
    const defs = ($defs ?? {}) as Record<string, unknown>;
    const names = new Map<string, string>();
    for (const [local, def] of Object.entries(defs)) {
      const key = canonical(local, def);
      let name = this.byCanonical.get(key);
      if (name === undefined) {
        name = key === JSON_VALUE ? 'JsonValue' : `Definition${this.byCanonical.size + 1}`;
        this.byCanonical.set(key, name);
      }
      names.set(local, name);
    }
    const rename = (local: string) => names.get(local);
    for (const [local, def] of Object.entries(defs)) {
      this.schemas[names.get(local)!] ??= rewriteRefs(def, rename) as JsonSchema;
    }
    return rewriteRefs(json, rename) as JsonSchema;
  }

  components(): Record<string, JsonSchema> {
    return { ...this.schemas };
  }
}
