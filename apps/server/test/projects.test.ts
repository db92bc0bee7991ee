import { parseProjectCode } from '@yiwang/domain';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, enterprises, projectCodes, projects } from '../src/db/schema/index.ts';
import { createFieldEncryptor } from '../src/lib/field-encryption.ts';
import {
  createLocalProjectCodeIssuer,
  projectCodeIssuerFor,
  setProjectCodeIssuer,
  shanghaiYearMonth,
} from '../src/modules/projects/project-code-issuer.ts';
import { createTestApp, databaseFingerprint, testDatabaseKind, type TestApp, TEST_PASSWORD } from './test-app.ts';

/** Issue 3 (backend core): enterprises, projects, 赋码, 备案, public code lookup. */

/** The issue asks 1,000 concurrent submissions on PostgreSQL; PGlite gets 200 (see the test for why not concurrent). */
const CONCURRENT_SUBMISSIONS = testDatabaseKind === 'postgresql' ? 1000 : 200;

interface FieldErrorBody {
  code: string;
  fields?: { field: string; message: string; messageEn: string }[];
}

function enterpriseBody(creditCode: string, username: string) {
  return {
    creditCode,
    name: `测试企业 ${username}`,
    legalRepresentative: '张三',
    regionCode: '330302',
    address: '温州市鹿城区车站大道 1 号',
    contactName: '李四',
    contactPhone: '13812341234',
    contactIdNumber: '11010519491231002X',
    account: { username, password: TEST_PASSWORD, displayName: '企业经办人' },
  };
}

/** A complete 备案 project (enterprise investment, industry not in the 核准目录). */
const filingProject = {
  name: '瓯江新材料年产 5 万吨改性塑料项目',
  regionCode: '330354',
  address: '温州生态园三垟大道 88 号',
  scaleAndContent: '新建厂房 2 万平方米，购置改性塑料生产线 4 条',
  totalInvestment: 12000.5,
  fundSources: [
    { kind: 'selfRaised', amount: 8000.5 },
    { kind: 'bankLoan', amount: 4000 },
  ],
  plannedStart: '2027-03-01',
  plannedEnd: '2028-12-31',
  industryCode: 'C2929',
  projectType: '01',
  investmentNature: 'enterprise',
  flags: ['municipalKey'],
  industrialPolicyStatement: true,
};

describe('enterprises, projects and 赋码', () => {
  let t: TestApp;
  let applicantToken = '';
  let otherApplicantToken = '';
  let enterpriseId = '';
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  describe('enterprise self-registration', () => {
    it('registers real credit codes, stores phone and ID only encrypted, shows them masked', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/enterprises/register',
        payload: enterpriseBody('914403001922038216', 'ent-one'),
      });
      expect(response.statusCode, response.body).toBe(201);
      const body = response.json<{
        enterprise: { id: string; creditCode: string; contactPhone: string; contactIdNumber: string };
        account: { username: string };
      }>();
      expect(body.enterprise.creditCode).toBe('914403001922038216');
      expect(body.enterprise.contactPhone).toBe('138****1234');
      expect(body.enterprise.contactIdNumber).toBe('110***********002X');
      expect(body.account.username).toBe('ent-one');
      enterpriseId = body.enterprise.id;

      const [row] = await t.ctx.db.select().from(enterprises).where(eq(enterprises.id, enterpriseId));
      expect(row!.contactPhoneEncrypted).toMatch(/^v1:/);
      expect(JSON.stringify(row)).not.toContain('13812341234');
      expect(JSON.stringify(row)).not.toContain('11010519491231002X');

      applicantToken = await t.login('ent-one');
      const me = await t.app.inject({ method: 'GET', url: '/api/enterprises/me', headers: auth(applicantToken) });
      expect(me.statusCode).toBe(200);
      expect(me.json()).toMatchObject({ id: enterpriseId, contactPhone: '138****1234', regionName: '鹿城区' });

      // Lower case and surrounding spaces are normalised before the check.
      const second = await t.app.inject({
        method: 'POST',
        url: '/api/enterprises/register',
        payload: enterpriseBody(' 91330100799655058b ', 'ent-two'),
      });
      expect(second.statusCode, second.body).toBe(201);
      expect(second.json<{ enterprise: { creditCode: string } }>().enterprise.creditCode).toBe('91330100799655058B');
      otherApplicantToken = await t.login('ent-two');
    });

    it('refuses a mutated credit code with a field message and stores nothing', async () => {
      const before = await databaseFingerprint(t.ctx);
      for (const mutated of ['914403001922038217', '914403001922138216', '91330100799655058C']) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/enterprises/register',
          payload: enterpriseBody(mutated, 'ent-mutated'),
        });
        expect(response.statusCode).toBe(400);
        const body = response.json<FieldErrorBody>();
        const field = body.fields?.find((f) => f.field === 'creditCode');
        expect(field?.message).toMatch(/校验码/);
        expect(field?.messageEn).toBeTruthy();
      }
      expect(await databaseFingerprint(t.ctx)).toEqual(before);
    });

    it('refuses a taken credit code or username with 409, a bad ID number and weak password with 400', async () => {
      const before = await databaseFingerprint(t.ctx);
      const taken = await t.app.inject({
        method: 'POST',
        url: '/api/enterprises/register',
        payload: enterpriseBody('914403001922038216', 'ent-three'),
      });
      expect(taken.statusCode).toBe(409);
      expect(taken.json<FieldErrorBody>().fields?.[0]?.field).toBe('creditCode');
      const bad = await t.app.inject({
        method: 'POST',
        url: '/api/enterprises/register',
        payload: {
          ...enterpriseBody('91110000100010433L', 'ent-three'),
          contactIdNumber: '110105194912310021',
          regionCode: '999999',
          account: { username: 'ent-three', password: 'weak', displayName: 'x' },
        },
      });
      expect(bad.statusCode).toBe(400);
      expect(
        bad
          .json<FieldErrorBody>()
          .fields?.map((f) => f.field)
          .sort(),
      ).toEqual(['account.password', 'contactIdNumber', 'regionCode']);
      expect(await databaseFingerprint(t.ctx)).toEqual(before);
    });
  });

  describe('field encryption (SM4-CBC + HMAC-SM3)', () => {
    it('round-trips, uses a fresh IV, refuses a tampered value, indexes blindly', () => {
      const key = Buffer.alloc(32, 7);
      const encryptor = createFieldEncryptor(key);
      const a = encryptor.encrypt('13812341234');
      const b = encryptor.encrypt('13812341234');
      expect(a).not.toBe(b);
      expect(encryptor.decrypt(a)).toBe('13812341234');
      const raw = Buffer.from(a.slice(3), 'base64');
      raw[20] = raw[20]! ^ 1;
      expect(() => encryptor.decrypt(`v1:${raw.toString('base64')}`)).toThrow(/integrity/);
      expect(() => createFieldEncryptor(Buffer.alloc(32, 8)).decrypt(a)).toThrow(/integrity/);
      expect(encryptor.blindIndex('13812341234')).toBe(encryptor.blindIndex(' 13812341234 '));
      expect(encryptor.blindIndex('13812341234')).not.toBe(
        createFieldEncryptor(Buffer.alloc(32, 8)).blindIndex('13812341234'),
      );
    });
  });

  describe('projects', () => {
    it('refuses bad inputs with field-level messages and stores nothing', async () => {
      const before = await databaseFingerprint(t.ctx);
      const cases: [Record<string, unknown>, string[]][] = [
        [{ ...filingProject, totalInvestment: -5 }, ['totalInvestment']],
        [{ ...filingProject, totalInvestment: 0 }, ['totalInvestment']],
        [{ ...filingProject, regionCode: '999999' }, ['regionCode']],
        [{ ...filingProject, name: '项'.repeat(101) }, ['name']],
        [{ ...filingProject, totalInvestment: '12000.5', flags: 'ppp' }, ['flags', 'totalInvestment']],
        [{ ...filingProject, industryCode: '4710', projectType: '07' }, ['industryCode', 'projectType']],
        [{ ...filingProject, plannedEnd: '2026-01-01' }, ['plannedEnd']],
        [{ ...filingProject, totalInvestment: 100.123 }, ['totalInvestment']],
        [{ ...filingProject, unknownField: 1 }, ['unknownField']],
      ];
      for (const [payload, fields] of cases) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/projects',
          headers: auth(applicantToken),
          payload,
        });
        expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
        const body = response.json<FieldErrorBody>();
        expect([...new Set(body.fields?.map((f) => f.field))].sort()).toEqual(fields);
        for (const f of body.fields ?? []) {
          expect(f.message).toBeTruthy();
          expect(f.messageEn).toBeTruthy();
        }
      }
      expect(await databaseFingerprint(t.ctx)).toEqual(before);
    });

    it('saves a draft, resumes it, refuses an incomplete submission naming every missing item', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/projects',
        headers: auth(applicantToken),
        payload: { name: '草稿项目', investmentNature: 'enterprise' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const draft = created.json<{ id: string; status: string; procedure: string | null; procedureReason: string }>();
      expect(draft.status).toBe('draft');
      expect(draft.procedure).toBeNull();
      expect(draft.procedureReason).toMatch(/行业/);
      // A minimal draft: the absent columns take their defaults, stated by the server — the answer and the created
      // entry are the stored row.
      const readBack = await t.app.inject({
        method: 'GET',
        url: `/api/projects/${draft.id}`,
        headers: auth(applicantToken),
      });
      expect(readBack.json()).toEqual(created.json());
      const [storedDraft] = await t.ctx.db.select().from(projects).where(eq(projects.id, draft.id));
      const [createdEntry] = await t.ctx.db
        .select({ after: auditEvents.after })
        .from(auditEvents)
        .where(eq(auditEvents.targetId, draft.id));
      expect(createdEntry?.after).toEqual(JSON.parse(JSON.stringify(storedDraft)));
      // …at the schema's defaults.
      expect(storedDraft).toMatchObject({
        fundSources: [],
        flags: [],
        industrialPolicyStatement: false,
        status: 'draft',
        code: null,
        regionCode: null,
        totalInvestment: null,
      });

      const before = await databaseFingerprint(t.ctx);
      const submit = await t.app.inject({
        method: 'POST',
        url: `/api/projects/${draft.id}/submit`,
        headers: auth(applicantToken),
      });
      expect(submit.statusCode).toBe(400);
      expect(submit.json<FieldErrorBody>().fields?.map((f) => f.field)).toEqual(
        expect.arrayContaining(['regionCode', 'address', 'totalInvestment', 'industryCode', 'fundSources']),
      );
      expect(await databaseFingerprint(t.ctx)).toEqual(before);

      const { name: _name, ...rest } = filingProject;
      const updated = await t.app.inject({
        method: 'PATCH',
        url: `/api/projects/${draft.id}`,
        headers: auth(applicantToken),
        payload: { ...rest, fundSources: [{ kind: 'selfRaised', amount: 100 }] },
      });
      expect(updated.statusCode, updated.body).toBe(200);
      expect(updated.json()).toMatchObject({ procedure: 'filing', totalInvestment: 12000.5, regionName: '温州生态园' });
      const mismatch = await t.app.inject({
        method: 'POST',
        url: `/api/projects/${draft.id}/submit`,
        headers: auth(applicantToken),
      });
      expect(mismatch.statusCode).toBe(400);
      expect(mismatch.json<FieldErrorBody>().fields?.map((f) => f.field)).toEqual(['fundSources']);

      // Another enterprise's applicant and the staff cannot see the draft.
      for (const token of [otherApplicantToken, await t.login('department')]) {
        const other = await t.app.inject({ method: 'GET', url: `/api/projects/${draft.id}`, headers: auth(token) });
        expect(other.statusCode).toBe(404);
      }
      // Nor submit it: 404 before anything else is checked (the visibility check runs on the locked row), still a draft.
      const foreign = await t.app.inject({
        method: 'POST',
        url: `/api/projects/${draft.id}/submit`,
        headers: auth(otherApplicantToken),
      });
      expect(foreign.statusCode).toBe(404);
      const still = await t.app.inject({
        method: 'GET',
        url: `/api/projects/${draft.id}`,
        headers: auth(applicantToken),
      });
      expect(still.json()).toMatchObject({ status: 'draft', code: null });
      const list = await t.app.inject({ method: 'GET', url: '/api/projects', headers: auth(applicantToken) });
      expect(list.json<{ items: { id: string }[] }>().items.map((p) => p.id)).toContain(draft.id);
      const otherList = await t.app.inject({ method: 'GET', url: '/api/projects', headers: auth(otherApplicantToken) });
      expect(otherList.json<{ total: number }>().total).toBe(0);
    });

    it('registers and codes in one request with submit: true, or stores nothing when the project is incomplete', async () => {
      const before = await databaseFingerprint(t.ctx);
      const incomplete = await t.app.inject({
        method: 'POST',
        url: '/api/projects',
        headers: auth(applicantToken),
        payload: { name: '一次提交缺项项目', investmentNature: 'enterprise', submit: true },
      });
      expect(incomplete.statusCode, incomplete.body).toBe(400);
      expect(incomplete.json<FieldErrorBody>().fields?.map((f) => f.field)).toEqual([
        'regionCode',
        'address',
        'scaleAndContent',
        'totalInvestment',
        'plannedStart',
        'plannedEnd',
        'industryCode',
        'projectType',
        'fundSources',
      ]);
      expect(await databaseFingerprint(t.ctx)).toEqual(before); // no project, no code, no audit row

      const created = await t.app.inject({
        method: 'POST',
        url: '/api/projects',
        headers: auth(applicantToken),
        payload: { ...filingProject, name: '瓯江一次提交备案项目', submit: true },
      });
      expect(created.statusCode, created.body).toBe(201);
      const project = created.json<{ id: string; status: string; code: string; filedAt: string }>();
      expect(project.status).toBe('filed');
      expect(parseProjectCode(project.code)).toMatchObject({ valid: true, format: 'current', regionCode: '330354' });
      const read = await t.app.inject({
        method: 'GET',
        url: `/api/projects/${project.id}`,
        headers: auth(applicantToken),
      });
      expect(read.json()).toEqual(created.json());
      // The same audit trail as draft + submit: created, coded, filed — in one transaction.
      const trail = await t.ctx.db
        .select({ action: auditEvents.action, requestId: auditEvents.requestId, after: auditEvents.after })
        .from(auditEvents)
        .where(eq(auditEvents.targetId, project.id));
      expect(trail.map((e) => e.action).sort()).toEqual(['project.coded', 'project.created', 'project.filed']);
      expect(new Set(trail.map((e) => e.requestId)).size).toBe(1);
      // The row was inserted already coded (ADR 0001, sixth session), not inserted as a draft and then updated: the
      // created entry records the row as written, with its code and status.
      expect(trail.find((e) => e.action === 'project.created')?.after).toMatchObject({
        status: 'filed',
        code: project.code,
      });
      // The row is known without RETURNING (every column stated at insert): the created entry is the stored row.
      const [storedRow] = await t.ctx.db.select().from(projects).where(eq(projects.id, project.id));
      expect(trail.find((e) => e.action === 'project.created')?.after).toEqual(JSON.parse(JSON.stringify(storedRow)));
      const stored = await t.ctx.db.select().from(projectCodes).where(eq(projectCodes.projectId, project.id));
      expect(stored.map((c) => c.code)).toEqual([project.code]);

      // A 核准 project is coded in the same request but not filed: created + coded, no filing.
      const ratified = await t.app.inject({
        method: 'POST',
        url: '/api/projects',
        headers: auth(applicantToken),
        payload: { ...filingProject, name: '一次提交核准项目', industryCode: 'B0610', submit: true },
      });
      expect(ratified.statusCode, ratified.body).toBe(201);
      const ratifiedProject = ratified.json<{ id: string; code: string }>();
      expect(ratified.json()).toMatchObject({ status: 'coded', procedure: 'ratification', filedAt: null });
      expect(parseProjectCode(ratifiedProject.code).valid).toBe(true);
      const ratifiedTrail = await t.ctx.db
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(eq(auditEvents.targetId, ratifiedProject.id));
      expect(ratifiedTrail.map((e) => e.action).sort()).toEqual(['project.coded', 'project.created']);
    });

    it('still refuses, at commit, a code recorded for a project that does not exist (deferred reference, migration 0016)', async () => {
      const before = await databaseFingerprint(t.ctx);
      const orphan = t.ctx.db.transaction(async (tx) => {
        await tx.insert(projectCodes).values({
          code: '2611-330354-04-01-000000',
          projectId: '00000000-0000-4000-8000-000000000000',
          issuer: 'local',
          issuedAt: t.clock.now(),
        });
      });
      await expect(orphan).rejects.toMatchObject({ cause: { code: '23503' } }); // foreign_key_violation
      expect(await databaseFingerprint(t.ctx)).toEqual(before);
    });

    it('files a complete 备案 project at once with a valid current-format code; public lookup finds it', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/projects',
        headers: auth(applicantToken),
        payload: filingProject,
      });
      expect(created.statusCode, created.body).toBe(201);
      const { id } = created.json<{ id: string }>();
      const submitted = await t.app.inject({
        method: 'POST',
        url: `/api/projects/${id}/submit`,
        headers: auth(applicantToken),
      });
      expect(submitted.statusCode, submitted.body).toBe(200);
      const project = submitted.json<{ status: string; code: string; filedAt: string; procedure: string }>();
      expect(project.status).toBe('filed');
      expect(project.procedure).toBe('filing');
      expect(project.filedAt).toBe(t.clock.now().toISOString());
      // The answer is the locked row with the 赋码 applied (no RETURNING): it must equal a fresh read.
      const readBack = await t.app.inject({ method: 'GET', url: `/api/projects/${id}`, headers: auth(applicantToken) });
      expect(readBack.json()).toEqual(submitted.json());
      const parsed = parseProjectCode(project.code);
      expect(parsed).toMatchObject({
        valid: true,
        format: 'current',
        regionCode: '330354',
        departmentCode: '04',
        projectTypeCode: '01',
        yearMonth: { year: 2026, month: 11 },
      });

      const again = await t.app.inject({
        method: 'POST',
        url: `/api/projects/${id}/submit`,
        headers: auth(applicantToken),
      });
      expect(again.statusCode).toBe(409);
      const edit = await t.app.inject({
        method: 'PATCH',
        url: `/api/projects/${id}`,
        headers: auth(applicantToken),
        payload: { name: '改名' },
      });
      expect(edit.statusCode).toBe(409);

      const lookup = await t.app.inject({ method: 'GET', url: `/api/public/project-codes/${project.code}` });
      expect(lookup.statusCode).toBe(200);
      expect(lookup.json()).toEqual({
        valid: true,
        format: 'current',
        project: {
          code: project.code,
          name: filingProject.name,
          status: 'filed',
          regionCode: '330354',
          regionName: '温州生态园',
          procedure: 'filing',
          filedAt: project.filedAt,
        },
      });

      // Staff of the city (330300) read it within their region subtree.
      const staff = await t.app.inject({
        method: 'GET',
        url: `/api/projects/${id}`,
        headers: auth(await t.login('department')),
      });
      expect(staff.statusCode).toBe(200);
      expect(staff.json()).toMatchObject({ code: project.code });

      const events = await t.app.inject({
        method: 'GET',
        url: '/api/audit/events?pageSize=10',
        headers: auth(await t.login('auditAdmin')),
      });
      const actions = events
        .json<{ items: { action: string; targetId: string }[] }>()
        .items.filter((e) => e.targetId === id);
      expect(actions.map((e) => e.action).sort()).toEqual(['project.coded', 'project.created', 'project.filed']);
    });

    it('suggests 审批 for government investment and 核准 for an industry in the 核准目录, and codes them', async () => {
      const government = await t.app.inject({
        method: 'POST',
        url: '/api/projects',
        headers: auth(applicantToken),
        payload: { ...filingProject, name: '政府投资道路项目', investmentNature: 'government', industryCode: 'E4812' },
      });
      expect(government.json()).toMatchObject({ procedure: 'approval' });
      expect(government.json<{ procedureReason: string }>().procedureReason).toMatch(/政府投资/);
      const coded = await t.app.inject({
        method: 'POST',
        url: `/api/projects/${government.json<{ id: string }>().id}/submit`,
        headers: auth(applicantToken),
      });
      expect(coded.statusCode, coded.body).toBe(200);
      expect(coded.json()).toMatchObject({ status: 'coded', procedure: 'approval', filedAt: null });

      const suggestion = await t.app.inject({
        method: 'GET',
        url: '/api/projects/procedure-suggestion?investmentNature=enterprise&industryCode=B0610',
        headers: auth(applicantToken),
      });
      expect(suggestion.json()).toMatchObject({ procedure: 'ratification' });
      expect(suggestion.json<{ reason: string }>().reason).toMatch(/核准/);
      const airport = await t.app.inject({
        method: 'GET',
        url: '/api/projects/procedure-suggestion?investmentNature=enterprise&industryCode=G5631',
        headers: auth(applicantToken),
      });
      expect(airport.json()).toMatchObject({ procedure: 'ratification' });
    });
  });

  describe('public code lookup', () => {
    const lookup = async (code: string) => {
      const response = await t.app.inject({
        method: 'GET',
        url: `/api/public/project-codes/${encodeURIComponent(code)}`,
      });
      expect(response.statusCode).toBe(200);
      return response.json<Record<string, unknown>>();
    };

    it('validates real codes of both formats that are not registered here', async () => {
      expect(await lookup('2505-330354-04-01-274607')).toEqual({ valid: true, format: 'current' });
      expect(await lookup('2211-441900-04-02-310151')).toEqual({ valid: true, format: 'current' });
      expect(await lookup('2019-330391-47-03-831266')).toEqual({ valid: true, format: 'legacy' });
    });

    it('answers valid:false with a reason for a mutated or malformed code', async () => {
      const mutated = await lookup('2505-330354-04-01-274617');
      expect(mutated).toMatchObject({ valid: false, format: 'current' });
      expect(mutated.reason).toMatch(/校验位/);
      expect(mutated.reasonEn).toBeTruthy();
      for (const code of ['2505-330354-04-01-27460', 'abc', '2513-330354-04-01-274607', '２５05-330354-04-01-274607']) {
        const result = await lookup(code);
        expect(result.valid).toBe(false);
        expect(result.format).toBeUndefined();
        expect(typeof result.reason).toBe('string');
      }
      expect(await lookup('2019-330391-47-04-831266')).toMatchObject({ valid: false, format: 'legacy' });
      expect(await lookup('2005-330354-04-01-274607')).toMatchObject({ valid: false, format: 'current' });
    });
  });

  describe('赋码 uniqueness', () => {
    it('never reissues a code, even a voided one: a colliding serial is skipped', async () => {
      const serials = [11111, 11111, 22222];
      const issuer = createLocalProjectCodeIssuer({ clock: t.clock, random: () => serials.shift() ?? 33333 });
      setProjectCodeIssuer(t.ctx, issuer);
      try {
        const codes: string[] = [];
        for (let i = 0; i < 2; i++) {
          const created = await t.app.inject({
            method: 'POST',
            url: '/api/projects',
            headers: auth(applicantToken),
            payload: { ...filingProject, name: `碰撞测试 ${i}` },
          });
          const submitted = await t.app.inject({
            method: 'POST',
            url: `/api/projects/${created.json<{ id: string }>().id}/submit`,
            headers: auth(applicantToken),
          });
          expect(submitted.statusCode, submitted.body).toBe(200);
          codes.push(submitted.json<{ code: string }>().code);
        }
        expect(codes[0]).toMatch(/-11111\d$/);
        expect(codes[1]).toMatch(/-22222\d$/);
        // Void the first code's registry entry: the issuer still never hands it out again.
        await t.ctx.db
          .update(projectCodes)
          .set({ status: 'voided', voidedAt: t.clock.now() })
          .where(eq(projectCodes.code, codes[0]!));
        serials.push(11111, 44444);
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/projects',
          headers: auth(applicantToken),
          payload: { ...filingProject, name: '碰撞测试 voided' },
        });
        const submitted = await t.app.inject({
          method: 'POST',
          url: `/api/projects/${created.json<{ id: string }>().id}/submit`,
          headers: auth(applicantToken),
        });
        expect(submitted.json<{ code: string }>().code).toMatch(/-44444\d$/);
      } finally {
        setProjectCodeIssuer(t.ctx, createLocalProjectCodeIssuer({ clock: t.clock }));
      }
    });

    it('takes YYMM from the Asia/Shanghai calendar', () => {
      expect(shanghaiYearMonth(new Date('2026-11-30T16:30:00Z'))).toEqual({ year: 2026, month: 12 });
      expect(shanghaiYearMonth(new Date('2026-11-30T15:59:59Z'))).toEqual({ year: 2026, month: 11 });
      expect(projectCodeIssuerFor(t.ctx).name).toBe('local');
    });

    it(`gives ${CONCURRENT_SUBMISSIONS} submissions at once distinct valid codes; a double submit one code`, async () => {
      const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: auth(applicantToken) });
      const userId = me.json<{ id: string }>().id;
      const now = t.clock.now();
      const rows = Array.from({ length: CONCURRENT_SUBMISSIONS }, (_, i) => ({
        ...filingProject,
        name: `并发赋码 ${i}`,
        totalInvestment: filingProject.totalInvestment.toFixed(2),
        projectType: '01' as const,
        investmentNature: 'enterprise' as const,
        fundSources: filingProject.fundSources as { kind: 'selfRaised' | 'bankLoan'; amount: number }[],
        enterpriseId,
        createdBy: userId,
        createdAt: now,
        updatedAt: now,
      }));
      const ids = (await t.ctx.db.insert(projects).values(rows).returning({ id: projects.id })).map((r) => r.id);
      const started = Date.now();
      const submit = (id: string) =>
        t.app.inject({ method: 'POST', url: `/api/projects/${id}/submit`, headers: auth(applicantToken) });
      // Concurrent on both databases: on PGlite every request's statements share its one pipelined connection, and
      // each transaction has it alone (db/shared-connection-pool.ts).
      const responses = await Promise.all([...ids, ids[0]!].map(submit));
      const elapsed = Date.now() - started;
      const ok = responses.filter((r) => r.statusCode === 200);
      const unexpected = responses.filter((r) => r.statusCode !== 200 && r.statusCode !== 409);
      expect(unexpected.map((r) => `${r.statusCode} ${r.body}`).slice(0, 3)).toEqual([]);
      expect(ok).toHaveLength(CONCURRENT_SUBMISSIONS);
      expect(responses.filter((r) => r.statusCode === 409)).toHaveLength(1);
      const codes = ok.map((r) => r.json<{ code: string }>().code);
      expect(new Set(codes).size).toBe(CONCURRENT_SUBMISSIONS);
      for (const code of codes) expect(parseProjectCode(code)).toMatchObject({ valid: true, regionCode: '330354' });
      const stored = await t.ctx.db.select({ code: projectCodes.code }).from(projectCodes);
      expect(new Set(stored.map((r) => r.code)).size).toBe(stored.length);
      console.log(`${CONCURRENT_SUBMISSIONS} submissions on ${testDatabaseKind}: ${elapsed} ms`);
    }, 600_000);
  });
});
