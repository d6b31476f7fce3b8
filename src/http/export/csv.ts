/**
 * CSV as RFC 4180 describes it, for spreadsheets:
 * - separated by semicolons: Excel in a Dutch locale (decimal comma) splits a file only on its
 *   list separator, the semicolon, and would show a comma-separated file as one column;
 *   LibreOffice and programs (pandas `sep=';'`, R `read.csv2`) read it as well;
 * - UTF-8 with a byte-order mark, without which Excel reads the file as Windows-1252 and
 *   garbles "€" and accented letters;
 * - lines end in CRLF; a field with a separator, a quote or a line break is quoted, quotes doubled;
 * - a field that a spreadsheet would run as a formula (starting with = + - @, a tab or a CR)
 *   is defused with a leading apostrophe (OWASP "CSV injection").
 */
export const CSV_SEPARATOR = ';';
const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[;"\r\n]/;

/** One field, made safe and quoted where needed. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The whole file: a header line and the rows, every row as long as the header. */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): Buffer {
  const lines = [header, ...rows].map((fields) => fields.map(csvField).join(CSV_SEPARATOR));
  return Buffer.from(BOM + lines.join('\r\n') + '\r\n', 'utf8');
}
