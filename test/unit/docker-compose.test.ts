/**
 * docker-compose.yml against loadConfig (issue 17, point 3; no Docker engine here): every setting
 * of .env reaches the app, the compose wiring is a configuration loadConfig accepts, and every
 * file the app keeps (the SQLite app store, the password pepper) lies in a volume, so recreating
 * the container loses no account and no saved work.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';

const root = path.resolve(import.meta.dirname, '../..');
const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<
    string,
    { env_file?: string | string[]; environment?: Record<string, unknown>; volumes?: string[] }
  >;
};
const app = compose.services.app!;

/** KEY=value lines of .env.example (what `cp .env.example .env` gives). */
function envExample(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fs.readFileSync(path.join(root, '.env.example'), 'utf8').split('\n')) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

/** The image's working directory: relative paths in settings resolve against it. */
function workdir(): string {
  const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  const dirs = [...dockerfile.matchAll(/^WORKDIR\s+(\S+)/gm)].map((m) => m[1]!);
  return dirs.at(-1)!;
}

describe('docker-compose.yml', () => {
  it('when .env is copied from .env.example, then every setting in it reaches the app', () => {
    const files = [app.env_file ?? []].flat();
    expect(files).toContain('.env');
  });

  it('overrides only what the containers wire (the database address, host and port)', () => {
    expect(Object.keys(app.environment ?? {}).sort()).toEqual(['HOST', 'NEO4J_URI', 'PORT']);
    for (const key of Object.keys(app.environment ?? {})) expect(Object.keys(envExample())).toContain(key);
  });

  it('gives loadConfig a configuration it accepts, pointing at the neo4j service', () => {
    const env = { ...envExample(), NEO4J_PASSWORD: 'a-password-for-compose', ...app.environment };
    const config = loadConfig(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])));
    expect(config.neo4j.uri).toBe('bolt://neo4j:7687');
    expect(config.neo4j.password).toBe('a-password-for-compose');
  });

  it('keeps the SQLite app store and the password pepper in a volume', () => {
    const env = envExample();
    const mounts = (app.volumes ?? []).map((v) => v.split(':')[1]!);
    const base = workdir();
    for (const key of ['APP_STORE_FILE', 'CASEGRAPH_PEPPER_FILE']) {
      expect(env[key], `${key} documented in .env.example`).toBeTruthy();
      const file = path.posix.resolve(base, env[key]!);
      expect(
        mounts.some((m) => file.startsWith(`${m}/`)),
        `${key} (${file}) is in one of ${mounts.join(', ')}`,
      ).toBe(true);
    }
  });
});
