import { describe, expect, it } from 'vitest';
import {
  buildSoakReport,
  classifyStatus,
  KindTally,
  lastMinutes,
  renderSoakMarkdown,
  slopeMbPerMinute,
  type MemorySample,
  type SoakSettings,
} from '../../bench/lib/soak-report.js';

const settings: SoakSettings = {
  minutes: 60,
  connections: 8,
  entities: 100_000,
  facts: 200_000,
  importEveryMinutes: 10,
  readCacheMb: 64,
  maxSlopeMbPerMinute: 0.2,
  windowMinutes: 30,
};

/** Samples every 10 s for `minutes`, RSS = base + perMinute × t. */
function line(minutes: number, base: number, perMinute: number): MemorySample[] {
  return Array.from({ length: minutes * 6 + 1 }, (_, i) => ({
    atSeconds: i * 10,
    rssMb: base + (perMinute * i) / 6,
    load1m: 1,
  }));
}

function report(samples: MemorySample[], statuses: number[]) {
  const tally = new KindTally();
  for (const status of statuses) tally.add(status, 5);
  return buildSoakReport({
    startedAt: new Date('2026-12-04T10:00:00Z'),
    settings,
    machine: { nproc: 2 },
    durationSeconds: 3600,
    kinds: new Map([['search', tally]]),
    firstErrors: [],
    imports: [],
    samples,
  });
}

describe('classifyStatus', () => {
  it('when the answer is 2xx, then it is ok', () => {
    expect(classifyStatus(200)).toBe('ok');
    expect(classifyStatus(204)).toBe('ok');
  });

  it('when the answer is a 401, then it is an error (the old soak counted these as success)', () => {
    expect(classifyStatus(401)).toBe('unauthenticated');
  });

  it('when there is no answer or any other status, then it is an error of its kind', () => {
    expect(classifyStatus(0)).toBe('network');
    expect(classifyStatus(403)).toBe('forbidden');
    expect(classifyStatus(404)).toBe('client');
    expect(classifyStatus(503)).toBe('server');
    expect(classifyStatus(304)).toBe('other');
  });
});

describe('slopeMbPerMinute', () => {
  it('when RSS grows on a straight line, then the slope is that line in MB/min', () => {
    expect(slopeMbPerMinute(line(30, 100, 1.5))).toBeCloseTo(1.5, 6);
    expect(slopeMbPerMinute(line(30, 100, 0))).toBe(0);
  });

  it('when there are fewer than two samples, then the slope is 0', () => {
    expect(slopeMbPerMinute([])).toBe(0);
    expect(slopeMbPerMinute([{ atSeconds: 0, rssMb: 5 }])).toBe(0);
  });
});

describe('lastMinutes', () => {
  it('when the run is longer, then only the samples of the last minutes are kept', () => {
    const window = lastMinutes(line(60, 0, 0), 30);
    expect(window[0]!.atSeconds).toBe(1800);
    expect(window).toHaveLength(181);
  });
});

describe('buildSoakReport', () => {
  it('when memory rises early and is flat for the last 30 minutes and every answer is 2xx, then it passes', () => {
    const warmUp = line(30, 100, 3);
    const flat = line(30, 190, 0).map((s) => ({ ...s, atSeconds: s.atSeconds + 1810 }));
    const r = report([...warmUp, ...flat], [200, 200, 200]);
    expect(r.memory.slopeWholeRunMbPerMinute).toBeGreaterThan(1);
    expect(r.memory.slopeWindowMbPerMinute).toBe(0);
    expect(r.verdict).toEqual({ errorsOk: true, memoryOk: true, passed: true });
  });

  it('when a single 401 comes back, then the run fails on errors', () => {
    const r = report(line(60, 100, 0), [200, 401, 200]);
    expect(r.errors).toBe(1);
    expect(r.errorsByOutcome).toEqual({ unauthenticated: 1 });
    expect(r.verdict.passed).toBe(false);
  });

  it('when memory keeps rising over the last 30 minutes, then the run fails on memory', () => {
    const r = report(line(60, 100, 0.5), [200]);
    expect(r.memory.slopeWindowMbPerMinute).toBeCloseTo(0.5, 3);
    expect(r.verdict.memoryOk).toBe(false);
  });

  it('when the run is shorter than the window, then memory cannot pass', () => {
    const r = report(line(5, 100, 0), [200]);
    expect(r.verdict.memoryOk).toBe(false);
  });

  it('when rendered, then the Markdown names the slopes and the verdict', () => {
    const md = renderSoakMarkdown(report(line(60, 100, 0), [200]));
    expect(md).toContain('last 30 min 0 MB/min');
    expect(md).toContain('PASSED');
  });
});
