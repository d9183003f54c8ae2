import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** dependency-cruiser reads the tsconfig and starts TypeScript: seconds on a busy machine. */
const TIMEOUT_MS = 60_000;

/** The cycle check of `npm run check` (`check:cycles`), with the project's config, on `folder`. */
function checkCycles(folder: string) {
  const run = spawnSync(
    process.execPath,
    [
      path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
      '--config',
      '.dependency-cruiser.mjs',
      '--output-type',
      'err',
      folder,
    ],
    { cwd: root, encoding: 'utf8' },
  );
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('the import-cycle check (npm run check:cycles)', () => {
  it(
    'when two files import each other, even with type-only imports, then it fails naming them',
    () => {
      const { status, output } = checkCycles('test/fixtures/import-cycle/cycle');
      expect(status).not.toBe(0);
      expect(output).toContain('no-circular');
      expect(output).toContain('test/fixtures/import-cycle/cycle/a.ts');
      expect(output).toContain('test/fixtures/import-cycle/cycle/b.ts');
    },
    TIMEOUT_MS,
  );

  it(
    'when the imports go one way only, then it passes',
    () => {
      const { status, output } = checkCycles('test/fixtures/import-cycle/no-cycle');
      expect(output).not.toContain('no-circular');
      expect(status).toBe(0);
    },
    TIMEOUT_MS,
  );
});
