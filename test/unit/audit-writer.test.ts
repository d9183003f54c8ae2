/**
 * The audit writer's batching (server/audit/audit-log.ts) on an embedded in-memory app store:
 * events nobody waits for (reads, refusals) wait a moment for company, so a busy explorer does not
 * pay one synchronous SQLite commit per read; an event someone waits for is written at once and
 * takes the waiting ones along.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createAppStore, migrateAppStore, type AppStore } from '../../server/app-store/app-store.js';
import { AppStoreAuditLog } from '../../server/audit/audit-log.js';
import { createLogger } from '../../server/logger.js';

let store: AppStore | undefined;
let audit: AppStoreAuditLog | undefined;
afterEach(async () => {
  await audit?.close();
  await store?.close();
});

async function open(backgroundDelayMs: number) {
  store = createAppStore({ dialect: 'sqlite', file: ':memory:' });
  await migrateAppStore(store);
  audit = new AppStoreAuditLog(store, createLogger('silent'), { backgroundDelayMs });
  return { store, audit };
}

const event = (action: string) => ({
  username: 'reader',
  action,
  target: null,
  status: 200,
  ip: '127.0.0.1',
  details: null,
});
const count = async (s: AppStore) =>
  Number(
    (await s.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirst())!.n,
  );
const nextTurns = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('the audit writer', () => {
  it('when reads are recorded, then they wait for company instead of committing one by one', async () => {
    const { store, audit } = await open(150);
    for (let i = 0; i < 5; i++) void audit.record(event('search'), { background: true });
    await nextTurns();
    expect(await count(store)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await count(store)).toBe(5);
  });

  it('when a change is recorded after waiting reads, then it is committed at once and takes them along', async () => {
    const { store, audit } = await open(60_000);
    for (let i = 0; i < 3; i++) void audit.record(event('entity'), { background: true });
    await audit.record(event('workspace.create'));
    expect(await count(store)).toBe(4);
    const actions = await store.db.selectFrom('audit_events').select('action').orderBy('seq').execute();
    expect(actions.map((row) => row.action)).toEqual(['entity', 'entity', 'entity', 'workspace.create']);
  });
});
