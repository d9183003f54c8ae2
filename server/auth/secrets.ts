/**
 * Random secrets and their digests: session ids, API tokens, CSRF tokens. Only SHA-256 digests
 * of session ids and tokens are stored (both are 256-bit random values, so a fast hash is enough;
 * passwords, which are not, go through Argon2id in `passwords.ts`).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** `bytes` random bytes as base64url (32 bytes: 43 characters, 256 bits). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Compares two strings in time that does not depend on where they differ. Both sides are hashed
 * first so that their lengths do not leak either.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/**
 * The CSRF token of a session: derived from the session id (which only the HttpOnly cookie holds),
 * so nothing extra is stored and a page on another site can neither read nor compute it.
 */
export function csrfTokenFor(sessionId: string): string {
  return createHmac('sha256', sessionId).update('casegraph csrf v1').digest('base64url');
}
