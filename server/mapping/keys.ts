/**
 * Stable keys: how entities and facts are addressed in URLs and payloads.
 *
 * A case element is addressed by its `id` property, which survives a re-seed. Elements of graphs
 * that do not follow our conventions have no such key and fall back to `eid:<elementId>`: stable
 * for as long as the element exists, which is the best such a graph offers.
 */
import { z } from 'zod';

export const ELEMENT_ID_PREFIX = 'eid:';

/** A key as it arrives in a URL: what to look up, by which means. */
export type ParsedKey = { by: 'id'; id: string } | { by: 'elementId'; elementId: string };

/** Longest key we accept; real ids are far shorter, and this keeps abuse cheap. */
export const MAX_KEY_LENGTH = 300;

/** Zod schema for a key in a path or query parameter. */
export const keySchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(MAX_KEY_LENGTH, `must be at most ${MAX_KEY_LENGTH} characters`)
  // Control characters never belong in a key and only make logs and errors confusing.
  .refine((value) => !/\p{Cc}/u.test(value), 'must not contain control characters');

/** Splits a key into an `id` lookup or an element-id lookup. */
export function parseKey(key: string): ParsedKey {
  if (key.startsWith(ELEMENT_ID_PREFIX))
    return { by: 'elementId', elementId: key.slice(ELEMENT_ID_PREFIX.length) };
  return { by: 'id', id: key };
}

/** The fallback key of an element without a stable id. */
export function elementKey(elementId: string): string {
  return ELEMENT_ID_PREFIX + elementId;
}
