import type { AppContext } from '../../lib/app-context.ts';
import { toCsv, type CsvCell } from '../../lib/csv.ts';
import { runAuditedTransaction, type AuditContext, type AuditEntry } from './audit.service.ts';

/**
 * An export as a CSV file, after its audit row is committed: a bulk read of enterprises' data leaves a trace of who
 * read what (the entry, with `rows` and `truncated` added to its `after`), and nothing is handed out unless it did.
 */
export async function auditedCsvExport<T>(
  ctx: AppContext,
  audit: AuditContext,
  entry: AuditEntry & { after: Record<string, unknown> },
  file: { header: readonly string[]; items: readonly T[]; row: (item: T) => CsvCell[]; truncated: boolean },
): Promise<{ csv: string; rows: number; truncated: boolean }> {
  const rows = file.items.length;
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (_tx, recordAudit) => {
    await recordAudit({ ...entry, after: { ...entry.after, rows, truncated: file.truncated } });
  });
  return { csv: toCsv(file.header, file.items.map(file.row)), rows, truncated: file.truncated };
}
