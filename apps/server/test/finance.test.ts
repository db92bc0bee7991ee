import crypto from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, licences, notifications, projects, users } from '../src/db/schema/index.ts';
import { hashPassword } from '../src/modules/auth/password.ts';
import { classifyProduct } from '../src/modules/finance/finance.service.ts';
import { createTestApp, databaseFingerprint, TEST_PASSWORD, type TestApp } from './test-app.ts';

/**
 * 金融广场 (PRODUCT 11): products classified on publication, needs published with the unit's consent, banks of the
 * region seeing the need with the project's verified approval status, offers, acceptance declining the rest.
 */

interface Need {
  id: string;
  status: string;
  offers: { id: string; bankName: string; status: string }[];
}
interface NeedForBank {
  id: string;
  project: {
    name: string;
    code: string;
    licences: { code: string; name: string }[];
    constructionStatus: string | null;
  };
  myOffer: { status: string } | null;
}

let t: TestApp;
let applicant: string;
let bank: string;
let otherBank: string;
let farBank: string;
let enterpriseId: string;
let applicantId: string;
let bankId: string;
let otherBankId: string;

beforeAll(async () => {
  t = await createTestApp();
  const hash = await hashPassword(TEST_PASSWORD);
  // Two more banks: one more branch in 温州 (330300), and one in 瓯海区 (330304) that must not see 鹿城区's needs.
  for (const [username, name, region] of [
    ['bank.wz2', '农业银行温州分行（测试）', '330300'],
    ['bank.oh', '建设银行瓯海支行（测试）', '330304'],
  ]) {
    await t.ctx.database.pool.query(
      `INSERT INTO users (username, display_name, password_hash, role, region_code) VALUES ($1, $2, $3, 'bank', $4)`,
      [username, name, hash, region],
    );
  }
  [applicant, bank, otherBank, farBank] = await Promise.all([
    t.login('applicant'),
    t.login('bank'),
    t.login('bank.wz2'),
    t.login('bank.oh'),
  ]);
  const [a] = await t.ctx.db.select().from(users).where(eq(users.username, 'applicant'));
  applicantId = a!.id;
  enterpriseId = a!.enterpriseId!;
  bankId = (await t.ctx.db.select().from(users).where(eq(users.username, 'bank')))[0]!.id;
  otherBankId = (await t.ctx.db.select().from(users).where(eq(users.username, 'bank.wz2')))[0]!.id;
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

let sequence = 0;
async function project(status: 'coded' | 'draft' | 'filed' = 'coded'): Promise<string> {
  sequence += 1;
  const [row] = await t.ctx.db
    .insert(projects)
    .values({
      enterpriseId,
      createdBy: applicantId,
      name: `融资测试项目 ${sequence}`,
      status,
      code: status === 'draft' ? null : `TEST-FIN-${sequence}-${crypto.randomBytes(3).toString('hex')}`,
      regionCode: '330302',
      procedure: 'ratification',
      investmentNature: 'enterprise',
      industryCode: 'D4411',
      totalInvestment: '56000',
    })
    .returning();
  return row!.id;
}

describe('products', () => {
  it('classifies a product from its words, and only its bank withdraws it', async () => {
    expect(classifyProduct('分布式光伏项目贷 支持新能源项目')).toBe('greenCredit');
    expect(classifyProduct('科创贷 知识产权质押')).toBe('techCredit');
    expect(classifyProduct('固定资产项目贷款')).toBe('projectLoan');
    expect(classifyProduct('流动资金贷款')).toBe('workingCapital');
    expect(classifyProduct('个人消费贷')).toBe('other');

    const product = await ok<{ id: string; category: string; industries: string[] }>(
      bank,
      'POST',
      '/api/finance/products',
      {
        name: '固定资产项目贷款',
        minAmount: 500,
        maxAmount: 50000,
        maxTermMonths: 120,
        rateText: 'LPR+0.35%',
        industries: ['D', 'C'],
        description: '支持技术改造和新建项目',
      },
    );
    expect(product.category).toBe('projectLoan');
    expect(product.industries).toEqual(['C', 'D']);
    const forD = await ok<{ items: { id: string }[] }>(applicant, 'GET', '/api/finance/products?industry=D');
    expect(forD.items.map((p) => p.id)).toContain(product.id);
    const forK = await ok<{ items: { id: string }[] }>(applicant, 'GET', '/api/finance/products?industry=K');
    expect(forK.items.map((p) => p.id)).not.toContain(product.id);

    const before = await databaseFingerprint(t.ctx);
    expect((await call(otherBank, 'POST', `/api/finance/products/${product.id}/withdraw`)).statusCode).toBe(404);
    const inverted = await call(bank, 'POST', '/api/finance/products', {
      name: '倒置额度',
      minAmount: 500,
      maxAmount: 100,
      maxTermMonths: 12,
      rateText: '4%',
      description: '',
    });
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json().fields[0].field).toBe('maxAmount');
    expect(await databaseFingerprint(t.ctx)).toEqual(before);
    await ok(bank, 'POST', `/api/finance/products/${product.id}/withdraw`);
    expect((await call(bank, 'POST', `/api/finance/products/${product.id}/withdraw`)).statusCode).toBe(409);
    const after = await ok<{ items: { id: string }[] }>(applicant, 'GET', '/api/finance/products');
    expect(after.items.map((p) => p.id)).not.toContain(product.id);
  });
});

describe('needs and offers', () => {
  it('needs the unit’s consent; one open need per project', async () => {
    const id = await project();
    const draft = await project('draft');
    const before = await databaseFingerprint(t.ctx);
    const refused = await call(applicant, 'POST', `/api/projects/${id}/financing-needs`, {
      amount: 20000,
      termMonths: 60,
      purpose: '',
      consent: false,
    });
    expect(refused.statusCode).toBe(400);
    expect(
      refused
        .json()
        .fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['consent', 'purpose']);
    expect(
      (
        await call(applicant, 'POST', `/api/projects/${draft}/financing-needs`, {
          amount: 100,
          termMonths: 12,
          purpose: '设备购置',
          consent: true,
        })
      ).statusCode,
    ).toBe(409);
    // Staff and banks do not see a unit's financing.
    expect((await call(bank, 'GET', `/api/projects/${id}/financing-needs`)).statusCode).toBe(403);
    expect(await databaseFingerprint(t.ctx)).toEqual(before);

    const published = await ok<{ items: Need[] }>(applicant, 'POST', `/api/projects/${id}/financing-needs`, {
      amount: 20000,
      termMonths: 60,
      purpose: '机组设备购置',
      consent: true,
    });
    expect(published.items).toHaveLength(1);
    expect(published.items[0]!.status).toBe('open');
    const second = await call(applicant, 'POST', `/api/projects/${id}/financing-needs`, {
      amount: 100,
      termMonths: 12,
      purpose: '第二条',
      consent: true,
    });
    expect(second.statusCode).toBe(409);
  });

  it('banks of the region see the need with the licences the platform holds; acceptance declines the rest', async () => {
    const id = await project();
    await t.ctx.db.insert(licences).values({
      number: `330300-2026-PD-${crypto.randomBytes(4).toString('hex').toUpperCase()}`,
      projectId: id,
      enterpriseId,
      licenceType: 'projectDecision',
      canonical: '{}',
      signature: 'test',
      publicKey: 'test',
      issuedAt: t.ctx.clock.now(),
      issuedOn: '2026-10-01',
      validUntil: '2028-10-01',
    });
    const { items } = await ok<{ items: Need[] }>(applicant, 'POST', `/api/projects/${id}/financing-needs`, {
      amount: 30000,
      termMonths: 96,
      purpose: '热电机组建设',
      consent: true,
    });
    const needId = items[0]!.id;

    const seen = await ok<{ items: NeedForBank[] }>(bank, 'GET', '/api/finance/needs?industry=D&pageSize=200');
    const mine = seen.items.find((n) => n.id === needId)!;
    expect(mine.project.name).toMatch(/融资测试项目/);
    expect(mine.project.licences.map((l) => l.code)).toEqual(['projectDecision']);
    expect(mine.project.licences[0]!.name).toContain('核准');
    expect(mine.myOffer).toBeNull();
    const far = await ok<{ items: NeedForBank[] }>(farBank, 'GET', '/api/finance/needs?pageSize=200');
    expect(far.items.map((n) => n.id)).not.toContain(needId);
    expect(
      (
        await call(farBank, 'POST', `/api/finance/needs/${needId}/offers`, {
          amount: 100,
          termMonths: 12,
          rateText: '4%',
          message: '外地',
        })
      ).statusCode,
    ).toBe(404);

    const offer = { amount: 30000, termMonths: 96, rateText: 'LPR+0.3%', message: '联系人：王经理' };
    const first = await ok<{ id: string }>(bank, 'POST', `/api/finance/needs/${needId}/offers`, offer);
    expect((await call(bank, 'POST', `/api/finance/needs/${needId}/offers`, offer)).statusCode).toBe(409);
    const secondOffer = await ok<{ id: string }>(otherBank, 'POST', `/api/finance/needs/${needId}/offers`, {
      ...offer,
      rateText: 'LPR+0.5%',
    });
    const received = await t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, applicantId), eq(notifications.kind, 'finance.offer_received')));
    expect(received.length).toBeGreaterThanOrEqual(2);

    // Another unit's offer id is not the applicant's to accept: banks cannot decide offers at all.
    expect((await call(bank, 'POST', `/api/financing-offers/${first.id}/accept`)).statusCode).toBe(403);
    const accepted = await ok<{ items: Need[] }>(applicant, 'POST', `/api/financing-offers/${first.id}/accept`);
    const need = accepted.items.find((n) => n.id === needId)!;
    expect(need.status).toBe('matched');
    expect(Object.fromEntries(need.offers.map((o) => [o.id, o.status]))).toEqual({
      [first.id]: 'accepted',
      [secondOffer.id]: 'declined',
    });
    expect((await call(applicant, 'POST', `/api/financing-offers/${secondOffer.id}/accept`)).statusCode).toBe(409);
    const told = await t.ctx.db.select().from(notifications).where(eq(notifications.userId, otherBankId));
    expect(told.map((n) => n.kind)).toContain('finance.offer_declined');
    const toldFirst = await t.ctx.db.select().from(notifications).where(eq(notifications.userId, bankId));
    expect(toldFirst.map((n) => n.kind)).toContain('finance.offer_accepted');
    const audit = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'finance.offer_accepted'), eq(auditEvents.targetId, first.id)));
    expect(audit[0]?.after).toMatchObject({ othersDeclined: 1 });
    // 我的意向: the accepted bank now sees who the unit is; the other bank's offer ended without it.
    const mineOffers = await ok<{ items: { id: string; status: string; enterprise: { name: string } | null }[] }>(
      bank,
      'GET',
      '/api/finance/offers/mine',
    );
    expect(mineOffers.items.find((o) => o.id === first.id)).toMatchObject({
      status: 'accepted',
      enterprise: { name: expect.stringContaining('瓯江新材料') },
    });
    const theirs = await ok<{ items: { id: string; status: string; enterprise: unknown }[] }>(
      otherBank,
      'GET',
      '/api/finance/offers/mine',
    );
    expect(theirs.items.find((o) => o.id === secondOffer.id)).toMatchObject({ status: 'declined', enterprise: null });
    // A matched need is no longer listed to banks.
    const later = await ok<{ items: NeedForBank[] }>(bank, 'GET', '/api/finance/needs?pageSize=200');
    expect(later.items.map((n) => n.id)).not.toContain(needId);
  });

  it('a filed project shows its 备案证明 to the banks (the filing is its decision, not a licence row)', async () => {
    const id = await project('filed');
    const { items } = await ok<{ items: Need[] }>(applicant, 'POST', `/api/projects/${id}/financing-needs`, {
      amount: 800,
      termMonths: 24,
      purpose: '设备购置',
      consent: true,
    });
    const seen = await ok<{ items: NeedForBank[] }>(bank, 'GET', '/api/finance/needs?pageSize=200');
    expect(seen.items.find((n) => n.id === items[0]!.id)?.project.licences.map((l) => l.code)).toEqual([
      'filingCertificate',
    ]);
  });

  it('closing a need ends its open offers', async () => {
    const id = await project();
    const { items } = await ok<{ items: Need[] }>(applicant, 'POST', `/api/projects/${id}/financing-needs`, {
      amount: 500,
      termMonths: 12,
      purpose: '流动资金',
      consent: true,
    });
    const offer = await ok<{ id: string }>(bank, 'POST', `/api/finance/needs/${items[0]!.id}/offers`, {
      amount: 500,
      termMonths: 12,
      rateText: '3.9%',
      message: '',
    });
    const closed = await ok<{ items: Need[] }>(applicant, 'POST', `/api/financing-needs/${items[0]!.id}/close`);
    expect(closed.items[0]).toMatchObject({ status: 'closed', offers: [{ id: offer.id, status: 'declined' }] });
    expect((await call(applicant, 'POST', `/api/financing-needs/${items[0]!.id}/close`)).statusCode).toBe(409);
  });
});
