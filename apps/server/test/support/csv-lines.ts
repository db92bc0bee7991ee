/** The lines of an exported CSV file: the byte-order mark and the last CRLF dropped, split at CRLF. */
export const linesOf = (body: string): string[] =>
  body
    .replace(/^\uFEFF/, '')
    .replace(/\r\n$/, '')
    .split('\r\n');
