/**
 * The password pepper: a server-side secret mixed into every Argon2id hash, kept outside the
 * app store. A hash that leaks with a copy of the store (a backup, a shared PostgreSQL) must be
 * useless without this key.
 *
 * Read once per process from CASEGRAPH_PASSWORD_PEPPER (base64, 32+ bytes) or from the file
 * CASEGRAPH_PEPPER_FILE (default `.data/casegraph-pepper`, created on first use, mode 0600).
 * Every process serving one graph (app, CLIs, tests) must see the same key. This module reads
 * the environment itself because the CLIs and test set-ups hash passwords without a Config.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../project-root.js';

const projectRoot = PROJECT_ROOT;

let pepper: Buffer | undefined;

function readOrCreate(file: string): Buffer {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
}

/** The pepper of this process; throws when a configured one is too short. */
export function passwordPepper(): Buffer {
  if (pepper) return pepper;
  const fromEnv = process.env.CASEGRAPH_PASSWORD_PEPPER?.trim();
  const key = fromEnv
    ? Buffer.from(fromEnv, 'base64')
    : readOrCreate(path.resolve(projectRoot, process.env.CASEGRAPH_PEPPER_FILE || '.data/casegraph-pepper'));
  if (key.length < 32) throw new Error('The password pepper must be at least 32 bytes (base64)');
  pepper = key;
  return pepper;
}
