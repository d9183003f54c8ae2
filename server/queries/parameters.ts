/**
 * Typed parameters of saved queries: the schema of a parameter spec (what a query declares), and
 * the zod schema built from a query's specs that validates the values of one run. Values leave
 * here as Cypher values: integers as Neo4j integers, everything else as plain JS.
 */
import neo4j from 'neo4j-driver';
import { z } from 'zod';
import type { JsonValue, QueryParameterSpec, QueryParameterType } from '../contract.js';
import { ValidationError } from '../errors.js';
import { keySchema } from '../mapping/keys.js';
import { isPartialDate } from '../model/model.js';

export const PARAMETER_TYPES = [
  'string',
  'integer',
  'number',
  'boolean',
  'date',
  'entity',
  'string[]',
] as const satisfies readonly QueryParameterType[];

export const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const MAX_STRING = 1_000;

/** The zod schema of one value of the given type (before required/default handling). */
export function valueSchema(spec: Pick<QueryParameterSpec, 'type' | 'options' | 'min' | 'max'>): z.ZodType {
  switch (spec.type) {
    case 'string': {
      if (spec.options && spec.options.length > 0) {
        return z.enum(spec.options as [string, ...string[]], {
          error: `must be one of: ${spec.options.join(', ')}`,
        });
      }
      return z.string().max(MAX_STRING);
    }
    case 'integer':
    case 'number': {
      let schema = z
        .union([
          z.number(),
          z
            .string()
            .trim()
            .regex(/^-?\d+(\.\d+)?$/)
            .transform(Number),
        ])
        .pipe(
          spec.type === 'integer'
            ? z
                .number()
                .int('must be a whole number')
                .min(-(2 ** 53))
                .max(2 ** 53)
            : z.number().refine(Number.isFinite, 'must be a finite number'),
        );
      if (spec.min !== undefined) {
        const min = spec.min;
        schema = schema.refine((n) => n >= min, `must be at least ${min}`);
      }
      if (spec.max !== undefined) {
        const max = spec.max;
        schema = schema.refine((n) => n <= max, `must be at most ${max}`);
      }
      return schema;
    }
    case 'boolean':
      return z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
    case 'date':
      return z.string().refine(isPartialDate, 'must be a date written YYYY, YYYY-MM or YYYY-MM-DD');
    case 'entity':
      return keySchema;
    case 'string[]':
      return z.array(z.string().max(MAX_STRING)).max(100);
  }
}

/** A parameter spec as a user may declare it when saving a query (and as the library declares). */
export const parameterSpecSchema = z
  .strictObject({
    name: z.string().regex(PARAMETER_NAME, 'must be a Cypher parameter name (letters, digits, _)'),
    type: z.enum(PARAMETER_TYPES),
    label: z.string().trim().min(1).max(100),
    description: z.string().max(500).optional(),
    required: z.boolean().default(false),
    default: z.json().optional(),
    entityTypes: z.array(z.string().min(1).max(100)).max(50).optional(),
    options: z.array(z.string().min(1).max(200)).min(1).max(50).optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.entityTypes && spec.type !== 'entity') {
      ctx.addIssue({
        code: 'custom',
        path: ['entityTypes'],
        message: 'only entity parameters have entityTypes',
      });
    }
    if (spec.options && spec.type !== 'string') {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'only string parameters have options' });
    }
    if (
      (spec.min !== undefined || spec.max !== undefined) &&
      spec.type !== 'integer' &&
      spec.type !== 'number'
    ) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: 'only numeric parameters have min and max' });
    }
    if (spec.default !== undefined && spec.default !== null) {
      const checked = valueSchema(spec as QueryParameterSpec).safeParse(spec.default);
      if (!checked.success) {
        ctx.addIssue({
          code: 'custom',
          path: ['default'],
          message: `does not fit the type: ${checked.error.issues[0]?.message ?? 'invalid'}`,
        });
      }
    }
  });

export const parameterSpecsSchema = z
  .array(parameterSpecSchema)
  .max(30)
  .superRefine((specs, ctx) => {
    const seen = new Set<string>();
    specs.forEach((spec, i) => {
      if (seen.has(spec.name))
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: 'is declared twice' });
      seen.add(spec.name);
    });
  });

/**
 * Validates the values of one run against the query's specs: unknown names, missing required
 * values and values of the wrong type are a 422 listing every problem. Absent optional values
 * take their default, or null, so the query can test `$x IS NULL`.
 */
export function validateRunParameters(
  specs: readonly QueryParameterSpec[],
  values: Record<string, JsonValue>,
): Record<string, JsonValue> {
  const shape: Record<string, z.ZodType> = {};
  for (const spec of specs) {
    const base = valueSchema(spec);
    shape[spec.name] = spec.required
      ? base
      : base
          .nullable()
          .optional()
          .transform((value: unknown) => value ?? spec.default ?? null);
  }
  const parsed = z.strictObject(shape).safeParse(values);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(root)',
      message:
        issue.code === 'unrecognized_keys' ? `unknown parameters: ${issue.keys.join(', ')}` : issue.message,
    }));
    throw new ValidationError(
      `Invalid parameters: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      {
        issues,
      },
    );
  }
  return parsed.data as Record<string, JsonValue>;
}

/** Validated values as Cypher values: `integer` parameters become Neo4j integers. */
export function toCypherValues(
  specs: readonly QueryParameterSpec[],
  values: Record<string, JsonValue>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...values };
  for (const spec of specs) {
    const value = values[spec.name];
    if (spec.type === 'integer' && typeof value === 'number') out[spec.name] = neo4j.int(value);
  }
  return out;
}
