/**
 * The timeline panel's histogram as pure data: the canvas's facts binned by month (or by year when
 * the span is long) on when they were true, with the validity periods as a band, and the dates
 * the case recorded them on as a second row. Unit-tested headless; the panel only draws it.
 */
import { isDated, normaliseDate, type FilterableEdge } from './filters.js';

export type BinUnit = 'month' | 'year';

export interface TimelineBin {
  /** `2018-03` (month) or `2018` (year). */
  key: string;
  /** First and last day of the bin (ISO). */
  start: string;
  end: string;
  /** Dated facts counted here once, by when they began (event date, else validFrom, else validTo). */
  facts: number;
  /** Of those, events (a `date`). */
  events: number;
  /** Validity periods that hold at some point of the bin (open ends run to the edge of the span). */
  periods: number;
  /** Facts the case recorded (learnt) in this bin. */
  recorded: number;
}

export interface Timeline {
  unit: BinUnit;
  bins: TimelineBin[];
  /** Facts with a date of when they were true (the bars add up to this). */
  dated: number;
  undated: number;
  /** Facts with no recorded date: always shown by "known on". */
  unknownRecorded: number;
}

/** Above this many months the bins are years (about 8 years of monthly bars is still readable). */
export const MAX_MONTH_BINS = 96;

function monthKey(iso: string): string {
  return iso.slice(0, 7);
}

function lastDay(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The bins from `min` to `max` (ISO dates) in `unit`. */
function makeBins(min: string, max: string, unit: BinUnit): TimelineBin[] {
  const bins: TimelineBin[] = [];
  let y = Number(min.slice(0, 4));
  let m = unit === 'month' ? Number(min.slice(5, 7)) : 1;
  const endY = Number(max.slice(0, 4));
  const endM = Number(max.slice(5, 7));
  while (y < endY || (y === endY && (unit === 'year' || m <= endM))) {
    const mm = String(m).padStart(2, '0');
    bins.push(
      unit === 'month'
        ? {
            key: `${y}-${mm}`,
            start: `${y}-${mm}-01`,
            end: lastDay(y, m),
            facts: 0,
            events: 0,
            periods: 0,
            recorded: 0,
          }
        : {
            key: String(y),
            start: `${y}-01-01`,
            end: `${y}-12-31`,
            facts: 0,
            events: 0,
            periods: 0,
            recorded: 0,
          },
    );
    if (unit === 'year' || m === 12) {
      y++;
      m = 1;
    } else m++;
  }
  return bins;
}

/** The histogram of `edges` (the canvas's facts). */
export function timelineBins(edges: readonly FilterableEdge[]): Timeline {
  const dates: string[] = [];
  let undated = 0;
  let unknownRecorded = 0;
  for (const e of edges) {
    for (const d of [
      normaliseDate(e.validFrom, 'start'),
      normaliseDate(e.validTo, 'end'),
      normaliseDate(e.date, 'start'),
      normaliseDate(e.date, 'end'),
      normaliseDate(e.recorded, 'start'),
    ])
      if (d) dates.push(d);
    if (!isDated(e)) undated++;
    if (!normaliseDate(e.recorded, 'start')) unknownRecorded++;
  }
  const dated = edges.length - undated;
  if (!dates.length) return { unit: 'month', bins: [], dated, undated, unknownRecorded };
  dates.sort();
  const min = dates[0]!;
  const max = dates[dates.length - 1]!;
  const months =
    (Number(max.slice(0, 4)) - Number(min.slice(0, 4))) * 12 +
    Number(max.slice(5, 7)) -
    Number(min.slice(5, 7)) +
    1;
  const unit: BinUnit = months > MAX_MONTH_BINS ? 'year' : 'month';
  const bins = makeBins(min, max, unit);
  const index = new Map(bins.map((b, i) => [b.key, i]));
  const binOf = (iso: string) => index.get(unit === 'month' ? monthKey(iso) : iso.slice(0, 4))!;
  for (const e of edges) {
    const recorded = normaliseDate(e.recorded, 'start');
    if (recorded) bins[binOf(recorded)]!.recorded++;
    const date = normaliseDate(e.date, 'start');
    const from = normaliseDate(e.validFrom, 'start');
    const to = normaliseDate(e.validTo, 'end');
    if (from || to) {
      const first = from ? binOf(from) : 0;
      const last = to ? binOf(to) : bins.length - 1;
      bins[from ? first : last]!.facts++;
      for (let i = first; i <= last; i++) bins[i]!.periods++;
    } else if (date) {
      const bin = bins[binOf(date)]!;
      bin.facts++;
      bin.events++;
    }
  }
  return { unit, bins, dated, undated, unknownRecorded };
}
