import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseProjectCode, validateCreditCode } from '@yiwang/domain';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterprises, projectCodes, users } from '../src/db/schema/index.ts';
import { createLocalProjectCodeIssuer, setProjectCodeIssuer } from '../src/modules/projects/project-code-issuer.ts';
import { attachmentDisposition } from '../src/lib/content-disposition.ts';
import { DEMO_ENTERPRISE } from '../src/seed/demo-seed.ts';
import { createTestApp, databaseFingerprint, type TestApp, TEST_PASSWORD } from './test-app.ts';

/** Issue 3 (lifecycle): 备案证明 PDF, QR marks, changes and void with history, staff search, 公示, agents, demo data. */

const BASE_URL = 'https://yiwang.example.gov.cn';

interface FieldErrorBody {
  code: string;
  fields?: { field: string; message: string; messageEn: string }[];
}
interface Project {
  id: string;
  code: string | null;
  status: string;
  name: string;
  totalInvestment: number | null;
  filedAt: string | null;
  updatedAt: string;
}
interface HistoryItem {
  kind: string;
  status: string | null;
  reason: string | null;
  actorUsername: string | null;
  changes: { field: string; label: string; before: unknown; after: unknown }[];
}
interface SearchItem {
  id: string;
  name: string;
  status: string;
  totalInvestment: number;
}

const filing = {
  regionCode: '330302',
  address: '温州市鹿城区测试路 8 号',
  scaleAndContent: '新建厂房 1 万平方米，购置生产线 2 条',
  fundSources: [{ kind: 'selfRaised', amount: 5000 }],
  totalInvestment: 5000,
  plannedStart: '2027-01-01',
  plannedEnd: '2028-01-01',
  industryCode: 'C3491',
  projectType: '01',
  investmentNature: 'enterprise',
  industrialPolicyStatement: true,
};

function hasPdftotext(): boolean {
  const found = !spawnSync('pdftotext', ['-v']).error;
  if (!found && process.env.CI === 'true') throw new Error('pdftotext is required in CI (poppler-utils)');
  if (!found) console.warn('\n!!! pdftotext not found: SKIPPING the PDF text check of projects-lifecycle.test.ts\n');
  return found;
}

describe('project lifecycle', () => {
  let t: TestApp;
  let token = '';
  let otherToken = '';
  const auth = (value: string) => ({ authorization: `Bearer ${value}` });
  const ids: Record<string, string> = {};

  async function create(payload: Record<string, unknown>, as = token): Promise<Project> {
    const response = await t.app.inject({ method: 'POST', url: '/api/projects', headers: auth(as), payload });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<Project>();
  }
  async function submit(id: string, as = token): Promise<Project> {
    const response = await t.app.inject({ method: 'POST', url: `/api/projects/${id}/submit`, headers: auth(as) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Project>();
  }
  async function history(id: string, as = token): Promise<HistoryItem[]> {
    const response = await t.app.inject({ method: 'GET', url: `/api/projects/${id}/history`, headers: auth(as) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: HistoryItem[] }>().items;
  }

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_BASE_URL: `${BASE_URL}/` });
    for (const [creditCode, username] of [
      ['914403001922038216', 'life-one'],
      ['91330100799655058B', 'life-two'],
    ] as const) {
      const registered = await t.app.inject({
        method: 'POST',
        url: '/api/enterprises/register',
        payload: {
          creditCode,
          name: `生命周期测试企业 ${username}`,
          legalRepresentative: '张三',
          regionCode: '330302',
          contactName: '李四',
          contactPhone: '13812341234',
          contactIdNumber: '11010519491231002X',
          account: { username, password: TEST_PASSWORD, displayName: '经办人' },
        },
      });
      expect(registered.statusCode, registered.body).toBe(201);
    }
    token = await t.login('life-one');
    otherToken = await t.login('life-two');
  });
  afterAll(async () => t?.close());

  describe('备案证明 PDF and QR marks', () => {
    it('refuses the certificate before filing (409 PROJECT_NOT_FILED), serves it after, to owners and staff in scope', async () => {
      const draft = await create({ ...filing, name: '证明测试项目' });
      const before = await t.app.inject({
        method: 'GET',
        url: `/api/projects/${draft.id}/filing-certificate.pdf`,
        headers: auth(token),
      });
      expect(before.statusCode).toBe(409);
      expect(before.json<FieldErrorBody>().code).toBe('PROJECT_NOT_FILED');

      const filed = await submit(draft.id);
      ids.certificate = draft.id;
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/projects/${draft.id}/filing-certificate.pdf`,
        headers: auth(token),
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="filing-certificate-${filed.code}.pdf"; ` +
          `filename*=UTF-8''${encodeURIComponent(`备案证明-${filed.code}.pdf`)}`,
      );
      expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      if (hasPdftotext()) {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-cert-'));
        const file = path.join(dir, 'certificate.pdf');
        fs.writeFileSync(file, response.rawPayload);
        const result = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' });
        fs.rmSync(dir, { recursive: true, force: true });
        const text = result.stdout.replace(/\s+/g, '');
        expect(text).toContain(filed.code!);
        expect(text).toContain('证明测试项目');
        expect(text).toContain('914403001922038216');
        expect(text).toContain('鹿城区发展和改革局'); // 备案机关: the 发改 department of the project's region
        expect(text).toContain('通用设备制造业'); // C3491 → 大类 C34
        expect(text).toContain(`${BASE_URL}/public/project-codes/${filed.code}`);
      }
      const staff = await t.app.inject({
        method: 'GET',
        url: `/api/projects/${draft.id}/filing-certificate.pdf`,
        headers: auth(await t.login('department')),
      });
      expect(staff.statusCode).toBe(200);
      const stranger = await t.app.inject({
        method: 'GET',
        url: `/api/projects/${draft.id}/filing-certificate.pdf`,
        headers: auth(otherToken),
      });
      expect(stranger.statusCode).toBe(404);
    });

    it('encodes a non-ASCII file name per RFC 6266 / 8187', () => {
      expect(attachmentDisposition('a.pdf', "备案证明 (1)'.pdf")).toBe(
        `attachment; filename="a.pdf"; filename*=UTF-8''%E5%A4%87%E6%A1%88%E8%AF%81%E6%98%8E%20%281%29%27.pdf`,
      );
    });

    it('serves the QR mark of a registered code as SVG and PNG, publicly cacheable; 404 for other codes', async () => {
      const { code } = (
        await t.app.inject({ method: 'GET', url: `/api/projects/${ids.certificate}`, headers: auth(token) })
      ).json<Project>();
      const svg = await t.app.inject({ method: 'GET', url: `/api/public/project-codes/${code}/qr.svg` });
      expect(svg.statusCode).toBe(200);
      expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
      expect(svg.headers['cache-control']).toBe('public, max-age=86400');
      expect(svg.body).toMatch(/<svg[\s\S]*<\/svg>/);
      const png = await t.app.inject({ method: 'GET', url: `/api/public/project-codes/${code}/qr.png` });
      expect(png.statusCode).toBe(200);
      expect(png.headers['content-type']).toBe('image/png');
      expect(png.headers['cache-control']).toBe('public, max-age=86400');
      expect(png.rawPayload.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(
        true,
      );
      for (const other of ['2505-330354-04-01-274607', 'not-a-code']) {
        for (const ext of ['svg', 'png']) {
          const missing = await t.app.inject({ method: 'GET', url: `/api/public/project-codes/${other}/qr.${ext}` });
          expect(missing.statusCode).toBe(404);
          expect(missing.json<FieldErrorBody>().code).toBe('NOT_FOUND');
        }
      }
    });
  });

  describe('changes, void and history', () => {
    it('applies a change of a filed 备案 project at once, with before/after per field in the history', async () => {
      const project = await submit((await create({ ...filing, name: '变更测试项目' })).id);
      t.clock.advanceMinutes(5);
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/projects/${project.id}/changes`,
        headers: auth(token),
        payload: {
          changes: {
            name: '变更测试项目（扩建）',
            totalInvestment: 6500.5,
            fundSources: [
              { kind: 'selfRaised', amount: 5000 },
              { kind: 'bankLoan', amount: 1500.5 },
            ],
            address: filing.address, // unchanged: not listed
          },
          reason: '扩大建设规模',
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      const body = response.json<{ project: Project; change: { status: string; kind: string } }>();
      expect(body.project).toMatchObject({ name: '变更测试项目（扩建）', totalInvestment: 6500.5, status: 'filed' });
      expect(body.project.code).toBe(project.code);
      expect(body.change).toMatchObject({ kind: 'change', status: 'applied' });

      const items = await history(project.id);
      expect(items.map((i) => i.kind)).toEqual(['change', 'filed', 'coded', 'created']);
      const [change] = items;
      expect(change).toMatchObject({ status: 'applied', reason: '扩大建设规模', actorUsername: 'life-one' });
      expect(change!.changes).toEqual([
        { field: 'name', label: '项目名称', before: '变更测试项目', after: '变更测试项目（扩建）' },
        { field: 'totalInvestment', label: '总投资（万元）', before: 5000, after: 6500.5 },
        {
          field: 'fundSources',
          label: '资金来源',
          before: [{ kind: 'selfRaised', amount: 5000 }],
          after: [
            { kind: 'selfRaised', amount: 5000 },
            { kind: 'bankLoan', amount: 1500.5 },
          ],
        },
      ]);
      expect(items.slice(1).every((i) => i.status === null && i.changes.length === 0)).toBe(true);
      // Staff in scope read the history too; another enterprise does not.
      expect((await history(project.id, await t.login('window'))).length).toBe(4);
      const stranger = await t.app.inject({
        method: 'GET',
        url: `/api/projects/${project.id}/history`,
        headers: auth(otherToken),
      });
      expect(stranger.statusCode).toBe(404);
      ids.changed = project.id;
    });

    it('refuses a change that would break the filing (fund sources, 核准 industry), storing nothing', async () => {
      const before = await databaseFingerprint(t.ctx);
      const cases: [Record<string, unknown>, string][] = [
        [{ totalInvestment: 9999 }, 'changes.fundSources'],
        [{ industryCode: 'B0610' }, 'changes.industryCode'],
        [{ name: '变更测试项目（扩建）' }, 'changes'],
      ];
      for (const [changes, field] of cases) {
        const response = await t.app.inject({
          method: 'POST',
          url: `/api/projects/${ids.changed}/changes`,
          headers: auth(token),
          payload: { changes, reason: '测试' },
        });
        expect(response.statusCode, response.body).toBe(400);
        expect(response.json<FieldErrorBody>().fields?.map((f) => f.field)).toContain(field);
      }
      expect(await databaseFingerprint(t.ctx)).toEqual(before);
    });

    it('records a change of a coded 核准 project as pending and leaves the project unchanged', async () => {
      const project = await submit(
        (await create({ ...filing, name: '核准变更测试项目', industryCode: 'B0610', industrialPolicyStatement: false }))
          .id,
      );
      expect(project.status).toBe('coded');
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/projects/${project.id}/changes`,
        headers: auth(token),
        payload: { changes: { name: '核准变更测试项目（调整）', plannedEnd: '2029-01-01' }, reason: '调整建设工期' },
      });
      expect(response.statusCode, response.body).toBe(201);
      const body = response.json<{ project: Project; change: { status: string } }>();
      expect(body.change.status).toBe('pending');
      const after = await t.app.inject({ method: 'GET', url: `/api/projects/${project.id}`, headers: auth(token) });
      expect(after.json()).toEqual(project);
      expect(body.project).toEqual(project);
      const [pending] = await history(project.id);
      expect(pending).toMatchObject({ kind: 'change', status: 'pending', reason: '调整建设工期' });
      expect(pending!.changes.map((c) => [c.field, c.before, c.after])).toEqual([
        ['name', '核准变更测试项目', '核准变更测试项目（调整）'],
        ['plannedEnd', '2028-01-01', '2029-01-01'],
      ]);
    });

    it('refuses a change of a draft (409)', async () => {
      const draft = await create({ name: '草稿变更测试' });
      const before = await databaseFingerprint(t.ctx);
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/projects/${draft.id}/changes`,
        headers: auth(token),
        payload: { changes: { name: '改' }, reason: '测试' },
      });
      expect(response.statusCode).toBe(409);
      expect(await databaseFingerprint(t.ctx)).toEqual(before);
      const voided = await t.app.inject({
        method: 'POST',
        url: `/api/projects/${draft.id}/void`,
        headers: auth(token),
        payload: { reason: '不再建设' },
      });
      expect(voided.statusCode, voided.body).toBe(200);
      expect(voided.json()).toMatchObject({ status: 'voided', code: null });
    });

    it('voids a filed project keeping its code, which is never issued again', async () => {
      const serials = [55555];
      setProjectCodeIssuer(
        t.ctx,
        createLocalProjectCodeIssuer({ clock: t.clock, random: () => serials.shift() ?? 66666 }),
      );
      try {
        const project = await submit((await create({ ...filing, name: '撤销测试项目' })).id);
        expect(project.code).toMatch(/-55555\d$/);
        const response = await t.app.inject({
          method: 'POST',
          url: `/api/projects/${project.id}/void`,
          headers: auth(token),
          payload: { reason: '项目终止' },
        });
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json()).toMatchObject({ status: 'voided', code: project.code });
        const [registry] = await t.ctx.db.select().from(projectCodes).where(eq(projectCodes.code, project.code!));
        expect(registry).toMatchObject({ projectId: project.id, status: 'voided' });
        const lookup = await t.app.inject({ method: 'GET', url: `/api/public/project-codes/${project.code}` });
        expect(lookup.json()).toMatchObject({ valid: true, project: { status: 'voided', code: project.code } });
        const [voidItem] = await history(project.id);
        expect(voidItem).toMatchObject({ kind: 'void', status: 'applied', reason: '项目终止' });
        expect(voidItem!.changes).toEqual([{ field: 'status', label: '项目状态', before: 'filed', after: 'voided' }]);

        // The same serial drawn again: the voided code is skipped.
        serials.push(55555, 77777);
        const next = await submit((await create({ ...filing, name: '撤销后新项目' })).id);
        expect(next.code).not.toBe(project.code);
        expect(next.code).toMatch(/-77777\d$/);

        const before = await databaseFingerprint(t.ctx);
        for (const [url, payload] of [
          [`/api/projects/${project.id}/void`, { reason: '再次撤销' }],
          [`/api/projects/${project.id}/changes`, { changes: { name: '改' }, reason: '测试' }],
        ] as const) {
          const refused = await t.app.inject({ method: 'POST', url, headers: auth(token), payload });
          expect(refused.statusCode).toBe(409);
        }
        const pdf = await t.app.inject({
          method: 'GET',
          url: `/api/projects/${project.id}/filing-certificate.pdf`,
          headers: auth(token),
        });
        expect(pdf.json<FieldErrorBody>().code).toBe('PROJECT_NOT_FILED');
        expect(await databaseFingerprint(t.ctx)).toEqual(before);
        ids.voided = project.id;
      } finally {
        setProjectCodeIssuer(t.ctx, createLocalProjectCodeIssuer({ clock: t.clock }));
      }
    });
  });

  describe('staff search and 公示', () => {
    const searchAs = async (as: string, query: string) => {
      const response = await t.app.inject({ method: 'GET', url: `/api/projects/search?${query}`, headers: auth(as) });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ items: SearchItem[]; total: number }>();
    };
    let windowToken = '';
    const seeded: Record<string, Project> = {};

    /** Moves the clock (days ahead: sessions would expire) and signs in again. */
    const at = async (time: string) => {
      t.clock.set(time);
      token = await t.login('life-one');
      otherToken = await t.login('life-two');
    };

    beforeAll(async () => {
      await at('2026-12-01T10:00:00+08:00');
      seeded.a = await submit(
        (
          await create({
            ...filing,
            name: '鹿城智能装备产业园项目',
            flags: ['provincialKey'],
            industryCode: 'C3491',
          })
        ).id,
      );
      await at('2026-12-02T10:00:00+08:00');
      seeded.b = await submit(
        (
          await create({
            ...filing,
            name: '瓯海智能仓储物流中心项目',
            regionCode: '330304',
            totalInvestment: 20000,
            fundSources: [{ kind: 'selfRaised', amount: 20000 }],
            industryCode: 'G5920',
          })
        ).id,
      );
      await at('2026-12-03T10:00:00+08:00');
      seeded.c = await submit(
        (
          await create({
            ...filing,
            name: '生态园智能煤炭洗选项目',
            regionCode: '330354',
            totalInvestment: 80000,
            fundSources: [{ kind: 'bankLoan', amount: 80000 }],
            industryCode: 'B0610',
            industrialPolicyStatement: false,
          })
        ).id,
      );
      await create({ ...filing, name: '智能草稿项目' }); // drafts are never searched
      windowToken = await t.login('window');
    });

    const names = (result: { items: SearchItem[] }) => result.items.map((i) => i.name);

    it('narrows by each filter', async () => {
      const all = ['鹿城智能装备产业园项目', '瓯海智能仓储物流中心项目', '生态园智能煤炭洗选项目'];
      expect(names(await searchAs(windowToken, `q=${encodeURIComponent('智能')}&sort=createdAt`))).toEqual(all);
      expect(names(await searchAs(windowToken, `q=${encodeURIComponent('智能仓储')}`))).toEqual([all[1]]);
      const q = `q=${encodeURIComponent('智能')}`;
      expect(names(await searchAs(windowToken, `${q}&regionCode=330304`))).toEqual([all[1]]);
      expect(names(await searchAs(windowToken, `${q}&regionCode=330300&sort=createdAt`))).toEqual(all);
      expect(names(await searchAs(windowToken, `code=${seeded.a!.code}`))).toEqual([all[0]]);
      expect(names(await searchAs(windowToken, `${q}&code=${seeded.c!.code!.slice(0, 11)}`))).toEqual([all[2]]);
      expect(names(await searchAs(windowToken, `${q}&industryCode=C34`))).toEqual([all[0]]);
      expect(names(await searchAs(windowToken, `${q}&industryCode=G`))).toEqual([all[1]]);
      expect(names(await searchAs(windowToken, `${q}&procedure=ratification`))).toEqual([all[2]]);
      expect(names(await searchAs(windowToken, `${q}&status=coded`))).toEqual([all[2]]);
      expect(names(await searchAs(windowToken, `${q}&investmentMin=10000&sort=createdAt`))).toEqual([all[1], all[2]]);
      expect(names(await searchAs(windowToken, `${q}&investmentMax=10000`))).toEqual([all[0]]);
      expect(names(await searchAs(windowToken, `${q}&investmentMin=20000&investmentMax=20000`))).toEqual([all[1]]);
      expect(names(await searchAs(windowToken, `${q}&flag=provincialKey`))).toEqual([all[0]]);
      expect(names(await searchAs(windowToken, `${q}&createdFrom=2026-12-02&createdTo=2026-12-02`))).toEqual([all[1]]);
      expect(names(await searchAs(windowToken, `${q}&createdFrom=2026-12-02&sort=createdAt`))).toEqual([
        all[1],
        all[2],
      ]);
      const item = (await searchAs(windowToken, `code=${seeded.b!.code}`)).items[0];
      expect(item).toMatchObject({
        id: seeded.b!.id,
        code: seeded.b!.code,
        enterpriseName: '生命周期测试企业 life-one',
        regionCode: '330304',
        regionName: '瓯海区',
        procedure: 'filing',
        status: 'filed',
        totalInvestment: 20000,
        industryCode: 'G5920',
        flags: [],
        createdAt: '2026-12-02T02:00:00.000Z',
      });
    });

    it('sorts and paginates', async () => {
      const q = `q=${encodeURIComponent('智能')}`;
      const desc = await searchAs(windowToken, `${q}&sort=-totalInvestment&pageSize=2`);
      expect(desc).toMatchObject({ total: 3, totalIsLowerBound: false });
      expect(desc.items.map((i) => i.totalInvestment)).toEqual([80000, 20000]);
      const page2 = await searchAs(windowToken, `${q}&sort=-totalInvestment&pageSize=2&page=2`);
      expect(page2.items.map((i) => i.totalInvestment)).toEqual([5000]);
      expect(page2.total).toBe(3);
      const asc = await searchAs(windowToken, `${q}&sort=totalInvestment`);
      expect(asc.items.map((i) => i.totalInvestment)).toEqual([5000, 20000, 80000]);
      const newest = await searchAs(windowToken, q);
      expect(names(newest)[0]).toBe('生态园智能煤炭洗选项目');
      expect((await searchAs(windowToken, `${q}&sort=name`)).total).toBe(3);
    });

    it('keeps a county-level window within its subtree', async () => {
      const sysAdmin = await t.login('sysAdmin');
      const departments = await t.app.inject({
        method: 'GET',
        url: '/api/departments?regionCode=330304',
        headers: auth(sysAdmin),
      });
      const departmentId = departments
        .json<{ items: { id: string; kind: string }[] }>()
        .items.find((d) => d.kind === 'approvalService')!.id;
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: auth(sysAdmin),
        payload: {
          username: 'window-ouhai',
          displayName: '瓯海区窗口',
          password: TEST_PASSWORD,
          role: 'window',
          regionCode: '330304',
          departmentId,
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const county = await t.login('window-ouhai');
      expect(names(await searchAs(county, `q=${encodeURIComponent('智能')}`))).toEqual(['瓯海智能仓储物流中心项目']);
      // Asking for a region outside the scope narrows to nothing; the project itself is not visible.
      expect((await searchAs(county, 'regionCode=330302')).total).toBe(0);
      const outside = await t.app.inject({
        method: 'GET',
        url: `/api/projects/${seeded.a!.id}`,
        headers: auth(county),
      });
      expect(outside.statusCode).toBe(404);
    });

    it('publishes filed projects only (公示), newest filing first, with public fields', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/public/filings?pageSize=100' });
      expect(response.statusCode).toBe(200);
      const body = response.json<{ items: (Record<string, unknown> & { code: string; filedAt: string })[] }>();
      expect(body.items.every((i) => i.status === 'filed')).toBe(true);
      const codes = body.items.map((i) => i.code);
      expect(codes).toContain(seeded.a!.code);
      expect(codes).toContain(seeded.b!.code);
      expect(codes).not.toContain(seeded.c!.code); // coded 核准, not a filing
      const filedAts = body.items.map((i) => i.filedAt);
      expect([...filedAts].sort().reverse()).toEqual(filedAts);
      expect(Object.keys(body.items[0]!).sort()).toEqual(
        ['code', 'enterpriseName', 'filedAt', 'name', 'procedure', 'regionCode', 'regionName', 'status'].sort(),
      );
      const ouhai = await t.app.inject({ method: 'GET', url: '/api/public/filings?regionCode=330304' });
      expect(ouhai.json<{ items: { code: string }[] }>().items.map((i) => i.code)).toEqual([seeded.b!.code]);
      const voided = await t.app.inject({ method: 'GET', url: `/api/projects/${ids.voided}`, headers: auth(token) });
      expect(codes).not.toContain(voided.json<Project>().code);
    });
  });

  describe('bad inputs', () => {
    it('answers 400 with field messages and stores nothing', async () => {
      const windowToken = await t.login('window');
      const before = await databaseFingerprint(t.ctx);
      const cases: [string, string, Record<string, unknown> | undefined, string][] = [
        ['POST', `/api/projects/${ids.changed}/changes`, { changes: { colour: 'red' }, reason: 'x' }, 'changes.colour'],
        ['POST', `/api/projects/${ids.changed}/changes`, { changes: {}, reason: 'x' }, 'changes'],
        ['POST', `/api/projects/${ids.changed}/changes`, { changes: { name: '新名' }, reason: '' }, 'reason'],
        ['POST', `/api/projects/${ids.changed}/changes`, { changes: { name: '新名' }, reason: '   ' }, 'reason'],
        [
          'POST',
          `/api/projects/${ids.changed}/changes`,
          { changes: { totalInvestment: -1 }, reason: 'x' },
          'changes.totalInvestment',
        ],
        ['POST', `/api/projects/${ids.changed}/void`, { reason: '' }, 'reason'],
        ['POST', `/api/projects/${ids.changed}/void`, { reason: 'x'.repeat(501) }, 'reason'],
        ['GET', '/api/projects/search?sort=colour', undefined, 'sort'],
        ['GET', '/api/projects/search?investmentMin=10000000000001', undefined, 'investmentMin'],
        ['GET', '/api/projects/search?investmentMin=5&investmentMax=1', undefined, 'investmentMax'],
        ['GET', '/api/projects/search?createdFrom=yesterday', undefined, 'createdFrom'],
        ['GET', '/api/projects/search?pageSize=101', undefined, 'pageSize'],
        ['GET', '/api/projects/search?regionCode=999999', undefined, 'regionCode'],
        ['GET', '/api/projects/search?unknown=1', undefined, 'unknown'],
        ['GET', `/api/projects/search?q=${encodeURIComponent('智')}`, undefined, 'q'],
        ['GET', '/api/projects/search?page=501', undefined, 'page'],
        ['GET', '/api/public/filings?regionCode=abc', undefined, 'regionCode'],
      ];
      for (const [method, url, payload, field] of cases) {
        const as = url.includes('search') ? windowToken : token;
        const response = await t.app.inject({
          method: method as 'GET',
          url,
          headers: url.includes('public') ? {} : auth(as),
          ...(payload ? { payload } : {}),
        });
        expect(response.statusCode, `${url} ${JSON.stringify(payload)}`).toBe(400);
        const body = response.json<FieldErrorBody>();
        expect(
          body.fields?.map((f) => f.field),
          url,
        ).toContain(field);
        for (const f of body.fields ?? []) expect(f.message && f.messageEn).toBeTruthy();
      }
      expect(await databaseFingerprint(t.ctx)).toEqual(before);
    });
  });

  describe('agents (代办)', () => {
    it('lets an enterprise authorise an agent, who then registers projects for it until revoked', async () => {
      const agentToken = await t.login('agent');
      const authorise = await t.app.inject({
        method: 'POST',
        url: '/api/enterprises/me/agents',
        headers: auth(token),
        payload: { agentUsername: 'agent' },
      });
      expect(authorise.statusCode, authorise.body).toBe(201);
      const agentId = authorise.json<{ agentId: string }>().agentId;
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/enterprises/me/agents',
        headers: auth(token),
        payload: { agentUsername: 'agent' },
      });
      expect(again.statusCode).toBe(409);
      const notAnAgent = await t.app.inject({
        method: 'POST',
        url: '/api/enterprises/me/agents',
        headers: auth(token),
        payload: { agentUsername: 'window' },
      });
      expect(notAnAgent.statusCode).toBe(400);
      expect(notAnAgent.json<FieldErrorBody>().fields?.[0]?.field).toBe('agentUsername');

      const list = await t.app.inject({ method: 'GET', url: '/api/enterprises/me/agents', headers: auth(token) });
      expect(list.json<{ items: { username: string }[] }>().items.map((a) => a.username)).toEqual(['agent']);
      const mine = await t.app.inject({ method: 'GET', url: '/api/agent/enterprises', headers: auth(agentToken) });
      const enterprisesOfAgent = mine.json<{ items: { id: string; name: string }[] }>().items;
      const lifeOne = enterprisesOfAgent.find((e) => e.name === '生命周期测试企业 life-one')!;
      expect(lifeOne).toBeDefined();
      // The demo agent is also authorised by the demo enterprise (seed).
      expect(enterprisesOfAgent.map((e) => e.name)).toContain(DEMO_ENTERPRISE.name);

      const before = await databaseFingerprint(t.ctx);
      const lifeTwoId = (
        await t.app.inject({ method: 'GET', url: '/api/enterprises/me', headers: auth(otherToken) })
      ).json<{ id: string }>().id;
      for (const payload of [{ name: '代办项目' }, { name: '代办项目', enterpriseId: lifeTwoId }]) {
        const refused = await t.app.inject({
          method: 'POST',
          url: '/api/projects',
          headers: auth(agentToken),
          payload,
        });
        expect(refused.statusCode).toBe(400);
        expect(refused.json<FieldErrorBody>().fields?.[0]?.field).toBe('enterpriseId');
      }
      const applicantForOther = await t.app.inject({
        method: 'POST',
        url: '/api/projects',
        headers: auth(token),
        payload: { name: '越权项目', enterpriseId: lifeTwoId },
      });
      expect(applicantForOther.statusCode).toBe(400);
      expect(await databaseFingerprint(t.ctx)).toEqual(before);

      const project = await create({ ...filing, name: '代办登记项目', enterpriseId: lifeOne.id }, agentToken);
      expect(project).toMatchObject({ enterpriseId: lifeOne.id });
      const filed = await submit(project.id, agentToken);
      expect(filed.status).toBe('filed');
      // The enterprise sees the agent's project.
      const own = await t.app.inject({ method: 'GET', url: `/api/projects/${project.id}`, headers: auth(token) });
      expect(own.statusCode).toBe(200);

      const revoke = await t.app.inject({
        method: 'DELETE',
        url: `/api/enterprises/me/agents/${agentId}`,
        headers: auth(token),
      });
      expect(revoke.statusCode, revoke.body).toBe(200);
      const gone = await t.app.inject({ method: 'GET', url: `/api/projects/${project.id}`, headers: auth(agentToken) });
      expect(gone.statusCode).toBe(404);
      const revokeAgain = await t.app.inject({
        method: 'DELETE',
        url: `/api/enterprises/me/agents/${agentId}`,
        headers: auth(token),
      });
      expect(revokeAgain.statusCode).toBe(404);
    });
  });

  describe('demo data', () => {
    it('links the demo applicant to a valid demo enterprise with a filed project, a coded 核准 project and a draft', async () => {
      expect(validateCreditCode(DEMO_ENTERPRISE.creditCode)).toEqual({ valid: true });
      const [applicant] = await t.ctx.db.select().from(users).where(eq(users.username, 'applicant'));
      const [enterprise] = await t.ctx.db
        .select()
        .from(enterprises)
        .where(eq(enterprises.id, applicant!.enterpriseId!));
      expect(enterprise).toMatchObject({ name: '瓯江新材料有限公司（演示）', creditCode: DEMO_ENTERPRISE.creditCode });
      const demoToken = await t.login('applicant');
      const list = await t.app.inject({ method: 'GET', url: '/api/projects', headers: auth(demoToken) });
      const items = list.json<{ items: Project[] }>().items;
      expect(items.map((p) => p.status).sort()).toEqual(['coded', 'draft', 'filed']);
      const coded = items.find((p) => p.status === 'coded')!;
      expect(parseProjectCode(coded.code!)).toMatchObject({ valid: true, format: 'current' });
      const filed = items.find((p) => p.status === 'filed')!;
      expect(parseProjectCode(filed.code!)).toMatchObject({ valid: true, format: 'current' });
      const pdf = await t.app.inject({
        method: 'GET',
        url: `/api/projects/${filed.id}/filing-certificate.pdf`,
        headers: auth(demoToken),
      });
      expect(pdf.statusCode).toBe(200);
    });
  });
});
