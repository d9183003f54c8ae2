/**
 * Where a CLI writes a large document (`npm run export`, `npm run backup`): a file, or standard
 * output for `-`. A file is written beside its final name and renamed into place only when
 * complete, so a failed or interrupted run never leaves a truncated file that looks like a good
 * one; a path that cannot be written is refused before any work starts, with a plain reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { AppError } from '../errors.js';
import { reportFailure } from './with-graph.js';

/** A path the command cannot write to: the user's to fix, so exit 2. */
export class OutputPathError extends AppError {
  constructor(message: string) {
    super(400, 'BAD_OUTPUT_PATH', message);
  }
}

export interface Output {
  /** Writes a chunk, waiting when the stream asks to (back-pressure). */
  write(chunk: string): Promise<void>;
  /** Flushes and, for a file, moves it to its final name. */
  finish(): Promise<void>;
  /** Removes the unfinished file (nothing for standard output). */
  abort(): void;
  /** What to call it in messages. */
  readonly name: string;
}

function reason(error: unknown, target: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  const folder = path.dirname(target);
  switch (code) {
    case 'ENOENT':
      return `cannot write ${target}: the folder ${folder} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `cannot write ${target}: permission denied`;
    case 'EROFS':
      return `cannot write ${target}: the file system is read-only`;
    case 'ENOTDIR':
      return `cannot write ${target}: ${folder} is not a folder`;
    default:
      return `cannot write ${target}: ${(error as Error).message}`;
  }
}

function streamOutput(stream: Writable, name: string, done: () => Promise<void>, abort: () => void): Output {
  let failed: Error | undefined;
  stream.on('error', (error) => (failed = error));
  return {
    name,
    async write(chunk) {
      if (failed) throw failed;
      if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), once(stream, 'error')]);
      if (failed) throw failed;
    },
    finish: done,
    abort,
  };
}

/**
 * Opens `target` (`-` is standard output). Throws OutputPathError when it is a folder, its folder
 * is missing, or it cannot be created; an existing file is replaced only once the new one is whole.
 */
export function openOutput(target: string): Output {
  if (target === '-') {
    return streamOutput(
      process.stdout,
      'standard output',
      () => Promise.resolve(),
      () => {},
    );
  }
  if (target.trim() === '') throw new OutputPathError('the output file name is empty');
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
    throw new OutputPathError(`cannot write ${target}: it is a folder; give a file name`);
  }
  const partial = path.join(path.dirname(target), `.${path.basename(target)}.partial-${process.pid}`);
  let fd: number;
  try {
    fd = fs.openSync(partial, 'wx', 0o600);
  } catch (error) {
    throw new OutputPathError(reason(error, target));
  }
  const stream = fs.createWriteStream('', { fd });
  const remove = () => fs.rmSync(partial, { force: true });
  return streamOutput(
    stream,
    target,
    async () => {
      stream.end();
      await once(stream, 'finish');
      try {
        fs.renameSync(partial, target);
      } catch (error) {
        remove();
        throw new OutputPathError(reason(error, target));
      }
    },
    () => {
      stream.destroy();
      remove();
    },
  );
}

/**
 * `openOutput` for a command, checked before anything connects so a typo costs nothing: on a path
 * the user must fix it prints why and exits 2 (1 for anything else).
 */
export function openOutputOrExit(target: string): Output {
  try {
    return openOutput(target);
  } catch (error) {
    process.exit(reportFailure(error));
  }
}
