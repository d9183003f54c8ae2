/**
 * Saved canvases, kept in the app store's `workspaces` table (server/app-store/), apart from the
 * case graph. The state names entities by stable key, so a workspace survives a re-seed.
 *
 * Who may do what (issue 15): the owner does everything; a workspace is also opened by everyone
 * when its visibility is `shared`, and by the people of its share list (`workspace_shares`) as
 * viewers (open) or editors (open and save name and state). Only the owner, or an admin who may
 * open it, changes its visibility and share list; only the owner deletes it. Nothing here changes
 * sharing unless the request names it: a save that leaves it out keeps what was there.
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { AppStore } from '../app-store/app-store.js';
import { readJson, type AppDatabase, type SharePermission, type WorkspaceRow } from '../app-store/tables.js';
import { FACT_STATUSES, type WorkspaceState } from '../contract.js';
import { usernameSchema } from '../auth/user-store.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';

const MAX_LISTED = 500;
/** Longest share list: a workspace for a team, not a mailing list. */
export const MAX_SHARES = 200;

const nodeState = z.strictObject({
  id: z.string().min(1).max(300),
  x: z.number().finite(),
  y: z.number().finite(),
  pinned: z.boolean().optional(),
  hidden: z.boolean().optional(),
});

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date (YYYY-MM-DD)');

export const workspaceStateSchema = z.strictObject({
  nodes: z.array(nodeState).max(20_000),
  edges: z.array(z.string().max(300)).max(100_000).optional(),
  filters: z.strictObject({
    hiddenNodeTypes: z.array(z.string().max(100)).max(500),
    hiddenRelTypes: z.array(z.string().max(100)).max(500),
    statuses: z.array(z.enum(FACT_STATUSES)),
    minConfidence: z.number().min(0).max(1),
    sources: z.array(z.string().max(300)).max(1000),
    asOf: z
      .string()
      .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be an ISO date')
      .nullable(),
    // The time fields came later (issue 19): optional, so workspaces saved before them still load.
    period: z
      .strictObject({ from: isoDay, to: isoDay })
      .refine((p) => p.from <= p.to, { message: 'the period ends before it starts', path: ['to'] })
      .nullable()
      .optional(),
    undated: z.enum(['show', 'hide']).optional(),
    knownOn: isoDay.nullable().optional(),
    // Optional: workspaces saved before the filter existed have no such field.
    singleSource: z.boolean().optional(),
  }),
  layout: z.string().min(1).max(40),
});

export const workspaceShareSchema = z.strictObject({
  username: usernameSchema,
  permission: z.enum(['viewer', 'editor']),
});
export type WorkspaceShare = z.output<typeof workspaceShareSchema>;

const sharesSchema = z
  .array(workspaceShareSchema)
  .max(MAX_SHARES, `at most ${MAX_SHARES} people`)
  .superRefine((shares, ctx) => {
    const seen = new Set<string>();
    for (const [i, share] of shares.entries()) {
      if (seen.has(share.username)) {
        ctx.addIssue({ code: 'custom', path: [i, 'username'], message: `${share.username} is listed twice` });
      }
      seen.add(share.username);
    }
  });

const sharing = {
  /**
   * Absent: a new workspace is private, a saved one keeps what it had. A default here made every
   * save that did not name it (the explorer's Save) private again, breaking links shared before.
   */
  visibility: z.enum(['private', 'shared']).optional(),
  /** The named people besides the owner; absent keeps the list as it is, `[]` empties it. */
  shares: sharesSchema.optional(),
};

export const workspaceInputSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  state: workspaceStateSchema,
  ...sharing,
});
export type WorkspaceFields = z.output<typeof workspaceInputSchema>;

/**
 * PUT: every field may be left out and is then kept, so an editor saves name and state without
 * touching sharing, and the owner changes sharing without sending the canvas again.
 */
export const workspaceUpdateSchema = z.strictObject({
  name: workspaceInputSchema.shape.name.optional(),
  state: workspaceStateSchema.optional(),
  ...sharing,
});
export type WorkspaceUpdate = z.output<typeof workspaceUpdateSchema>;

/** Who is asking: a user name, or the identity with its role (admins may change sharing). */
export type WorkspaceActor = string | { username: string; admin?: boolean };

function actorOf(actor: WorkspaceActor): { username: string; admin: boolean } {
  return typeof actor === 'string'
    ? { username: actor, admin: false }
    : { username: actor.username, admin: !!actor.admin };
}

/** What the caller may do with a workspace they can open. */
export type WorkspaceAccess = 'owner' | 'editor' | 'viewer';

type SummaryRow = Pick<WorkspaceRow, 'id' | 'name' | 'owner' | 'visibility' | 'updated_at'>;

function summaryOf(row: SummaryRow, access: WorkspaceAccess) {
  return {
    id: row.id,
    name: row.name,
    owner: row.owner,
    visibility: row.visibility === 'shared' ? ('shared' as const) : ('private' as const),
    updatedAt: row.updated_at,
    access,
  };
}

type Db = Kysely<AppDatabase>;

async function sharesOf(db: Db, id: string): Promise<WorkspaceShare[]> {
  const rows = await db
    .selectFrom('workspace_shares')
    .select(['username', 'permission'])
    .where('workspace_id', '=', id)
    .orderBy('username')
    .execute();
  return rows.map((row) => ({ username: row.username, permission: row.permission }));
}

/** The caller's access to a workspace row, or undefined when they may not open it. */
function accessTo(
  row: SummaryRow,
  username: string,
  share: SharePermission | undefined,
): WorkspaceAccess | undefined {
  if (row.owner === username) return 'owner';
  if (share === 'editor') return 'editor';
  if (share === 'viewer' || row.visibility === 'shared') return 'viewer';
  return undefined;
}

async function shareFor(db: Db, id: string, username: string): Promise<SharePermission | undefined> {
  const row = await db
    .selectFrom('workspace_shares')
    .select('permission')
    .where('workspace_id', '=', id)
    .where('username', '=', username)
    .executeTakeFirst();
  return row?.permission;
}

async function fullWorkspace(db: Db, row: WorkspaceRow, access: WorkspaceAccess, admin: boolean) {
  return {
    ...summaryOf(row, access),
    state: readJson(row.state) as WorkspaceState,
    shares: await sharesOf(db, row.id),
    canShare: access === 'owner' || admin,
  };
}
export type WorkspaceAnswer = Awaited<ReturnType<typeof fullWorkspace>>;

/**
 * The workspaces `actor` may open: their own, everyone's shared ones and those shared with them
 * by name, newest first.
 */
export async function listWorkspaces(store: AppStore, actor: WorkspaceActor) {
  const { username } = actorOf(actor);
  const rows = await store.db
    .selectFrom('workspaces')
    .leftJoin('workspace_shares', (join) =>
      join
        .onRef('workspace_shares.workspace_id', '=', 'workspaces.id')
        .on('workspace_shares.username', '=', username),
    )
    .select([
      'workspaces.id',
      'workspaces.name',
      'workspaces.owner',
      'workspaces.visibility',
      'workspaces.updated_at',
      'workspace_shares.permission',
    ])
    .where((eb) =>
      eb.or([
        eb('workspaces.owner', '=', username),
        eb('workspaces.visibility', '=', 'shared'),
        eb('workspace_shares.username', '=', username),
      ]),
    )
    .orderBy('workspaces.updated_at', 'desc')
    .orderBy('workspaces.id')
    .limit(MAX_LISTED)
    .execute();
  return rows.map((row) => summaryOf(row, accessTo(row, username, row.permission ?? undefined)!));
}

/** One workspace, only if `actor` may open it (undefined otherwise, whether or not it exists). */
export async function getWorkspace(store: AppStore, actor: WorkspaceActor, id: string) {
  const { username, admin } = actorOf(actor);
  const row = await store.db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const access = accessTo(row, username, await shareFor(store.db, id, username));
  return access ? fullWorkspace(store.db, row, access, admin) : undefined;
}

/**
 * One workspace `actor` may open, or the answer for one they may not: 404 when it does not exist,
 * 403 WORKSPACE_NOT_SHARED naming its owner when it is someone else's. For every route that reads
 * a workspace (opening it, exporting it).
 */
export async function openableWorkspace(store: AppStore, actor: WorkspaceActor, id: string) {
  const workspace = await getWorkspace(store, actor, id);
  if (workspace) return workspace;
  const owner = await workspaceOwner(store, id);
  if (owner === undefined) throw new NotFoundError('No such workspace');
  throw new ForbiddenError(
    'WORKSPACE_NOT_SHARED',
    `This workspace is not shared with you; ask its owner (${owner}) to share it`,
    { owner },
  );
}

/** The owner of a workspace that exists, whoever asks (for the "ask its owner" answer). */
export async function workspaceOwner(store: AppStore, id: string): Promise<string | undefined> {
  const row = await store.db.selectFrom('workspaces').select('owner').where('id', '=', id).executeTakeFirst();
  return row?.owner;
}

/**
 * 422 naming every listed user who does not exist or is disabled, and refuses the owner (who
 * needs no share): a typo must not become a silently useless share.
 */
async function checkShares(db: Db, owner: string, shares: readonly WorkspaceShare[]): Promise<void> {
  if (shares.length === 0) return;
  if (shares.some((share) => share.username === owner)) {
    throw new ValidationError(`${owner} owns this workspace and needs no share`, {
      issues: [{ path: 'shares', message: 'the owner cannot be in the share list' }],
    });
  }
  const names = shares.map((share) => share.username);
  const found = await db
    .selectFrom('users')
    .select('username')
    .where('username', 'in', names)
    .where('disabled', '=', 0)
    .execute();
  const known = new Set(found.map((row) => row.username));
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new ValidationError(`No active user named ${unknown.join(', ')}`, {
      issues: [{ path: 'shares', message: `unknown or disabled users: ${unknown.join(', ')}` }],
      unknownUsers: unknown,
    });
  }
}

async function replaceShares(db: Db, id: string, shares: readonly WorkspaceShare[]): Promise<void> {
  await db.deleteFrom('workspace_shares').where('workspace_id', '=', id).execute();
  if (shares.length === 0) return;
  await db
    .insertInto('workspace_shares')
    .values(
      shares.map((share) => ({ workspace_id: id, username: share.username, permission: share.permission })),
    )
    .execute();
}

/**
 * Creates a workspace. With an idempotency key the id is derived from (owner, key), so a client
 * that retries after a lost answer gets the first copy back instead of a second one.
 */
export async function createWorkspace(
  store: AppStore,
  actor: WorkspaceActor,
  fields: WorkspaceFields,
  idempotencyKey?: string,
) {
  const { username: owner, admin } = actorOf(actor);
  const id = idempotencyKey
    ? `ws:${createHash('sha256').update(`${owner}\u0000${idempotencyKey}`).digest('hex').slice(0, 32)}`
    : `ws:${randomUUID()}`;
  const now = new Date().toISOString();
  return store.db.transaction().execute(async (db) => {
    if (fields.shares) await checkShares(db, owner, fields.shares);
    const inserted = await db
      .insertInto('workspaces')
      .values({
        id,
        owner,
        visibility: fields.visibility ?? 'private',
        name: fields.name,
        state: JSON.stringify(fields.state),
        created_at: now,
        updated_at: now,
      })
      // A retried POST finds the first copy and answers with it, unchanged.
      .onConflict((conflict) => conflict.column('id').doNothing())
      .executeTakeFirst();
    if (fields.shares && Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) {
      await replaceShares(db, id, fields.shares);
    }
    const row = await db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    return fullWorkspace(db, row, 'owner', admin);
  });
}

/**
 * Changes what the request names of a workspace: name and state (owner and editors), visibility
 * and share list (the owner, or an admin who may open it). Undefined when `actor` may not open
 * it; 403 when they may open it but not make this change.
 */
export async function updateWorkspace(
  store: AppStore,
  actor: WorkspaceActor,
  id: string,
  fields: WorkspaceUpdate,
) {
  const { username, admin } = actorOf(actor);
  return store.db.transaction().execute(async (db) => {
    const row = await db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const access = accessTo(row, username, await shareFor(db, id, username));
    if (!access) return undefined;
    const changesContent = fields.name !== undefined || fields.state !== undefined;
    const changesSharing = fields.visibility !== undefined || fields.shares !== undefined;
    if (changesContent && access === 'viewer') {
      throw new ForbiddenError(
        'WORKSPACE_READ_ONLY',
        `${row.owner} shared this workspace with you to view only`,
      );
    }
    if (changesSharing && access !== 'owner' && !admin) {
      throw new ForbiddenError(
        'WORKSPACE_SHARING_OWNER_ONLY',
        `Only ${row.owner}, who owns this workspace, can change who it is shared with`,
      );
    }
    if (fields.shares) {
      await checkShares(db, row.owner, fields.shares);
      await replaceShares(db, id, fields.shares);
    }
    const updated = await db
      .updateTable('workspaces')
      .set({
        ...(fields.name !== undefined ? { name: fields.name } : {}),
        ...(fields.state !== undefined ? { state: JSON.stringify(fields.state) } : {}),
        ...(fields.visibility ? { visibility: fields.visibility } : {}),
        updated_at: new Date().toISOString(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return fullWorkspace(db, updated, access, admin);
  });
}

/**
 * Deletes one of `actor`'s workspaces (its shares and notes go with it, by the foreign keys);
 * false when they may not open it, 403 when they may open it but do not own it.
 */
export async function deleteWorkspace(store: AppStore, actor: WorkspaceActor, id: string): Promise<boolean> {
  const { username } = actorOf(actor);
  return store.db.transaction().execute(async (db) => {
    const row = await db.selectFrom('workspaces').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return false;
    const access = accessTo(row, username, await shareFor(db, id, username));
    if (!access) return false;
    if (access !== 'owner') {
      throw new ForbiddenError(
        'WORKSPACE_OWNER_ONLY',
        `Only ${row.owner}, who owns this workspace, can delete it`,
      );
    }
    const result = await db.deleteFrom('workspaces').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  });
}

/**
 * A SQL condition: the workspace column `column` is one `username` may open. Used by the notes
 * store so that workspace notes are read exactly as far as their workspace is.
 */
export function openableWorkspaceIds(db: Db, username: string) {
  return db
    .selectFrom('workspaces')
    .select('workspaces.id')
    .where((eb) =>
      eb.or([
        eb('workspaces.owner', '=', username),
        eb('workspaces.visibility', '=', 'shared'),
        eb(
          'workspaces.id',
          'in',
          eb
            .selectFrom('workspace_shares')
            .select('workspace_shares.workspace_id')
            .where('workspace_shares.username', '=', username),
        ),
      ]),
    );
}

/** The caller's access to one workspace (undefined: not theirs to open, or none such). */
export async function workspaceAccess(
  store: AppStore,
  username: string,
  id: string,
): Promise<WorkspaceAccess | undefined> {
  const row = await store.db
    .selectFrom('workspaces')
    .select(['id', 'name', 'owner', 'visibility', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? accessTo(row, username, await shareFor(store.db, id, username)) : undefined;
}
