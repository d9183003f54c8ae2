/**
 * The soak's verdicts and its report, kept apart from the processes and sockets so that a unit
 * test can check them: what counts as an error (any answer that is not 2xx, a 401 included: the
 * old soak counted a run of 401s as success), the memory slope (least squares, MB/min) over the
 * whole run and over its last stretch, and the JSON and Markdown the run leaves in bench/results/.
 */
import { markdownTable, percentiles, round, type Percentiles } from './stats.js';

/** One reading of the server process, every 10 s. */
export interface MemorySample {
  atSeconds: number;
  rssMb: number;
  /** The machine's 1-minute load average: the soak shares its cores with other work. */
  load1m: number;
}

/** Why a request did not succeed; `ok` for every 2xx and nothing else. */
export type Outcome = 'ok' | 'network' | 'unauthenticated' | 'forbidden' | 'client' | 'server' | 'other';

/**
 * Classifies one answer. Status 0 stands for "no answer" (refused, reset, timed out). Only 2xx is
 * `ok`: a 401 means the token stopped working, which is a failure of the soak, not a quiet read.
 */
export function classifyStatus(status: number): Outcome {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 0) return 'network';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status >= 400 && status < 500) return 'client';
  if (status >= 500 && status < 600) return 'server';
  return 'other';
}

/** Least-squares slope of RSS over time, in MB per minute (0 with fewer than two samples). */
export function slopeMbPerMinute(samples: readonly Pick<MemorySample, 'atSeconds' | 'rssMb'>[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mx = samples.reduce((s, x) => s + x.atSeconds, 0) / n;
  const my = samples.reduce((s, x) => s + x.rssMb, 0) / n;
  let num = 0;
  let den = 0;
  for (const x of samples) {
    num += (x.atSeconds - mx) * (x.rssMb - my);
    den += (x.atSeconds - mx) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 60;
}

/** The samples of the last `minutes` of the run (all of them when the run was shorter). */
export function lastMinutes<T extends { atSeconds: number }>(samples: readonly T[], minutes: number): T[] {
  const end = samples.at(-1)?.atSeconds ?? 0;
  return samples.filter((s) => s.atSeconds >= end - minutes * 60);
}

/** Tallies of one kind of request: statuses and latencies. */
export class KindTally {
  readonly latenciesMs: number[] = [];
  readonly statuses = new Map<number, number>();

  add(status: number, ms: number): void {
    this.latenciesMs.push(ms);
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
  }

  get errors(): number {
    let n = 0;
    for (const [status, count] of this.statuses) if (classifyStatus(status) !== 'ok') n += count;
    return n;
  }
}

export interface SoakSettings {
  minutes: number;
  connections: number;
  entities: number;
  facts: number;
  importEveryMinutes: number;
  readCacheMb: number;
  /** The slope the last `windowMinutes` may have at most, MB/min. */
  maxSlopeMbPerMinute: number;
  windowMinutes: number;
}

export interface SoakReport {
  startedAt: string;
  settings: SoakSettings;
  machine: Record<string, unknown>;
  durationSeconds: number;
  requests: number;
  errors: number;
  errorsByOutcome: Partial<Record<Outcome, number>>;
  /** The first few failed requests, for the reader who wants to know what went wrong. */
  firstErrors: { atSeconds: number; kind: string; status: number; body: string }[];
  requestsPerSecond: number;
  latencyMs: Percentiles;
  byKind: Record<string, Percentiles & { errors: number; statuses: Record<string, number> }>;
  imports: { atSeconds: number; status: number; ms: number }[];
  memory: {
    startMb: number;
    endMb: number;
    maxMb: number;
    slopeWholeRunMbPerMinute: number;
    slopeWindowMbPerMinute: number;
    windowSamples: number;
    loadAverage: { mean: number; max: number };
    samples: MemorySample[];
  };
  /** What the server said about itself at the end (heap, read cache), when it could. */
  serverEnd?: unknown;
  verdict: { errorsOk: boolean; memoryOk: boolean; passed: boolean };
}

export interface SoakInput {
  startedAt: Date;
  settings: SoakSettings;
  machine: Record<string, unknown>;
  durationSeconds: number;
  kinds: Map<string, KindTally>;
  firstErrors: SoakReport['firstErrors'];
  imports: SoakReport['imports'];
  samples: MemorySample[];
  serverEnd?: unknown;
}

/** The report of one run, with its verdict: no error at all, and a flat enough last window. */
export function buildSoakReport(input: SoakInput): SoakReport {
  const { settings, samples } = input;
  let requests = 0;
  let errors = 0;
  const errorsByOutcome: Partial<Record<Outcome, number>> = {};
  const all: number[] = [];
  const byKind: SoakReport['byKind'] = {};
  for (const [kind, tally] of [...input.kinds].sort(([a], [b]) => a.localeCompare(b))) {
    requests += tally.latenciesMs.length;
    errors += tally.errors;
    for (const [status, count] of tally.statuses) {
      const outcome = classifyStatus(status);
      if (outcome !== 'ok') errorsByOutcome[outcome] = (errorsByOutcome[outcome] ?? 0) + count;
    }
    for (const ms of tally.latenciesMs) all.push(ms);
    byKind[kind] = {
      ...percentiles(tally.latenciesMs),
      errors: tally.errors,
      statuses: Object.fromEntries([...tally.statuses].map(([s, n]) => [String(s), n])),
    };
  }
  const window = lastMinutes(samples, settings.windowMinutes);
  const slopeWindow = round(slopeMbPerMinute(window), 3);
  const loads = samples.map((s) => s.load1m);
  const rss = samples.map((s) => s.rssMb);
  // A window shorter than asked for (a short run) cannot show the slope the target is about.
  const windowCovered =
    samples.length > 1 && (samples.at(-1)!.atSeconds - samples[0]!.atSeconds) / 60 >= settings.windowMinutes;
  const memoryOk = windowCovered && slopeWindow <= settings.maxSlopeMbPerMinute;
  return {
    startedAt: input.startedAt.toISOString(),
    settings,
    machine: input.machine,
    durationSeconds: round(input.durationSeconds, 1),
    requests,
    errors,
    errorsByOutcome,
    firstErrors: input.firstErrors,
    requestsPerSecond: round(requests / Math.max(1, input.durationSeconds), 1),
    latencyMs: percentiles(all),
    byKind,
    imports: input.imports,
    memory: {
      startMb: rss[0] ?? 0,
      endMb: rss.at(-1) ?? 0,
      maxMb: rss.length ? Math.max(...rss) : 0,
      slopeWholeRunMbPerMinute: round(slopeMbPerMinute(samples), 3),
      slopeWindowMbPerMinute: slopeWindow,
      windowSamples: window.length,
      loadAverage: {
        mean: round(loads.reduce((s, x) => s + x, 0) / Math.max(1, loads.length)),
        max: loads.length ? Math.max(...loads) : 0,
      },
      samples,
    },
    ...(input.serverEnd !== undefined && { serverEnd: input.serverEnd }),
    verdict: { errorsOk: errors === 0, memoryOk, passed: errors === 0 && memoryOk },
  };
}

/** A short Markdown summary of a report (the JSON beside it has every sample). */
export function renderSoakMarkdown(report: SoakReport): string {
  const s = report.settings;
  const m = report.memory;
  const yes = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const lines = [
    `# Soak ${report.startedAt}`,
    '',
    `${s.minutes} min, ${s.connections} connections, ${s.entities} entities / ${s.facts} facts, ` +
      `an import every ${s.importEveryMinutes} min, read cache ${s.readCacheMb} MB, one API token ` +
      `created through the signed-in API.`,
    '',
    `Machine: ${String(report.machine.nproc)} cores, ${String(report.machine.memoryGiB)} GiB, ` +
      `${String(report.machine.cpuModel)}; shared with other engineers' test runs (load average ` +
      `mean ${m.loadAverage.mean}, max ${m.loadAverage.max} over the run).`,
    '',
    `- Errors (every non-2xx, 401 included): ${report.errors} of ${report.requests} requests ` +
      `(${JSON.stringify(report.errorsByOutcome)}): ${yes(report.verdict.errorsOk)}.`,
    `- Server RSS: ${m.startMb} → ${m.endMb} MB (max ${m.maxMb}); slope over the whole run ` +
      `${m.slopeWholeRunMbPerMinute} MB/min; over the last ${s.windowMinutes} min ` +
      `${m.slopeWindowMbPerMinute} MB/min (target ≤ ${s.maxSlopeMbPerMinute}): ${yes(report.verdict.memoryOk)}.`,
    `- Throughput ${report.requestsPerSecond} req/s; latency p50 ${report.latencyMs.p50} ms, ` +
      `p99 ${report.latencyMs.p99} ms.`,
    `- Imports: ${report.imports.map((i) => `${Math.round(i.atSeconds / 60)} min → ${i.status} (${Math.round(i.ms)} ms)`).join(', ') || 'none'}.`,
    '',
    markdownTable(
      ['kind', 'n', 'errors', 'p50 ms', 'p95 ms', 'p99 ms'],
      Object.entries(report.byKind).map(([kind, k]) => [
        kind,
        k.n,
        k.errors,
        round(k.p50, 1),
        round(k.p95, 1),
        round(k.p99, 1),
      ]),
    ),
    '',
    `Verdict: ${report.verdict.passed ? 'PASSED' : 'FAILED'}.`,
    '',
  ];
  return lines.join('\n');
}
