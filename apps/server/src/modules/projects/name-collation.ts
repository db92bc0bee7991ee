import { sql } from 'drizzle-orm';
import { databaseIdentity, type Db } from '../../db/database.ts';

/**
 * The collation the staff search sorts project names in: Chinese (pinyin) order where the database has ICU's Chinese
 * collation, as a Chinese user expects a list sorted by 项目名称 (安徽… before 北京… before 杭州…) and as a spreadsheet sorts
 * it. The database's own collation (C.UTF-8 here) sorts by code point, which for 汉字 is radical-and-stroke order.
 * PostgreSQL built with ICU (Debian's is) has it; the embedded PGlite is built without ICU, so there names stay in
 * code-point order. Read once per database; the candidates are fixed names, so the one found may be put into SQL.
 */
const CANDIDATES = ['zh-Hans-x-icu', 'zh-x-icu'] as const;

const cache = new WeakMap<object, Promise<string | undefined>>();

export function chineseNameCollation(db: Db): Promise<string | undefined> {
  const key = databaseIdentity(db);
  let found = cache.get(key);
  if (!found) {
    found = db
      .execute<{ collname: string }>(
        sql`SELECT collname FROM pg_collation WHERE collname IN (${sql.join(
          CANDIDATES.map((c) => sql`${c}`),
          sql`, `,
        )}) AND collencoding IN (-1, pg_char_to_encoding(current_setting('server_encoding')))`,
      )
      .then((result) => CANDIDATES.find((c) => result.rows.some((r) => r.collname === c)));
    found.catch(() => cache.delete(key));
    cache.set(key, found);
  }
  return found;
}

/** `column COLLATE "…"` for a collation found by chineseNameCollation (a fixed name), else the column itself. */
export const collated = (column: unknown, collation: string | undefined) =>
  collation && (CANDIDATES as readonly string[]).includes(collation)
    ? sql`${column} COLLATE ${sql.raw(`"${collation}"`)}`
    : sql`${column}`;
