/**
 * The repository's root folder, where `cypher/`, `neo4j/`, `dist/client` and `.data/` live.
 *
 * Found by walking up from this file to the first folder holding `package.json`, rather than a
 * fixed `..`: the same module runs as TypeScript from `server/` (tests, tsx) and as compiled
 * JavaScript from `dist/server/` (`npm start`), one folder deeper.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json above ${start}`);
  }
}

export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));
