/**
 * The person's expansion settings, kept in this browser: the page size of Expand and "load more"
 * and the cap of "load all". Read on every use, so a change in another tab applies at once.
 */
import { EXPAND_CAP, LOAD_ALL_CAP, PAGE_SIZES } from './expand.js';

const PAGE_SIZE_KEY = 'casegraph.pageSize';
/** Set by hand (devtools or a managed profile) to change the cap; see README "Configuration". */
const LOAD_ALL_CAP_KEY = 'casegraph.loadAllCap';
/** The server refuses nothing here, but a browser drawing more than this stops being usable. */
const LOAD_ALL_CAP_MAX = 5000;

function stored(key: string): number | null {
  try {
    const raw = localStorage.getItem(key);
    const n = raw === null ? NaN : Number(raw);
    return Number.isInteger(n) ? n : null;
  } catch {
    // Storage can be blocked (private mode, policies): the defaults apply.
    return null;
  }
}

/** The chosen page size, or 25 when none (or one not offered) is stored. */
export function readPageSize(): number {
  const n = stored(PAGE_SIZE_KEY);
  return n !== null && (PAGE_SIZES as readonly number[]).includes(n) ? n : EXPAND_CAP;
}

export function writePageSize(n: number): void {
  if (!(PAGE_SIZES as readonly number[]).includes(n)) return;
  try {
    localStorage.setItem(PAGE_SIZE_KEY, String(n));
  } catch {
    // not kept, still used for this click
  }
}

/** How many neighbours "load all" adds at most: 500 unless `casegraph.loadAllCap` says otherwise. */
export function loadAllCap(): number {
  const n = stored(LOAD_ALL_CAP_KEY);
  return n !== null && n >= 1 ? Math.min(n, LOAD_ALL_CAP_MAX) : LOAD_ALL_CAP;
}
