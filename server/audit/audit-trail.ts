/**
 * The audit trail of `/api` requests, mounted in app.ts before CORS and access control so that
 * every refusal is seen. For each request it decides, from the policy table, what is recorded and
 * when:
 * - a route whose rule names an `audit` action of kind `change` or `query` (policy.ts): its answer
 *   is HELD until the event is committed to the app store; if that fails, the answer becomes
 *   503 AUDIT_UNAVAILABLE (with Retry-After) instead;
 * - a `read` action: recorded when answered, in the background (the answer never waits);
 * - any other route: refusals (401, 403, 429, and the 404 of a route the table does not list)
 *   are recorded as `access.denied`, with the path as target, in the background.
 * Handlers add result sizes and run parameters through `res.locals.auditDetails`.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { AuthContext } from '../auth/auth-context.js';
import { requestIdentity } from '../auth/identity.js';
import { auditKindOf, matchPolicy, type PolicyMatch, type TargetSource } from '../auth/policy.js';
import { AppError } from '../errors.js';
import { nestsDeeperThan } from '../http/json-depth.js';
import { MAX_TARGET_LENGTH, type AuditInput } from './audit-log.js';

/** The status nginx uses for a client that went away before its answer. */
const CLIENT_CLOSED = 499;
const RETRY_AFTER_SECONDS = '5';
const WITHHELD_HEADERS = [
  'set-cookie',
  'content-length',
  'content-type',
  'content-encoding',
  'etag',
  'location',
];

export class AuditUnavailableError extends AppError {
  constructor() {
    super(
      503,
      'AUDIT_UNAVAILABLE',
      'The audit log cannot be written right now, so this request is refused; try again shortly',
    );
  }
}

/** What handlers may put in `res.locals` for the audit event. */
interface AuditLocals {
  auditDetails?: Record<string, unknown>;
  /** Set by access control when it refused a route the policy table does not list (404). */
  deniedByPolicy?: boolean;
}

/** Records a handler's details (result sizes, run parameters) on its request's audit event. */
export function setAuditDetails(res: Response, details: Record<string, unknown>): void {
  (res.locals as AuditLocals).auditDetails = details;
}

/** The details of a query run: result size, outcome and the parameters it ran with. */
export function setRunDetails(
  res: Response,
  result: { rowCount: number; outcome: string },
  parameters: unknown,
): void {
  setAuditDetails(res, {
    rows: result.rowCount,
    outcome: result.outcome,
    truncated: result.outcome === 'truncated',
    parameters: parameters ?? {},
  });
}

/** Marks an answer as a refusal by the policy (access control's 404 for unlisted routes). */
export function markDeniedByPolicy(res: Response): void {
  (res.locals as AuditLocals).deniedByPolicy = true;
}

/** One request value named by a target source, as short text (undefined when absent). */
export function sourceText(req: Request, match: PolicyMatch, source: TargetSource): string | undefined {
  const colon = source.indexOf(':');
  const kind = source.slice(0, colon);
  const key = source.slice(colon + 1);
  let value: unknown;
  if (kind === 'param') value = match.params[key];
  else if (kind === 'query') value = (req.query as Record<string, unknown>)[key];
  else if (req.body && typeof req.body === 'object' && !Buffer.isBuffer(req.body)) {
    value = (req.body as Record<string, unknown>)[key];
  }
  if (value === undefined || value === null || value === '') return undefined;
  return describeValue(value);
}

/** How deep a non-string target value may nest and still be written out in full. */
const MAX_DESCRIBED_DEPTH = 8;

/**
 * A request value as bounded text that never throws: the event must be written whatever the
 * client sent. JSON.stringify recurses, so a value nested thousands of levels deep would throw
 * (RangeError) and, called while the answer is sent, lose the event (and crash on a read's
 * `close`). Such values get a placeholder; long text is cut to what the log keeps anyway.
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value.slice(0, MAX_TARGET_LENGTH);
  if (nestsDeeperThan(value, MAX_DESCRIBED_DEPTH)) return '[value nested too deeply to describe]';
  try {
    const text = JSON.stringify(value);
    return text === undefined ? `[${typeof value}]` : text.slice(0, MAX_TARGET_LENGTH);
  } catch {
    return '[value that cannot be described]';
  }
}

/** What a request acted on: the one value, or `key=value` pairs when the rule names several. */
export function describeTarget(req: Request, match: PolicyMatch): string | null {
  const sources = match.rule.target ?? [];
  const parts = sources.flatMap((source) => {
    const text = sourceText(req, match, source);
    if (text === undefined) return [];
    return sources.length === 1 ? [text] : [`${source.slice(source.indexOf(':') + 1)}=${text}`];
  });
  return parts.length > 0 ? parts.join(' ') : null;
}

function eventFor(req: Request, res: Response, match: PolicyMatch, status: number): AuditInput {
  const identity = requestIdentity(req);
  const actor = match.rule.actor ? sourceText(req, match, match.rule.actor) : undefined;
  return {
    username: identity?.username ?? (actor === undefined ? null : actor.trim().toLowerCase().slice(0, 100)),
    action: match.rule.audit!,
    target: describeTarget(req, match),
    status,
    ip: req.ip ?? null,
    details: (res.locals as AuditLocals).auditDetails ?? null,
  };
}

function isDenial(res: Response): boolean {
  const status = res.statusCode;
  return (
    status === 401 ||
    status === 403 ||
    status === 429 ||
    (status === 404 && (res.locals as AuditLocals).deniedByPolicy === true)
  );
}

/** The middleware; mount it on /api before CORS and access control. */
export function auditTrail(context: AuthContext): RequestHandler {
  return (req, res, next) => {
    const path = req.baseUrl + req.path;
    const match = matchPolicy(req.method, path);
    const record = (event: AuditInput, background: boolean): Promise<void> =>
      context.audit.record(event, { background });

    if (!match?.rule.audit) {
      res.once('finish', () => {
        if (!isDenial(res)) return;
        void record(
          {
            username: requestIdentity(req)?.username ?? null,
            action: 'access.denied',
            target: `${req.method} ${path}`.slice(0, 500),
            status: res.statusCode,
            ip: req.ip ?? null,
            details: null,
          },
          true,
        );
      });
      next();
      return;
    }

    if (auditKindOf(match.rule) === 'read') {
      res.once('close', () => {
        void record(eventFor(req, res, match, res.writableFinished ? res.statusCode : CLIENT_CLOSED), true);
      });
      next();
      return;
    }

    holdAnswerUntilRecorded(context, req, res, match);
    next();
  };
}

/**
 * Replaces `res.end` so that the answer leaves only after the request's event is committed. Every
 * Express answer (json, send, status().end()) ends in `res.end`, and headers are not written
 * before it, so the held answer can still be swapped for a 503.
 */
function holdAnswerUntilRecorded(
  context: AuthContext,
  req: Request,
  res: Response,
  match: PolicyMatch,
): void {
  let recorded = false;
  const end = res.end.bind(res) as (...args: unknown[]) => Response;

  res.end = ((...args: unknown[]) => {
    if (recorded) return end(...args);
    recorded = true;
    context.audit.record(eventFor(req, res, match, res.statusCode)).then(
      () => end(...args),
      () => {
        if (res.headersSent) {
          // Too late to change the answer (a streamed one): cut it, so it is not taken as complete.
          res.destroy();
          return;
        }
        context.logger.error(
          { action: match.rule.audit, status: res.statusCode },
          'audit log: an answer was withheld (503) because its event could not be stored',
        );
        const body = JSON.stringify({
          error: { code: 'AUDIT_UNAVAILABLE', message: new AuditUnavailableError().message },
        });
        // Nothing of the withheld answer leaks: no cookie of a sign-in, no length, type or place.
        for (const name of WITHHELD_HEADERS) res.removeHeader(name);
        res.statusCode = 503;
        res.setHeader('Retry-After', RETRY_AFTER_SECONDS);
        res.setHeader('Content-Type', 'application/json; charset=utf-8');
        res.setHeader('Content-Length', Buffer.byteLength(body));
        end(body);
      },
    );
    return res;
  }) as Response['end'];

  // A client that went away before its answer: the attempt is still recorded.
  res.once('close', () => {
    if (recorded) return;
    recorded = true;
    void context.audit.record(eventFor(req, res, match, CLIENT_CLOSED), { background: true });
  });
}
