import { ilike, like, type Column, type SQL } from 'drizzle-orm';

/** `value` with LIKE's wildcards and its escape character escaped, to be matched literally. */
export const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Characters no case mapping touches, in JavaScript or in PostgreSQL's lower() (libc or ICU): Han characters, decimal
 * digits, punctuation and spaces. Nearly every name searched for (数据中心, 光伏, 二期) is made of them only.
 */
const CASELESS_TEXT = /^[\p{Script=Han}\p{Nd}\p{P}\p{Zs}]+$/u;

/**
 * `column` contains `q`, case-insensitively: the search boxes' test (the staff search's names, the window's list, the
 * user list). ILIKE lower-cases every value it tests (PostgreSQL's Generic_Text_IC_like calls lower() on both sides in
 * a multi-byte encoding); LIKE compares the bytes: over 100,000 project names 0.7 against 0.2 µs a name (issue 6). For
 * a caseless q the two match the same values — lower-casing leaves q's characters as they are and maps no other
 * character onto them — so LIKE is used; a q with a letter keeps ILIKE.
 */
export const containsText = (column: Column | SQL, q: string): SQL =>
  (CASELESS_TEXT.test(q) ? like : ilike)(column, `%${escapeLike(q)}%`);
