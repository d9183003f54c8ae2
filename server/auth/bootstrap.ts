/**
 * First start: there is no built-in user and no default password. When the graph has no enabled
 * admin, start-up says how to make one from the command line.
 */
import type { Logger } from '../logger.js';
import type { GraphTarget } from './graph-target.js';
import { countUsers } from './user-store.js';

export const FIRST_ADMIN_HINT =
  'Create the first admin with: npm run users -- create --username <name> --role admin ' +
  '(the password is read from standard input, or from the CASEGRAPH_PASSWORD variable)';

/** Logs how to create the first admin when there is none; returns whether one exists. */
export async function checkForAdmin(target: GraphTarget, logger: Logger): Promise<boolean> {
  const { users, activeAdmins } = await countUsers(target);
  if (activeAdmins > 0) return true;
  const situation = users === 0 ? 'No users yet: nobody can sign in.' : 'No enabled admin user.';
  // One line: start-up logs are JSON, where a line break would show as `\n`.
  logger.warn(`${situation} ${FIRST_ADMIN_HINT}`);
  return false;
}
