/**
 * Passwords: Argon2id at OWASP's minimum or above (m=19456 KiB, t=2, p=1), the rules a new
 * password must meet, and a check that a stored hash is still as strong as the current settings
 * (older ones are re-hashed at the next successful sign-in). Every hash is keyed with the
 * pepper (pepper.ts), so a hash read from the graph cannot be cracked offline.
 */
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { passwordPepper } from './pepper.js';

/** Argon2id; the package's `Algorithm` is a const enum, which isolated modules cannot read. */
const ARGON2ID = 2 as Algorithm;

export const ARGON2_SETTINGS = Object.freeze({
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** What is wrong with a new password, or undefined when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (length > PASSWORD_MAX_LENGTH) return `must be at most ${PASSWORD_MAX_LENGTH} characters`;
  if (password.trim() !== password) return 'must not start or end with spaces';
  return undefined;
}

/** A PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`) with a fresh random salt. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { ...ARGON2_SETTINGS, secret: passwordPepper() });
}

/** True when the password matches; a malformed stored hash is simply no match. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password, { secret: passwordPepper() });
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time of one verification when there is no user to verify against, so that an
 * unknown user name answers as slowly as a wrong password.
 */
export async function verifyNobody(password: string): Promise<false> {
  dummy ??= hashPassword('casegraph: no such user, nothing to match');
  await verifyPassword(await dummy, password);
  return false;
}

/** True when the stored hash is weaker than (or not) Argon2id with the current settings. */
export function needsRehash(stored: string): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  if (!match) return true;
  const [, m, t, p] = match.map(Number);
  return (
    m! < ARGON2_SETTINGS.memoryCost || t! < ARGON2_SETTINGS.timeCost || p! !== ARGON2_SETTINGS.parallelism
  );
}
