import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv } from '../src/lib/csv.ts';
import { createTestApp, databaseFingerprint, type TestApp } from './test-app.ts';
import { linesOf } from './support/csv-lines.ts';

/** GET /api/projects/search/export: the staff search as a CSV file for Excel (project-export.service.ts). */

/** The file's lines without the byte-order mark, split on CRLF (no quoted line breaks in these rows). */

describe('CSV for spreadsheets', () => {
  it('starts with a BOM, ends lines with CRLF, quotes what needs it and keeps formulas as text', () => {
    const csv = toCsv(
      ['名称', '金额'],
      [
        ['甲,乙', 12.5],
        ['他说"好"', null],
        ['第一行\n第二行', 0],
        ['=HYPERLINK("http://evil")', -3],
        ['+86 123', undefined],
        ['-1', Number.NaN],
        ['@SUM(A1)', 1],
        ['\tcmd', 2],
      ],
    );
    expect(csv.startsWith('\uFEFF名称,金额\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      '名称,金额',
      '"甲,乙",12.5',
      '"他说""好""",',
      '"第一行\n第二行",0',
      `"'=HYPERLINK(""http://evil"")",-3`,
      "'+86 123,",
      "'-1,",
      "'@SUM(A1),1",
      "'\tcmd,2",
      '',
    ]);
  });
});

describe('project search export', () => {
  let t: TestApp;
  let supervisor = '';
  const CLONES = 10_050;
  const exportOf = (token: string, query: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/projects/search/export?${query}`,
      headers: { authorization: `Bearer ${token}` },
    });

  beforeAll(async () => {
    t = await createTestApp();
    supervisor = await t.login('supervisor'); // 温州市 (330300)
    // Filed copies of the demo filed project, enough to pass the 10,000 rows an export holds; one named like a formula.
    const columns = await t.ctx.db.execute<{ column_name: string }>(sql`
      SELECT column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = 'projects'
         AND column_name NOT IN ('id', 'name', 'status', 'code', 'created_at')`);
    const kept = columns.rows.map((c) => `"${c.column_name}"`).join(', ');
    await t.ctx.db.execute(
      sql.raw(`
      INSERT INTO projects (${kept}, name, status, code, created_at)
      SELECT ${kept}, CASE WHEN i = 1 THEN '=1+1 导出测试' ELSE name || ' #' || i END, 'filed',
             '9999-330300-04-01-' || lpad(i::text, 6, '0'),
             created_at - i * interval '1 minute'
        FROM projects, generate_series(1, ${CLONES}) AS i
       WHERE projects.id = (SELECT id FROM projects WHERE status = 'filed' AND region_code LIKE '3303%' LIMIT 1)`),
    );
    await t.ctx.db.execute(sql`ANALYZE projects`);
  }, 120_000);
  afterAll(async () => t?.close());

  it('exports what the search lists, in its order, and audits the export', async () => {
    const query = 'status=filed&code=9999-330300&sort=-createdAt';
    const search = await t.getOk<{ items: { code: string }[]; total: number }>(
      supervisor,
      `/api/projects/search?${query}&page=3&pageSize=100`,
    );
    const response = await exportOf(supervisor, query);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(String(response.headers['content-disposition'])).toMatch(/filename\*=UTF-8''%E9%A1%B9%E7%9B%AE/);
    expect(response.headers['x-export-rows']).toBe('10000');
    expect(response.headers['x-export-truncated']).toBe('true');
    expect(response.body.startsWith('\uFEFF项目代码,项目名称,项目单位,建设地点,办理方式,状态,总投资（万元）')).toBe(
      true,
    );
    const lines = linesOf(response.body);
    expect(lines).toHaveLength(1 + 10_000);
    // Rows 201–300 of the file are the search's page 3 of 100.
    expect(lines.slice(201, 301).map((line) => line.split(',')[0])).toEqual(search.items.map((p) => p.code));
    expect(lines[1]).toContain(',已备案,');
    const { rows } = await t.ctx.db.execute<{ n: string }>(
      sql`SELECT count(*) AS n FROM audit_events WHERE action = 'project.search_exported'`,
    );
    expect(Number(rows[0]!.n)).toBe(1);
    const [event] = (
      await t.ctx.db.execute<{ actor_username: string; after: { rows: number; truncated: boolean; filter: object } }>(
        sql`SELECT actor_username, after FROM audit_events WHERE action = 'project.search_exported'`,
      )
    ).rows;
    expect(event).toMatchObject({
      actor_username: 'supervisor',
      after: { rows: 10_000, truncated: true, filter: { status: 'filed', code: '9999-330300', sort: '-createdAt' } },
    });
  });

  it('keeps a formula-like name as text, and speaks English when asked', async () => {
    const zh = await exportOf(supervisor, 'code=9999-330300-04-01-000001&sort=name');
    const formula = linesOf(zh.body).find((line) => line.includes('导出测试'));
    expect(formula).toContain(",'=1+1 导出测试,");
    const en = await exportOf(supervisor, 'code=9999-330300-04-01-00000&lang=en');
    expect(en.statusCode).toBe(200);
    expect(linesOf(en.body)[0]).toBe(
      'Project code,Project name,Enterprise,Site,Procedure,Status,Total investment (10k CNY),Industry code,Flags,Registered,Filed',
    );
    expect(linesOf(en.body)[1]).toContain(',Filed,');
    expect(en.headers['x-export-truncated']).toBe('false');
  });

  it('exports only within the region the account covers', async () => {
    // A county's department (鹿城区, 330302) finds none of the city-level copies (330300).
    const county = await t.login('lucheng-fgw');
    const response = await exportOf(county, 'code=9999-330300');
    expect(response.statusCode).toBe(200);
    expect(linesOf(response.body)).toHaveLength(1);
    expect(response.headers['x-export-rows']).toBe('0');
  });

  it('refuses a bad filter with a field error, and stores nothing (no audit row)', async () => {
    const before = await databaseFingerprint(t.ctx);
    const response = await exportOf(supervisor, 'q=光');
    expect(response.statusCode).toBe(400);
    expect(response.json<{ fields: { field: string }[] }>().fields.map((f) => f.field)).toEqual(['q']);
    const unknown = await exportOf(supervisor, 'page=2');
    expect(unknown.statusCode).toBe(400);
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
  });
});
