import { describe, expect, it } from 'vitest';
import { INTERRUPTED_AFTER_MS, isInterrupted, type RunRecord } from '../../server/import/interrupted.js';

const self = { host: 'here', pid: 100, processId: 'me' };
const run = (overrides: Partial<RunRecord>): RunRecord => ({
  id: 'run',
  status: 'running',
  host: 'here',
  pid: 200,
  processId: 'other',
  heartbeatAgeMs: 1_000,
  keep: false,
  ...overrides,
});
const alive = () => true;
const gone = () => false;

describe('isInterrupted', () => {
  it('when the heartbeat is fresh and the importer alive, then the run is left alone', () => {
    expect(isInterrupted(run({}), self, INTERRUPTED_AFTER_MS, alive)).toBe(false);
  });

  it('when the heartbeat is 30 s old, then the run is interrupted, whoever runs it', () => {
    for (const owner of [{}, { host: 'elsewhere' }, { processId: 'me', pid: 100 }]) {
      expect(
        isInterrupted(run({ ...owner, heartbeatAgeMs: 30_000 }), self, INTERRUPTED_AFTER_MS, alive),
      ).toBe(true);
    }
    expect(isInterrupted(run({ heartbeatAgeMs: 29_999 }), self, INTERRUPTED_AFTER_MS, alive)).toBe(false);
  });

  it('when the importer on this host is gone, then the run is interrupted at once', () => {
    expect(isInterrupted(run({}), self, INTERRUPTED_AFTER_MS, gone)).toBe(true);
  });

  it('when the importer is on another host, then only the heartbeat can tell (its pid means nothing here)', () => {
    expect(isInterrupted(run({ host: 'elsewhere' }), self, INTERRUPTED_AFTER_MS, gone)).toBe(false);
  });

  it('when the run is this process’s own, then a fresh one is never taken for gone', () => {
    expect(isInterrupted(run({ processId: 'me', pid: 100 }), self, INTERRUPTED_AFTER_MS, gone)).toBe(false);
  });

  it('when a roll-back or a commit stopped beating, then it is interrupted too; an undoable run never is', () => {
    expect(isInterrupted(run({ status: 'rolling-back' }), self, INTERRUPTED_AFTER_MS, gone)).toBe(true);
    expect(
      isInterrupted(run({ status: 'committing', heartbeatAgeMs: 40_000 }), self, INTERRUPTED_AFTER_MS, alive),
    ).toBe(true);
    expect(
      isInterrupted(run({ status: 'undoable', heartbeatAgeMs: 1e9 }), self, INTERRUPTED_AFTER_MS, gone),
    ).toBe(false);
  });

  it('when a run predates the importer fields, then only its heartbeat counts', () => {
    expect(
      isInterrupted(run({ host: null, pid: null, processId: null }), self, INTERRUPTED_AFTER_MS, gone),
    ).toBe(false);
  });
});
