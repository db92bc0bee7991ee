/**
 * CSV for the exports staff open in Excel or WPS (RFC 4180): a UTF-8 byte-order mark, without which Excel reads
 * Chinese text as GBK and shows mojibake; CRLF line ends; a cell quoted when it holds a comma, a quote or a line
 * break, its quotes doubled.
 *
 * A text cell that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return) gets a
 * leading apostrophe: names and opinions come from applicants, and `=HYPERLINK(…)` in a project name must stay text in
 * a clerk's spreadsheet (OWASP "CSV injection"). Numbers are written as numbers.
 */
import { shanghaiCivilDate } from '@yiwang/domain';
import type { FastifyReply } from 'fastify';
import { attachmentDisposition } from './content-disposition.ts';

export type CsvCell = string | number | null | undefined;

/** The language of an export's header and values (`lang`). */
export type ExportLanguage = 'zh-CN' | 'en';

/** A time as Beijing time (the platform's civil time, no daylight saving), `YYYY-MM-DD HH:mm`, as the pages show it. */
export function beijingMinute(iso: string | null): string {
  if (!iso) return '';
  return new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The whole file: the header row, then one line per row. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return BOM + [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

/**
 * Answers an export as a download named `<name>-<Beijing date>.csv` (ASCII and Chinese names), never cached, with the
 * rows exported and whether the list had more (`X-Export-Rows`, `X-Export-Truncated`).
 */
export function sendCsv(
  reply: FastifyReply,
  exported: { csv: string; rows: number; truncated: boolean },
  now: Date,
  name: { ascii: string; chinese: string },
) {
  const day = shanghaiCivilDate(now.getTime());
  return reply
    .type('text/csv; charset=utf-8')
    .header('cache-control', 'private, no-store')
    .header('x-export-rows', String(exported.rows))
    .header('x-export-truncated', String(exported.truncated))
    .header('content-disposition', attachmentDisposition(`${name.ascii}-${day}.csv`, `${name.chinese}-${day}.csv`))
    .send(exported.csv);
}
