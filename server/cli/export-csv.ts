/**
 * `npm run export -- --format csv FOLDER`: the case as FOLDER/nodes.csv and FOLDER/links.csv
 * (server/export/case-csv.ts). The folder is created when missing (its parent must exist); each
 * file is written beside its name and moved into place only when whole (output-file.ts), so a
 * failed run leaves no half table. Exit codes as `npm run export`: 0 done, 2 bad path, 1 failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { exportCaseCsv } from '../export/case-csv.js';
import { openCliAuditOrExit } from './cli-audit.js';
import { OutputPathError, openOutput, type Output } from './output-file.js';
import { reportFailure, runGraphTask } from './with-graph.js';

/** Checks the folder, or creates it; throws OutputPathError with a plain reason. */
export function prepareFolder(folder: string): void {
  if (folder.trim() === '' || folder === '-') {
    throw new OutputPathError('the CSV export writes two files: give a folder, not standard output');
  }
  if (fs.existsSync(folder)) {
    if (!fs.statSync(folder).isDirectory())
      throw new OutputPathError(`cannot write to ${folder}: it is a file`);
    return;
  }
  try {
    fs.mkdirSync(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new OutputPathError(
      code === 'ENOENT'
        ? `cannot create ${folder}: the folder ${path.dirname(folder)} does not exist`
        : `cannot create ${folder}: ${(error as Error).message}`,
    );
  }
}

/** Runs the CSV export to `folder` and exits. */
export async function runCsvExport(folder: string): Promise<never> {
  let nodes: Output;
  let links: Output;
  try {
    prepareFolder(folder);
    nodes = openOutput(path.join(folder, 'nodes.csv'));
    try {
      links = openOutput(path.join(folder, 'links.csv'));
    } catch (error) {
      nodes.abort();
      throw error;
    }
  } catch (error) {
    process.exit(reportFailure(error));
  }
  const abort = () => {
    nodes.abort();
    links.abort();
  };
  // The whole case leaving the system is worth a line in the audit trail, whatever its format.
  const audit = await openCliAuditOrExit(abort);
  return runGraphTask(async (graph) => {
    try {
      const summary = await exportCaseCsv(graph, {
        nodes: (c) => nodes.write(c),
        links: (c) => links.write(c),
      });
      await nodes.finish();
      await links.finish();
      await audit.record('cli.export', folder, { format: 'csv', ...summary });
      await audit.close();
      console.error(
        `Exported ${summary.nodes} entities and ${summary.links} links to ${nodes.name} and ${links.name}`,
      );
      return 0;
    } catch (error) {
      abort();
      await audit.close().catch(() => {});
      throw error;
    }
  });
}
