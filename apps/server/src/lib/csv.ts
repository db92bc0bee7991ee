/**
 * CSV for the exports staff open in Excel or WPS (RFC 4180): a UTF-8 byte-order mark, without which Excel reads
 * Chinese text as GBK and shows mojibake; CRLF line ends; a cell quoted when it holds a comma, a quote or a line
 * break, its quotes doubled.
 *
 * A text cell that a spreadsheet would run as a formula (starting with =, +, -, @, a tab or a carriage return) gets a
 * leading apostrophe: names and opinions come from applicants, and `=HYPERLINK(…)` in a project name must stay text in
 * a clerk's spreadsheet (OWASP "CSV injection"). Numbers are written as numbers.
 */
export type CsvCell = string | number | null | undefined;

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
