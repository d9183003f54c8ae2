/**
 * Builds the client once before the browser tests, so they always run the
 * current code (vite writes dist/client, which the apps under test serve).
 */
import path from 'node:path';
import { build } from 'vite';

export async function setup(): Promise<void> {
  await build({ configFile: path.resolve(import.meta.dirname, '../../vite.config.ts'), logLevel: 'warn' });
}
