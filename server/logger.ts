/**
 * Structured logging (pino). One root logger per process; modules take a child.
 */
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

/** Creates the process's root logger. Tests pass `silent`. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { app: 'casegraph' } });
}
