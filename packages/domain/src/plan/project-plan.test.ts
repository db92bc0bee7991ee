import { describe, expect, it } from 'vitest';
import { createDefaultCalendar } from '../calendar.ts';
import { type Catalogue, defaultInternalSteps, type Matter, type MatterTrack } from '../catalogue/catalogue-types.ts';
import { defaultCatalogue } from '../catalogue/default-catalogue.ts';
import { DomainError } from '../errors.ts';
import { buildProjectPlan, type PlanProgress, type PlanProject, type ProjectPlan } from './project-plan.ts';

// Every expected date below is worked out by hand from DOMAIN.md §5's 2026 calendar, not taken from the code:
//   2026-04-01 is a Wednesday; 04-04–06 (Sat–Mon) off; 05-01–05 off; 05-09 (Saturday) is a make-up working day.
//   Working days after 04-01: 04-02 (1), 04-03 (2), 04-07 (3), 04-08 (4), 04-09 (5), 04-10 (6), 04-13 … 04-17 (7–11),
//   04-20 … 04-24 (12–16), 04-27 … 04-30 (17–20), 05-06 (21), 05-07 (22), 05-08 (23), 05-09 (24, make-up Saturday),
//   05-11 … 05-15 (25–29), 05-18 (30), 05-19 (31), 05-20 (32).
const calendar = createDefaultCalendar();
const START = '2026-04-01';

/**
 * Two stages:
 *   S1: A (main, 5 WD) and B (concurrent, 20 WD);
 *   S2: C (main, 3 WD) depends on A and B (earlier stage); D (main, 4 WD) depends on C (same stage).
 * Material X is asked by A, C and D; Y is satisfied by A's licence and asked by C; Z is B's main material.
 */
function twoStages(options: { cDependsOnB?: boolean } = {}): Catalogue {
  const matter = (
    code: string,
    stageCode: string,
    track: MatterTrack,
    limit: number,
    dependsOn: string[],
    materialCodes: string[],
  ): Matter => ({
    code,
    name: `事项${code}`,
    stageCode,
    track,
    departmentKind: 'housing',
    legalBasis: [],
    conditions: [],
    applicability: [{ reason: `适用${code}`, reasonEn: `applies ${code}` }],
    statutoryLimitWorkingDays: null,
    promisedLimitWorkingDays: limit,
    limitIsConfirmed: false,
    limitNote: null,
    clockStoppable: true,
    dependsOn,
    output: { licenceType: `lic${code}`, validityMonths: null },
    steps: defaultInternalSteps(),
    materialCodes,
    fees: [],
  });
  const material = (code: string, satisfiedByLicenceType: string | null = null) => ({
    code,
    name: `材料${code}`,
    required: true,
    main: false,
    tolerable: false,
    commitmentText: null,
    satisfiedByLicenceType,
    sampleUrl: null,
  });
  return {
    version: 'plan-test',
    stages: [
      { code: 'S2', name: '阶段二', order: 2, leadDepartmentKind: 'housing' },
      { code: 'S1', name: '阶段一', order: 1, leadDepartmentKind: 'ndrc' },
    ],
    facts: [],
    licenceTypes: ['A', 'B', 'C', 'D'].map((x) => ({ code: `lic${x}`, name: `证${x}` })),
    materials: [material('X'), material('Y', 'licA'), material('Z')],
    matters: [
      matter('A', 'S1', 'main', 5, [], ['X']),
      matter('B', 'S1', 'concurrent', 20, [], ['Z']),
      // D listed before C: the plan must order same-stage dependencies itself.
      matter('D', 'S2', 'main', 4, ['C'], ['X']),
      matter('C', 'S2', 'main', 3, options.cDependsOnB === false ? ['A'] : ['A', 'B'], ['X', 'Y']),
    ],
  };
}

const anyProject: PlanProject = {
  procedure: 'filing',
  investmentNature: 'enterprise',
  industryCode: 'C3011',
  totalInvestmentWan: 800,
  flags: [],
};
const nothingDone: PlanProgress = { completedMatters: [], heldLicenceTypes: [], providedMaterialCodes: [] };

function matterOf(plan: ProjectPlan, code: string) {
  const m = plan.stages.flatMap((s) => s.matters).find((x) => x.code === code);
  if (!m) throw new Error(`matter ${code} not in plan`);
  return m;
}
const codesOf = (plan: ProjectPlan) => plan.stages.flatMap((s) => s.matters.map((m) => m.code));

describe('buildProjectPlan: dates', () => {
  const plan = buildProjectPlan(twoStages(), anyProject, nothingDone, calendar, START);

  it('runs a stage’s matters in parallel from its opening', () => {
    // A: 5 WD after 04-01 → 04-09. B (concurrent): 20 WD → 04-30.
    expect(matterOf(plan, 'A')).toMatchObject({ earliestStart: '2026-04-01', predictedFinish: '2026-04-09' });
    expect(matterOf(plan, 'B')).toMatchObject({ earliestStart: '2026-04-01', predictedFinish: '2026-04-30' });
  });

  it('opens the next stage when the main matters are done; a concurrent matter does not hold it', () => {
    expect(plan.stages.map((s) => [s.code, s.opensOn, s.closesOn])).toEqual([
      ['S1', '2026-04-01', '2026-04-09'],
      ['S2', '2026-04-09', '2026-05-08'],
    ]);
  });

  it('a dependency across stages pushes the start: C waits for B (04-30), then 3 WD over 劳动节 → 05-08', () => {
    expect(matterOf(plan, 'C')).toMatchObject({ earliestStart: '2026-04-30', predictedFinish: '2026-05-08' });
    // Without that dependency C starts when S2 opens (04-09): 04-10, 04-13, 04-14.
    const without = buildProjectPlan(twoStages({ cDependsOnB: false }), anyProject, nothingDone, calendar, START);
    expect(matterOf(without, 'C')).toMatchObject({ earliestStart: '2026-04-09', predictedFinish: '2026-04-14' });
    // …and D, pre-reviewed from 04-09 (own 4 WD → 04-15), is then decided on its own schedule.
    expect(matterOf(without, 'D').predictedFinish).toBe('2026-04-15');
  });

  it('a same-stage dependency is pre-reviewed and decided when its result arrives', () => {
    // D starts with S2 (04-09); its own 4 WD end 04-15, but C's result arrives 05-08.
    expect(matterOf(plan, 'D')).toMatchObject({ earliestStart: '2026-04-09', predictedFinish: '2026-05-08' });
  });

  it('parallel follows the critical path, serial sums the limits, parallel < serial', () => {
    expect(plan.predictedFinish.parallel).toEqual({ date: '2026-05-08', provisional: false });
    // 5 + 20 + 3 + 4 = 32 WD after 04-01 → 05-20 (counting the make-up Saturday 05-09).
    expect(plan.predictedFinish.serial).toEqual({ date: '2026-05-20', provisional: false });
    expect(plan.predictedFinish.parallel.date < plan.predictedFinish.serial.date).toBe(true);
    expect(plan.criticalPath).toEqual(['B', 'C', 'D']);
    expect(matterOf(plan, 'A').isCritical).toBe(false);
    expect(matterOf(plan, 'B').isCritical).toBe(true);
  });

  it('completing a matter early moves the predicted finish earlier (real completion date used)', () => {
    const progress: PlanProgress = { ...nothingDone, completedMatters: [{ code: 'B', completedOn: '2026-04-20' }] };
    const early = buildProjectPlan(twoStages(), anyProject, progress, calendar, START);
    expect(matterOf(early, 'B')).toMatchObject({ status: 'done', earliestStart: null, predictedFinish: '2026-04-20' });
    // C starts 04-20: 04-21, 04-22, 04-23. D: max(04-15, 04-23).
    expect(matterOf(early, 'C')).toMatchObject({ earliestStart: '2026-04-20', predictedFinish: '2026-04-23' });
    expect(early.predictedFinish.parallel.date).toBe('2026-04-23');
    // Serial: A + C + D = 12 WD after 04-20 → 04-21 … 04-30 (8), 05-06, 05-07, 05-08, 05-09 (12).
    expect(early.predictedFinish.serial.date).toBe('2026-05-09');
    expect(early.predictedFinish.parallel.date < plan.predictedFinish.parallel.date).toBe(true);
  });

  it('pending matters never start before the start date', () => {
    const later = buildProjectPlan(twoStages(), anyProject, nothingDone, calendar, '2026-04-09');
    // A: 5 WD after 04-09 → 04-10, 04-13, 04-14, 04-15, 04-16.
    expect(matterOf(later, 'A')).toMatchObject({ earliestStart: '2026-04-09', predictedFinish: '2026-04-16' });
  });

  it('a stage can be held until a given date (e.g. 竣工验收 after construction)', () => {
    const held = buildProjectPlan(twoStages({ cDependsOnB: false }), anyProject, nothingDone, calendar, START, {
      stageNotBefore: { S2: '2026-06-01' },
    });
    // C: 3 WD after Monday 06-01 → 06-04.
    expect(held.stages[1]!.opensOn).toBe('2026-06-01');
    expect(matterOf(held, 'C').predictedFinish).toBe('2026-06-04');
  });

  it('flags dates past the loaded calendar years as provisional', () => {
    // From 2026-12-15: A's 5 WD end 12-22 (loaded); B's 20 WD run into 2027 (not loaded).
    const late = buildProjectPlan(twoStages(), anyProject, nothingDone, calendar, '2026-12-15');
    expect(matterOf(late, 'A')).toMatchObject({ predictedFinish: '2026-12-22', provisional: false });
    expect(matterOf(late, 'B').provisional).toBe(true);
    expect(matterOf(late, 'C').provisional).toBe(true);
    expect(late.predictedFinish.parallel.provisional).toBe(true);
    expect(late.predictedFinish.serial.provisional).toBe(true);
  });
});

describe('buildProjectPlan: materials', () => {
  it('lists a material needed by three matters once', () => {
    const plan = buildProjectPlan(twoStages(), anyProject, nothingDone, calendar, START);
    const x = plan.materials.filter((m) => m.code === 'X');
    expect(x).toHaveLength(1);
    expect(x[0]!.neededBy).toEqual(['A', 'C', 'D']);
    expect(plan.materials.map((m) => m.code)).toEqual(['X', 'Z', 'Y']);
  });

  it('marks a material satisfied by a held licence, or provided in the material package', () => {
    const progress: PlanProgress = { completedMatters: [], heldLicenceTypes: ['licA'], providedMaterialCodes: ['Z'] };
    const plan = buildProjectPlan(twoStages(), anyProject, progress, calendar, START);
    const byCode = new Map(plan.materials.map((m) => [m.code, m]));
    expect(byCode.get('Y')).toMatchObject({ satisfiedBy: 'licencePackage', issuedBy: null });
    expect(byCode.get('Z')).toMatchObject({ satisfiedBy: 'materialPackage' });
    expect(byCode.get('X')).toMatchObject({ satisfiedBy: null, issuedBy: null });
  });

  it('names the matter that will issue a licence-satisfied material, and drops completed matters’ materials', () => {
    const plan = buildProjectPlan(twoStages(), anyProject, nothingDone, calendar, START);
    expect(plan.materials.find((m) => m.code === 'Y')).toMatchObject({ satisfiedBy: null, issuedBy: 'A' });
    const progress: PlanProgress = { ...nothingDone, completedMatters: [{ code: 'A', completedOn: '2026-04-03' }] };
    const afterA = buildProjectPlan(twoStages(), anyProject, progress, calendar, START);
    // A's licence is now in the licence package; X is still needed by C and D.
    expect(afterA.materials.find((m) => m.code === 'Y')).toMatchObject({ satisfiedBy: 'licencePackage' });
    expect(afterA.materials.find((m) => m.code === 'X')!.neededBy).toEqual(['C', 'D']);
  });
});

describe('buildProjectPlan: refusals', () => {
  it('refuses a catalogue with a dependency cycle', () => {
    const c = twoStages();
    c.matters.find((m) => m.code === 'C')!.dependsOn = ['D'];
    let error: unknown;
    try {
      buildProjectPlan(c, anyProject, nothingDone, calendar, START);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('CATALOGUE_INVALID');
    expect((error as DomainError).messageEn).toContain('D → C → D');
  });

  it('refuses a completed matter that is not in the catalogue, and a bad start date', () => {
    const progress: PlanProgress = { ...nothingDone, completedMatters: [{ code: 'Q', completedOn: '2026-04-02' }] };
    expect(() => buildProjectPlan(twoStages(), anyProject, progress, calendar, START)).toThrow(
      expect.objectContaining({ code: 'PLAN_UNKNOWN_MATTER' }),
    );
    expect(() => buildProjectPlan(twoStages(), anyProject, nothingDone, calendar, '2026-02-30')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
  });
});

describe('buildProjectPlan on the default catalogue', () => {
  const catalogue = defaultCatalogue();
  const filingProject: PlanProject = {
    procedure: 'filing',
    investmentNature: 'enterprise',
    industryCode: 'C3011',
    totalInvestmentWan: 12000,
    flags: ['newLand', 'eiaReportForm', 'civilBuilding', 'specialConstruction'],
  };
  const governmentProject: PlanProject = {
    procedure: 'approval',
    investmentNature: 'government',
    industryCode: 'P8321',
    totalInvestmentWan: 30000,
    flags: ['newLand', 'eiaReportBook', 'energyReview', 'civilBuilding'],
  };

  it('a 备案 enterprise project gets 备案, not 项目建议书/可研/初步设计, and its 备案 is 即办', () => {
    const plan = buildProjectPlan(catalogue, filingProject, nothingDone, calendar, START);
    const codes = codesOf(plan);
    expect(codes).not.toContain('ndrc.proposal');
    expect(codes).not.toContain('ndrc.feasibility');
    expect(codes).not.toContain('ndrc.preliminaryDesign');
    expect(codes).not.toContain('ndrc.ratification');
    // No 用地预审与选址 for a 备案 project (only before 审批/核准).
    expect(codes).not.toContain('nr.siteAndLand');
    const filing = matterOf(plan, 'ndrc.filing');
    expect(filing.reasons[0]).toContain('备案');
    expect(filing.reasonsEn[0]).toContain('filing');
    expect(filing.predictedFinish).toBe(START);
    // A dependency on a matter the project does not need is void.
    expect(matterOf(plan, 'nr.landUsePlanningPermit').dependsOn).toEqual(['ndrc.filing']);
  });

  it('a government project gets the 审批 chain, each matter with its reason', () => {
    const plan = buildProjectPlan(catalogue, governmentProject, nothingDone, calendar, START);
    const codes = codesOf(plan);
    expect(codes).toEqual(
      expect.arrayContaining(['ndrc.proposal', 'ndrc.feasibility', 'ndrc.preliminaryDesign', 'ndrc.energyReview']),
    );
    expect(codes).not.toContain('ndrc.filing');
    expect(matterOf(plan, 'ndrc.proposal').reasons).toEqual([
      '政府投资项目实行审批制，首先审批项目建议书（《政府投资条例》）',
    ]);
    expect(matterOf(plan, 'ndrc.feasibility').reasons[0]).toContain('政府投资项目');
    expect(matterOf(plan, 'eco.eiaReportBook').reasons[0]).toContain('报告书');
    expect(codes).not.toContain('eco.eiaReportForm');
    // 初步设计 (stage 2) after the 可研 (stage 1).
    expect(plan.stages[1]!.matters.map((m) => m.code)).toContain('ndrc.preliminaryDesign');
    expect(matterOf(plan, 'ndrc.preliminaryDesign').dependsOn).toEqual(['ndrc.feasibility']);
  });

  it('the 环评 报告书 (60 WD) pushes the 施工许可 across stages', () => {
    const plan = buildProjectPlan(catalogue, governmentProject, nothingDone, calendar, START);
    const eia = matterOf(plan, 'eco.eiaReportBook');
    const permit = matterOf(plan, 'housing.constructionPermit');
    expect(permit.earliestStart).toBe(eia.predictedFinish);
    expect(plan.criticalPath.slice(0, 2)).toEqual(['eco.eiaReportBook', 'housing.constructionPermit']);
    expect(plan.predictedFinish.parallel.date < plan.predictedFinish.serial.date).toBe(true);
  });

  it('the 施工图 is asked once for 联合审图, 消防设计审查 and 人防', () => {
    const plan = buildProjectPlan(catalogue, filingProject, nothingDone, calendar, START);
    const drawings = plan.materials.filter((m) => m.code === 'constructionDrawings');
    expect(drawings).toHaveLength(1);
    expect(drawings[0]!.neededBy).toEqual(['housing.drawingReview', 'housing.fireDesignReview', 'cad.shelterApproval']);
    expect(new Set(plan.materials.map((m) => m.code)).size).toBe(plan.materials.length);
  });

  it('用地批准文件 is satisfied when the project holds the 建设用地规划许可证', () => {
    const progress: PlanProgress = { ...nothingDone, heldLicenceTypes: ['landUsePlanningPermit'] };
    const plan = buildProjectPlan(catalogue, filingProject, progress, calendar, START);
    expect(plan.materials.find((m) => m.code === 'landApproval')).toMatchObject({
      name: '用地批准文件',
      satisfiedBy: 'licencePackage',
    });
  });
});
