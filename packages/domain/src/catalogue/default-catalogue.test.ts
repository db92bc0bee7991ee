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
