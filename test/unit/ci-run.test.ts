/**
 * `.ci/run --check` (issue 17, point 8): CI names exactly what to install when Node, Java or Maven
 * is missing or too old, instead of installing Debian's Node 18 and failing later. Runs the script
 * with a PATH holding only stub tools (and the few commands the script itself uses).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const SHELL_TOOLS = ['bash', 'dirname', 'sed', 'sort', 'head', 'printf'];
let dirs: string[] = [];

/** A bin folder with the shell tools and the given stubs (name → what `--version` prints). */
function binWith(stubs: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ci-run-'));
  dirs.push(dir);
  for (const tool of SHELL_TOOLS) {
    const real = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (real.startsWith('/')) fs.symlinkSync(real, path.join(dir, tool));
  }
  for (const [name, output] of Object.entries(stubs)) {
    // java prints its version on stderr, the others on stdout.
    const stream = name === 'java' ? '>&2' : '';
    fs.writeFileSync(path.join(dir, name), `#!/bin/bash\necho '${output}' ${stream}\n`, { mode: 0o755 });
  }
  return dir;
}

function check(bin: string): { status: number | null; stderr: string } {
  const res = spawnSync(path.join(bin, 'bash'), [path.join(root, '.ci/run'), '--check'], {
    env: { PATH: bin },
    encoding: 'utf8',
  });
  return { status: res.status, stderr: res.stderr };
}

const GOOD = {
  node: 'v20.19.0',
  java: 'openjdk version "17.0.15" 2025-04-15',
  mvn: 'Apache Maven 3.8.7',
};

afterEach(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('.ci/run --check', () => {
  it('when Node 20.19, Java 17 and Maven are there, then it passes quietly', () => {
    expect(check(binWith(GOOD))).toEqual({ status: 0, stderr: '' });
  });

  it("when Node is Debian's 18, then it fails and says which Node to install", () => {
    const out = check(binWith({ ...GOOD, node: 'v18.19.0' }));
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('Node 18.19.0 is too old: casegraph needs Node >= 20.19');
  });

  it('when Node 20.18 is there, then it is too old as well (the engines field says 20.19)', () => {
    expect(check(binWith({ ...GOOD, node: 'v20.18.3' })).stderr).toContain('Node 20.18.3 is too old');
  });

  it('when Java 11 is there and Maven and Node are missing, then each is named with its package', () => {
    const out = check(binWith({ java: 'openjdk version "11.0.2" 2019-01-15' }));
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('Node is missing');
    expect(out.stderr).toContain('Java 11 is too old');
    expect(out.stderr).toContain('openjdk-17-jre-headless');
    expect(out.stderr).toContain('Maven is missing');
    expect(out.stderr).toContain('apt-get install maven');
  });

  it('when Java says 1.8, then it reads as 8', () => {
    expect(check(binWith({ ...GOOD, java: 'java version "1.8.0_392"' })).stderr).toContain(
      'Java 8 is too old',
    );
  });
});
