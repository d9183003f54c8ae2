/**
 * First start: there is no built-in user and no default password in the code. On an app store with no
 * user at all, start-up creates `admin` with a random password and prints it once, so a
 * newcomer's `npm start` leads straight to a working explorer. When users exist but no enabled
 * admin does, start-up says how to make one from the command line.
 */
import type { Logger } from '../logger.js';
import type { AppStore } from '../app-store/app-store.js';
import { randomSecret } from './secrets.js';
import { countUsers, createUser } from './user-store.js';

export const FIRST_ADMIN_HINT =
  'Create an admin with: npm run users -- create --username <name> --role admin ' +
  '(the password is read from standard input, or from the CASEGRAPH_PASSWORD variable)';

export const FIRST_ADMIN_NAME = 'admin';

/**
 * Makes sure someone can sign in: creates the first admin on an empty user base (password shown
 * once, on the terminal, never logged), or logs how to create one. Returns whether an admin exists.
 */
export async function checkForAdmin(
  store: AppStore,
  logger: Logger,
  show: (message: string) => void = (message) => console.error(message),
): Promise<boolean> {
  const { users, activeAdmins } = await countUsers(store);
  if (activeAdmins > 0) return true;
  if (users === 0) {
    const password = randomSecret(15);
    try {
      await createUser(store, { username: FIRST_ADMIN_NAME, role: 'admin', password });
    } catch (error) {
      // Another process on the same store (a second server starting beside this one) made the
      // first admin between our count and our insert: its terminal shows the password, not ours.
      if ((error as { code?: unknown }).code === 'USER_EXISTS') return true;
      throw error;
    }
    logger.warn(
      `Created the first admin user "${FIRST_ADMIN_NAME}"; its password is shown once on the terminal.`,
    );
    show(
      [
        '',
        '  ┌──────────────────────────────────────────────────────────────',
        `  │ First admin created. Sign in as "${FIRST_ADMIN_NAME}" with password:`,
        `  │   ${password}`,
        '  │ It is shown only now. Change it with:',
        `  │   npm run users -- reset-password --username ${FIRST_ADMIN_NAME}`,
        '  └──────────────────────────────────────────────────────────────',
        '',
      ].join('\n'),
    );
    return true;
  }
  // One line: start-up logs are JSON, where a line break would show as `\n`.
  logger.warn(`No enabled admin user: nobody can administer the graph. ${FIRST_ADMIN_HINT}`);
  return false;
}
