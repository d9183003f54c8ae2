/** JSON pointers (RFC 6901) for the paths of model and document problems. */

/** `~` and `/` inside a key are escaped so the pointer stays unambiguous. */
export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `['facts', 12, 'from']` -> `/facts/12/from`. */
export function toPointer(segments: readonly PropertyKey[]): string {
  return segments.map((segment) => `/${escapePointer(String(segment))}`).join('');
}
