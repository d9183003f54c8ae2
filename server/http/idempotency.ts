/**
 * Idempotency keys on creating requests (issue 17): a `POST` that creates something may carry
 * `Idempotency-Key: <8-128 of A-Z a-z 0-9 _ ->`; the first request with a key runs, and a retry
 * with the same key (same user, same path and body) gets the first answer back, marked
 * `Idempotent-Replayed: true`, and creates nothing. The same key with another request is a 422,
 * a retry while the first still runs a 409. Answers are kept a day, in the app store, so every app
 * process sharing a PostgreSQL store honours them.
 *
 * The stored answer is encrypted (AES-256-GCM) under a key derived from the idempotency key, and
 * the row is found by a hash of it: token and user creation answer with a secret shown once, and
 * reading the app store must not reveal it. Only the client that holds the key can replay it.
 *
 * Workspaces keep their own scheme (the id derived from the key, workspace-store.ts). An import
 * (`POST /admin/import`, which reads its own raw body) is covered when it answers with JSON: its
 * body is read here, the fingerprint holds a hash of its bytes, and a retry replays the first
 * summary instead of running again (which would report everything unchanged and end the first
 * import's undo). A streamed import (NDJSON progress) runs as without a key: ids keep it from
 * creating anything twice, and a stream cannot be replayed.
 */
import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { AppStore } from '../app-store/app-store.js';
import { requestIdentity } from '../auth/identity.js';
import { AppError, BadRequestError } from '../errors.js';

/** The creating routes this covers, as `METHOD path` below `/api`. */
export const IDEMPOTENT_ROUTES = new Set([
  'POST /queries',
  'POST /notes',
  'POST /auth/tokens',
  'POST /admin/users',
  'POST /admin/import',
]);

/** Covered routes that read their own raw body (the import): read here first, up to a limit. */
const RAW_BODY_ROUTES = new Set(['POST /admin/import']);

const KEY_FORMAT = /^[A-Za-z0-9_-]{8,128}$/;
/** A first request still unanswered after this long is taken as abandoned. */
export const ABANDONED_AFTER_MS = 60_000;
/** How long an answer is kept for retries. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;

export class IdempotencyKeyReusedError extends AppError {
  constructor() {
    super(422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another request; send a new key');
  }
}

export class IdempotentRequestInProgressError extends AppError {
  constructor() {
    super(
      409,
      'IDEMPOTENT_REQUEST_IN_PROGRESS',
      'The first request with this Idempotency-Key is still running',
    );
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The row of (user, key): a hash, so the store never holds the key that decrypts the answer. */
export const idempotencyRowId = (username: string, key: string) => sha256(`${username}\u0000${key}`);

function cipherKey(idempotencyKey: string, username: string): Buffer {
  return Buffer.from(hkdfSync('sha256', idempotencyKey, username, 'casegraph idempotent answer', 32));
}

function seal(answer: unknown, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(answer), 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64')).join('.');
}

function open(sealed: string, key: Buffer): unknown {
  const [iv, tag, data] = sealed.split('.').map((part) => Buffer.from(part, 'base64'));
  const decipher = createDecipheriv('aes-256-gcm', key, iv!);
  decipher.setAuthTag(tag!);
  return JSON.parse(Buffer.concat([decipher.update(data!), decipher.final()]).toString('utf8'));
}

/**
 * The middleware, mounted under `/api` after access control and body parsing. `rawBodyLimit` is
 * the largest raw body (an import) it reads for a covered route; the route sees the same bytes.
 */
export function idempotentCreates(store: AppStore, options: { rawBodyLimit?: number } = {}): RequestHandler {
  const readRaw = express.raw({ type: () => true, limit: options.rawBodyLimit ?? 50 * 1024 * 1024 });
  const covered = idempotentRequests(store);
  return (req: Request, res: Response, next: NextFunction) => {
    const route = `${req.method} ${req.path}`;
    if (req.get('idempotency-key') === undefined || !IDEMPOTENT_ROUTES.has(route)) return next();
    if (!RAW_BODY_ROUTES.has(route)) return covered(req, res, next);
    if (req.accepts(['application/json', 'application/x-ndjson']) === 'application/x-ndjson') return next();
    readRaw(req, res, (error?: unknown) => (error ? next(error) : covered(req, res, next)));
  };
}

/** A body as the fingerprint sees it: raw bytes by their hash, parsed JSON as text. */
function bodyPrint(body: unknown): string {
  return Buffer.isBuffer(body) ? `raw:${sha256Bytes(body)}` : JSON.stringify(body ?? null);
}

const sha256Bytes = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function idempotentRequests(store: AppStore): RequestHandler {
  const db = store.db;
  return (req: Request, res: Response, next: NextFunction) => {
    const key = req.get('idempotency-key')!;
    if (!KEY_FORMAT.test(key))
      return next(new BadRequestError('Idempotency-Key must be 8-128 letters, digits, _ or -'));
    const identity = requestIdentity(req);
    if (!identity) return next();
    const id = idempotencyRowId(identity.username, key);
    const fingerprint = sha256(`${req.method} ${req.path}\u0000${bodyPrint(req.body)}`);
    const secret = cipherKey(key, identity.username);

    const claim = async (): Promise<boolean> => {
      const now = Date.now();
      await db
        .deleteFrom('idempotent_requests')
        .where('created_at_ms', '<', now - IDEMPOTENCY_TTL_MS)
        .execute();
      // A first request that never answered (its process died, or it answered without JSON) is
      // abandoned after a minute: its key may be used again.
      await db
        .deleteFrom('idempotent_requests')
        .where('id', '=', id)
        .where('status', 'is', null)
        .where('created_at_ms', '<', now - ABANDONED_AFTER_MS)
        .execute();
      const inserted = await db
        .insertInto('idempotent_requests')
        .values({
          id,
          username: identity.username,
          fingerprint,
          status: null,
          answer: null,
          created_at_ms: now,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
    };

    const replayOrRefuse = async (): Promise<void> => {
      const row = await db
        .selectFrom('idempotent_requests')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row) throw new IdempotentRequestInProgressError(); // released between our insert and select
      if (row.fingerprint !== fingerprint) throw new IdempotencyKeyReusedError();
      if (row.status === null || row.answer === null) throw new IdempotentRequestInProgressError();
      res.status(row.status).set('Idempotent-Replayed', 'true').json(open(row.answer, secret));
    };

    const record = () => {
      const json = res.json.bind(res);
      // Kept when the handler answers, not when the answer reaches the client: a client that
      // went away (the case retries are for) may never see 'finish', and its retry must find
      // the answer rather than a request "still running".
      res.json = (body: unknown) => {
        const kept = res.statusCode >= 200 && res.statusCode < 300;
        // Failures are not kept: the client may retry them with the same key and try again.
        const done = kept
          ? db
              .updateTable('idempotent_requests')
              .set({ status: res.statusCode, answer: seal(body, secret) })
              .where('id', '=', id)
              .execute()
          : db.deleteFrom('idempotent_requests').where('id', '=', id).execute();
        // A lost record only means a retry runs again (as without a key); the answer goes out.
        done.catch(() => undefined);
        return json(body);
      };
    };

    claim().then(
      (claimed) => {
        if (!claimed) return replayOrRefuse().catch(next);
        record();
        next();
      },
      (err: unknown) => next(err),
    );
  };
}
