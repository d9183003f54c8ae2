/**
 * `npm run users -- <command>`: users from the command line, which is how the first admin comes to
 * exist (there is no built-in account and no default password).
 *
 *   create --username NAME --role investigator|analyst|admin
 *   list
 *   disable --username NAME        (ends their sessions and deletes their API tokens)
 *   enable --username NAME
 *   set-role --username NAME --role ROLE
 *   reset-password --username NAME (ends their sessions)
 *
 * Passwords are read from the CASEGRAPH_PASSWORD variable when set, else typed twice at a
 * terminal (not echoed), else read from standard input (`printf '%s' "$PW" | npm run users …`).
 * Never from an argument: arguments end up in shell history and `ps`.
 */
import { parseArgs } from 'node:util';
import { passwordProblem } from '../auth/passwords.js';
import { ROLES, roleSchema, type Role } from '../auth/roles.js';
import { createUser, listUsers, updateUser, usernameSchema, type UserChanges } from '../auth/user-store.js';
import type { AppStore } from '../app-store/app-store.js';
import { openCliAudit, type CliAudit } from './cli-audit.js';
import { runStoreTask } from './with-app-store.js';

const USAGE = `usage: npm run users -- <command> [options]
  create --username NAME --role ROLE     password from CASEGRAPH_PASSWORD, the terminal or stdin
  list
  disable --username NAME
  enable --username NAME
  set-role --username NAME --role ROLE
  reset-password --username NAME         password as for create
roles: ${ROLES.join(', ')}`;

const COMMANDS = ['create', 'list', 'disable', 'enable', 'set-role', 'reset-password'] as const;
type Command = (typeof COMMANDS)[number];

function fail(message: string): never {
  console.error(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function parseCommandLine(): { command: Command; username?: string; role?: Role } {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      options: {
        username: { type: 'string' },
        role: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    fail((error as Error).message);
  }
  if (parsed.values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const [command, ...extra] = parsed.positionals;
  if (!command || !(COMMANDS as readonly string[]).includes(command))
    fail(`Unknown command: ${command ?? '(none)'}`);
  if (extra.length > 0) fail(`Unexpected arguments: ${extra.join(' ')}`);
  const result: { command: Command; username?: string; role?: Role } = { command: command as Command };
  const needsName = command !== 'list';
  const needsRole = command === 'create' || command === 'set-role';
  if (needsName) {
    const name = usernameSchema.safeParse(parsed.values.username ?? '');
    if (!name.success) fail(`--username ${name.error.issues[0]?.message ?? 'is required'}`);
    result.username = name.data;
  }
  if (needsRole) {
    const role = roleSchema.safeParse(parsed.values.role);
    if (!role.success) fail(`--role must be one of: ${ROLES.join(', ')}`);
    result.role = role.data;
  }
  return result;
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const input = process.stdin;
    process.stderr.write(question);
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    let text = '';
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n') {
          done();
          resolve(text);
          return;
        }
        if (char === '\u0003') {
          done();
          reject(new Error('cancelled'));
          return;
        }
        if (char === '\u007f' || char === '\b') text = [...text].slice(0, -1).join('');
        else text += char;
      }
    };
    const done = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    };
    input.on('data', onData);
  });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline is what `echo` adds; it is not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

async function readNewPassword(): Promise<string> {
  const fromEnv = process.env.CASEGRAPH_PASSWORD;
  let password: string;
  if (fromEnv !== undefined && fromEnv !== '') {
    password = fromEnv;
  } else if (process.stdin.isTTY) {
    password = await promptHidden('New password: ');
    const problem = passwordProblem(password);
    if (problem) fail(`The password ${problem}`);
    if ((await promptHidden('Again: ')) !== password) fail('The two passwords differ');
  } else {
    password = await readStdin();
  }
  const problem = passwordProblem(password);
  if (problem) fail(`The password ${problem}`);
  return password;
}

const args = parseCommandLine();
// Read before connecting, so a typed password is not mixed with the local Neo4j's start-up lines.
const password =
  args.command === 'create' || args.command === 'reset-password' ? await readNewPassword() : undefined;

// Users live in the app store: no graph is needed. The audit trail is opened first, so a change
// that cannot be audited is not made.
const audit =
  args.command === 'list'
    ? undefined
    : await openCliAudit().catch((error: Error) => {
        console.error(error.message);
        process.exit(1);
      });

await runStoreTask(async (store) => {
  try {
    return await runCommand(store, audit);
  } finally {
    await audit?.close();
  }
});

async function runCommand(store: AppStore, audit: CliAudit | undefined): Promise<number> {
  const username = args.username!;
  switch (args.command) {
    case 'list': {
      const users = await listUsers(store);
      if (users.length === 0) console.log('No users yet.');
      for (const user of users) {
        console.log(
          `${user.username.padEnd(24)} ${user.role.padEnd(13)} ${user.disabled ? 'disabled' : 'enabled '}  since ${user.createdAt}`,
        );
      }
      return 0;
    }
    case 'create': {
      const user = await createUser(store, { username, role: args.role!, password: password! });
      await audit!.record('user.create', user.username, { role: user.role });
      console.log(`Created ${user.username} (${user.role}).`);
      return 0;
    }
    default: {
      const changes: UserChanges = {};
      if (args.command === 'disable') changes.disabled = true;
      if (args.command === 'enable') changes.disabled = false;
      if (args.command === 'set-role') changes.role = args.role;
      if (args.command === 'reset-password') changes.password = password;
      const { user, sessionsEnded, tokensRevoked } = await updateUser(store, username, changes);
      await audit!.record(`user.${args.command}`, user.username, {
        role: user.role,
        disabled: user.disabled,
        sessionsEnded,
        tokensRevoked,
      });
      const ended = [
        sessionsEnded > 0 ? `${sessionsEnded} session${sessionsEnded > 1 ? 's' : ''} ended` : '',
        tokensRevoked > 0 ? `${tokensRevoked} API token${tokensRevoked > 1 ? 's' : ''} revoked` : '',
      ].filter(Boolean);
      console.log(
        `${user.username}: ${user.role}, ${user.disabled ? 'disabled' : 'enabled'}` +
          (ended.length > 0 ? ` (${ended.join(', ')})` : ''),
      );
      return 0;
    }
  }
}
