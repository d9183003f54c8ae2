/**
 * Request validation shared by every feature's routes: zod schemas in, AppErrors out, with every
 * problem listed as `{path, message}` (never the raw input echoed back at length).
 */
import { z } from 'zod';
import { BadRequestError, ValidationError } from '../errors.js';

export interface Issue {
  path: string;
  message: string;
}

function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

function summary(issues: Issue[]): string {
  const first = issues[0];
  if (!first) return 'invalid';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${first.path}: ${first.message}${more}`;
}

/** Query-string or path parameters: a problem is the client's malformed request (400). */
export function parseRequestParams<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    throw new BadRequestError(`Invalid request: ${summary(issues)}`, { issues });
  }
  return parsed.data;
}

/** A JSON body: well-formed but unacceptable content is 422. */
export function parseBody<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    throw new ValidationError(`Invalid body: ${summary(issues)}`, { issues });
  }
  return parsed.data;
}

/**
 * A list in a query string: `a,b`, or the key repeated (`?types=a&types=b`); blank items dropped.
 * Names are short and plain: anything longer than 100 characters is refused.
 */
export const nameList = (max = 50) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) =>
      (Array.isArray(value) ? value : value === undefined ? [] : [value])
        .flatMap((item) => item.split(','))
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    )
    .pipe(z.array(z.string().max(100, 'names are at most 100 characters')).max(max, `at most ${max} names`))
    .transform((items) => [...new Set(items)]);

/** A whole number in a query string, with bounds and a default. */
export const queryInteger = (min: number, max: number, fallback: number) =>
  z
    .union([z.string(), z.number()])
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return fallback;
      const n = typeof value === 'number' ? value : /^-?\d+$/.test(value.trim()) ? Number(value) : NaN;
      if (!Number.isSafeInteger(n)) {
        ctx.addIssue({ code: 'custom', message: 'must be a whole number' });
        return z.NEVER;
      }
      if (n < min || n > max) {
        ctx.addIssue({ code: 'custom', message: `must be between ${min} and ${max}` });
        return z.NEVER;
      }
      return n;
    });

/** A single string query parameter (the last one wins when repeated). */
export const queryString = () =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((value) => (Array.isArray(value) ? value[value.length - 1] : value));
