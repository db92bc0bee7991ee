import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/env.ts';
import { preparedQuery } from '../src/db/prepared.ts';
import { regions } from '../src/db/schema/index.ts';
import { spyOnSends } from './support/socket-sends.ts';
import { createTestApp, testDatabaseKind, type TestApp } from './test-app.ts';

/**
 * The point reads (db/prepared.ts) on PostgreSQL run on a pipelined connection of their own, shared by every request
 * (db/shared-connection-pool.ts; ADR 0001, eleventh-session update).
 */
describe('point reads on a pipelined connection', () => {
  it('DATABASE_PIPELINED_READS is true by default, false on request, refused otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).databasePipelinedReads).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test', DATABASE_PIPELINED_READS: 'false' }).databasePipelinedReads).toBe(false);
    expect(() => loadConfig({ NODE_ENV: 'test', DATABASE_PIPELINED_READS: 'on' })).toThrow(ConfigError);
  });

  describe.skipIf(testDatabaseKind !== 'postgresql')('on PostgreSQL', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    const regionByCode = (code: string) =>
      preparedQuery(t.ctx.db, 'test_region_by_code', (d, name) =>
        d
          .select({ code: regions.code, name: regions.name })
          .from(regions)
          .where(eq(regions.code, sql.placeholder('code')))
          .prepare(name),
      ).execute({ code });
    const backendOfPointReads = async () =>
      (await t.ctx.database.pointReadPool!.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;

    it('answers 300 reads issued at once, each with its own row, over one connection', async () => {
      const known = (await t.ctx.db.select({ code: regions.code, name: regions.name }).from(regions)).slice(0, 10);
      expect(known.length).toBeGreaterThan(3);
      const asked = Array.from({ length: 300 }, (_, i) => (i % 11 === 10 ? `nope${i}` : known[i % known.length]!.code));
      const answers = await Promise.all(asked.map(regionByCode));
      answers.forEach((rows, i) => {
        const expected = known.find((r) => r.code === asked[i]);
        expect(rows).toEqual(expected ? [expected] : []);
      });
      expect(t.ctx.database.pointReadPool).not.toBe(t.ctx.database.pool);
      expect(t.ctx.database.pointReadPool!.totalCount).toBe(1);
    });

    it('sends the reads issued in one turn of the event loop together, across callbacks', async () => {
      // Two reads from two callbacks of the same phase of one turn: on a pooled connection each callback's statements
      // leave at the end of its own tick; on the point-read connection they wait for the end of the turn and share a
      // send. setImmediate, not setTimeout: two immediates queued together always run in the same check phase, and the
      // flush queued by the first runs in the next one; two 0 ms timers could fire in different turns on a loaded
      // machine (CI failed once that way, with 2 sends).
      await regionByCode('330000'); // the connection is open
      const spy = await spyOnSends(t.ctx.database.pointReadPool!);
      try {
        const reads = await new Promise<{ code: string }[][]>((resolve, reject) => {
          const started: Promise<{ code: string }[]>[] = [];
          setImmediate(() => started.push(regionByCode('330000')));
          setImmediate(() => {
            started.push(regionByCode('330300'));
            Promise.all(started).then(resolve, reject);
          });
        });
        expect(reads.map((rows) => rows.map((r) => r.code))).toEqual([['330000'], ['330300']]);
      } finally {
        spy.restore();
      }
      expect(spy.sends()).toBe(1);
    });

    it('opens a new connection after its backend was terminated; reads in flight fail, later ones succeed', async () => {
      const pid = await backendOfPointReads();
      await t.ctx.db.execute(sql`SELECT pg_terminate_backend(${pid})`);
      // The first read may still meet the dying connection and fail (a 5xx for its request); it must not hang.
      await regionByCode('330000').catch(() => null);
      let answered: { code: string }[] | null = null;
      for (let attempt = 0; attempt < 20 && !answered; attempt++) {
        answered = await regionByCode('330000').catch(() => null);
        if (!answered) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(answered).toEqual([{ code: '330000', name: expect.any(String) }]);
      expect(await backendOfPointReads()).not.toBe(pid);
    });
  });

  it.skipIf(testDatabaseKind !== 'postgresql')('keeps the point reads on the pool when turned off', async () => {
    const t = await createTestApp({ DATABASE_PIPELINED_READS: 'false' });
    try {
      expect(t.ctx.database.pointReadPool).toBeUndefined();
      const response = await t.app.inject({ method: 'GET', url: '/api/public/project-codes/2611-330302-04-01-000001' });
      expect(response.statusCode).toBe(200);
    } finally {
      await t.close();
    }
  });
});
