import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { regionSnapshot } from '../src/modules/organisations/organisations.service.ts';
import { planNameMatch, queryGrams, readNameGramStats } from '../src/modules/projects/name-match-plan.ts';
import { chineseNameCollation } from '../src/modules/projects/name-collation.ts';
import * as repo from '../src/modules/projects/projects.repository.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * Issue 6: staff search over many projects. The region subtree is a list of codes (checked here against the old
 * `regions.path` join), the total is capped at 10,000 with `totalIsLowerBound`, pages end at the 10,000th result, and
 * `q` needs two characters (names are found through projects_name_bigram_idx, migrations 0012 and 0014).
 */

interface SearchBody {
  items: { id: string; name: string; regionCode: string; regionName: string }[];
  total: number;
  totalIsLowerBound: boolean;
}
interface FieldErrorBody {
  code: string;
  fields?: { field: string; message: string; messageEn: string }[];
}

const REGIONS = ['330000', '330300', '330302', '330304', '330354'];
const PROJECTS = 11_500;

describe('project search at scale (issue 6)', () => {
  let t: TestApp;
  let windowToken = '';
  const auth = () => ({ authorization: `Bearer ${windowToken}` });
  const get = (query: string) => t.app.inject({ method: 'GET', url: `/api/projects/search?${query}`, headers: auth() });
  const search = async (query: string) => {
    const response = await get(query);
    expect(response.statusCode, response.body).toBe(200);
    return response.json<SearchBody>();
  };
  /** The old search, independently: non-draft projects whose region's path lies under `path`, newest first. */
  const expected = async (path: string, extra = sql`TRUE`) => {
    const result = await t.ctx.db.execute<{ id: string }>(sql`
      SELECT p.id FROM projects p JOIN regions r ON r.code = p.region_code
       WHERE p.status <> 'draft' AND (r.path = ${path} OR r.path LIKE ${`${path}/%`}) AND ${extra}
       ORDER BY p.created_at DESC, p.id`);
    return result.rows.map((r) => r.id);
  };

  beforeAll(async () => {
    t = await createTestApp();
    windowToken = await t.login('window'); // 温州市 (330300) 综合窗口
    // Many filed projects straight into the table (the API would take minutes): every 7th is a 光伏 project, every
    // 11th a "PV" one (case), every 17th holds every pair of 光伏电站 but not the word, every 13th a draft; regions round-robin, including the province, outside the scope.
    await t.ctx.db.execute(sql`
      INSERT INTO projects (enterprise_id, created_by, name, region_code, total_investment, industry_code, procedure,
                            status, code, coded_at, filed_at, created_at)
      SELECT (SELECT id FROM enterprises ORDER BY created_at LIMIT 1), (SELECT id FROM users ORDER BY username LIMIT 1),
             CASE WHEN i % 7 = 0 THEN '规模测试光伏电站项目 ' || i WHEN i % 11 = 0 THEN '规模测试 PV 组件项目 ' || i
                  WHEN i % 17 = 0 THEN '规模测试电站光伏伏电项目 ' || i ELSE '规模测试厂房项目 ' || i END,
             (${sql.raw(`ARRAY[${REGIONS.map((r) => `'${r}'`).join(',')}]`)})[i % ${REGIONS.length} + 1],
             100 + i, 'C3491', 'filing',
             CASE WHEN i % 13 = 0 THEN 'draft' ELSE 'filed' END,
             CASE WHEN i % 13 = 0 THEN NULL ELSE 'SCALE-' || lpad(i::text, 6, '0') END,
             timestamptz '2026-01-01T00:00:00Z' + i * interval '1 minute',
             timestamptz '2026-01-01T00:00:00Z' + i * interval '1 minute',
             timestamptz '2026-01-01T00:00:00Z' + i * interval '1 minute'
        FROM generate_series(1, ${PROJECTS}) AS i`);
  }, 120_000);
  afterAll(async () => t?.close());

  it('filters a region subtree to the same projects as the path join, with region names', async () => {
    for (const code of ['330302', '330304', '330354']) {
      const body = await search(`regionCode=${code}&pageSize=100`);
      const ids = await expected(`330000/330300/${code}`);
      expect(body.total).toBe(ids.length);
      expect(body.totalIsLowerBound).toBe(false);
      expect(body.items.map((i) => i.id)).toEqual(ids.slice(0, 100));
      expect(new Set(body.items.map((i) => i.regionCode))).toEqual(new Set([code]));
      expect(body.items[0]!.regionName).toBeTruthy();
    }
    // The city itself: its own projects and its counties' (the province's are outside the window's scope).
    const city = await expected('330000/330300');
    const first = await search('pageSize=100');
    expect(first.items.map((i) => i.id)).toEqual(city.slice(0, 100));
    const last = await search(`pageSize=100&page=${Math.min(100, Math.ceil(city.length / 100))}`);
    const lastPage = Math.min(100, Math.ceil(city.length / 100));
    expect(last.items.map((i) => i.id)).toEqual(city.slice((lastPage - 1) * 100, lastPage * 100));
    expect((await search('regionCode=330000')).items.every((i) => i.regionCode !== '330000')).toBe(true);
    // With a status filter: the same, exactly counted.
    const filedInOuhai = await expected('330000/330300/330304', sql`p.status = 'filed'`);
    expect((await search('regionCode=330304&status=filed')).total).toBe(filedInOuhai.length);
  });

  it('counts up to 10,000 and then says the total is a lower bound', async () => {
    const inScope = (await expected('330000/330300')).length;
    expect(inScope).toBeGreaterThan(7_000); // 4 of the 5 regions, minus drafts
    const all = await search('');
    expect(all.total).toBe(inScope <= 10_000 ? inScope : 10_000);
    expect(all.totalIsLowerBound).toBe(inScope > 10_000);
    // A provincial searcher sees every region: more than 10,000 matches.
    await t.ctx.db.execute(sql`UPDATE users SET region_code = '330000' WHERE username = 'supervisor'`);
    const supervisor = await t.login('supervisor');
    const everything = await t.app.inject({
      method: 'GET',
      url: '/api/projects/search',
      headers: { authorization: `Bearer ${supervisor}` },
    });
    expect(everything.statusCode, everything.body).toBe(200);
    const body = everything.json<SearchBody>();
    expect((await expected('330000')).length).toBeGreaterThan(10_000);
    expect(body).toMatchObject({ total: 10_000, totalIsLowerBound: true });
    expect(body.items).toHaveLength(20);
    await t.ctx.db.execute(sql`UPDATE users SET region_code = '330300' WHERE username = 'supervisor'`);
    // A page that is not full tells the exact total, also past the first page.
    const county = (await expected('330000/330300/330354')).length;
    const tail = await search(`regionCode=330354&pageSize=100&page=${Math.ceil(county / 100)}`);
    expect(tail).toMatchObject({ total: county, totalIsLowerBound: false });
    // A page past the end still answers the (counted) total.
    const beyond = await search(`regionCode=330354&pageSize=100&page=${Math.ceil(county / 100) + 1}`);
    expect(beyond).toMatchObject({ items: [], total: county, totalIsLowerBound: false });
  });

  it('refuses pages past the 10,000th result with a field error on page, in both languages', async () => {
    expect((await search('page=500&pageSize=20')).items.length).toBeGreaterThanOrEqual(0);
    expect((await get('page=100&pageSize=100')).statusCode).toBe(200);
    for (const query of ['page=501&pageSize=20', 'page=101&pageSize=100', 'page=10001&pageSize=1']) {
      const response = await get(query);
      expect(response.statusCode, query).toBe(400);
      const body = response.json<FieldErrorBody>();
      const field = body.fields?.find((f) => f.field === 'page');
      expect(field?.message).toContain('缩小检索条件');
      expect(field?.messageEn).toContain('narrow the filters');
    }
  });

  it('needs two characters of q and finds two-character names through the bigram index', async () => {
    for (const q of ['光', ' 伏 ', 'P']) {
      const response = await get(`q=${encodeURIComponent(q)}`);
      expect(response.statusCode, q).toBe(400);
      const field = response.json<FieldErrorBody>().fields?.find((f) => f.field === 'q');
      expect(field?.message).toContain('2 个字');
      expect(field?.messageEn).toContain('2 characters');
    }
    const solar = await expected('330000/330300/330302', sql`p.name ILIKE '%光伏%'`);
    const found = await search(`q=${encodeURIComponent('光伏')}&regionCode=330302&pageSize=100`);
    expect(solar.length).toBeGreaterThan(100);
    expect(found.total).toBe(solar.length);
    expect(found.items.map((i) => i.id)).toEqual(solar.slice(0, 100));
    // Case-insensitive like the ILIKE it replaces.
    const pv = await expected('330000/330300', sql`p.name ILIKE '%pv%'`);
    expect((await search(`q=pv&pageSize=100`)).total).toBe(pv.length);
    expect((await search(`q=Pv&pageSize=100`)).total).toBe(pv.length);
    // Three characters and more: the same index finds names holding every pair, ILIKE keeps those with them in order
    // (电站光伏伏电 holds 光伏, 伏电 and 电站 but is no match for 光伏电站).
    for (const q of ['光伏电', '电站', '光伏电站', '伏电站']) {
      const matches = await expected('330000/330300', sql`p.name ILIKE ${`%${q}%`}`);
      expect(matches.length, q).toBeGreaterThan(0);
      expect((await search(`q=${encodeURIComponent(q)}&pageSize=100`)).total, q).toBe(matches.length);
    }
    const pairsOnly = await expected('330000/330300', sql`p.name LIKE '%电站光伏伏电%'`);
    expect(pairsOnly.length).toBeGreaterThan(0);
    const exact = await search(`q=${encodeURIComponent('光伏电站')}&pageSize=100`);
    expect(exact.items.some((i) => pairsOnly.includes(i.id))).toBe(false);
    // The planner can use the bigram index (on PGlite too, where migration 0012 created it) for q of any length.
    for (const q of ['光伏', '光伏电站']) {
      const plan = await t.ctx.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL enable_seqscan = off`);
        return tx.execute<Record<string, string>>(
          sql`EXPLAIN SELECT id FROM projects WHERE project_name_bigrams(name) @> project_name_bigrams(${q})`,
        );
      });
      expect(JSON.stringify(plan.rows), q).toContain('projects_name_bigram_idx');
    }
  });

  it('forms the pairs of a name as the search expects (project_name_bigrams, migration 0019)', async () => {
    // The PL/pgSQL loop keeps repeats and does not sort; as a set (what GIN stores and `@>` tests) it must be the pairs
    // of the lower-cased name, and the pairs queryGrams gives for a phrase must be among them.
    const cases: [string | null, string[] | null][] = [
      [null, null],
      ['', []],
      ['光', []],
      ['光伏', ['光伏']],
      ['光伏光伏电站', ['伏光', '伏电', '光伏', '电站']],
      ['PV 组件 pv', [' p', ' 组', 'pv', 'v ', '件 ', '组件']],
    ];
    for (const [name, pairs] of cases) {
      const result = await t.ctx.db.execute<{ pairs: string[] | null }>(
        sql`SELECT project_name_bigrams(${name}::text) AS pairs`,
      );
      const formed = result.rows[0]!.pairs;
      expect(formed === null ? null : [...new Set(formed)].sort(), String(name)).toEqual(pairs && [...pairs].sort());
      if (name) for (const gram of queryGrams(name)) expect(formed, `${name}: ${gram}`).toContain(gram);
    }
  });

  it('finds the same page whether it walks the order or asks the bigram index, and walks common phrases', async () => {
    const snapshot = await regionSnapshot(t.ctx.db, []);
    const wenzhou = snapshot.subtree('330000/330300');
    const page = (offset: number) => ({ limit: 20, offset });
    const viaIndex = { kind: 'grams', grams: 'all' } as const;
    // The walk falls back to (and is counted through) q's own pairs, as planNameMatch gives them: the count by the
    // first pair alone (countedThroughIndex) must agree with the count by all of them.
    const walk = (budget: number, q: string) =>
      ({ kind: 'walk', budget, fallback: { kind: 'grams', grams: queryGrams(q) } }) as const;
    const cases: [string, readonly string[] | 'all', repo.SearchSort, number][] = [
      ['光伏', 'all', '-createdAt', 0],
      ['光伏', wenzhou, 'name', 40],
      ['光伏电站', wenzhou, '-createdAt', 20],
      ['pv', 'all', 'createdAt', 0],
      ['电站光伏伏电', 'all', '-totalInvestment', 0],
    ];
    for (const [q, regionCodes, sort, offset] of cases) {
      const label = `${q} ${sort} ${offset}`;
      const byIndex = await repo.searchProjects(t.ctx.db, { regionCodes, q, nameMatch: viaIndex }, sort, page(offset));
      expect(byIndex.rows.length, label).toBeGreaterThan(0);
      // A walk with room fills the page itself; one that passes its budget first falls back to the index.
      for (const budget of [20_000, 30]) {
        const walked = await repo.searchProjects(
          t.ctx.db,
          { regionCodes, q, nameMatch: walk(budget, q) },
          sort,
          page(offset),
        );
        expect(
          walked.rows.map((r) => r.id),
          `${label} budget ${budget}`,
        ).toEqual(byIndex.rows.map((r) => r.id));
        expect(walked.total, label).toBe(byIndex.total);
      }
    }
    // The walk's statement on its own stops at its budget: 30 rows hold fewer than 20 光伏 projects (every 7th).
    const short = await repo.searchPageQuery(
      t.ctx.db,
      { regionCodes: 'all', q: '光伏', nameMatch: walk(30, '光伏') },
      '-createdAt',
      page(0),
    );
    expect(short.length).toBeLessThan(20);
    // With statistics, 规模测试 (in every name) is walked and a pair no name holds goes to the index.
    await t.ctx.db.execute(sql`ANALYZE projects`);
    const stats = await readNameGramStats(t.ctx.db);
    expect(stats?.frequencies.get('规模')).toBeGreaterThan(0.9);
    expect(planNameMatch('规模测试', stats, page(0), 1).kind).toBe('walk');
    expect(planNameMatch('不存在', stats, page(0), 1)).toEqual({ kind: 'grams', grams: ['不存', '存在'] });
  });

  it('sorts names in pinyin order where the database has ICU (PostgreSQL), in code-point order without (PGlite)', async () => {
    const places = ['上海', '北京', '杭州', '安徽'];
    await t.ctx.db.execute(sql`
      INSERT INTO projects (enterprise_id, created_by, name, region_code, industry_code, procedure, status, code,
                            coded_at, filed_at)
      SELECT (SELECT id FROM enterprises ORDER BY created_at LIMIT 1), (SELECT id FROM users ORDER BY username LIMIT 1),
             '排序测试' || place, '330302', 'C3491', 'filing', 'filed', 'SORT-' || place, now(), now()
        FROM unnest(${sql.raw(`ARRAY[${places.map((p) => `'${p}'`).join(',')}]`)}::text[]) AS place`);
    const collation = await chineseNameCollation(t.ctx.db);
    if (t.ctx.database.kind === 'postgresql') expect(collation).toBeDefined(); // Debian's PostgreSQL is built with ICU
    const sorted = (await search(`q=${encodeURIComponent('排序测试')}&sort=name`)).items.map((i) => i.name);
    const pinyin = ['安徽', '北京', '杭州', '上海']; // an-hui, bei-jing, hang-zhou, shang-hai
    const codePoints = ['上海', '北京', '安徽', '杭州']; // U+4E0A, U+5317, U+5B89, U+676D
    expect(sorted).toEqual((collation ? pinyin : codePoints).map((p) => `排序测试${p}`));
  });

  it('reuses a total for the same filters for SEARCH_COUNT_CACHE_SECONDS, and counts afresh with 0', async () => {
    const config = t.ctx.config as { searchCountCacheSeconds: number };
    expect(config.searchCountCacheSeconds).toBe(30); // the default
    const filter = 'regionCode=330302&industryCode=C349';
    const before = await search(filter);
    expect(before.total).toBe((await expected('330000/330300/330302')).length);
    expect(before.total).toBeGreaterThan(before.items.length); // a full page: the total was counted
    // Three more matches appear; the pages show them at once, the total follows after the cache time.
    await t.ctx.db.execute(sql`
      INSERT INTO projects (enterprise_id, created_by, name, region_code, industry_code, procedure, status, code,
                            coded_at, filed_at, created_at)
      SELECT (SELECT id FROM enterprises ORDER BY created_at LIMIT 1), (SELECT id FROM users ORDER BY username LIMIT 1),
             '计数缓存测试项目 ' || i, '330302', 'C3491', 'filing', 'filed', 'COUNT-' || i, now(), now(),
             timestamptz '2027-01-01T00:00:00Z' + i * interval '1 minute'
        FROM generate_series(1, 3) AS i`);
    const cached = await search(filter);
    expect(cached.items[0]!.name).toBe('计数缓存测试项目 3');
    expect(cached.total).toBe(before.total);
    expect((await search(`${filter}&page=2`)).total).toBe(before.total);
    config.searchCountCacheSeconds = 0;
    try {
      expect((await search(filter)).total).toBe(before.total + 3);
    } finally {
      config.searchCountCacheSeconds = 30;
    }
  });

  it('lists 公示 by region subtree with a capped total and a page limit, newest filing first', async () => {
    const publicGet = (query: string) => t.app.inject({ method: 'GET', url: `/api/public/filings?${query}` });
    const filed = async (path: string) =>
      (
        await t.ctx.db.execute<{ code: string }>(sql`
          SELECT p.code FROM projects p JOIN regions r ON r.code = p.region_code
           WHERE p.status = 'filed' AND (r.path = ${path} OR r.path LIKE ${`${path}/%`})
           ORDER BY p.filed_at DESC, p.id`)
      ).rows.map((r) => r.code);
    const everywhere = await filed('330000');
    expect(everywhere.length).toBeGreaterThan(10_000);
    const all = await publicGet('pageSize=100');
    expect(all.statusCode, all.body).toBe(200);
    const allBody = all.json<{ items: { code: string }[]; total: number; totalIsLowerBound: boolean }>();
    expect([allBody.total, allBody.totalIsLowerBound]).toEqual([10_000, true]);
    expect(allBody.items.map((i) => i.code)).toEqual(everywhere.slice(0, 100));
    const ouhai = await filed('330000/330300/330304');
    const county = await publicGet('regionCode=330304&pageSize=100&page=2');
    const countyBody = county.json<{ items: { code: string; regionName: string }[]; total: number }>();
    expect(countyBody.total).toBe(ouhai.length);
    expect(countyBody.items.map((i) => i.code)).toEqual(ouhai.slice(100, 200));
    expect(countyBody.items[0]!.regionName).toBeTruthy();
    // A city: its regions' lists merged (findPublicFilings), the same rows in the same order.
    const wenzhou = await filed('330000/330300');
    const cityPage = await publicGet('regionCode=330300&pageSize=50&page=3');
    const cityBody = cityPage.json<{ items: { code: string }[]; total: number }>();
    expect(cityBody.items.map((i) => i.code)).toEqual(wenzhou.slice(100, 150));
    expect(cityBody.total).toBe(Math.min(wenzhou.length, 10_000));
    const deep = await publicGet('pageSize=100&page=101');
    expect(deep.statusCode).toBe(400);
    expect(deep.json<FieldErrorBody>().fields?.map((f) => f.field)).toEqual(['page']);
  });

  it('re-reads the region snapshot at most once for a burst of unknown region codes (bad input)', async () => {
    const before = t.ctx.database.statementCount();
    for (const code of ['999991', '999992', '999993', '999994', '999995']) {
      expect((await regionSnapshot(t.ctx.db, [code])).byCode.has(code)).toBe(false);
    }
    // One full read of the regions at most (the snapshot may have been older than the TTL), not one per unknown code.
    expect(t.ctx.database.statementCount() - before).toBeLessThanOrEqual(1);
  });

  it('finds a project in a region created a moment ago', async () => {
    const sysAdmin = await t.login('sysAdmin');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/regions',
      headers: { authorization: `Bearer ${sysAdmin}` },
      payload: { code: '330355', name: '规模测试新区', parentCode: '330300', level: 'zone' },
    });
    expect(created.statusCode, created.body).toBe(201);
    await t.ctx.db.execute(sql`
      UPDATE projects SET region_code = '330355' WHERE code = 'SCALE-000001'`);
    const body = await search('regionCode=330355');
    expect(body.items.map((i) => i.name)).toEqual(['规模测试厂房项目 1']);
    expect(body.items[0]!.regionName).toBe('规模测试新区');
  });
});
