import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../src/modules/calendar/calendar.service.ts';
import { createTestApp, databaseFingerprint, type TestApp } from './test-app.ts';

/** GET /api/calendar/deadline on the real calendar (DOMAIN.md §5 dates), and the admin override table on top. */
describe('working-day deadlines', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  const deadline = async (start: string, workingDays: number | string) => {
    const response = await t.app.inject({
      method: 'GET',
      url: `/api/calendar/deadline?start=${start}&workingDays=${workingDays}`,
    });
    return { status: response.statusCode, body: response.json<{ deadline: string; provisional: boolean }>() };
  };

  it('counts across the 2025 National Day holiday with its make-up Sunday and Saturday', async () => {
    // 09-28 (Sun) and 10-11 (Sat) are make-up workdays; 10-01..10-08 are off.
    expect(await deadline('2025-09-26', 20)).toEqual({
      status: 200,
      body: { deadline: '2025-10-30', provisional: false },
    });
    expect((await deadline('2025-09-26', 1)).body.deadline).toBe('2025-09-28');
  });

  it('does not count the starting day, and moves a period ending on a holiday to the next working day', async () => {
    expect((await deadline('2026-02-13', 1)).body.deadline).toBe('2026-02-14'); // Saturday make-up workday
    expect((await deadline('2026-02-14', 1)).body.deadline).toBe('2026-02-24'); // 02-15..02-23 Spring Festival
    expect((await deadline('2025-10-01', 0)).body.deadline).toBe('2025-10-09');
  });

  it('flags a period reaching a year whose holidays are not published as provisional', async () => {
    expect(await deadline('2026-12-30', 5)).toMatchObject({ status: 200, body: { provisional: true } });
  });

  it('refuses bad input with field messages', async () => {
    for (const [start, days] of [
      ['2026-02-30', 3],
      ['20260101', 3],
      ['2026-01-01', -1],
      ['2026-01-01', 'x'],
    ] as const) {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/calendar/deadline?start=${start}&workingDays=${days}`,
      });
      expect(response.statusCode, `${start} ${days}`).toBe(400);
      expect(response.json<{ fields: { field: string }[] }>().fields[0]!.field).toMatch(/start|workingDays/);
    }
  });

  it('applies the system admin’s overrides to every later deadline, audited', async () => {
    const sysAdmin = await t.login('sysAdmin');
    const before = await deadline('2026-11-26', 1); // Thursday → Friday 11-27
    expect(before.body.deadline).toBe('2026-11-27');
    // The overrides are read every time; the calendar built from them is reused while they stay the same.
    const unchanged = await loadCalendar(t.ctx);
    expect(await loadCalendar(t.ctx)).toBe(unchanged);
    const set = await t.app.inject({
      method: 'PUT',
      url: '/api/calendar/overrides/2026-11-27',
      headers: { authorization: `Bearer ${sysAdmin}` },
      payload: { kind: 'holiday', note: '测试：临时调整' },
    });
    expect(set.statusCode, set.body).toBe(200);
    expect((await deadline('2026-11-26', 1)).body.deadline).toBe('2026-11-30');
    expect(await loadCalendar(t.ctx)).not.toBe(unchanged);
    const listed = await t.app.inject({ method: 'GET', url: '/api/calendar/overrides' });
    expect(listed.json()).toEqual({ items: [{ date: '2026-11-27', kind: 'holiday', note: '测试：临时调整' }] });
    const audit = await t.ctx.database.pool.query(
      `SELECT actor_username, target_id, after FROM audit_events WHERE action = 'calendar.override_set'`,
    );
    expect(audit.rows).toEqual([
      { actor_username: 'sysAdmin', target_id: '2026-11-27', after: { kind: 'holiday', note: '测试：临时调整' } },
    ]);

    // A date entered in an unpublished year applies, but does not make that year look certain.
    const early = await t.app.inject({
      method: 'PUT',
      url: '/api/calendar/overrides/2027-01-01',
      headers: { authorization: `Bearer ${sysAdmin}` },
      payload: { kind: 'holiday', note: '元旦' },
    });
    expect(early.statusCode).toBe(200);
    expect((await deadline('2026-12-31', 1)).body).toEqual({ deadline: '2027-01-04', provisional: true });
    await t.app.inject({
      method: 'DELETE',
      url: '/api/calendar/overrides/2027-01-01',
      headers: { authorization: `Bearer ${sysAdmin}` },
    });

    const removed = await t.app.inject({
      method: 'DELETE',
      url: '/api/calendar/overrides/2026-11-27',
      headers: { authorization: `Bearer ${sysAdmin}` },
    });
    expect(removed.statusCode).toBe(200);
    expect((await deadline('2026-11-26', 1)).body.deadline).toBe('2026-11-27');

    const fingerprint = await databaseFingerprint(t.ctx);
    const invalid = await t.app.inject({
      method: 'PUT',
      url: '/api/calendar/overrides/2026-13-01',
      headers: { authorization: `Bearer ${sysAdmin}` },
      payload: { kind: 'holiday' },
    });
    expect(invalid.statusCode).toBe(400);
    expect(await databaseFingerprint(t.ctx)).toEqual(fingerprint);
  });
});
