import crypto from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, projects, users } from '../src/db/schema/index.ts';
import { createTestApp, databaseFingerprint, type TestApp } from './test-app.ts';

/**
 * 政府投资年度计划 (PRODUCT 9): a city's plan, government-investment projects of its region per fund source, publication,
 * payments within the plan, execution rates, and the 概算-over-可研 warning (条例712 art.12). The test clock is
 * 2026-11-23.
 */

interface Plan {
  id: string;
  status: string;
  canEdit: boolean;
  items: {
    id: string;
    projectCode: string;
    fundSource: string;
    plannedAmount: number;
    paidAmount: number;
    executionRate: number | null;
    budgetOverrun: boolean;
  }[];
  totals: { planned: number; paid: number; executionRate: number | null };
  bySource: { fundSource: string; planned: number; paid: number; executionRate: number | null }[];
}

let t: TestApp;
let supervisor: string;
let applicantId: string;
let enterpriseId: string;

beforeAll(async () => {
  t = await createTestApp();
  supervisor = await t.login('supervisor');
  const [a] = await t.ctx.db.select().from(users).where(eq(users.username, 'applicant'));
  applicantId = a!.id;
  enterpriseId = a!.enterpriseId!;
}, 60_000);

afterAll(async () => {
  await t?.close();
});

async function call(method: 'GET' | 'POST', url: string, payload?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${supervisor}` },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}
async function ok(method: 'GET' | 'POST', url: string, payload?: unknown): Promise<Plan> {
  const response = await call(method, url, payload);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Plan>();
}

async function project(nature: 'government' | 'enterprise', totalInvestment: string, regionCode = '330302') {
  const code = `TEST-PLAN-${crypto.randomBytes(4).toString('hex')}`;
  await t.ctx.db.insert(projects).values({
    enterpriseId,
    createdBy: applicantId,
    name: `计划测试项目 ${code}`,
    status: 'coded',
    code,
    regionCode,
    procedure: nature === 'government' ? 'approval' : 'ratification',
    investmentNature: nature,
    totalInvestment,
  });
  return code;
}

describe('政府投资年度计划', () => {
  it('plans government projects per fund source, publishes, pays within the plan and reports execution', async () => {
    const school = await project('government', '10000');
    const road = await project('government', '5000');
    const factory = await project('enterprise', '8000');
    const provincial = await project('government', '9000', '330000'); // the province's, outside the city's subtree

    const plan = await ok('POST', '/api/investment-plans', { year: 2026, name: '温州市 2026 年政府投资计划' });
    expect(plan).toMatchObject({ status: 'draft', canEdit: true, items: [] });
    expect((await call('POST', '/api/investment-plans', { year: 2026, name: '重复' })).statusCode).toBe(409);

    const before = await databaseFingerprint(t.ctx);
    const enterpriseProject = await call('POST', `/api/investment-plans/${plan.id}/items`, {
      projectCode: factory,
      fundSource: 'local',
      plannedAmount: 100,
      note: '',
    });
    expect(enterpriseProject.statusCode).toBe(400);
    expect(enterpriseProject.json().fields[0].field).toBe('projectCode');
    const unknown = await call('POST', `/api/investment-plans/${plan.id}/items`, {
      projectCode: 'NO-SUCH-CODE',
      fundSource: 'local',
      plannedAmount: 100,
      note: '',
    });
    expect(unknown.statusCode).toBe(400);
    const outside = await call('POST', `/api/investment-plans/${plan.id}/items`, {
      projectCode: provincial,
      fundSource: 'provincial',
      plannedAmount: 100,
      note: '',
    });
    expect(outside.statusCode).toBe(400);
    expect(outside.json().fields[0].field).toBe('projectCode');
    expect(await databaseFingerprint(t.ctx)).toEqual(before);

    await ok('POST', `/api/investment-plans/${plan.id}/items`, {
      projectCode: school,
      fundSource: 'central',
      plannedAmount: 3000,
      approvedBudget: 11500, // 15 % over the 10,000 estimate
      note: '中央预算内投资',
    });
    await ok('POST', `/api/investment-plans/${plan.id}/items`, {
      projectCode: school,
      fundSource: 'local',
      plannedAmount: 1000,
      note: '',
    });
    const withRoad = await ok('POST', `/api/investment-plans/${plan.id}/items`, {
      projectCode: road,
      fundSource: 'specialBond',
      plannedAmount: 2000,
      approvedBudget: 5400, // 8 % over: within the tolerance
      note: '专项债',
    });
    expect(
      (
        await call('POST', `/api/investment-plans/${plan.id}/items`, {
          projectCode: road,
          fundSource: 'specialBond',
          plannedAmount: 1,
          note: '',
        })
      ).statusCode,
    ).toBe(409);
    const overrun = Object.fromEntries(
      withRoad.items.map((i) => [`${i.projectCode}/${i.fundSource}`, i.budgetOverrun]),
    );
    expect(overrun).toEqual({
      [`${school}/central`]: true,
      [`${school}/local`]: false,
      [`${road}/specialBond`]: false,
    });

    // Payments wait for the plan to be published.
    const central = withRoad.items.find((i) => i.fundSource === 'central')!;
    expect(
      (
        await call('POST', `/api/investment-plan-items/${central.id}/disbursements`, {
          paidOn: '2026-11-20',
          amount: 500,
          note: '',
        })
      ).statusCode,
    ).toBe(409);
    await ok('POST', `/api/investment-plans/${plan.id}/publish`);
    expect((await call('POST', `/api/investment-plans/${plan.id}/publish`)).statusCode).toBe(409);
    expect(
      (
        await call('POST', `/api/investment-plans/${plan.id}/items`, {
          projectCode: road,
          fundSource: 'local',
          plannedAmount: 1,
          note: '',
        })
      ).statusCode,
    ).toBe(409);

    await ok('POST', `/api/investment-plan-items/${central.id}/disbursements`, {
      paidOn: '2026-06-30',
      amount: 1200,
      note: '第一批',
    });
    const second = await ok('POST', `/api/investment-plan-items/${central.id}/disbursements`, {
      paidOn: '2026-11-20',
      amount: 600,
      note: '第二批',
    });
    const over = await call('POST', `/api/investment-plan-items/${central.id}/disbursements`, {
      paidOn: '2026-11-21',
      amount: 1200.01,
      note: '超计划',
    });
    expect(over.statusCode).toBe(400);
    expect(over.json().fields[0].field).toBe('amount');
    for (const paidOn of ['2025-12-31', '2026-11-24']) {
      const bad = await call('POST', `/api/investment-plan-items/${central.id}/disbursements`, {
        paidOn,
        amount: 1,
        note: '',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().fields[0].field).toBe('paidOn');
    }

    const line = second.items.find((i) => i.id === central.id)!;
    expect(line).toMatchObject({ paidAmount: 1800, executionRate: 0.6 });
    expect(second.totals).toEqual({ planned: 6000, paid: 1800, executionRate: 0.3 });
    expect(second.bySource.find((s) => s.fundSource === 'central')).toEqual({
      fundSource: 'central',
      planned: 3000,
      paid: 1800,
      executionRate: 0.6,
    });
    const listed = await t.getOk<{ items: { id: string; status: string }[] }>(supervisor, '/api/investment-plans');
    expect(listed.items.find((p) => p.id === plan.id)?.status).toBe('published');
    const audits = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.targetId, plan.id));
    expect(audits.map((a) => a.action).sort()).toEqual([
      'plan.created',
      'plan.disbursement_recorded',
      'plan.disbursement_recorded',
      'plan.item_added',
      'plan.item_added',
      'plan.item_added',
      'plan.published',
    ]);
  });
});
