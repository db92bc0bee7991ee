import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaseSweeps } from '../src/modules/cases/case-sweeps.ts';
import { acceptedApplication } from './accepted-application.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * The clock warning sweep at scale (ADR 0007): after the first pass of a process (every open case), a pass checks only
 * the cases whose stored deadline and level say a warning may be due, so its cost does not grow with the open cases
 * whose deadline is far; a change of the calendar overrides brings back one full pass.
 */
describe('case warning sweep: only the due cases', () => {
  let t: TestApp;
  let near: string;
  const FAR = 300;

  /** Runs one sweep, counting every statement sent to the database meanwhile (all pg clients, transactions too). */
  const sweep = async () => {
    const original = pg.Client.prototype.query;
    let statements = 0;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      statements += 1;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
    try {
      const result = await runCaseSweeps(t.ctx);
      return { ...result, statements };
    } finally {
      pg.Client.prototype.query = original;
    }
  };
  const query = async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
    (await t.ctx.database.pool.query<T>(text, params)).rows;

  beforeAll(async () => {
    t = await createTestApp();
    near = (await acceptedApplication(t, ['ndrc.proposal'])).byMatter['ndrc.proposal']!; // due 2026-12-07
    // FAR more open cases whose clocks started on 2027-02-01 (due in March): copies of the near case and its ledger.
    const columns = (
      await query<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'cases' AND table_schema = 'public'
         AND column_name NOT IN ('id', 'case_number', 'matter_code', 'deadline') ORDER BY ordinal_position`,
      )
    ).map((c) => `"${c.column_name}"`);
    await query(
      `INSERT INTO cases (id, case_number, matter_code, deadline, ${columns.join(', ')})
       SELECT gen_random_uuid(), case_number || '-' || i, matter_code || '#' || i, DATE '2027-03-01', ${columns.join(', ')}
       FROM cases, generate_series(1, ${FAR}) i WHERE id = $1`,
      [near],
    );
    await query(
      `INSERT INTO case_clock_entries (case_id, seq, kind, date, working_days, reason, legal_basis, recorded_by, recorded_at)
       SELECT c.id, e.seq, e.kind, DATE '2027-02-01', e.working_days, e.reason, e.legal_basis, e.recorded_by, e.recorded_at
       FROM cases c JOIN cases o ON o.id = $1 AND c.case_number LIKE o.case_number || '-%'
       JOIN case_clock_entries e ON e.case_id = o.id`,
      [near],
    );
  }, 120_000);
  afterAll(async () => t?.close());

  it('checks every open case on the first pass, then only the due ones, with a bounded number of statements', async () => {
    const open = Number(
      (
        await query<{ n: string }>(
          `SELECT count(*) AS n FROM cases WHERE status IN ('pending', 'inProgress', 'suspended')`,
        )
      )[0]!.n,
    );
    expect(open).toBeGreaterThan(FAR);
    const first = await sweep();
    expect(first).toMatchObject({ full: true, checked: open, warnings: 0, escalations: 0 });
    // Batched: a few statements per 500 cases, not two per case.
    expect(first.statements).toBeLessThan(20);

    // Nothing is due on 11-23: a pass reads the calendar and the (empty) due list, and stops.
    const idle = await sweep();
    expect(idle).toMatchObject({ full: false, checked: 0, warnings: 0 });
    expect(idle.statements).toBeLessThanOrEqual(4);

    t.clock.set('2026-12-03T10:00:00+08:00'); // 2 working days left for the near case → yellow
    const yellow = await sweep();
    expect(yellow).toMatchObject({ full: false, checked: 1, warnings: 1, escalations: 0 });
    expect(yellow.statements).toBeLessThan(30); // the lookups plus the one warning's transaction, whatever FAR is
    expect((await sweep()).checked).toBe(0); // stored yellow: not due again until the deadline passes

    t.clock.set('2026-12-08T10:00:00+08:00'); // past the deadline → red, escalated once
    expect(await sweep()).toMatchObject({ full: false, checked: 1, warnings: 1, escalations: 1 });
    expect(await sweep()).toMatchObject({ full: false, checked: 0, warnings: 0, escalations: 0 });
    const [row] = await query<{ clock_level: string; escalated_at: Date | null }>(
      `SELECT clock_level, escalated_at FROM cases WHERE id = $1`,
      [near],
    );
    expect(row).toMatchObject({ clock_level: 'red' });
    expect(row!.escalated_at).not.toBeNull();
    const untouched = await query<{ n: string }>(
      `SELECT count(*) AS n FROM cases WHERE deadline = '2027-03-01' AND clock_level = 'normal' AND escalated_at IS NULL`,
    );
    expect(Number(untouched[0]!.n)).toBe(FAR);
    const actions = await query<{ kind: string; n: string }>(
      `SELECT kind, count(*) AS n FROM case_actions WHERE kind IN ('warning', 'escalate') GROUP BY kind ORDER BY kind`,
    );
    expect(actions.map((a) => [a.kind, Number(a.n)])).toEqual([
      ['escalate', 1],
      ['warning', 2],
    ]);
  });

  it('checks every open case again once after the calendar overrides change (stored deadlines may be stale)', async () => {
    await query(`INSERT INTO calendar_overrides (day, kind, note) VALUES ('2027-02-26', 'holiday', 'test')`);
    const full = await sweep();
    expect(full.full).toBe(true);
    expect(full.checked).toBeGreaterThan(FAR);
    expect(full.warnings).toBe(0);
    expect(await sweep()).toMatchObject({ full: false, checked: 0 });
    await query(`DELETE FROM calendar_overrides WHERE day = '2027-02-26'`);
    expect((await sweep()).full).toBe(true);
  });
});
