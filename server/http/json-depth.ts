/**
 * How deeply a parsed JSON body nests, measured without recursion: validation (zod) and the
 * Cypher parameter conversion recurse, and a body nested a few thousand levels deep would
 * overflow their stack (a 500). Bodies are refused before any of that runs.
 */

/** Deeper than any request of ours needs (workspace state and query parameters stay under 10). */
export const MAX_JSON_DEPTH = 64;

/** True when `value` nests arrays or objects more than `max` levels deep. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(current as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}
