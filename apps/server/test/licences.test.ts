import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditEvents,
  cases,
  catalogueVersions,
  departments,
  licences,
  notifications,
  projects,
  stageApplications,
  users,
} from '../src/db/schema/index.ts';
import { runAuditedTransaction, SYSTEM_AUDIT_CONTEXT } from '../src/modules/audit/audit.service.ts';
import { createLicenceSigner, verifyLicenceSignature } from '../src/modules/licences/licence-signer.ts';
import { loadConfig } from '../src/config/env.ts';
import {
  issueLicenceForCase,
  LICENCE_NUMBER_PATTERN,
  licenceTypeAbbreviation,
  listHeldLicenceTypes,
  revokeLicenceOfCase,
  signatureStands,
  siteOf,
} from '../src/modules/licences/licences.service.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * Issue 5 — e-licences (电子证照): issue on 准予 (inside the decision transaction), SM2 signature over the canonical
 * data, public verification (a byte changed in the signed data fails), revocation, expiry, extension rules (条例673
 * art.12), the licence package and the PDF.
 *
 * The cases module is built in parallel, so the decided cases are written directly here and the seam is called inside an
 * audited transaction, as the cases module's decision does.
 */

const PUBLIC_KEYS = [
  'valid',
  'status',
  'holder',
  'projectCode',
  'issuedAt',
  'validUntil',
  'licenceTypeName',
  'matterName',
  'issuingDepartment',
  'signatureValid',
].sort();

interface LicenceView {
  number: string;
  licenceType: string;
  licenceTypeName: string;
  holderName: string;
  projectCode: string;
  projectName: string;
  matterName: string;
  issuingDepartment: string;
  content: string;
  issuedOn: string;
  validFrom: string;
  validUntil: string | null;
  status: string;
  revokedOn: string | null;
  revokedReason: string | null;
  extensionsUsed: number;
}

function hasTool(tool: string): boolean {
  const found = !spawnSync(tool, ['-v'], { encoding: 'utf8' }).error;
  if (!found && process.env.CI === 'true') throw new Error(`${tool} is required in CI (apt-get install poppler-utils)`);
  if (!found) console.warn(`\n!!! ${tool} not found: SKIPPING the licence PDF rendering checks.\n`);
  return found;
}

describe('e-licences', () => {
  let t: TestApp;
  let project: typeof projects.$inferSelect;
  let ndrcDepartmentId: string;
  let applicantId: string;
  let ndrcHeadId: string;
  let catalogueVersion: string;
  let stageCounter = 0;
  const tokens: Record<string, string> = {};
  const START = '2026-11-23T09:00:00+08:00';

  /** An application and one decided case of `matterCode`, as the cases module would have written them. */
  async function decidedCase(matterCode: string, options: { catalogueVersion?: string } = {}): Promise<string> {
    stageCounter += 1;
    const now = t.clock.now();
    const [application] = await t.ctx.db
      .insert(stageApplications)
      .values({
        projectId: project.id,
        // A distinct stage label per case: one live application per project and stage.
        stageCode: `test-stage-${stageCounter}`,
        catalogueVersion: options.catalogueVersion ?? catalogueVersion,
        status: 'accepted',
        matterCodes: [matterCode],
        regionCode: project.regionCode!,
        createdBy: applicantId,
        acceptedOn: '2026-11-02',
      })
      .returning();
    const [row] = await t.ctx.db
      .insert(cases)
      .values({
        caseNumber: `T-${stageCounter}-${matterCode}`,
        applicationId: application!.id,
        projectId: project.id,
        matterCode,
        matterName: matterCode === 'ndrc.ratification' ? '企业投资项目核准' : matterCode,
        departmentKind: 'ndrc',
        departmentId: ndrcDepartmentId,
        status: 'approved',
        currentStep: 'issue',
        steps: [],
        limitWorkingDays: 20,
        maxExtensionWorkingDays: 40,
        decision: 'approved',
        decidedAt: now,
        decidedOn: '2026-11-23',
        decidedBy: ndrcHeadId,
      })
      .returning();
    return row!.id;
  }

  /** Calls the seam the way the cases module's decision transaction does: in the decider's audited transaction. */
  async function issue(caseId: string) {
    const decider = {
      ...SYSTEM_AUDIT_CONTEXT,
      actorId: ndrcHeadId,
      actorUsername: 'ndrc-head',
      actorRole: 'department',
    };
    return runAuditedTransaction(t.ctx.db, t.ctx.clock, decider, async (tx, recordAudit, sendWithCommit) => {
      const result = await issueLicenceForCase(
        tx,
        t.ctx,
        recordAudit,
        { caseId, decidedOn: '2026-11-23' },
        sendWithCommit,
      );
      await recordAudit({ action: 'case.approved', targetType: 'case', targetId: caseId });
      return result;
    });
  }

  const inject = (method: 'GET' | 'POST', url: string, who?: string, payload?: unknown) =>
    t.app.inject({
      method,
      url,
      ...(who ? { headers: { authorization: `Bearer ${tokens[who]}` } } : {}),
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });

  beforeAll(async () => {
    t = await createTestApp();
    for (const who of ['applicant', 'window', 'department', 'ndrc-head', 'ndrc-clerk', 'nr-approver']) {
      tokens[who] = await t.login(who);
    }
    const [p] = await t.ctx.db.select().from(projects).where(eq(projects.name, '瓯江新材料园区热电联产项目（演示）'));
    project = p!;
    const accounts = await t.ctx.db.select().from(users);
    applicantId = accounts.find((u) => u.username === 'applicant')!.id;
    const head = accounts.find((u) => u.username === 'ndrc-head')!;
    ndrcHeadId = head.id;
    ndrcDepartmentId = head.departmentId!;
    const [published] = await t.ctx.db
      .select()
      .from(catalogueVersions)
      .where(eq(catalogueVersions.status, 'published'));
    catalogueVersion = published!.version;
  });
  afterAll(async () => t?.close());

  it('has the demo data it needs: a coded 核准 project and the city 发改 department', async () => {
    expect(project.code).toBeTruthy();
    const [department] = await t.ctx.db.select().from(departments).where(eq(departments.id, ndrcDepartmentId));
    expect(department!.kind).toBe('ndrc');
  });

  let number: string;
  let ratificationCaseId: string;

  it('issues a signed licence on 准予, inside the decision transaction, with its audit row and notice', async () => {
    ratificationCaseId = await decidedCase('ndrc.ratification');
    const issued = await issue(ratificationCaseId);
    expect(issued).not.toBeNull();
    number = issued!.number;
    expect(number).toMatch(new RegExp(LICENCE_NUMBER_PATTERN));
    expect(number.startsWith('330300-2026-PD-')).toBe(true);

    const [row] = await t.ctx.db.select().from(licences).where(eq(licences.number, number));
    expect(row!.validUntil).toBe('2028-11-23'); // 24 months (核准, 条例673 art.12)
    expect(row!.publicKey).toBe(t.ctx.licenceSigner.publicKey);
    expect(verifyLicenceSignature(row!).signatureValid).toBe(true);
    const record = JSON.parse(row!.canonical) as Record<string, string>;
    expect(record.holderName).toBe('瓯江新材料有限公司（演示）');
    expect(record.projectCode).toBe(project.code);
    expect(record.content).toContain('同意该项目核准');
    expect(record.content).toContain('总投资：56000 万元');
    expect(record.content).toContain('建设地点：浙江省温州市瓯江口新区演示大道 8 号（演示）');

    const audit = await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.action, 'licence.issued'));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorUsername).toBe('ndrc-head');
    const notices = await t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, applicantId), eq(notifications.kind, 'licence.issued')));
    expect(notices).toHaveLength(1);
    expect(notices[0]!.link).toBe(`/projects/${project.id}`);
  });

  it('is idempotent per case, and rolls back with the decision', async () => {
    expect((await issue(ratificationCaseId))!.number).toBe(number);
    const caseId = await decidedCase('nr.siteAndLand');
    await expect(
      runAuditedTransaction(t.ctx.db, t.ctx.clock, SYSTEM_AUDIT_CONTEXT, async (tx, recordAudit, sendWithCommit) => {
        await issueLicenceForCase(tx, t.ctx, recordAudit, { caseId, decidedOn: '2026-11-23' }, sendWithCommit);
        await recordAudit({ action: 'case.approved', targetType: 'case', targetId: caseId });
        throw new Error('decision failed later');
      }),
    ).rejects.toThrow('decision failed later');
    expect(await t.ctx.db.select().from(licences).where(eq(licences.caseId, caseId))).toHaveLength(0);
  });

  it('issues nothing for a matter without output', async () => {
    const [published] = await t.ctx.db
      .select()
      .from(catalogueVersions)
      .where(eq(catalogueVersions.version, catalogueVersion));
    const data = structuredClone(published!.data);
    data.version = 'test-no-output';
    data.matters = data.matters.map((m) => (m.code === 'ndrc.ratification' ? { ...m, output: null } : m));
    await t.ctx.db.insert(catalogueVersions).values({ version: 'test-no-output', status: 'draft', data });
    const caseId = await decidedCase('ndrc.ratification', { catalogueVersion: 'test-no-output' });
    expect(await issue(caseId)).toBeNull();
  });

  it('answers the public verification with exactly the documented fields', async () => {
    const response = await inject('GET', `/api/public/licences/${number}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json<Record<string, unknown>>();
    expect(Object.keys(body).sort()).toEqual(PUBLIC_KEYS);
    expect(body).toMatchObject({
      valid: true,
      status: 'valid',
      signatureValid: true,
      holder: '瓯江新材料有限公司（演示）',
      projectCode: project.code,
      validUntil: '2028-11-23',
      licenceTypeName: '企业投资项目核准批复',
      matterName: '企业投资项目核准',
      issuingDepartment: '温州市发展和改革局',
    });
    expect(body.issuedAt).toBe(new Date(START).toISOString());
  });

  it('refuses a malformed number with 400 and an unknown one with 404 LICENCE_NOT_FOUND', async () => {
    for (const bad of ['garbage', '330300-2026-PD-K7Q2M9X', '330300-2026-pd-K7Q2M9XA', "1'%20OR%201=1"]) {
      expect((await inject('GET', `/api/public/licences/${bad}`)).statusCode).toBe(400);
    }
    const unknown = await inject('GET', '/api/public/licences/330300-2026-PD-AAAAAAAA');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<{ code: string }>().code).toBe('LICENCE_NOT_FOUND');
  });

  it('fails verification when one byte of the signed data changes (verifier and stored row)', async () => {
    const [row] = await t.ctx.db.select().from(licences).where(eq(licences.number, number));
    const original = row!.canonical;
    // One byte: 核准 → 核难 would be a different character; flip an ASCII digit of the total investment instead.
    const index = original.indexOf('56000');
    const tampered = `${original.slice(0, index)}66000${original.slice(index + 5)}`;
    expect(Buffer.byteLength(tampered)).toBe(Buffer.byteLength(original));
    expect(verifyLicenceSignature({ ...row!, canonical: tampered }).signatureValid).toBe(false);
    // Signature and key bytes too.
    const flip = (hex: string, at: number) => `${hex.slice(0, at)}${hex[at] === '0' ? '1' : '0'}${hex.slice(at + 1)}`;
    expect(verifyLicenceSignature({ ...row!, signature: flip(row!.signature, 10) }).signatureValid).toBe(false);
    expect(verifyLicenceSignature({ ...row!, publicKey: flip(row!.publicKey, 40) }).signatureValid).toBe(false);
    // Not canonical (whitespace added) though the values are the same: refused before the signature is checked.
    expect(verifyLicenceSignature({ ...row!, canonical: original.replace('{', '{ ') }).signatureValid).toBe(false);

    // The stored row: the trigger forbids changing signed data, so switch it off for the attack, then restore.
    await expect(
      t.ctx.db.update(licences).set({ canonical: tampered }).where(eq(licences.id, row!.id)),
    ).rejects.toThrow();
    await t.ctx.db.execute(sql`ALTER TABLE licences DISABLE TRIGGER licences_immutable`);
    try {
      await t.ctx.db.update(licences).set({ canonical: tampered }).where(eq(licences.id, row!.id));
      const body = (await inject('GET', `/api/public/licences/${number}`)).json<Record<string, unknown>>();
      expect(body).toMatchObject({ valid: false, status: 'valid', signatureValid: false });
      // A row re-signed under another key is not accepted either.
      await t.ctx.db
        .update(licences)
        .set({ canonical: original, publicKey: flip(row!.publicKey, 40) })
        .where(eq(licences.id, row!.id));
      expect((await inject('GET', `/api/public/licences/${number}`)).json()).toMatchObject({ signatureValid: false });
    } finally {
      await t.ctx.db
        .update(licences)
        .set({ canonical: original, publicKey: row!.publicKey })
        .where(eq(licences.id, row!.id));
      await t.ctx.db.execute(sql`ALTER TABLE licences ENABLE TRIGGER licences_immutable`);
    }
    expect((await inject('GET', `/api/public/licences/${number}`)).json()).toMatchObject({ valid: true });
  });

  it('keeps verifying the licences of a former key while LICENCE_TRUSTED_PUBLIC_KEYS lists it (key rotation)', async () => {
    const [row] = await t.ctx.db.select().from(licences).where(eq(licences.number, number));
    const signedBefore = row!;
    expect(signatureStands(t.ctx, signedBefore)).toBe(true);
    // The platform's key is rotated: a new private key signs from now on.
    const rotated = createLicenceSigner({ privateKey: crypto.randomBytes(32).toString('hex') });
    expect(signatureStands({ ...t.ctx, licenceSigner: rotated }, signedBefore)).toBe(false);
    // With the former public key listed (any case), what it signed verifies again; a key not listed still does not.
    const trusting = createLicenceSigner({
      privateKey: crypto.randomBytes(32).toString('hex'),
      trustedPublicKeys: [t.ctx.licenceSigner.publicKey.toUpperCase()],
    });
    expect(signatureStands({ ...t.ctx, licenceSigner: trusting }, signedBefore)).toBe(true);
    const other = createLicenceSigner({ privateKey: crypto.randomBytes(32).toString('hex') });
    const resigned = { ...signedBefore, ...other.sign(JSON.parse(signedBefore.canonical)), publicKey: other.publicKey };
    expect(verifyLicenceSignature(resigned).signatureValid).toBe(true);
    expect(signatureStands({ ...t.ctx, licenceSigner: trusting }, resigned)).toBe(false);

    // The setting: comma- or space-separated uncompressed keys; anything else stops the start.
    const base = { NODE_ENV: 'test', DATA_DIR: os.tmpdir(), DEMO_PASSWORD: 'Demo@Pass2026' };
    const listed = `${rotated.publicKey}, ${other.publicKey.toUpperCase()}`;
    expect(loadConfig({ ...base, LICENCE_TRUSTED_PUBLIC_KEYS: listed }).licenceTrustedPublicKeys).toEqual([
      rotated.publicKey.toLowerCase(),
      other.publicKey.toLowerCase(),
    ]);
    expect(loadConfig(base).licenceTrustedPublicKeys).toEqual([]);
    expect(() => loadConfig({ ...base, LICENCE_TRUSTED_PUBLIC_KEYS: rotated.publicKey.slice(2) })).toThrow(
      /LICENCE_TRUSTED_PUBLIC_KEYS/,
    );
  });

  it('shows the licence package and the licence to owners and to staff in scope', async () => {
    const owner = await inject('GET', `/api/projects/${project.id}/licences`, 'applicant');
    expect(owner.statusCode).toBe(200);
    const items = owner.json<{ items: LicenceView[] }>().items;
    expect(items.map((i) => i.number)).toEqual([number]);
    expect(items[0]).toMatchObject({
      licenceType: 'projectDecision',
      status: 'valid',
      issuedOn: '2026-11-23',
      validFrom: '2026-11-23',
      validUntil: '2028-11-23',
      extensionsUsed: 0,
      revokedOn: null,
    });
    expect((await inject('GET', `/api/projects/${project.id}/licences`, 'window')).statusCode).toBe(200);
    const one = await inject('GET', `/api/licences/${number}`, 'nr-approver');
    expect(one.statusCode).toBe(200);
    expect(one.json<LicenceView>().holderName).toBe('瓯江新材料有限公司（演示）');
    expect((await inject('GET', `/api/licences/${number}`)).statusCode).toBe(401);
    expect((await inject('GET', '/api/licences/330300-2026-PD-AAAAAAAA', 'applicant')).statusCode).toBe(404);

    const held = await listHeldLicenceTypes(t.ctx.db, project.id, '2026-11-23');
    expect(held).toEqual([{ licenceType: 'projectDecision', licenceId: expect.any(String), number }]);
    expect(await listHeldLicenceTypes(t.ctx.db, project.id, '2028-11-24')).toEqual([]);
  });

  it('renders the PDF: Chinese title, number, holder and project code as real text, a plausible page image', async () => {
    const response = await inject('GET', `/api/licences/${number}/pdf`, 'applicant');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['content-disposition']).toContain(`licence-${number}.pdf`);
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeLessThan(300 * 1024);
    if (!hasTool('pdftotext') || !hasTool('pdftoppm')) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-licence-'));
    try {
      const file = path.join(dir, 'licence.pdf');
      fs.writeFileSync(file, pdf);
      const text = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
      expect(text).toContain('企业投资项目核准批复');
      expect(text).toContain(number);
      expect(text).toContain('瓯江新材料有限公司（演示）');
      expect(text).toContain(project.code!);
      expect(text).toContain('SM2/SM3');
      expect(text).toContain(`/public/licences/${number}`);
      const rendered = spawnSync('pdftoppm', ['-png', '-r', '50', '-singlefile', file, path.join(dir, 'page')], {
        encoding: 'utf8',
      });
      expect(rendered.stderr).not.toMatch(/error|invalid/i);
      const png = fs.readFileSync(path.join(dir, 'page.png'));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(15_000); // a blank A4 page at 50 dpi is about 1 KB
      if (process.env.LICENCE_PNG_OUT) fs.copyFileSync(path.join(dir, 'page.png'), process.env.LICENCE_PNG_OUT);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('extends a 核准 licence once, by at most 12 months, and only ≥ 30 working days before expiry (条例673 art.12)', async () => {
    const url = `/api/licences/${number}/extension`;
    // Only the issuing department's signing staff.
    expect((await inject('POST', url, 'applicant', { months: 6, reason: '征地延误' })).statusCode).toBe(403);
    expect((await inject('POST', url, 'nr-approver', { months: 6, reason: '征地延误' })).statusCode).toBe(403);
    expect((await inject('POST', url, 'ndrc-clerk', { months: 6, reason: '征地延误' })).statusCode).toBe(403);
    // Bad input: 400, nothing stored.
    expect((await inject('POST', url, 'ndrc-head', { months: 0, reason: '征地延误' })).statusCode).toBe(400);
    expect((await inject('POST', url, 'ndrc-head', { months: 6 })).statusCode).toBe(400);

    const tooLong = await inject('POST', url, 'ndrc-head', { months: 13, reason: '征地延误' });
    expect(tooLong.statusCode).toBe(409);
    // The domain's precise message (the rule code travels in `rule` where the error schema lets it through).
    expect(tooLong.json()).toMatchObject({ code: 'LICENCE_RULE_VIOLATED' });
    expect(tooLong.json<{ message: string }>().message).toContain('延期期限须为 1 至 12 个月');

    const ok = await inject('POST', url, 'ndrc-head', { months: 12, reason: '征地拆迁延误，申请延期开工' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<LicenceView>()).toMatchObject({ validUntil: '2029-11-23', extensionsUsed: 1, status: 'valid' });
    expect((await t.ctx.db.select().from(auditEvents).where(eq(auditEvents.action, 'licence.extended'))).length).toBe(
      1,
    );
    // The signed data is unchanged, so the signature still stands; the public answer shows the new end.
    expect((await inject('GET', `/api/public/licences/${number}`)).json()).toMatchObject({
      valid: true,
      signatureValid: true,
      validUntil: '2029-11-23',
    });

    const twice = await inject('POST', url, 'ndrc-head', { months: 1, reason: '再次延期' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json<{ message: string }>().message).toContain('最多可延期 1 次');
  });

  let secondNumber: string;
  let secondCaseId: string;

  it('refuses an extension asked fewer than 30 working days before expiry, and expires after validUntil', async () => {
    secondCaseId = await decidedCase('ndrc.ratification');
    secondNumber = (await issue(secondCaseId))!.number;
    try {
      t.clock.set('2028-10-30T10:00:00+08:00'); // about 18 working days before 2028-11-23
      tokens.department = await t.login('department'); // the old session timed out two years ago
      const late = await inject('POST', `/api/licences/${secondNumber}/extension`, 'department', {
        months: 6,
        reason: '延期',
      });
      expect(late.statusCode).toBe(409);
      expect(late.json()).toMatchObject({ code: 'LICENCE_RULE_VIOLATED' });
      expect(late.json<{ message: string }>().message).toContain('个工作日前申请');

      t.clock.set('2028-11-23T23:00:00+08:00'); // the last valid day
      expect((await inject('GET', `/api/public/licences/${secondNumber}`)).json()).toMatchObject({ status: 'valid' });
      t.clock.set('2028-11-24T08:00:00+08:00');
      tokens.applicant = await t.login('applicant');
      const expired = (await inject('GET', `/api/public/licences/${secondNumber}`)).json();
      expect(expired).toMatchObject({ valid: false, status: 'expired', signatureValid: true });
      const view = await inject('GET', `/api/licences/${secondNumber}`, 'applicant');
      expect(view.json<LicenceView>().status).toBe('expired');
    } finally {
      t.clock.set(START);
      tokens.applicant = await t.login('applicant');
      tokens.department = await t.login('department');
    }
  });

  it('revokes: only the issuing department at the sign step; the holder is told; the answer says revoked', async () => {
    const url = `/api/licences/${secondNumber}/revoke`;
    expect((await inject('POST', url, 'applicant', { reason: '承诺不实' })).statusCode).toBe(403);
    expect((await inject('POST', url, 'nr-approver', { reason: '承诺不实' })).statusCode).toBe(403);
    expect((await inject('POST', url, 'ndrc-clerk', { reason: '承诺不实' })).statusCode).toBe(403);
    expect((await inject('POST', url, 'ndrc-head', { reason: '   ' })).statusCode).toBe(400);
    expect((await inject('POST', url, 'ndrc-head', { reason: 'x', extra: 1 })).statusCode).toBe(400);

    const revoked = await inject('POST', url, 'ndrc-head', { reason: '经核查，告知承诺内容不实' });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json<LicenceView>()).toMatchObject({
      status: 'revoked',
      revokedOn: '2026-11-23',
      revokedReason: '经核查，告知承诺内容不实',
    });
    expect((await inject('GET', `/api/public/licences/${secondNumber}`)).json()).toMatchObject({
      valid: false,
      status: 'revoked',
      signatureValid: true,
    });
    const again = await inject('POST', url, 'ndrc-head', { reason: '再次撤销' });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ code: string }>().code).toBe('LICENCE_RULE_VIOLATED');
    const extend = await inject('POST', `/api/licences/${secondNumber}/extension`, 'ndrc-head', {
      months: 6,
      reason: '延期',
    });
    expect(extend.statusCode).toBe(409);
    const notices = await t.ctx.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, applicantId), eq(notifications.kind, 'licence.revoked')));
    expect(notices).toHaveLength(1);

    // The revoked licence's PDF says so.
    const pdf = await inject('GET', `/api/licences/${secondNumber}/pdf`, 'applicant');
    expect(pdf.statusCode).toBe(200);
    if (hasTool('pdftotext')) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-licence-'));
      const file = path.join(dir, 'revoked.pdf');
      fs.writeFileSync(file, pdf.rawPayload);
      const text = spawnSync('pdftotext', [file, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, '');
      fs.rmSync(dir, { recursive: true, force: true });
      expect(text).toContain('本证照已于2026-11-23撤销');
    }
  });

  it('revokeLicenceOfCase (告知承诺 found false) revokes inside the caller’s transaction, once', async () => {
    const caseId = await decidedCase('nr.siteAndLand');
    const issued = (await issue(caseId))!;
    expect(issued.number).toContain('-SALO-');
    const revokeInTx = () =>
      runAuditedTransaction(t.ctx.db, t.ctx.clock, SYSTEM_AUDIT_CONTEXT, async (tx, recordAudit) => {
        await revokeLicenceOfCase(tx, t.ctx, caseId, '告知承诺核查不实（国办发〔2020〕42号）', null);
        await recordAudit({ action: 'case.denied', targetType: 'case', targetId: caseId });
      });
    await revokeInTx();
    await revokeInTx(); // already revoked: nothing more
    const [row] = await t.ctx.db.select().from(licences).where(eq(licences.caseId, caseId));
    expect(row!.revokedOn).toBe('2026-11-23');
    expect(row!.revokedBy).toBeNull();
    const audit = await t.ctx.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'licence.revoked'), eq(auditEvents.targetId, row!.id)));
    expect(audit).toHaveLength(1);
    // A case with no licence: nothing to do.
    await runAuditedTransaction(t.ctx.db, t.ctx.clock, SYSTEM_AUDIT_CONTEXT, async (tx, recordAudit) => {
      await revokeLicenceOfCase(tx, t.ctx, crypto.randomUUID(), 'none', null);
      await recordAudit({ action: 'case.denied', targetType: 'case', targetId: caseId });
    });
    // Held licences: the first (extended, valid) only.
    const held = await listHeldLicenceTypes(t.ctx.db, project.id, '2026-11-23');
    expect(held.map((h) => h.number)).toEqual([number]);
  });

  it('composes the site without repeating region names', () => {
    expect(siteOf(['浙江省', '温州市'], '温州市瓯江口新区 8 号')).toBe('浙江省温州市瓯江口新区 8 号');
    expect(siteOf(['浙江省', '温州市'], '浙江省温州市鹿城区')).toBe('浙江省温州市鹿城区');
    expect(siteOf(['浙江省', '温州市', '温州生态园'], '三垟大道 66 号')).toBe('浙江省温州市温州生态园三垟大道 66 号');
  });

  it('abbreviates licence types readably', () => {
    expect(licenceTypeAbbreviation('projectDecision')).toBe('PD');
    expect(licenceTypeAbbreviation('landUsePlanningPermit')).toBe('LUPP');
    expect(licenceTypeAbbreviation('x')).toBe('X');
    expect(licenceTypeAbbreviation('123')).toBe('LIC');
  });
});
