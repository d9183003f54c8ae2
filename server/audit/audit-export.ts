/**
 * The audit log as files an auditor opens elsewhere: JSON lines (one event per line, the chain's
 * fields included, so `npm run audit -- verify`-style checks can be redone) or CSV for a
 * spreadsheet. CSV cells that a spreadsheet would run as a formula are defused.
 */
import type { StoredAuditEvent } from '../auth/auth-contract.js';

/** The CSV columns, in order. */
export const AUDIT_CSV_COLUMNS = [
  'seq',
  'at',
  'username',
  'action',
  'target',
  'status',
  'ip',
  'details',
  'prevHash',
  'hash',
] as const;

/**
 * One RFC 4180 cell. Text starting with = + - @ (or a tab or CR) gets a leading apostrophe: a
 * target or user name chosen by an attacker (`=HYPERLINK(...)`) must not run in the auditor's
 * spreadsheet. Numbers are written as they are.
 */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  const text = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeaderLine(): string {
  return `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;
}

export function csvLine(event: StoredAuditEvent): string {
  return `${AUDIT_CSV_COLUMNS.map((column) => csvCell(event[column])).join(',')}\r\n`;
}

export function jsonLine(event: StoredAuditEvent): string {
  return `${JSON.stringify(event)}\n`;
}
