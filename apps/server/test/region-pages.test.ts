import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findPublicFilings,
  indexedSearchPage,
  isShortPage,
  searchProjects,
  type ProjectSearchFilter,
  type SearchSort,
} from '../src/modules/projects/projects.repository.ts';
import { MAX_MERGED_REGIONS, planRegionPage } from '../src/modules/projects/region-page-plan.ts';
import { keptSearchPage, shortSearchPage } from '../src/modules/projects/short-search-page.ts';
import { searchFilter } from '../src/modules/projects/project-search.service.ts';
import { chineseNameCollation } from '../src/modules/projects/name-collation.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * A page of a region subtree in the order of registration: walked along the order with a budget, or merged from each
 * region's own projects (region-page-plan.ts; issue 6, eighteenth session).
 */
describe('region subtree pages', () => {
  const first = { limit: 20, offset: 0 };
  const city = ['330300', '330302', '330303', '330304', '330305', '330324', '330326', '330327'];

  describe('the plan', () => {
    const plan = (over: Partial<Parameters<typeof planRegionPage>[0]>) =>
      planRegionPage({ regionCodes: city, scopeShare: 0.125, sort: '-createdAt', page: first, q: undefined, ...over });

    it('walks a city’s first pages, passing at most four times the rows it should need (at least 1,000)', () => {
      expect(plan({})).toEqual({ kind: 'walk', budget: 1_000 }); // 20 / 0.125 = 160 expected
      expect(plan({ page: { limit: 20, offset: 40 } })).toEqual({ kind: 'walk', budget: 1_920 }); // 60 / 0.125 × 4
    });

    it('merges the regions when the walk would be long: a deep page, a small subtree', () => {
      expect(plan({ page: { limit: 20, offset: 180 } })).toEqual({ kind: 'merge' }); // 200 / 0.125 × 4 = 6,400
      expect(plan({ page: { limit: 20, offset: 980 } })).toEqual({ kind: 'merge' });
      expect(plan({ scopeShare: 0.02 })).toEqual({ kind: 'walk', budget: 4_000 }); // 20 / 0.02 × 4
      expect(plan({ scopeShare: 0.02, page: { limit: 20, offset: 20 } })).toEqual({ kind: 'merge' }); // 8,000
    });

    it('leaves the page to the planner for the province, one region, another sort, a name, or very many regions', () => {
      expect(plan({ regionCodes: 'all', scopeShare: 1 })).toBeUndefined();
      expect(plan({ regionCodes: ['330302'] })).toBeUndefined();
      expect(plan({ sort: '-totalInvestment' })).toBeUndefined();
      expect(plan({ q: '光伏' })).toBeUndefined();
      expect(plan({ sort: 'name', q: '光伏' })).toBeUndefined();
      const many = Array.from({ length: MAX_MERGED_REGIONS + 1 }, (_, i) => String(330000 + i));
      expect(plan({ regionCodes: many })).toBeUndefined();
      expect(plan({ sort: 'createdAt' })).toEqual({ kind: 'walk', budget: 1_000 });
    });

    it('merges a subtree sorted by name, whatever the page (no index holds the province in name order)', () => {
      expect(plan({ sort: 'name' })).toEqual({ kind: 'merge' });
      expect(plan({ sort: 'name', page: { limit: 20, offset: 980 } })).toEqual({ kind: 'merge' });
      expect(plan({ sort: 'name', regionCodes: ['330302'] })).toBeUndefined();
      expect(plan({ sort: 'name', regionCodes: 'all', scopeShare: 1 })).toBeUndefined();
      const many = Array.from({ length: MAX_MERGED_REGIONS + 1 }, (_, i) => String(330000 + i));
      expect(plan({ sort: 'name', regionCodes: many })).toEqual({ kind: 'merge' });
    });

    it('reads one region sorted by name as a short page (its index is in name order), not a subtree', () => {
      expect(isShortPage({ regionCodes: ['330302'] }, 'name', first)).toBe(true);
      expect(isShortPage({ regionCodes: city, regionPage: { kind: 'merge' } }, 'name', first)).toBe(false);
      expect(isShortPage({ regionCodes: 'all' }, 'name', first)).toBe(false);
    });

    it('does not read a merged page on the shared connections (it is planned afresh each time)', () => {
      expect(isShortPage({ regionCodes: city, regionPage: { kind: 'merge' } }, '-createdAt', first)).toBe(false);
      expect(isShortPage({ regionCodes: city, regionPage: { kind: 'walk', budget: 1_000 } }, '-createdAt', first)).toBe(
        true,
      );
    });
  });

  describe('the rows', () => {
    let t: TestApp;
    const regions = ['330302', '330304', '330354'];
    beforeAll(async () => {
      t = await createTestApp();
      // 300 projects spread over three regions and three statuses, then a batch of 150 of one region (330354)
      // registered after them all, at the newest end of the order: a walk of the other two regions passes it first.
      await t.ctx.db.execute(sql`
        INSERT INTO projects (enterprise_id, created_by, name, region_code, total_investment, industry_code, procedure,
                              status, flags, code, coded_at, filed_at, created_at)
        SELECT (SELECT id FROM enterprises ORDER BY created_at LIMIT 1), (SELECT id FROM users ORDER BY username LIMIT 1),
               '区划分页测试项目 ' || i,
               CASE WHEN i > 300 THEN '330354' ELSE (ARRAY['330302', '330304', '330354'])[i % 3 + 1] END,
               100 + (i * 37) % 300, 'C3491', (ARRAY['filing', 'ratification'])[i % 2 + 1],
               (ARRAY['filed', 'coded', 'filed', 'approved'])[i % 4 + 1],
               CASE WHEN i % 5 = 0 THEN ARRAY['provincialKey'] ELSE ARRAY[]::text[] END,
               '2612-330302-04-01-' || lpad((700000 + i)::text, 6, '0'), now(), now(),
               timestamptz '2026-03-01 08:00+08' + i * interval '1 hour'
          FROM generate_series(1, 450) AS i`);
    });
    afterAll(() => t.close());

    const twoRegions: ProjectSearchFilter = { regionCodes: ['330302', '330304'] };
    const cases: [string, ProjectSearchFilter, SearchSort, { limit: number; offset: number }][] = [
      ['two regions, newest first', twoRegions, '-createdAt', first],
      ['two regions + filed, page 3', { ...twoRegions, status: 'filed' }, '-createdAt', { limit: 20, offset: 40 }],
      ['three regions + procedure, oldest first', { regionCodes: regions, procedure: 'filing' }, 'createdAt', first],
      ['three regions, a deep page', { regionCodes: regions }, '-createdAt', { limit: 20, offset: 400 }],
      [
        'two regions + industry + investment',
        { ...twoRegions, industryCode: 'C34', investmentMin: 200 },
        '-createdAt',
        first,
      ],
      ['two regions, the last page (part full)', twoRegions, '-createdAt', { limit: 20, offset: 190 }],
      ['three regions + a flag', { regionCodes: regions, flag: 'provincialKey' }, '-createdAt', first],
    ];

    it.each(cases)('the walk, the merge and the planner’s statement agree: %s', async (_label, filter, sort, page) => {
      const plain = await indexedSearchPage(t.ctx.db, filter, sort, page);
      expect(plain.length).toBeGreaterThan(0);
      const merged = await indexedSearchPage(t.ctx.db, { ...filter, regionPage: { kind: 'merge' } }, sort, page);
      expect(merged).toEqual(plain);
      // A walk with room enough reads the same page; searchProjects gives it whatever the plan.
      const walk = { ...filter, regionPage: { kind: 'walk' as const, budget: 10_000 } };
      expect(await indexedSearchPage(t.ctx.db, walk, sort, page)).toEqual(plain);
      for (const regionPage of [undefined, { kind: 'merge' as const }, { kind: 'walk' as const, budget: 100 }]) {
        expect((await searchProjects(t.ctx.db, { ...filter, regionPage }, sort, page)).rows).toEqual(plain);
      }
    });

    it('is planned by the search service for a city, and not for a county or the province', async () => {
      const query = { page: 1, pageSize: 20, sort: '-createdAt' as const };
      const supervisor = { regionCode: '330000' };
      const plan = async (regionCode?: string, page = 1, pageSize = 20) =>
        (await searchFilter(t.ctx.db, supervisor, { ...query, regionCode, page, pageSize })).filter?.regionPage;
      expect((await plan('330300'))?.kind).toBe('walk');
      expect(await plan('330300', 100, 100)).toEqual({ kind: 'merge' }); // the 10,000th row: too far to walk
      expect(await plan('330304')).toBeUndefined();
      expect(await plan(undefined)).toBeUndefined();
    });

    it('reads a page again by the merge when the walk spends its budget on another region’s batch', async () => {
      const filter: ProjectSearchFilter = { ...twoRegions, status: 'filed' };
      const plain = await indexedSearchPage(t.ctx.db, filter, '-createdAt', first);
      expect(plain).toHaveLength(20);
      // The newest 150 rows (75 of them filed) are all 330354's: a walk of 50 filed rows finds none of this test's
      // projects of 330302 or 330304 (the demo's, registered today, may be newer still).
      const tight = { ...filter, regionPage: { kind: 'walk' as const, budget: 50 } };
      const walked = await indexedSearchPage(t.ctx.db, tight, '-createdAt', first);
      expect(walked.filter((row) => row.name.startsWith('区划分页测试项目'))).toEqual([]);
      expect(walked.length).toBeLessThan(20);
      const { rows, total } = await searchProjects(t.ctx.db, tight, '-createdAt', first);
      expect(rows).toEqual(plain);
      expect(total).toBe((await indexedSearchPage(t.ctx.db, filter, '-createdAt', { limit: 1_000, offset: 0 })).length);
    });

    it('lists 公示 of a region subtree merged from its regions, newest filing first, past another region’s batch', async () => {
      const expected = async (regionCodes: string[]) =>
        (
          await t.ctx.db.execute<{ code: string }>(sql`
            SELECT code FROM projects WHERE status = 'filed' AND region_code IN ${sql.raw(`('${regionCodes.join("','")}')`)}
             ORDER BY filed_at DESC, id`)
        ).rows.map((r) => r.code);
      for (const [codes, page] of [
        [['330302', '330304'], first],
        [['330302', '330304'], { limit: 20, offset: 60 }],
        [['330354'], { limit: 10, offset: 5 }],
        [regions, { limit: 50, offset: 100 }],
      ] as [string[], { limit: number; offset: number }][]) {
        const all = await expected(codes);
        const { rows, total } = await findPublicFilings(t.ctx.db, { regionCodes: codes }, page);
        expect(rows.map((r) => r.code)).toEqual(all.slice(page.offset, page.offset + page.limit));
        expect(total).toBe(all.length);
      }
    });

    it('keeps the walk’s and the merge’s statements per shape, the budget and the page’s end as values', async () => {
      const merge = { kind: 'merge' as const };
      const walk = (budget: number) => ({ kind: 'walk' as const, budget });
      for (const [filter, page] of [
        [{ ...twoRegions, status: 'filed', regionPage: walk(5_000) }, first],
        [
          { ...twoRegions, status: 'coded', regionPage: walk(1_000) },
          { limit: 10, offset: 10 },
        ],
        [{ regionCodes: ['330354', '330304'], regionPage: walk(120) }, first],
        [{ ...twoRegions, status: 'filed', regionPage: merge }, first],
        [
          { ...twoRegions, status: 'approved', regionPage: merge },
          { limit: 10, offset: 30 },
        ],
        // The same shape but for the flag, then with it: each its own rows.
        [{ regionCodes: regions, regionPage: merge }, first],
        [{ regionCodes: regions, flag: 'provincialKey', regionPage: merge }, first],
      ] as [ProjectSearchFilter, { limit: number; offset: number }][]) {
        const expected = await indexedSearchPage(t.ctx.db, filter, '-createdAt', page);
        expect(expected.length).toBeGreaterThan(0);
        expect(await keptSearchPage(t.ctx.db, filter, '-createdAt', page, { short: false })).toEqual(expected);
        if (filter.regionPage?.kind === 'walk') {
          expect(await shortSearchPage(t.ctx.db, filter, '-createdAt', page)).toEqual(expected);
        }
      }
    });

    it('merges a subtree sorted by name in the search’s collation (pinyin where there is ICU), as the planner sorts it', async () => {
      // Names whose pinyin order (安 an, 北 bei, 杭 hang, 温 wen) differs from their code points' (北 < 安 < 杭 < 温),
      // spread over the regions, so that a merge sorting in the wrong collation interleaves them otherwise.
      await t.ctx.db.execute(sql`
        INSERT INTO projects (enterprise_id, created_by, name, region_code, total_investment, industry_code, procedure,
                              status, flags, code, coded_at, filed_at, created_at)
        SELECT (SELECT id FROM enterprises ORDER BY created_at LIMIT 1), (SELECT id FROM users ORDER BY username LIMIT 1),
               (ARRAY['安', '北', '杭', '温'])[i % 4 + 1] || (ARRAY['江', '湖', '山'])[i % 3 + 1] || '排序项目 ' || i,
               (ARRAY['330302', '330304', '330354'])[i % 3 + 1], 100 + i, 'C3491', 'filing',
               (ARRAY['filed', 'coded'])[i % 2 + 1], ARRAY[]::text[],
               '2612-330302-04-01-' || lpad((800000 + i)::text, 6, '0'), now(), now(),
               timestamptz '2026-06-01 08:00+08' + i * interval '1 hour'
          FROM generate_series(1, 60) AS i`);
      const nameCollation = await chineseNameCollation(t.ctx.db);
      if (process.env.TEST_DB === 'postgres') expect(nameCollation).toBeDefined(); // Debian's PostgreSQL has ICU
      const merge = { kind: 'merge' as const };
      for (const [filter, page] of [
        [{ ...twoRegions, nameCollation }, first],
        [
          { regionCodes: regions, nameCollation, status: 'filed' },
          { limit: 20, offset: 40 },
        ],
        [
          { regionCodes: regions, nameCollation },
          { limit: 50, offset: 450 },
        ],
      ] as [ProjectSearchFilter, { limit: number; offset: number }][]) {
        const plain = await indexedSearchPage(t.ctx.db, filter, 'name', page);
        expect(plain.length).toBeGreaterThan(0);
        expect(await indexedSearchPage(t.ctx.db, { ...filter, regionPage: merge }, 'name', page)).toEqual(plain);
        expect(
          await keptSearchPage(t.ctx.db, { ...filter, regionPage: merge }, 'name', page, { short: false }),
        ).toEqual(plain);
        expect((await searchProjects(t.ctx.db, { ...filter, regionPage: merge }, 'name', page)).rows).toEqual(plain);
      }
      // One region sorted by name: a short page, read off projects_search_region_name_idx.
      const county: ProjectSearchFilter = { regionCodes: ['330304'], nameCollation };
      const plain = await indexedSearchPage(t.ctx.db, county, 'name', first);
      expect(plain.some((row) => row.name.includes('排序项目'))).toBe(true);
      // In pinyin 安 comes first; in code points (PGlite, no ICU) 北 does.
      expect(plain[0]!.name[0]).toBe(nameCollation ? '安' : '北');
      expect(await shortSearchPage(t.ctx.db, county, 'name', first)).toEqual(plain);
      // The search service plans it so.
      const plan = async (regionCode: string) =>
        (await searchFilter(t.ctx.db, { regionCode: '330000' }, { page: 1, pageSize: 20, sort: 'name', regionCode }))
          .filter?.regionPage;
      expect(await plan('330300')).toEqual(merge);
      expect(await plan('330304')).toBeUndefined();
      // The province by name is merged from every region too (no index holds it in name order).
      const province = await searchFilter(t.ctx.db, { regionCode: '330000' }, { page: 1, pageSize: 20, sort: 'name' });
      expect(province.filter?.regionPage).toEqual(merge);
      expect(province.filter?.regionCodes).toHaveLength(province.regions.size);
      const everything: ProjectSearchFilter = { regionCodes: 'all', nameCollation };
      for (const page of [first, { limit: 50, offset: 100 }]) {
        const sorted = await indexedSearchPage(t.ctx.db, everything, 'name', page);
        expect((await searchProjects(t.ctx.db, province.filter!, 'name', page)).rows).toEqual(sorted);
      }
    });
  });
});
