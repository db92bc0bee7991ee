import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/env.ts';
import {
  indexedSearchPage,
  isShortPage,
  type ProjectSearchFilter,
  type SearchSort,
} from '../src/modules/projects/projects.repository.ts';
import { shortSearchPage } from '../src/modules/projects/short-search-page.ts';
import { spyOnSends } from './support/socket-sends.ts';
import { createTestApp, testDatabaseKind, type TestApp } from './test-app.ts';

/**
 * The lists' short pages on PostgreSQL run on a few shared pipelined connections (db/page-reads.ts,
 * db/shared-connection-spread.ts; issue 6, fourteenth session).
 */
describe('short list pages on shared connections', () => {
  it('DATABASE_SHARED_PAGE_CONNECTIONS is 2 by default, 0 on request, refused when not 0–16', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).databaseSharedPageConnections).toBe(2);
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_SHARED_PAGE_CONNECTIONS: '0' }).databaseSharedPageConnections).toBe(
      0,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', DATABASE_SHARED_PAGE_CONNECTIONS: '17' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', DATABASE_SHARED_PAGE_CONNECTIONS: 'two' })).toThrow(ConfigError);
  });

  it('counts as short only a page read off an index in order near the start of the list', () => {
    const all: ProjectSearchFilter = { regionCodes: 'all' };
    const first = { limit: 20, offset: 0 };
    expect(isShortPage(all, '-createdAt', first)).toBe(true);
    expect(isShortPage({ regionCodes: ['330300'], status: 'filed' }, '-createdAt', first)).toBe(true);
    expect(isShortPage({ ...all, industryCode: 'C', investmentMin: 1000 }, '-totalInvestment', first)).toBe(true);
    expect(isShortPage(all, '-createdAt', { limit: 20, offset: 180 })).toBe(true); // page 10 ends at row 200
    expect(isShortPage(all, '-createdAt', { limit: 20, offset: 200 })).toBe(false); // page 11
    expect(isShortPage(all, '-createdAt', { limit: 100, offset: 100 })).toBe(true);
    expect(isShortPage(all, '-createdAt', { limit: 100, offset: 200 })).toBe(false);
    expect(isShortPage({ ...all, q: '光伏' }, '-createdAt', first)).toBe(false);
    expect(isShortPage({ ...all, flag: 'provincialKey' }, '-createdAt', first)).toBe(false);
    expect(isShortPage(all, 'name', first)).toBe(false);
  });

  describe('the kept statement of a short page (short-search-page.ts)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
      // 240 projects over three regions and three statuses, investments and industries in other orders than their age.
      await t.ctx.db.execute(sql`
        INSERT INTO projects (enterprise_id, created_by, name, region_code, total_investment, industry_code, procedure,
                              status, code, coded_at, filed_at, created_at)
        SELECT (SELECT id FROM enterprises ORDER BY created_at LIMIT 1), (SELECT id FROM users ORDER BY username LIMIT 1),
               '保留语句测试项目 ' || i, (ARRAY['330302', '330304', '330354'])[i % 3 + 1], 100 + (i * 37) % 300,
               (ARRAY['C3491', 'D4411', 'C2929', 'D4420', 'C3011'])[i % 5 + 1], (ARRAY['filing', 'ratification'])[i % 2 + 1],
               (ARRAY['filed', 'coded', 'filed', 'approved'])[i % 4 + 1],
               '2611-330302-04-01-' || lpad((800000 + i)::text, 6, '0'), now(), now(),
               timestamptz '2026-02-01 08:00+08' + i * interval '1 hour'
          FROM generate_series(1, 240) AS i`);
    });
    afterAll(() => t.close());

    const at = (iso: string) => new Date(iso);
    const cases: [string, ProjectSearchFilter, SearchSort, { limit: number; offset: number }][] = [
      ['everything, newest first', { regionCodes: 'all' }, '-createdAt', { limit: 20, offset: 0 }],
      [
        'three regions + filed',
        { regionCodes: ['330302', '330304', '330354'], status: 'filed' },
        '-createdAt',
        { limit: 20, offset: 20 },
      ],
      [
        'the same shape, other values',
        { regionCodes: ['330304', '330354', '330302'], status: 'coded' },
        '-createdAt',
        { limit: 10, offset: 0 },
      ],
      [
        'one region + industry prefix + investment, largest first',
        { regionCodes: ['330304'], industryCode: 'C', investmentMin: 150, investmentMax: 350.5 },
        '-totalInvestment',
        { limit: 20, offset: 0 },
      ],
      [
        'the same shape, other values',
        { regionCodes: ['330354'], industryCode: 'D44', investmentMin: 100, investmentMax: 399 },
        '-totalInvestment',
        { limit: 20, offset: 0 },
      ],
      [
        'procedure + dates, oldest first',
        {
          regionCodes: 'all',
          procedure: 'ratification',
          createdFrom: at('2026-02-03T00:00:00+08:00'),
          createdBefore: at('2026-02-08T00:00:00+08:00'),
        },
        'createdAt',
        { limit: 20, offset: 40 },
      ],
      [
        'code prefix',
        { regionCodes: 'all', code: '2611-330302-04-01-8001' },
        'totalInvestment',
        { limit: 100, offset: 0 },
      ],
    ];
    it.each(cases)('reads the rows drizzle reads: %s', async (_label, filter, sort, page) => {
      const expected = await indexedSearchPage(t.ctx.db, filter, sort, page);
      expect(expected.length).toBeGreaterThan(0);
      expect(await shortSearchPage(t.ctx.db, filter, sort, page)).toEqual(expected);
    });

    it('answers an empty page as empty', async () => {
      const filter: ProjectSearchFilter = { regionCodes: ['330304'], status: 'voided' };
      expect(await shortSearchPage(t.ctx.db, filter, '-createdAt', { limit: 20, offset: 0 })).toEqual([]);
    });
  });

  describe.skipIf(testDatabaseKind !== 'postgresql')('on PostgreSQL', () => {
    let t: TestApp;
    let token = '';
    const search = (query: string) =>
      t.getOk<{ items: { id: string }[]; total: number }>(token, `/api/projects/search?${query}`);
    const spread = () => t.ctx.database.shortPagePool!;

    beforeAll(async () => {
      t = await createTestApp();
      token = await t.login('window'); // 温州市 (330300)
      // 300 filed projects in the window's city, one minute apart, investments in another order than their age.
      await t.ctx.db.execute(sql`
        INSERT INTO projects (enterprise_id, created_by, name, region_code, total_investment, industry_code, procedure,
                              status, code, coded_at, filed_at, created_at)
        SELECT (SELECT id FROM enterprises ORDER BY created_at LIMIT 1), (SELECT id FROM users ORDER BY username LIMIT 1),
               '短页测试厂房项目 ' || i, '330302', 100 + (i * 37) % 300, 'C3491', 'filing', 'filed',
               '2611-330302-04-01-' || lpad((900000 + i)::text, 6, '0'), now(), now(),
               timestamptz '2026-01-01 08:00+08' + i * interval '1 minute'
          FROM generate_series(1, 300) AS i`);
    });
    afterAll(() => t.close());

    it('reads short pages (search, 公示) on the shared connections, a name search and a deep page on the pool', async () => {
      await search('sort=-createdAt'); // the connections are open
      const spies = await Promise.all(spread().connections.map((connection) => spyOnSends(connection)));
      const sends = () => spies.reduce((sum, spy) => sum + spy.sends(), 0);
      try {
        const short = await search('sort=-createdAt&pageSize=20');
        expect(short.items).toHaveLength(20);
        expect(sends()).toBe(1);
        const byName = await search('q=短页测试&pageSize=20');
        expect(byName.items).toHaveLength(20);
        expect(sends()).toBe(1); // unchanged: the name search went to the pool
        // 公示: the province's first pages are short; page 11 (rows 201–220) is read on the pool.
        const filings = (query: string) => t.app.inject({ method: 'GET', url: `/api/public/filings?${query}` });
        const first = await filings('page=1');
        expect(first.statusCode, first.body).toBe(200);
        expect(sends()).toBe(2);
        const deep = await filings('page=11');
        expect(deep.statusCode, deep.body).toBe(200);
        expect(deep.json<{ items: unknown[] }>().items).toHaveLength(20);
        expect(sends()).toBe(2);
        // One county's list is read in order off its own index (migration 0021): short; a city's is merged from its
        // regions' (planned afresh each time): on the pool.
        const county = await filings('regionCode=330302&page=2');
        expect(county.json<{ items: unknown[] }>().items).toHaveLength(20);
        expect(sends()).toBe(3);
        const city = await filings('regionCode=330300&page=2');
        expect(city.json<{ items: unknown[] }>().items).toHaveLength(20);
        expect(sends()).toBe(3);
      } finally {
        for (const spy of spies) spy.restore();
      }
    });

    it('answers 40 pages asked at once, each its own, spread over both connections', async () => {
      const queries = Array.from(
        { length: 40 },
        (_, i) => `sort=${i % 2 ? '-createdAt' : 'totalInvestment'}&page=${(Math.floor(i / 2) % 10) + 1}&pageSize=20`,
      );
      const oneByOne: string[][] = [];
      for (const query of queries) oneByOne.push((await search(query)).items.map((item) => item.id));
      expect(new Set(oneByOne.map((ids) => ids.join())).size).toBe(20); // 20 different pages, each asked twice
      const spies = await Promise.all(spread().connections.map((connection) => spyOnSends(connection)));
      try {
        const atOnce = await Promise.all(queries.map(search));
        expect(atOnce.map((body) => body.items.map((item) => item.id))).toEqual(oneByOne);
        for (const spy of spies) expect(spy.sends()).toBeGreaterThan(0);
      } finally {
        for (const spy of spies) spy.restore();
      }
      expect(spread().connections.map((connection) => connection.totalCount)).toEqual([1, 1]);
    });

    it('sends reads to the other connection while one is held up by a slower statement', async () => {
      const order: string[] = [];
      const slow = spread()
        .query('SELECT pg_sleep(0.4)')
        .then(() => order.push('slow'));
      await new Promise((resolve) => setTimeout(resolve, 80)); // past HELD_UP_MS (50): the sleep's connection is held up
      const quick = Promise.all(
        Array.from({ length: 5 }, () => spread().query('SELECT 1 AS one') as Promise<{ rows: { one: number }[] }>),
      ).then((answers) => {
        order.push('quick');
        return answers.map((answer) => answer.rows[0]!.one);
      });
      expect(await quick).toEqual([1, 1, 1, 1, 1]);
      await slow;
      expect(order).toEqual(['quick', 'slow']);
    });

    it('refuses a transaction', async () => {
      await expect(spread().connect()).rejects.toThrow(/reads only/);
    });
  });

  it.skipIf(testDatabaseKind !== 'postgresql')('reads short pages on the pool when set to 0', async () => {
    const t = await createTestApp({ DATABASE_SHARED_PAGE_CONNECTIONS: '0' });
    try {
      expect(t.ctx.database.shortPagePool).toBeUndefined();
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/projects/search?sort=-createdAt',
        headers: { authorization: `Bearer ${await t.login('window')}` },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<{ total: number }>().total).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});
