import { eq } from 'drizzle-orm';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { departments } from '../src/db/schema/index.ts';
import { calendarFor, clockOf, ledgersOf } from '../src/modules/cases/case-clock.ts';
import { foldAndTidy, foldSupervisionAggregates } from '../src/modules/supervision/supervision-fold.ts';
import { acceptedApplication } from './accepted-application.ts';
import { createTestApp, TEST_PASSWORD, type TestApp } from './test-app.ts';

/**
 * The supervisor dashboard (issue 6 §2) answered from the supervision aggregates (ADR 0006): checked against an
 * independent live count of the cases (statuses from the cases table, overdue / yellow from each case's clock ledger
 * through the domain's computeClock), after real case changes, as the clock moves, within its scope, and after many
 * concurrent changes.
 */
describe('supervision dashboard', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};
  const countySupervisor = 'county-supervisor';

  const loginAll = async () => {
    for (const name of Object.keys(tokens)) tokens[name] = await t.login(name);
  };
  const at = async (when: string) => {
    t.clock.set(when);
    await loginAll();
  };
  const call = async (who: string, method: 'GET' | 'POST', url: string, payload?: unknown) => {
    const response = await t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: response.statusCode, body: response.json() };
  };
  const dashboard = async (who = 'supervisor', query = '') => {
    const response = await call(who, 'GET', `/api/supervision/dashboard${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const query = async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
    (await t.ctx.database.pool.query<T>(text, params)).rows;

  /** Takes a case through 承办 and 审核 and decides it (the 自然资源 matter, one approver holds every step). */
  const decide = async (id: string, decision: 'approved' | 'denied') => {
    expect((await call('nr-approver', 'POST', `/api/cases/${id}/advance`, { opinion: '审查' })).status).toBe(200);
    expect((await call('nr-approver', 'POST', `/api/cases/${id}/advance`, { opinion: '审核' })).status).toBe(200);
    const decided = await call('nr-approver', 'POST', `/api/cases/${id}/decision`, { decision, opinion: '决定' });
    expect(decided.status).toBe(200);
  };

  interface Live {
    total: number;
    byStatus: Record<string, number>;
    open: number;
    overdue: number;
    yellow: number;
    decided: number;
    decidedOnTime: number;
    urged: number;
  }

  /**
   * The independent count: every case of the departments in a region subtree, read from the cases table; overdue /
   * yellow from the case's own clock ledger on the test clock's today (computeClock: red / yellow).
   */
  const liveCount = async (scopePath: string): Promise<{ totals: Live; byDepartment: Map<string, Live> }> => {
    const rows = await query<{
      id: string;
      department_id: string;
      status: string;
      decided_on_time: boolean;
      urged: boolean;
    }>(
      `SELECT c.id, c.department_id, c.status, (c.decided_on IS NOT NULL AND c.decided_on <= c.deadline) AS decided_on_time,
              c.urge_count > 0 AS urged
       FROM cases c JOIN departments d ON d.id = c.department_id JOIN regions r ON r.code = d.region_code
       WHERE r.path = $1 OR r.path LIKE $1 || '/%'`,
      [scopePath],
    );
    const calendar = await calendarFor(t.ctx, t.ctx.db);
    const open = rows.filter((r) => ['pending', 'inProgress', 'suspended'].includes(r.status));
    const ledgers = await ledgersOf(
      t.ctx.db,
      open.map((r) => r.id),
    );
    const { shanghaiCivilDate } = await import('@yiwang/domain');
    const today = shanghaiCivilDate(t.clock.now().getTime());
    const empty = (): Live => ({
      total: 0,
      byStatus: { pending: 0, inProgress: 0, suspended: 0, approved: 0, denied: 0 },
      open: 0,
      overdue: 0,
      yellow: 0,
      decided: 0,
      decidedOnTime: 0,
      urged: 0,
    });
    const totals = empty();
    const byDepartment = new Map<string, Live>();
    for (const row of rows) {
      const department = byDepartment.get(row.department_id) ?? empty();
      byDepartment.set(row.department_id, department);
      for (const live of [totals, department]) {
        live.total += 1;
        live.byStatus[row.status]! += 1;
        if (row.status === 'approved' || row.status === 'denied') live.decided += 1;
        else {
          live.open += 1;
          const level = clockOf(t.ctx, ledgers.get(row.id)!, calendar, today).level;
          if (level === 'red') live.overdue += 1;
          if (level === 'yellow') live.yellow += 1;
        }
        if (row.decided_on_time) live.decidedOnTime += 1;
        if (row.urged) live.urged += 1;
      }
    }
    return { totals, byDepartment };
  };

  const pick = (f: Live) => ({
    total: f.total,
    byStatus: f.byStatus,
    open: f.open,
    overdue: f.overdue,
    yellow: f.yellow,
    decided: f.decided,
    decidedOnTime: f.decidedOnTime,
    urged: f.urged,
  });

  /** The dashboard equals the live count: totals and every department. */
  const expectMatchesLive = async (who = 'supervisor', scopePath = '330000/330300', queryString = '') => {
    const body = await dashboard(who, queryString);
    const live = await liveCount(scopePath);
    expect(pick(body.totals)).toEqual(pick(live.totals));
    expect(body.departments).toHaveLength(live.byDepartment.size);
    for (const d of body.departments as (Live & { departmentId: string })[])
      expect(pick(d), d.departmentId).toEqual(pick(live.byDepartment.get(d.departmentId)!));
    return body;
  };

  /** After a fold the aggregate table alone (no deltas left) equals a GROUP BY of the cases with the same key. */
  const expectAggregatesMatchCases = async () => {
    await foldSupervisionAggregates(t.ctx.db);
    expect((await query(`SELECT 1 FROM case_figure_deltas`)).length).toBe(0);
    const key = `department_id, status, clock_running, clock_level, deadline, decided_on_time, urged`;
    const aggregated = await query(`SELECT ${key}, n::int AS n FROM case_figures ORDER BY ${key}`);
    const live = await query(
      `SELECT ${key}, count(*)::int AS n FROM (
         SELECT department_id, status,
                status IN ('pending', 'inProgress', 'suspended') AND clock_running AS clock_running,
                CASE WHEN status IN ('pending', 'inProgress', 'suspended') THEN clock_level ELSE 'normal' END AS clock_level,
                CASE WHEN status IN ('pending', 'inProgress', 'suspended') AND clock_running THEN deadline END AS deadline,
                decided_on IS NOT NULL AND deadline IS NOT NULL AND decided_on <= deadline AS decided_on_time,
                urge_count > 0 AS urged
         FROM cases) c
       GROUP BY ${key} ORDER BY ${key}`,
    );
    expect(aggregated).toEqual(live);
    const projectsAggregated = await query(
      `SELECT region_code, status, procedure, n::int AS n FROM project_figures ORDER BY 1, 2, 3`,
    );
    const projectsLive = await query(
      `SELECT region_code, status, procedure, count(*)::int AS n FROM projects GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    );
    expect(projectsAggregated).toEqual(projectsLive);
  };

  beforeAll(async () => {
    // Every check here compares with a live count at once: the per-process cache is off except in its own test.
    t = await createTestApp({ SUPERVISION_DASHBOARD_CACHE_MILLISECONDS: '0' });
    for (const name of ['supervisor', 'nr-approver', 'ndrc-clerk', 'sysAdmin', 'applicant']) tokens[name] = '';
    await loginAll();
    // A county supervisor (鹿城区), provisioned as an administrator would.
    const [countyNdrc] = await t.ctx.db.select().from(departments).where(eq(departments.regionCode, '330302'));
    const created = await call('sysAdmin', 'POST', '/api/users', {
      username: countySupervisor,
      displayName: '鹿城区监管员',
      password: TEST_PASSWORD,
      role: 'supervisor',
      regionCode: '330302',
      departmentId: countyNdrc!.id,
    });
    expect(created.status).toBe(201);
    tokens[countySupervisor] = '';
    await loginAll();
  }, 120_000);
  afterAll(async () => t?.close());

  it('counts cases by status, region and department, with the on-time rate, equal to a live count', async () => {
    const a = await acceptedApplication(t, ['nr.siteAndLand', 'ndrc.ratification']);
    const b = await acceptedApplication(t, ['nr.siteAndLand', 'ndrc.ratification']);
    await acceptedApplication(t, ['nr.siteAndLand'], '2026-11-23', '330302');
    await decide(a.byMatter['nr.siteAndLand']!, 'approved');
    await decide(b.byMatter['nr.siteAndLand']!, 'denied');
    await foldSupervisionAggregates(t.ctx.db);

    const body = await expectMatchesLive();
    expect(body.scope).toMatchObject({ regionCode: '330300', regionName: '温州市', departmentId: null });
    expect(body.asOf).toBe('2026-11-23');
    // b's denied 自然资源 case also denies b's pending 核准 case (its dependant): 3 decided, all on time.
    expect(body.totals).toMatchObject({ total: 5, decided: 3, decidedOnTime: 3, onTimeRate: 1, open: 2 });
    // a's approved one lets a's 核准 case proceed (pending → inProgress).
    expect(body.totals.byStatus).toMatchObject({ approved: 1, denied: 2, pending: 0, inProgress: 2 });
    // By region: the city's own departments, then each county / zone with its subtree.
    const regions = Object.fromEntries(
      (body.regions as { regionCode: string; total: number; own: boolean }[]).map((r) => [r.regionCode, r]),
    );
    expect(regions['330300']).toMatchObject({ own: true, total: 4 });
    expect(regions['330302']).toMatchObject({ own: false, total: 1 });
    expect(regions['330304']).toMatchObject({ own: false, total: 0 });
    const sum = (body.regions as { total: number }[]).reduce((n, r) => n + r.total, 0);
    expect(sum).toBe(body.totals.total);
    // Projects by status and procedure: the three coded 核准 projects plus the demo seed's, all within the scope.
    const projectsLive = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM projects p JOIN regions r ON r.code = p.region_code
       WHERE r.path = '330000/330300' OR r.path LIKE '330000/330300/%'`,
    );
    expect(body.projects.total).toBe(projectsLive[0]!.n);
    expect(body.projects.byProcedure.ratification).toBeGreaterThanOrEqual(3);

    // The existing 办件统计 reads the same aggregates and still agrees with its per-department definition.
    const figures = await call('supervisor', 'GET', '/api/supervision/figures');
    expect(figures.status).toBe(200);
    expect(figures.body.totals).toMatchObject({ approved: 1, denied: 2, decided: 3, decidedOnTime: 3, open: 2 });
    await expectAggregatesMatchCases();

    // 办件按时办结公示: anyone reads the same figures per department, counts only.
    const publicFigures = await t.app.inject({ method: 'GET', url: '/api/public/performance?regionCode=330300' });
    expect(publicFigures.statusCode).toBe(200);
    expect(publicFigures.headers['cache-control']).toBe('public, max-age=10');
    const performance = publicFigures.json<{
      regionName: string;
      totals: Record<string, number | null>;
      departments: Record<string, unknown>[];
    }>();
    expect(performance.regionName).toBe('温州市');
    expect(performance.totals).toEqual({ decided: 3, decidedOnTime: 3, onTimeRate: 1, open: 2, overdue: 0 });
    const supervised = figures.body.departments as {
      departmentName: string;
      regionCode: string;
      decided: number;
      decidedOnTime: number;
      onTimeRate: number | null;
      open: number;
      red: number;
    }[];
    expect(performance.departments.map(({ regionName: _name, ...line }) => line)).toEqual(
      supervised.map((d) => ({
        departmentName: d.departmentName,
        regionCode: d.regionCode,
        decided: d.decided,
        decidedOnTime: d.decidedOnTime,
        onTimeRate: d.onTimeRate,
        open: d.open,
        overdue: d.red,
      })),
    );
    expect(JSON.stringify(performance)).not.toMatch(/caseNumber|projectName|username|urged|enterprise/i);
    // Without a region: the whole deployment; an unknown region is a field error.
    const whole = await t.app.inject({ method: 'GET', url: '/api/public/performance' });
    expect(whole.json<{ regionCode: string; totals: { decided: number } }>()).toMatchObject({
      regionCode: '330000',
      totals: { decided: 3 },
    });
    const unknown = await t.app.inject({ method: 'GET', url: '/api/public/performance?regionCode=999999' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json<{ fields: { field: string }[] }>().fields[0]!.field).toBe('regionCode');
  });

  it('shows a write at once (unfolded deltas are read), and the same after the fold empties them', async () => {
    const before = await dashboard();
    const a = await acceptedApplication(t, ['nr.siteAndLand']);
    expect((await query(`SELECT 1 FROM case_figure_deltas`)).length).toBeGreaterThan(0);
    const unfolded = await dashboard();
    expect(unfolded.totals.total).toBe(before.totals.total + 1);
    expect(unfolded.totals.byStatus.inProgress).toBe(before.totals.byStatus.inProgress + 1);
    const fold = await foldSupervisionAggregates(t.ctx.db);
    expect(fold).toMatchObject({ folded: true });
    expect(fold.caseDeltas).toBeGreaterThan(0);
    expect(await dashboard()).toEqual(unfolded);
    // A second fold has nothing to do and changes nothing (idempotent).
    expect(await foldSupervisionAggregates(t.ctx.db)).toMatchObject({ caseDeltas: 0, projectDeltas: 0 });
    await decide(a.byMatter['nr.siteAndLand']!, 'approved');
    const decided = await dashboard();
    expect(decided.totals.decided).toBe(unfolded.totals.decided + 1);
    await expectMatchesLive();
  });

  it('vacuums the delta tables after folding many rows, so their dead rows do not pile up where autovacuum is off', async () => {
    await acceptedApplication(t, ['nr.siteAndLand']);
    const before = await dashboard();
    await foldSupervisionAggregates(t.ctx.db);
    // Deltas that cancel out (+1, −1 of one real key): they are folded and deleted, and no figure changes.
    const appendCancellingDeltas = () =>
      query(`
        INSERT INTO case_figure_deltas
          (department_id, status, clock_running, clock_level, deadline, decided_on_time, urged, n)
        SELECT d.department_id, d.status, d.clock_running, d.clock_level, d.deadline, d.decided_on_time, d.urged,
               CASE WHEN i % 2 = 0 THEN 1 ELSE -1 END
          FROM (SELECT * FROM case_figures LIMIT 1) d CROSS JOIN generate_series(1, 600) AS i`);
    const tableBytes = async () =>
      Number((await query<{ b: string }>(`SELECT pg_relation_size('case_figure_deltas') AS b`))[0]!.b);
    await appendCancellingDeltas();
    const counter = { foldedSinceVacuum: 0 };
    const first = await foldAndTidy(t.ctx.db, counter, 1000);
    expect(first).toMatchObject({ folded: true, vacuumed: false });
    expect(counter.foldedSinceVacuum).toBeGreaterThanOrEqual(600);
    expect((await query(`SELECT 1 FROM case_figure_deltas`)).length).toBe(0);
    expect(await tableBytes()).toBeGreaterThan(0); // the deleted rows still occupy the table
    await appendCancellingDeltas();
    const second = await foldAndTidy(t.ctx.db, counter, 1000);
    expect(second).toMatchObject({ folded: true, vacuumed: true });
    expect(counter.foldedSinceVacuum).toBe(0);
    expect(await tableBytes()).toBe(0); // VACUUM removed the dead rows and gave the empty pages back
    expect(await dashboard()).toEqual(before);
    await expectMatchesLive();
  });

  it('derives overdue and yellow from today: they change as days pass without any row changing', async () => {
    // The open 自然资源 cases accepted on 11-23 are due 12-07 (10 working days).
    await foldSupervisionAggregates(t.ctx.db);
    const fingerprint = async () => (await query(`SELECT count(*)::int AS n, max(updated_at) AS u FROM cases`))[0];
    const rowsBefore = await fingerprint();
    const today = await expectMatchesLive();
    expect(today.totals).toMatchObject({ overdue: 0, yellow: 0 });

    await at('2026-12-04T10:00:00+08:00'); // Friday; one working day (12-07) left → yellow
    const friday = await expectMatchesLive();
    expect(friday.asOf).toBe('2026-12-04');
    expect(friday.totals.yellow).toBeGreaterThan(0);
    expect(friday.totals.overdue).toBe(0);

    await at('2026-12-08T10:00:00+08:00'); // past the deadline → overdue
    const overdue = await expectMatchesLive();
    expect(overdue.totals.overdue).toBeGreaterThanOrEqual(friday.totals.yellow);
    expect(await fingerprint()).toEqual(rowsBefore); // no case row changed; no sweep ran
    expect((await query(`SELECT 1 FROM case_figure_deltas`)).length).toBe(0);
    await at('2026-11-23T09:00:00+08:00');
  });

  it('keeps to the scope: a county supervisor sees only its subtree; narrowing; 404 outside; 403 for others', async () => {
    const county = await expectMatchesLive(countySupervisor, '330000/330300/330302');
    expect(county.scope.regionCode).toBe('330302');
    expect(county.totals.total).toBeGreaterThan(0);
    expect(county.departments.every((d: { regionCode: string }) => d.regionCode === '330302')).toBe(true);
    // The city supervisor narrowing to the county sees the same figures.
    const narrowed = await expectMatchesLive('supervisor', '330000/330300/330302', '?regionCode=330302');
    expect(narrowed.totals).toEqual(county.totals);
    // One department.
    const department = county.departments[0] as { departmentId: string; total: number };
    const one = await dashboard('supervisor', `?departmentId=${department.departmentId}`);
    expect(one.departments).toHaveLength(1);
    expect(one.totals.total).toBe(department.total);
    expect(one.scope.departmentId).toBe(department.departmentId);

    // Outside the scope: 404, without saying whether it exists.
    const up = await call(countySupervisor, 'GET', '/api/supervision/dashboard?regionCode=330300');
    expect(up).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(up.body.messageEn).toBeTruthy();
    const sibling = await call(countySupervisor, 'GET', '/api/supervision/dashboard?regionCode=330304');
    expect(sibling.status).toBe(404);
    const [cityNdrc] = await t.ctx.db.select().from(departments).where(eq(departments.regionCode, '330300'));
    const otherDepartment = await call(
      countySupervisor,
      'GET',
      `/api/supervision/dashboard?departmentId=${cityNdrc!.id}`,
    );
    expect(otherDepartment.status).toBe(404);
    // Bad input: 400 with bilingual field messages.
    const bad = await call('supervisor', 'GET', '/api/supervision/dashboard?regionCode=abc&departmentId=x');
    expect(bad).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(bad.body.fields.length).toBeGreaterThan(0);
    expect(bad.body.fields[0].messageEn).toBeTruthy();
    // Not a supervisor: 403.
    for (const who of ['nr-approver', 'ndrc-clerk', 'applicant', 'sysAdmin'])
      expect((await call(who, 'GET', '/api/supervision/dashboard')).status).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/supervision/dashboard' })).statusCode).toBe(401);
  });

  it('after many concurrent case changes (with folds running alongside) the folded aggregates equal the live count', async () => {
    const applications = [];
    for (let i = 0; i < 8; i++)
      applications.push(await acceptedApplication(t, ['nr.siteAndLand', 'ndrc.ratification', 'eco.eiaReportBook']));
    let folding = true;
    const folder = (async () => {
      let folds = 0;
      while (folding) {
        await foldSupervisionAggregates(t.ctx.db);
        folds += 1;
      }
      return folds;
    })();
    await Promise.all(
      applications.flatMap((a, i) => [
        decide(a.byMatter['nr.siteAndLand']!, i % 2 === 0 ? 'approved' : 'denied'),
        call('supervisor', 'POST', `/api/cases/${a.byMatter['ndrc.ratification']}/urge`, { message: '请加快' }),
        call('supervisor', 'POST', `/api/cases/${a.byMatter['eco.eiaReportBook']}/urge`, { message: '请加快' }),
      ]),
    );
    folding = false;
    expect(await folder).toBeGreaterThan(0);
    await expectAggregatesMatchCases();
    await expectMatchesLive();
  });

  it('lists at most departmentLimit departments, the worst first, and says how many there are', async () => {
    const full = await dashboard();
    expect(full.departmentsTruncated).toBe(false);
    expect(full.departmentCount).toBe(full.departments.length);
    expect(full.departments.length).toBeGreaterThan(1);
    const worstFirst = [...full.departments].sort(
      (a: Live, b: Live) => b.overdue - a.overdue || b.yellow - a.yellow || b.open - a.open,
    );
    const top = await dashboard('supervisor', '?departmentLimit=1');
    expect(top.departmentsTruncated).toBe(true);
    expect(top.departmentCount).toBe(full.departments.length);
    expect(top.departments).toEqual([worstFirst[0]]);
    expect(top.totals).toEqual(full.totals); // the figures themselves still cover every department
    expect(top.regions).toEqual(full.regions);
    expect((await call('supervisor', 'GET', '/api/supervision/dashboard?departmentLimit=0')).status).toBe(400);
  });

  it('serves a scope from the per-process cache, at most SUPERVISION_DASHBOARD_CACHE_MILLISECONDS old', async () => {
    const config = t.ctx.config as { supervisionDashboardCacheMilliseconds: number };
    config.supervisionDashboardCacheMilliseconds = 2000;
    const start = t.clock.now().getTime();
    const later = (ms: number) => t.clock.set(new Date(start + ms));
    try {
      const first = await dashboard();
      const county = await dashboard(countySupervisor);
      await acceptedApplication(t, ['nr.siteAndLand']); // one more case in the city's own 自然资源 department
      expect(await dashboard()).toEqual(first); // young copy: kept as is
      later(1200); // past half the age: still answered from the copy, and a refresh starts in the background
      expect(await dashboard()).toEqual(first);
      await vi.waitFor(async () => expect((await dashboard()).totals.total).toBe(first.totals.total + 1));
      // Each scope is its own entry: the county's copy was not affected (nor is it by the city's case).
      expect(await dashboard(countySupervisor)).toEqual(county);
      await acceptedApplication(t, ['nr.siteAndLand']);
      later(3300); // the refreshed copy (from 1.2 s) is now 2.1 s old: expired, computed afresh
      await expectMatchesLive();
      // A browser (Accept-Encoding: gzip) gets the kept copy gzipped: the same figures, a fraction of the bytes.
      const get = (acceptEncoding?: string) =>
        t.app.inject({
          method: 'GET',
          url: '/api/supervision/dashboard',
          headers: {
            authorization: `Bearer ${tokens.supervisor}`,
            ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
          },
        });
      const plain = await get();
      const zipped = await get('gzip, deflate, br');
      expect(zipped.statusCode).toBe(200);
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers['content-type']).toMatch(/application\/json/);
      expect(String(zipped.headers.vary)).toMatch(/accept-encoding/i);
      expect(JSON.parse(gunzipSync(zipped.rawPayload).toString('utf8'))).toEqual(plain.json());
      expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(String(plain.headers.vary)).toMatch(/accept-encoding/i);
      expect((await get('gzip;q=0, identity')).headers['content-encoding']).toBeUndefined();
    } finally {
      config.supervisionDashboardCacheMilliseconds = 0;
      t.clock.set(new Date(start));
    }
  });
});
