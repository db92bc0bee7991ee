import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containsText } from '../src/lib/text-contains.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * The search boxes' test (issue 6: the staff search, the window's list, the user list): a caseless q is matched with LIKE,
 * which compares bytes, instead of ILIKE, which lower-cases every value it tests. The two must find the same names on
 * this database, for every q.
 */

const NAMES = [
  '温州数据中心项目',
  '数据中心二期（扩建）',
  '数据 中心 配套工程',
  '光伏电站 100% 并网',
  '年产_50万吨 光伏组件',
  'PV 组件厂房',
  'pv组件二期',
  'ＰＶ组件（全角）',
  'İSTANBUL 光伏',
  'ΣΊΣΥΦΟΣ 数据中心',
  '〇号地块 2026-A',
  'Ⅻ号楼',
];

const CASELESS = ['数据中心', '光伏', '二期', '100%', '_50', '（扩建）', '数据 中心', '2026-', '〇号', '号楼'];
const WITH_CASE = ['pv', 'PV', 'ＰＶ', 'ｐｖ', 'istanbul', 'σίσυφος', 'ⅻ', 'a'];

describe('containsText: LIKE for a caseless q, ILIKE otherwise (issue 6)', () => {
  let t: TestApp;
  const dialect = new PgDialect();
  const names = sql`(VALUES ${sql.join(
    NAMES.map((name) => sql`(${name}::text)`),
    sql`, `,
  )}) AS names(name)`;
  const matches = async (condition: ReturnType<typeof sql>) => {
    const result = await t.ctx.db.execute<{ name: string }>(
      sql`SELECT name FROM ${names} WHERE ${condition} ORDER BY name`,
    );
    return result.rows.map((row) => row.name);
  };

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('uses LIKE only when no character of q has a case', () => {
    const operator = (q: string) => dialect.sqlToQuery(containsText(sql`name`, q)).sql.split(' ')[1];
    for (const q of CASELESS) expect(operator(q), q).toBe('like');
    for (const q of WITH_CASE) expect(operator(q), q).toBe('ilike');
  });

  it('finds the same names as ILIKE, for every q', async () => {
    for (const q of [...CASELESS, ...WITH_CASE]) {
      const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
      const expected = await matches(sql`name ILIKE ${`%${escaped}%`}`);
      expect(await matches(containsText(sql`name`, q)), q).toEqual(expected);
    }
    // The checks above are not empty: the caseless queries find names, and case is ignored where q has it.
    expect(await matches(containsText(sql`name`, '数据中心'))).toHaveLength(3);
    expect(await matches(containsText(sql`name`, '100%'))).toEqual(['光伏电站 100% 并网']);
    expect(await matches(containsText(sql`name`, 'PV'))).toEqual(['PV 组件厂房', 'pv组件二期']);
  });
});
