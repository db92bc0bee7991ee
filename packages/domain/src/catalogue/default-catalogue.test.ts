import { describe, expect, it } from 'vitest';
import { defaultCatalogue } from './default-catalogue.ts';
import { validateCatalogue } from './validate-catalogue.ts';

const catalogue = defaultCatalogue();
const matter = (code: string) => {
  const m = catalogue.matters.find((x) => x.code === code);
  if (!m) throw new Error(`no matter ${code}`);
  return m;
};

describe('default catalogue', () => {
  it('passes validation', () => {
    expect(validateCatalogue(catalogue)).toEqual({ ok: true });
  });

  it('has the four 工程建设 stages of 国办发〔2019〕11号 in order, each with a lead department', () => {
    expect(catalogue.stages.map((s) => [s.order, s.name, s.leadDepartmentKind])).toEqual([
      [1, '立项用地规划许可', 'ndrc'],
      [2, '工程建设许可', 'naturalResources'],
      [3, '施工许可', 'housing'],
      [4, '竣工验收', 'housing'],
    ]);
  });

  it('returns a fresh copy each call', () => {
    const a = defaultCatalogue();
    a.matters[0]!.promisedLimitWorkingDays = 99;
    expect(defaultCatalogue().matters[0]!.promisedLimitWorkingDays).not.toBe(99);
  });

  it('takes the confirmed limits from DOMAIN.md', () => {
    // 条例673: 20 WD; valid 2 years to start construction.
    expect(matter('ndrc.ratification')).toMatchObject({
      statutoryLimitWorkingDays: 20,
      limitIsConfirmed: true,
      output: { validityMonths: 24 },
    });
    // 消防设计审查 15 WD.
    expect(matter('housing.fireDesignReview')).toMatchObject({ statutoryLimitWorkingDays: 15, limitIsConfirmed: true });
    // 备案: no review, no day limit — filed on receipt.
    expect(matter('ndrc.filing')).toMatchObject({
      statutoryLimitWorkingDays: null,
      promisedLimitWorkingDays: 0,
      limitIsConfirmed: true,
      materialCodes: [],
    });
  });

  it('marks limits stated in 日 (not 工作日) or borrowed from a default as unconfirmed', () => {
    expect(matter('eco.eiaReportBook')).toMatchObject({ statutoryLimitWorkingDays: 60, limitIsConfirmed: false });
    expect(matter('eco.eiaReportForm')).toMatchObject({ statutoryLimitWorkingDays: 30, limitIsConfirmed: false });
    expect(matter('housing.constructionPermit')).toMatchObject({
      statutoryLimitWorkingDays: 7,
      limitIsConfirmed: false,
    });
    for (const code of [
      'ndrc.proposal',
      'ndrc.feasibility',
      'ndrc.preliminaryDesign',
      'nr.constructionPlanningPermit',
    ]) {
      expect(matter(code).limitIsConfirmed, code).toBe(false);
      expect(matter(code).limitNote, code).not.toBeNull();
    }
  });

  it('chains the matters by their dependencies', () => {
    expect(matter('ndrc.feasibility').dependsOn).toContain('ndrc.proposal');
    expect(matter('ndrc.preliminaryDesign').dependsOn).toContain('ndrc.feasibility');
    expect(matter('nr.constructionPlanningPermit').dependsOn).toContain('nr.landUsePlanningPermit');
    expect(matter('housing.constructionPermit').dependsOn).toEqual(
      expect.arrayContaining(['housing.drawingReview', 'nr.constructionPlanningPermit']),
    );
    expect(matter('housing.completionFiling').dependsOn).toEqual(['housing.jointAcceptance']);
  });

  it('satisfies 用地批准文件 by the 建设用地规划许可证 licence', () => {
    const landApproval = catalogue.materials.find((m) => m.name === '用地批准文件');
    expect(landApproval?.satisfiedByLicenceType).toBe('landUsePlanningPermit');
    expect(matter('nr.landUsePlanningPermit').output?.licenceType).toBe('landUsePlanningPermit');
  });

  it('never asks for what the platform already has (两个不得)', () => {
    for (const m of catalogue.materials) expect(m.name).not.toMatch(/项目代码|营业执照|统一社会信用代码/);
  });

  it('every material is asked for by some matter, and 容缺/告知承诺 options exist', () => {
    const used = new Set(catalogue.matters.flatMap((m) => m.materialCodes));
    expect(catalogue.materials.filter((m) => !used.has(m.code)).map((m) => m.code)).toEqual([]);
    expect(catalogue.materials.some((m) => m.tolerable)).toBe(true);
    expect(catalogue.materials.some((m) => m.commitmentText !== null)).toBe(true);
  });

  it('every licence type is issued by some matter', () => {
    const issued = new Set(catalogue.matters.flatMap((m) => (m.output ? [m.output.licenceType] : [])));
    expect(catalogue.licenceTypes.filter((l) => !issued.has(l.code)).map((l) => l.code)).toEqual([]);
  });
});

describe('default catalogue form fields (一表申报)', () => {
  const withFields = catalogue.matters.filter((m) => (m.formFields ?? []).length > 0);

  it('gives most non-filing matters 1–4 fields and the filing none (its four items are the project record)', () => {
    expect(matter('ndrc.filing').formFields ?? []).toEqual([]);
    const nonFiling = catalogue.matters.filter((m) => m.code !== 'ndrc.filing');
    expect(withFields.length).toBeGreaterThan(nonFiling.length / 2);
    for (const m of withFields) expect(m.formFields!.length, m.code).toBeLessThanOrEqual(4);
  });

  it('shares field codes across matters with one definition (asked once)', () => {
    const codesOf = (code: string) => (matter(code).formFields ?? []).map((f) => f.code);
    expect(codesOf('nr.siteAndLand')).toContain('landAreaSqm');
    expect(codesOf('nr.landUsePlanningPermit')).toContain('landAreaSqm');
    const buildingArea = catalogue.matters.filter((m) => codesOf(m.code).includes('buildingAreaSqm'));
    expect(buildingArea.filter((m) => m.code.startsWith('housing.')).length).toBeGreaterThanOrEqual(2);
    const byCode = new Map<string, string>();
    for (const m of withFields)
      for (const f of m.formFields!) {
        const key = JSON.stringify([f.type, f.label, f.labelEn, f.unit ?? null]);
        expect(byCode.get(f.code) ?? key, f.code).toBe(key);
        byCode.set(f.code, key);
      }
  });

  it('never asks what the project record already holds (两个不得)', () => {
    const recordish = /name|projectcode|investment|address|location|scale/i;
    for (const m of withFields)
      for (const f of m.formFields!) {
        expect(f.code, `${m.code}.${f.code}`).not.toMatch(recordish);
        expect(f.label, `${m.code}.${f.code}`).not.toMatch(/项目名称|项目代码|总投资|建设地点|建设规模/);
      }
  });

  it('copies fields, so editing one matter leaves the others alone', () => {
    const c = defaultCatalogue();
    const site = c.matters.find((m) => m.code === 'nr.siteAndLand')!;
    site.formFields![0]!.label = 'changed';
    const permit = c.matters.find((m) => m.code === 'nr.landUsePlanningPermit')!;
    expect(permit.formFields!.find((f) => f.code === 'landAreaSqm')!.label).toBe('拟用地面积（平方米）');
  });
});
