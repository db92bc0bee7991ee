import { afterAll, describe, expect, it } from 'vitest';
import { type Catalogue, defaultInternalSteps, type FormField, type Matter } from './catalogue-types.ts';
import {
  CATALOGUE_PROBLEM_KINDS,
  type CatalogueProblem,
  type CatalogueProblemKind,
  findDependencyCycles,
  validateCatalogue,
} from './validate-catalogue.ts';

/** A small valid catalogue: two stages, three matters, three materials. */
function fixture(): Catalogue {
  const matter = (code: string, stageCode: string, dependsOn: string[], materialCodes: string[]): Matter => ({
    code,
    name: `事项${code}`,
    stageCode,
    track: 'main',
    departmentKind: 'housing',
    legalBasis: [{ citation: '《中华人民共和国行政许可法》第四十二条', confirmed: true }],
    conditions: [],
    applicability: [{ reason: '所有项目', reasonEn: 'every project' }],
    statutoryLimitWorkingDays: 20,
    promisedLimitWorkingDays: 10,
    limitIsConfirmed: false,
    limitNote: null,
    clockStoppable: true,
    dependsOn,
    output: { licenceType: `lic${code}`, validityMonths: null },
    steps: defaultInternalSteps(),
    materialCodes,
    fees: [],
  });
  return {
    version: 'test-1',
    stages: [
      { code: 'S1', name: '阶段一', order: 1, leadDepartmentKind: 'ndrc' },
      { code: 'S2', name: '阶段二', order: 2, leadDepartmentKind: 'housing' },
    ],
    facts: [{ code: 'newLand', name: '新增用地', nameEn: 'new land' }],
    licenceTypes: [
      { code: 'licA', name: '证A' },
      { code: 'licB', name: '证B' },
      { code: 'licC', name: '证C' },
    ],
    materials: [
      {
        code: 'X',
        name: '主材料',
        required: true,
        main: true,
        tolerable: false,
        commitmentText: null,
        satisfiedByLicenceType: null,
        sampleUrl: null,
      },
      {
        code: 'Y',
        name: '次要材料',
        required: true,
        main: false,
        tolerable: true,
        commitmentText: '本单位承诺……',
        satisfiedByLicenceType: null,
        sampleUrl: null,
      },
      {
        code: 'Z',
        name: '证A',
        required: true,
        main: false,
        tolerable: false,
        commitmentText: null,
        satisfiedByLicenceType: 'licA',
        sampleUrl: null,
      },
    ],
    matters: [matter('A', 'S1', [], ['X']), matter('B', 'S1', ['A'], ['Y']), matter('C', 'S2', ['A', 'B'], ['X', 'Z'])],
  };
}

const covered = new Set<CatalogueProblemKind>();

/** Validates the mutated fixture and returns its problems of `kind` (recording that the kind is tested). */
function problemsOf(kind: CatalogueProblemKind, mutate: (c: Catalogue) => void): CatalogueProblem[] {
  covered.add(kind);
  const c = fixture();
  mutate(c);
  const result = validateCatalogue(c);
  expect(result.ok).toBe(false);
  if (result.ok) return [];
  for (const p of result.problems) {
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.messageEn.length).toBeGreaterThan(0);
  }
  const found = result.problems.filter((p) => p.kind === kind);
  expect(found.length, JSON.stringify(result.problems)).toBeGreaterThan(0);
  return found;
}

const m = (c: Catalogue, code: string) => c.matters.find((x) => x.code === code)!;

describe('validateCatalogue', () => {
  it('accepts the valid fixture', () => {
    expect(validateCatalogue(fixture())).toEqual({ ok: true });
  });

  it('INVALID_SHAPE: a list missing', () => {
    const [p] = problemsOf('INVALID_SHAPE', (c) => {
      (c as unknown as Record<string, unknown>).matters = undefined;
    });
    expect(p!.path).toBe('matters');
  });

  it('BLANK_FIELD: blank version, names and commitment texts', () => {
    const found = problemsOf('BLANK_FIELD', (c) => {
      c.version = ' ';
      c.stages[0]!.name = '';
      c.materials[1]!.commitmentText = '';
    });
    expect(found.map((p) => p.path)).toEqual(['version', 'stages[0].name', 'materials[1].commitmentText']);
  });

  it('DUPLICATE_CODE: two materials with one code', () => {
    const [p] = problemsOf('DUPLICATE_CODE', (c) => {
      c.materials[2]!.code = 'X';
    });
    expect(p!.path).toBe('materials[2].code');
    expect(p!.messageEn).toContain('"X"');
  });

  it('DUPLICATE_REFERENCE: one matter lists a material twice', () => {
    const [p] = problemsOf('DUPLICATE_REFERENCE', (c) => {
      m(c, 'C').materialCodes.push('X');
    });
    expect(p!.path).toBe('matters[2].materialCodes[2]');
  });

  it('INVALID_STAGE_ORDER: two stages with the same order', () => {
    const [p] = problemsOf('INVALID_STAGE_ORDER', (c) => {
      c.stages[1]!.order = 1;
    });
    expect(p!.path).toBe('stages[1].order');
  });

  it('UNKNOWN_DEPARTMENT: a stage without a lead department', () => {
    const [p] = problemsOf('UNKNOWN_DEPARTMENT', (c) => {
      (c.stages[0] as { leadDepartmentKind: string }).leadDepartmentKind = '';
    });
    expect(p!.path).toBe('stages[0].leadDepartmentKind');
  });

  it('UNKNOWN_STAGE: a matter in a stage that does not exist', () => {
    const [p] = problemsOf('UNKNOWN_STAGE', (c) => {
      m(c, 'A').stageCode = 'S9';
    });
    expect(p!.path).toBe('matters[0].stageCode');
  });

  it('UNKNOWN_MATERIAL: a matter asking for an undefined material', () => {
    const [p] = problemsOf('UNKNOWN_MATERIAL', (c) => {
      m(c, 'B').materialCodes = ['Q'];
    });
    expect(p!.path).toBe('matters[1].materialCodes[0]');
  });

  it('UNKNOWN_DEPENDENCY: a dependency on an undefined matter', () => {
    const [p] = problemsOf('UNKNOWN_DEPENDENCY', (c) => {
      m(c, 'C').dependsOn.push('NOPE');
    });
    expect(p!.path).toBe('matters[2].dependsOn[2]');
  });

  it('UNKNOWN_LICENCE_TYPE: an output or a satisfying licence that is not declared', () => {
    const found = problemsOf('UNKNOWN_LICENCE_TYPE', (c) => {
      m(c, 'A').output = { licenceType: 'licQ', validityMonths: null };
      c.materials[2]!.satisfiedByLicenceType = 'licR';
    });
    expect(found.map((p) => p.path).sort()).toEqual([
      'materials[2].satisfiedByLicenceType',
      'matters[0].output.licenceType',
    ]);
  });

  it('UNKNOWN_FACT: a rule testing an undeclared fact', () => {
    const [p] = problemsOf('UNKNOWN_FACT', (c) => {
      m(c, 'A').applicability = [{ flagsAll: ['newLnad'], reason: '新增用地', reasonEn: 'new land' }];
    });
    expect(p!.path).toBe('matters[0].applicability[0].flagsAll[0]');
  });

  it('DEPENDENCY_ON_LATER_STAGE: a stage-1 matter depending on a stage-2 matter', () => {
    const [p] = problemsOf('DEPENDENCY_ON_LATER_STAGE', (c) => {
      m(c, 'A').dependsOn = ['C'];
    });
    expect(p!.path).toBe('matters[0].dependsOn[0]');
  });

  it('DEPENDENCY_CYCLE: names the cycle', () => {
    const found = problemsOf('DEPENDENCY_CYCLE', (c) => {
      m(c, 'A').dependsOn = ['B'];
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.messageEn).toBe('dependency cycle: A → B → A');
    expect(found[0]!.message).toContain('A → B → A');
  });

  it('DEPENDENCY_CYCLE: a self-dependency, and a three-matter cycle reported once', () => {
    const found = problemsOf('DEPENDENCY_CYCLE', (c) => {
      m(c, 'C').dependsOn = ['C'];
    });
    expect(found.map((p) => p.messageEn)).toEqual(['dependency cycle: C → C']);
    const cycles = findDependencyCycles([
      { code: 'P', dependsOn: ['Q'] },
      { code: 'Q', dependsOn: ['R'] },
      { code: 'R', dependsOn: ['P'] },
      { code: 'S', dependsOn: ['R'] },
    ]);
    expect(cycles).toEqual([['P', 'Q', 'R']]);
  });

  it('INVALID_LIMIT: zero statutory limit, fractional or negative promised limit', () => {
    const found = problemsOf('INVALID_LIMIT', (c) => {
      m(c, 'A').statutoryLimitWorkingDays = 0;
      m(c, 'B').promisedLimitWorkingDays = 2.5;
      m(c, 'C').promisedLimitWorkingDays = -1;
    });
    expect(found.map((p) => p.path)).toEqual([
      'matters[0].statutoryLimitWorkingDays',
      'matters[1].promisedLimitWorkingDays',
      'matters[2].promisedLimitWorkingDays',
    ]);
  });

  it('accepts a 0-day (即办) promised limit and no statutory limit', () => {
    const c = fixture();
    m(c, 'A').promisedLimitWorkingDays = 0;
    m(c, 'A').statutoryLimitWorkingDays = null;
    expect(validateCatalogue(c)).toEqual({ ok: true });
  });

  it('PROMISED_EXCEEDS_STATUTORY: promised 25 WD against statutory 20', () => {
    const [p] = problemsOf('PROMISED_EXCEEDS_STATUTORY', (c) => {
      m(c, 'B').promisedLimitWorkingDays = 25;
    });
    expect(p!.messageEn).toContain('25 WD exceeds the statutory 20 WD');
  });

  it('MAIN_MATERIAL_TOLERABLE: a main material marked 容缺-eligible', () => {
    const [p] = problemsOf('MAIN_MATERIAL_TOLERABLE', (c) => {
      c.materials[0]!.tolerable = true;
    });
    expect(p!.path).toBe('materials[0].tolerable');
  });

  it('TOLERABLE_NOT_REQUIRED: an optional material marked 容缺-eligible', () => {
    const [p] = problemsOf('TOLERABLE_NOT_REQUIRED', (c) => {
      c.materials[1]!.required = false;
    });
    expect(p!.path).toBe('materials[1].tolerable');
  });

  it('INVALID_RULE: no rules, a bad industry prefix, min ≥ max', () => {
    const found = problemsOf('INVALID_RULE', (c) => {
      m(c, 'A').applicability = [];
      m(c, 'B').applicability = [{ industryPrefixes: ['44'], reason: '电力', reasonEn: 'power' }];
      m(c, 'C').applicability = [{ minInvestmentWan: 5000, maxInvestmentWan: 5000, reason: '中型', reasonEn: 'mid' }];
    });
    expect(found.map((p) => p.path)).toEqual([
      'matters[0].applicability',
      'matters[1].applicability[0].industryPrefixes[0]',
      'matters[2].applicability[0].maxInvestmentWan',
    ]);
  });

  it('INVALID_STEP: a 会签 step with one participant, no steps, last step not 签发', () => {
    const found = problemsOf('INVALID_STEP', (c) => {
      m(c, 'A').steps = defaultInternalSteps({ mode: 'countersign', participants: ['housing'] });
      m(c, 'B').steps = [];
      m(c, 'C').steps = defaultInternalSteps().slice(0, 2);
    });
    expect(found.map((p) => p.path)).toEqual([
      'matters[0].steps[1].participants',
      'matters[1].steps',
      'matters[2].steps',
    ]);
  });

  it('INVALID_OUTPUT: validity of 0 months', () => {
    const [p] = problemsOf('INVALID_OUTPUT', (c) => {
      m(c, 'A').output = { licenceType: 'licA', validityMonths: 0 };
    });
    expect(p!.path).toBe('matters[0].output.validityMonths');
  });

  it('INVALID_FEE: a negative fee', () => {
    const [p] = problemsOf('INVALID_FEE', (c) => {
      m(c, 'A').fees = [{ name: '工本费', amountYuan: -5, basis: '无' }];
    });
    expect(p!.path).toBe('matters[0].fees[0].amountYuan');
  });

  it('INVALID_TRACK: an unknown track', () => {
    const [p] = problemsOf('INVALID_TRACK', (c) => {
      (m(c, 'A') as { track: string }).track = 'side';
    });
    expect(p!.path).toBe('matters[0].track');
  });

  const areaField = (type: FormField['type'] = 'number'): FormField => ({
    code: 'landAreaSqm',
    label: '拟用地面积（平方米）',
    labelEn: 'Land area (m²)',
    type,
    required: true,
    unit: '平方米',
  });

  it('accepts a form field shared by two matters with one type (asked once, 一表申报)', () => {
    const c = fixture();
    m(c, 'A').formFields = [areaField()];
    m(c, 'B').formFields = [{ ...areaField(), label: '用地面积', required: false }];
    expect(validateCatalogue(c)).toEqual({ ok: true });
  });

  it('INVALID_FORM_FIELD: an unknown type, a non-boolean required flag, formFields not a list', () => {
    const found = problemsOf('INVALID_FORM_FIELD', (c) => {
      m(c, 'A').formFields = [{ ...areaField(), type: 'money' as FormField['type'] }];
      m(c, 'B').formFields = [{ ...areaField(), required: 'yes' as unknown as boolean }];
      (m(c, 'C') as { formFields: unknown }).formFields = 'landAreaSqm';
    });
    expect(found.map((p) => p.path)).toEqual([
      'matters[0].formFields[0].type',
      'matters[1].formFields[0].required',
      'matters[2].formFields',
    ]);
  });

  it('BLANK_FIELD: a form field without a code or label', () => {
    const found = problemsOf('BLANK_FIELD', (c) => {
      m(c, 'A').formFields = [
        { ...areaField(), code: ' ' },
        { ...areaField(), labelEn: '' },
      ];
    });
    expect(found.map((p) => p.path)).toEqual(['matters[0].formFields[0].code', 'matters[0].formFields[1].label']);
  });

  it('DUPLICATE_FORM_FIELD: one matter lists a field twice', () => {
    const [p] = problemsOf('DUPLICATE_FORM_FIELD', (c) => {
      m(c, 'B').formFields = [areaField(), areaField()];
    });
    expect(p!.path).toBe('matters[1].formFields[1].code');
    expect(p!.messageEn).toContain('"landAreaSqm"');
  });

  it('FORM_FIELD_TYPE_CONFLICT: the same field code as number in one matter and text in another', () => {
    const found = problemsOf('FORM_FIELD_TYPE_CONFLICT', (c) => {
      m(c, 'A').formFields = [areaField('number')];
      m(c, 'C').formFields = [areaField('text')];
    });
    expect(found).toHaveLength(1);
    expect(found[0]!.path).toBe('matters[2].formFields[0].type');
    expect(found[0]!.messageEn).toContain('number in matter "A" but text here');
  });

  it('reports every problem, not only the first', () => {
    const c = fixture();
    c.materials[0]!.tolerable = true;
    m(c, 'A').dependsOn = ['B'];
    m(c, 'B').promisedLimitWorkingDays = 30;
    const result = validateCatalogue(c);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems.map((p) => p.kind).sort()).toEqual([
        'DEPENDENCY_CYCLE',
        'MAIN_MATERIAL_TOLERABLE',
        'PROMISED_EXCEEDS_STATUTORY',
      ]);
    }
  });

  afterAll(() => {
    // Every problem kind has its own test above.
    expect([...CATALOGUE_PROBLEM_KINDS].filter((k) => !covered.has(k))).toEqual([]);
  });
});
