import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, notifications, projects, users } from '../src/db/schema/index.ts';
import { createTestApp, databaseFingerprint, type TestApp } from './test-app.ts';

/** 中介超市 (PRODUCT 12): services, engagement for a project, acceptance, delivery, one rating that moves the average. */

interface Service {
  id: string;
  name: string;
  status: string;
  averageRating: number | null;
  ratedCount: number;
}
interface Engagement {
  id: string;
  status: string;
  rating: number | null;
}

let t: TestApp;
let applicant: string;
let agency: string;
let enterpriseId: string;
let applicantId: string;
let agencyId: string;

beforeAll(async () => {
  t = await createTestApp();
  [applicant, agency] = await Promise.all([t.login('applicant'), t.login('intermediary')]);
  const [a] = await t.ctx.db.select().from(users).where(eq(users.username, 'applicant'));
  applicantId = a!.id;
  enterpriseId = a!.enterpriseId!;
  agencyId = (await t.ctx.db.select().from(users).where(eq(users.username, 'intermediary')))[0]!.id;
}, 60_000);

afterAll(async () => {
  await t?.close();
});

async function call(token: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  return t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${token}` },
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}
async function ok<T>(token: string, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<T> {
  const response = await call(token, method, url, payload);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<T>();
}

async function project(): Promise<string> {
  const [row] = await t.ctx.db
    .insert(projects)
    .values({
      enterpriseId,
      createdBy: applicantId,
      name: '中介测试项目',
      status: 'coded',
      code: `TEST-INT-${crypto.randomBytes(4).toString('hex')}`,
      regionCode: '330302',
      procedure: 'ratification',
      investmentNature: 'enterprise',
    })
    .returning();
  return row!.id;
}

describe('中介超市', () => {
  it('engage, accept, deliver, rate once; the service shows its average', async () => {
    const services = await ok<{ items: Service[] }>(agency, 'POST', '/api/intermediary/services', {
      serviceType: 'eia',
      name: '建设项目环境影响报告表编制',
      description: '含现场踏勘、监测协调',
      priceText: '3 万元起',
      promisedDays: 20,
    });
    const serviceId = services.items.find((s) => s.name === '建设项目环境影响报告表编制')!.id;
    const id = await project();

    const listed = await ok<{ items: Engagement[] }>(
      applicant,
      'POST',
      `/api/projects/${id}/intermediary-engagements`,
      {
        serviceId,
        note: '报告表，年内完成',
      },
    );
    const engagementId = listed.items[0]!.id;
    // Rating before delivery, accepting as the unit, delivering before accepting: refused, nothing stored.
    const after = await databaseFingerprint(t.ctx);
    const early = await call(applicant, 'POST', `/api/intermediary-engagements/${engagementId}/rating`, {
      rating: 5,
      review: '',
    });
    expect(early.statusCode).toBe(409);
    expect(
      (await call(applicant, 'POST', `/api/intermediary-engagements/${engagementId}/accept`, { note: '' })).statusCode,
    ).toBe(403);
    const completeFirst = await call(agency, 'POST', `/api/intermediary-engagements/${engagementId}/complete`, {
      note: '',
    });
    expect(completeFirst.statusCode).toBe(409);
    expect(await databaseFingerprint(t.ctx)).toEqual(after);

    const notice = await t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, agencyId), eq(notifications.kind, 'intermediary.engagement_requested')));
    expect(notice).toHaveLength(1);

    await ok(agency, 'POST', `/api/intermediary-engagements/${engagementId}/accept`, { note: '已安排项目组' });
    await ok(agency, 'POST', `/api/intermediary-engagements/${engagementId}/complete`, { note: '报告表已交付' });
    const rated = await ok<{ items: Engagement[] }>(
      applicant,
      'POST',
      `/api/intermediary-engagements/${engagementId}/rating`,
      {
        rating: 4,
        review: '按期交付',
      },
    );
    expect(rated.items[0]).toMatchObject({ status: 'completed', rating: 4 });
    expect(
      (await call(applicant, 'POST', `/api/intermediary-engagements/${engagementId}/rating`, { rating: 1, review: '' }))
        .statusCode,
    ).toBe(409);
    const browse = await ok<{ items: Service[] }>(applicant, 'GET', '/api/intermediary/services?type=eia');
    expect(browse.items.find((s) => s.id === serviceId)).toMatchObject({ averageRating: 4, ratedCount: 1 });
    const audits = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.targetId, engagementId));
    expect(audits.map((a) => a.action).sort()).toEqual([
      'intermediary.accepted',
      'intermediary.completed',
      'intermediary.engaged',
      'intermediary.rated',
    ]);
  });

  it('a withdrawn service cannot be engaged; only its agency withdraws it', async () => {
    const { items } = await ok<{ items: Service[] }>(agency, 'POST', '/api/intermediary/services', {
      serviceType: 'surveying',
      name: '勘测定界',
      description: '',
      priceText: '面议',
      promisedDays: 10,
    });
    const serviceId = items.find((s) => s.name === '勘测定界')!.id;
    expect((await call(applicant, 'POST', `/api/intermediary/services/${serviceId}/withdraw`)).statusCode).toBe(403);
    await ok(agency, 'POST', `/api/intermediary/services/${serviceId}/withdraw`);
    const id = await project();
    const refused = await call(applicant, 'POST', `/api/projects/${id}/intermediary-engagements`, {
      serviceId,
      note: '',
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().fields[0].field).toBe('serviceId');
  });
});
