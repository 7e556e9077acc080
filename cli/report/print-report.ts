import { writeFile } from 'node:fs/promises';
import { errorMessage, FailedPreconditionError } from '../../lib/core/errors';
import type { ReportDocument } from '../../lib/report/report-document';
import { renderAlterSystem } from '../../lib/report/render-alter-system';
import { renderHtml } from '../../lib/report/render-html';
import { renderPostgresqlConf } from '../../lib/report/render-postgresql-conf';
import { renderTerminalTable } from '../../lib/report/render-terminal-table';

/** A file the user asked for, and the option that asked (for messages). */
export interface ReportFile {
  path: string;
  option: string;
}

export interface PrintReportOptions {
  /** Write the JSON document here (format pg-autotune-report/v1). */
  json?: ReportFile;
  /** Write the self-contained HTML page here. */
  html?: ReportFile;
  /** The report itself. */
  stdout: (text: string) => void;
  /** Notes for people ("wrote report.html"). */
  stderr: (text: string) => void;
}

/**
 * The report as `tune` and `report` show it: the terminal table, the ALTER SYSTEM statements
 * and the postgresql.conf snippet on stdout, then the files asked for.
 * @throws FailedPreconditionError naming the option when a file cannot be written.
 */
export async function printReport(doc: ReportDocument, options: PrintReportOptions): Promise<void> {
  options.stdout(`${renderTerminalTable(doc)}\n${renderAlterSystem(doc)}\n${renderPostgresqlConf(doc)}`);
  if (options.json) await writeReportFile(options.json, `${JSON.stringify(doc, null, 2)}\n`, options.stderr);
  if (options.html) await writeReportFile(options.html, renderHtml(doc), options.stderr);
}

async function writeReportFile(file: ReportFile, content: string, stderr: (text: string) => void): Promise<void> {
  try {
    await writeFile(file.path, content);
  } catch (err) {
    throw new FailedPreconditionError(`${file.option}: cannot write ${file.path}: ${errorMessage(err)}`, { cause: err });
  }
  stderr(`wrote ${file.path}`);
}
