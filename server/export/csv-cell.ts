/**
 * The one CSV rule of casegraph, shared by the client's table export and the server's case CSV:
 * RFC 4180 quoting, and cells a spreadsheet would run as a formula (starting with = + - @, a tab
 * or a carriage return) defused with a leading quote, so an opened export never runs what a
 * document's author typed (CSV injection).
 */

/** One cell, defused and quoted as needed. */
export function csvCell(raw: string): string {
  const text = /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}
