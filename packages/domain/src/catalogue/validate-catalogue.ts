/**
 * Load-time validation of a catalogue version (ARCHITECTURE.md "Workflow shape is data … validated at load time"). An
 * admin's draft is validated before it can be published, and an imported JSON catalogue before it is stored. Every
 * problem is reported (not only the first), each with a JSON path into the catalogue (e.g. `matters[3].dependsOn[1]`)
 * so the editor can point at the field.
 */
import {
  type Catalogue,
  DEPARTMENT_KINDS,
  FORM_FIELD_TYPES,
  type FormFieldType,
  INVESTMENT_NATURE_KINDS,
  type Matter,
  MATTER_TRACKS,
  PROCEDURE_KINDS,
  SIGN_MODES,
  STEP_KINDS,
} from './catalogue-types.ts';

/** Kinds of problem, stable identifiers for the API and tests. */
export const CATALOGUE_PROBLEM_KINDS = [
  /** Not the expected shape (a list missing, an item not an object). */
  'INVALID_SHAPE',
  /** A required text (version, code, name, reason, commitment text …) is blank. */
  'BLANK_FIELD',
  /** Two stages / matters / materials / facts / licence types / steps share a code. */
  'DUPLICATE_CODE',
  /** The same code listed twice in one list (a material or dependency of one matter). */
  'DUPLICATE_REFERENCE',
  /** Two stages share an order, or an order is not a positive integer. */
  'INVALID_STAGE_ORDER',
  /** A department kind (stage lead, matter department, step participant) missing or unknown. */
  'UNKNOWN_DEPARTMENT',
  'UNKNOWN_STAGE',
  'UNKNOWN_MATERIAL',
  'UNKNOWN_DEPENDENCY',
  'UNKNOWN_LICENCE_TYPE',
  'UNKNOWN_FACT',
  /** A matter depends on a matter of a later stage (stages open in order, so it could never be decided). */
  'DEPENDENCY_ON_LATER_STAGE',
  /** The dependency graph has a cycle (named in the message). */
  'DEPENDENCY_CYCLE',
  /** Statutory limit not a positive integer or null; promised limit not a non-negative integer. */
  'INVALID_LIMIT',
  /** Promised limit above the statutory one. */
  'PROMISED_EXCEEDS_STATUTORY',
  /** A main material marked 容缺-eligible (容缺 needs the main materials complete, DOMAIN.md §6). */
  'MAIN_MATERIAL_TOLERABLE',
  /** An optional material marked 容缺-eligible (only a required material can be "missing"). */
  'TOLERABLE_NOT_REQUIRED',
  /** An applicability rule that is malformed (no rules at all, unknown procedure, bad prefix, min ≥ max …). */
  'INVALID_RULE',
  /** Internal steps malformed (none, unknown kind/mode, multi-party step with < 2 participants …). */
  'INVALID_STEP',
  /** Output validity not a positive integer or null. */
  'INVALID_OUTPUT',
  /** A fee amount negative or not a number. */
  'INVALID_FEE',
  /** Unknown matter track. */
  'INVALID_TRACK',
  /** A form field malformed: `formFields` not a list, unknown type, `required` not a boolean, blank unit. */
  'INVALID_FORM_FIELD',
  /** One matter lists the same form-field code twice (it would be asked twice on one form). */
  'DUPLICATE_FORM_FIELD',
  /**
   * The same form-field code with different types in different matters: a field is asked once per stage form (一表申报),
   * so every matter must mean the same thing by it.
   */
  'FORM_FIELD_TYPE_CONFLICT',
] as const;
export type CatalogueProblemKind = (typeof CATALOGUE_PROBLEM_KINDS)[number];

/** One problem found in a catalogue. */
export interface CatalogueProblem {
  kind: CatalogueProblemKind;
  /** JSON path into the catalogue, e.g. `matters[3].dependsOn[1]`. */
  path: string;
  /** Chinese message (for the admin). */
  message: string;
  messageEn: string;
}

/** Result of {@link validateCatalogue}. */
export type CatalogueValidation = { ok: true } | { ok: false; problems: CatalogueProblem[] };

const INDUSTRY_PREFIX_RE = /^[A-T]\d{0,4}$/;

function isBlank(s: unknown): boolean {
  return typeof s !== 'string' || s.trim() === '';
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Validates a catalogue version: unique codes; every reference resolves (stage, material, dependency, licence type,
 * fact, department); the dependency graph is acyclic (cycles are named) and never points to a later stage; limits are
 * integers with promised ≤ statutory; each stage has a lead department; main materials are not 容缺-eligible;
 * applicability rules, internal steps, outputs and fees are well-formed; form fields are well-formed, unique within a
 * matter, and a code shared across matters has one type.
 * @returns `{ ok: true }` or every problem found
 */
export function validateCatalogue(catalogue: Catalogue): CatalogueValidation {
  const problems: CatalogueProblem[] = [];
  const report = (kind: CatalogueProblemKind, path: string, message: string, messageEn: string) =>
    problems.push({ kind, path, message, messageEn });

  if (!isObject(catalogue)) {
    report('INVALID_SHAPE', '', '目录必须是对象', 'the catalogue must be an object');
    return { ok: false, problems };
  }
  for (const list of ['stages', 'matters', 'materials', 'facts', 'licenceTypes'] as const) {
    if (!Array.isArray(catalogue[list])) {
      report('INVALID_SHAPE', list, `缺少列表 ${list}`, `"${list}" must be a list`);
    } else {
      (catalogue[list] as unknown[]).forEach((item, i) => {
        if (!isObject(item)) report('INVALID_SHAPE', `${list}[${i}]`, '条目必须是对象', 'each entry must be an object');
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  if (isBlank(catalogue.version)) report('BLANK_FIELD', 'version', '目录版本号不能为空', 'version is blank');

  const departments = new Set<string>(DEPARTMENT_KINDS);
  const checkDepartment = (value: unknown, path: string, what: string, whatEn: string) => {
    if (isBlank(value)) report('UNKNOWN_DEPARTMENT', path, `${what}未指定部门`, `${whatEn} has no department`);
    else if (!departments.has(value as string))
      report(
        'UNKNOWN_DEPARTMENT',
        path,
        `${what}的部门类型「${String(value)}」未定义`,
        `${whatEn}: unknown department kind "${String(value)}"`,
      );
  };

  /** Codes must be non-blank and unique within their list; returns code → index. */
  const indexCodes = (
    list: readonly { code: string; name: string }[],
    listPath: string,
    label: string,
    labelEn: string,
  ) => {
    const byCode = new Map<string, number>();
    list.forEach((item, i) => {
      if (isBlank(item.code))
        report('BLANK_FIELD', `${listPath}[${i}].code`, `${label}编码不能为空`, `${labelEn} code is blank`);
      else if (byCode.has(item.code))
        report(
          'DUPLICATE_CODE',
          `${listPath}[${i}].code`,
          `${label}编码「${item.code}」重复（与第 ${byCode.get(item.code)! + 1} 项相同）`,
          `duplicate ${labelEn} code "${item.code}" (same as entry ${byCode.get(item.code)})`,
        );
      else byCode.set(item.code, i);
      if (isBlank(item.name))
        report('BLANK_FIELD', `${listPath}[${i}].name`, `${label}名称不能为空`, `${labelEn} name is blank`);
    });
    return byCode;
  };

  const stageIndex = indexCodes(catalogue.stages, 'stages', '阶段', 'stage');
  const matterIndex = indexCodes(catalogue.matters, 'matters', '事项', 'matter');
  const materialIndex = indexCodes(catalogue.materials, 'materials', '材料', 'material');
  const factIndex = indexCodes(catalogue.facts, 'facts', '项目特征', 'fact');
  const licenceIndex = indexCodes(catalogue.licenceTypes, 'licenceTypes', '证照类型', 'licence type');

  // Stages: order, lead department (国办发〔2019〕11号: 一家牵头).
  const orders = new Map<number, number>();
  catalogue.stages.forEach((stage, i) => {
    const path = `stages[${i}]`;
    if (!Number.isInteger(stage.order) || stage.order < 1)
      report('INVALID_STAGE_ORDER', `${path}.order`, '阶段顺序必须是正整数', 'stage order must be a positive integer');
    else if (orders.has(stage.order))
      report(
        'INVALID_STAGE_ORDER',
        `${path}.order`,
        `阶段顺序 ${stage.order} 重复`,
        `stage order ${stage.order} used twice`,
      );
    else orders.set(stage.order, i);
    checkDepartment(
      stage.leadDepartmentKind,
      `${path}.leadDepartmentKind`,
      `阶段「${stage.name}」牵头`,
      `stage "${stage.code}" lead`,
    );
  });

  // Materials.
  catalogue.materials.forEach((m, i) => {
    const path = `materials[${i}]`;
    if (m.tolerable && m.main)
      report(
        'MAIN_MATERIAL_TOLERABLE',
        `${path}.tolerable`,
        `「${m.name}」是主要材料，不能容缺（容缺受理要求主要材料齐全）`,
        `"${m.code}" is a main material and cannot be 容缺-eligible (容缺 requires the main materials complete)`,
      );
    if (m.tolerable && !m.required)
      report(
        'TOLERABLE_NOT_REQUIRED',
        `${path}.tolerable`,
        `「${m.name}」不是必需材料，无需标记为可容缺`,
        `"${m.code}" is optional; only a required material can be 容缺-eligible`,
      );
    if (m.commitmentText !== null && isBlank(m.commitmentText))
      report(
        'BLANK_FIELD',
        `${path}.commitmentText`,
        '告知承诺文本不能为空（不适用请设为 null）',
        'commitment text is blank (use null)',
      );
    if (m.satisfiedByLicenceType !== null && !licenceIndex.has(m.satisfiedByLicenceType))
      report(
        'UNKNOWN_LICENCE_TYPE',
        `${path}.satisfiedByLicenceType`,
        `证照类型「${m.satisfiedByLicenceType}」未定义`,
        `unknown licence type "${m.satisfiedByLicenceType}"`,
      );
  });

  // Matters.
  const procedures = new Set<string>(PROCEDURE_KINDS);
  const natures = new Set<string>(INVESTMENT_NATURE_KINDS);
  const stageOrderOf = (m: Matter): number | undefined => {
    const si = stageIndex.get(m.stageCode);
    return si === undefined ? undefined : catalogue.stages[si]!.order;
  };
  /** Form-field code → the first matter (index) defining it and its type, to catch a type conflict across matters. */
  const fieldTypes = new Map<string, { type: FormFieldType; matterIndex: number; matterCode: string }>();
  const fieldTypeSet = new Set<string>(FORM_FIELD_TYPES);
  catalogue.matters.forEach((matter, i) => {
    const path = `matters[${i}]`;
    const label = `事项「${matter.name}」`;
    const labelEn = `matter "${matter.code}"`;
    if (!stageIndex.has(matter.stageCode))
      report(
        'UNKNOWN_STAGE',
        `${path}.stageCode`,
        `${label}所属阶段「${matter.stageCode}」不存在`,
        `${labelEn}: unknown stage "${matter.stageCode}"`,
      );
    if (!(MATTER_TRACKS as readonly string[]).includes(matter.track))
      report(
        'INVALID_TRACK',
        `${path}.track`,
        `${label}的办理线「${String(matter.track)}」无效`,
        `${labelEn}: unknown track "${String(matter.track)}"`,
      );
    checkDepartment(matter.departmentKind, `${path}.departmentKind`, label, labelEn);

    // Limits (行政许可法 art.42/82: working days).
    const statutory = matter.statutoryLimitWorkingDays;
    const promised = matter.promisedLimitWorkingDays;
    const statutoryOk = statutory === null || (Number.isInteger(statutory) && statutory > 0);
    if (!statutoryOk)
      report(
        'INVALID_LIMIT',
        `${path}.statutoryLimitWorkingDays`,
        `${label}的法定时限必须是正整数工作日或为空`,
        `${labelEn}: statutory limit must be a positive integer number of working days, or null`,
      );
    const promisedOk = Number.isInteger(promised) && promised >= 0;
    if (!promisedOk)
      report(
        'INVALID_LIMIT',
        `${path}.promisedLimitWorkingDays`,
        `${label}的承诺时限必须是非负整数工作日（0 表示即办）`,
        `${labelEn}: promised limit must be a non-negative integer number of working days (0 = same day)`,
      );
    if (statutoryOk && promisedOk && statutory !== null && promised > statutory)
      report(
        'PROMISED_EXCEEDS_STATUTORY',
        `${path}.promisedLimitWorkingDays`,
        `${label}的承诺时限 ${promised} 个工作日超过法定时限 ${statutory} 个工作日`,
        `${labelEn}: promised limit ${promised} WD exceeds the statutory ${statutory} WD`,
      );

    // Materials.
    const seenMaterials = new Set<string>();
    matter.materialCodes.forEach((code, j) => {
      if (seenMaterials.has(code))
        report(
          'DUPLICATE_REFERENCE',
          `${path}.materialCodes[${j}]`,
          `${label}重复列出材料「${code}」`,
          `${labelEn} lists material "${code}" twice`,
        );
      seenMaterials.add(code);
      if (!materialIndex.has(code))
        report(
          'UNKNOWN_MATERIAL',
          `${path}.materialCodes[${j}]`,
          `${label}引用的材料「${code}」不存在`,
          `${labelEn}: unknown material "${code}"`,
        );
    });

    // Dependencies: resolve, and never on a later stage (stages open in order).
    const seenDeps = new Set<string>();
    const ownOrder = stageOrderOf(matter);
    matter.dependsOn.forEach((code, j) => {
      const depPath = `${path}.dependsOn[${j}]`;
      if (seenDeps.has(code))
        report(
          'DUPLICATE_REFERENCE',
          depPath,
          `${label}重复列出前置事项「${code}」`,
          `${labelEn} lists dependency "${code}" twice`,
        );
      seenDeps.add(code);
      const di = matterIndex.get(code);
      if (di === undefined) {
        report(
          'UNKNOWN_DEPENDENCY',
          depPath,
          `${label}的前置事项「${code}」不存在`,
          `${labelEn}: unknown dependency "${code}"`,
        );
        return;
      }
      const dep = catalogue.matters[di]!;
      const depOrder = stageOrderOf(dep);
      if (ownOrder !== undefined && depOrder !== undefined && depOrder > ownOrder)
        report(
          'DEPENDENCY_ON_LATER_STAGE',
          depPath,
          `${label}依赖后续阶段的事项「${dep.name}」，无法办理`,
          `${labelEn} depends on "${code}" of a later stage, which opens only after this one`,
        );
    });

    // Output.
    if (matter.output !== null) {
      if (!licenceIndex.has(matter.output.licenceType))
        report(
          'UNKNOWN_LICENCE_TYPE',
          `${path}.output.licenceType`,
          `${label}出具的证照类型「${matter.output.licenceType}」未定义`,
          `${labelEn}: unknown licence type "${matter.output.licenceType}"`,
        );
      const v = matter.output.validityMonths;
      if (v !== null && !(Number.isInteger(v) && v > 0))
        report(
          'INVALID_OUTPUT',
          `${path}.output.validityMonths`,
          `${label}的证照有效期必须是正整数月或为空`,
          `${labelEn}: validity must be a positive integer number of months, or null`,
        );
    }

    // Applicability rules.
    if (matter.applicability.length === 0)
      report(
        'INVALID_RULE',
        `${path}.applicability`,
        `${label}没有适用规则，永远不会适用`,
        `${labelEn} has no applicability rule and would never apply`,
      );
    matter.applicability.forEach((rule, j) => {
      const rp = `${path}.applicability[${j}]`;
      if (isBlank(rule.reason) || isBlank(rule.reasonEn))
        report(
          'BLANK_FIELD',
          `${rp}.reason`,
          `${label}的适用规则缺少说明理由（中英文）`,
          `${labelEn}: rule ${j} needs a reason (Chinese and English)`,
        );
      rule.procedures?.forEach((p, k) => {
        if (!procedures.has(p))
          report('INVALID_RULE', `${rp}.procedures[${k}]`, `未知的管理方式「${p}」`, `unknown procedure "${p}"`);
      });
      rule.investmentNatures?.forEach((n, k) => {
        if (!natures.has(n))
          report(
            'INVALID_RULE',
            `${rp}.investmentNatures[${k}]`,
            `未知的投资性质「${n}」`,
            `unknown investment nature "${n}"`,
          );
      });
      for (const key of ['industryPrefixes', 'excludedIndustryPrefixes'] as const) {
        rule[key]?.forEach((prefix, k) => {
          if (!INDUSTRY_PREFIX_RE.test(prefix))
            report(
              'INVALID_RULE',
              `${rp}.${key}[${k}]`,
              `行业代码前缀「${prefix}」无效（应为门类字母加 0–4 位数字，如 D44）`,
              `invalid GB/T 4754 prefix "${prefix}" (a section letter and 0-4 digits, e.g. D44)`,
            );
        });
      }
      for (const key of ['minInvestmentWan', 'maxInvestmentWan'] as const) {
        const x = rule[key];
        if (x !== undefined && !(typeof x === 'number' && Number.isFinite(x) && x >= 0))
          report(
            'INVALID_RULE',
            `${rp}.${key}`,
            '投资额界限必须是非负数（万元）',
            'investment bounds must be non-negative numbers (万元)',
          );
      }
      if (
        rule.minInvestmentWan !== undefined &&
        rule.maxInvestmentWan !== undefined &&
        rule.minInvestmentWan >= rule.maxInvestmentWan
      )
        report(
          'INVALID_RULE',
          `${rp}.maxInvestmentWan`,
          '投资额下限必须小于上限（下限含、上限不含）',
          'minInvestmentWan (inclusive) must be below maxInvestmentWan (exclusive)',
        );
      for (const key of ['flagsAll', 'flagsAny', 'flagsNone'] as const) {
        const list = rule[key];
        if (list && list.length === 0)
          report(
            'INVALID_RULE',
            `${rp}.${key}`,
            '特征条件列表为空（不需要请省略）',
            `${key} is empty (omit it instead)`,
          );
        list?.forEach((flag, k) => {
          if (!factIndex.has(flag))
            report(
              'UNKNOWN_FACT',
              `${rp}.${key}[${k}]`,
              `项目特征「${flag}」未在目录中定义`,
              `fact "${flag}" is not declared in the catalogue`,
            );
        });
      }
    });

    // Internal steps.
    if (matter.steps.length === 0)
      report(
        'INVALID_STEP',
        `${path}.steps`,
        `${label}至少需要一个内部环节`,
        `${labelEn} needs at least one internal step`,
      );
    const stepCodes = new Set<string>();
    matter.steps.forEach((step, j) => {
      const sp = `${path}.steps[${j}]`;
      if (isBlank(step.code) || isBlank(step.name))
        report('BLANK_FIELD', sp, '环节编码和名称不能为空', 'step code and name must not be blank');
      else if (stepCodes.has(step.code))
        report('DUPLICATE_CODE', `${sp}.code`, `环节编码「${step.code}」重复`, `duplicate step code "${step.code}"`);
      stepCodes.add(step.code);
      if (!(STEP_KINDS as readonly string[]).includes(step.kind))
        report(
          'INVALID_STEP',
          `${sp}.kind`,
          `环节类型「${String(step.kind)}」无效`,
          `unknown step kind "${String(step.kind)}"`,
        );
      if (!(SIGN_MODES as readonly string[]).includes(step.signMode)) {
        report(
          'INVALID_STEP',
          `${sp}.signMode`,
          `签批方式「${String(step.signMode)}」无效`,
          `unknown sign mode "${String(step.signMode)}"`,
        );
      } else if (step.signMode === 'single') {
        if (step.participants.length > 0)
          report(
            'INVALID_STEP',
            `${sp}.participants`,
            '单人签批环节不应列出会签部门',
            'a single-signer step lists no participants',
          );
      } else {
        if (new Set(step.participants).size < 2 || new Set(step.participants).size !== step.participants.length)
          report(
            'INVALID_STEP',
            `${sp}.participants`,
            '会签/或签环节需要至少两个不重复的参与部门',
            'a countersign/any-sign step needs at least two distinct participants',
          );
        step.participants.forEach((d, k) => checkDepartment(d, `${sp}.participants[${k}]`, '会签参与', 'participant'));
      }
    });
    const last = matter.steps.at(-1);
    if (last && last.kind !== 'issue')
      report(
        'INVALID_STEP',
        `${path}.steps`,
        `${label}的最后一个环节必须是签发`,
        `${labelEn}: the last step must be the issuing step`,
      );

    // Form fields (一表申报: a code is asked once per stage form, so it must mean one thing everywhere).
    if (matter.formFields !== undefined) {
      if (!Array.isArray(matter.formFields)) {
        report(
          'INVALID_FORM_FIELD',
          `${path}.formFields`,
          `${label}的表单字段必须是列表`,
          `${labelEn}: formFields must be a list`,
        );
      } else {
        const seenFields = new Set<string>();
        matter.formFields.forEach((field, j) => {
          const fp = `${path}.formFields[${j}]`;
          if (!isObject(field)) {
            report('INVALID_FORM_FIELD', fp, '表单字段必须是对象', 'each form field must be an object');
            return;
          }
          if (isBlank(field.code)) {
            report('BLANK_FIELD', `${fp}.code`, '表单字段编码不能为空', 'form field code is blank');
          } else if (seenFields.has(field.code)) {
            report(
              'DUPLICATE_FORM_FIELD',
              `${fp}.code`,
              `${label}重复列出表单字段「${field.code}」`,
              `${labelEn} lists form field "${field.code}" twice`,
            );
          } else {
            seenFields.add(field.code);
          }
          if (isBlank(field.label) || isBlank(field.labelEn))
            report(
              'BLANK_FIELD',
              `${fp}.label`,
              '表单字段名称不能为空（中英文）',
              'form field label is blank (Chinese and English)',
            );
          if (field.unit !== undefined && field.unit !== null && isBlank(field.unit))
            report(
              'INVALID_FORM_FIELD',
              `${fp}.unit`,
              '表单字段单位不能为空字符串（无单位请设为 null）',
              'form field unit is blank (use null)',
            );
          if (typeof field.required !== 'boolean')
            report(
              'INVALID_FORM_FIELD',
              `${fp}.required`,
              `表单字段「${String(field.code)}」的必填标记必须是布尔值`,
              `form field "${String(field.code)}": required must be a boolean`,
            );
          if (!fieldTypeSet.has(field.type)) {
            report(
              'INVALID_FORM_FIELD',
              `${fp}.type`,
              `表单字段「${String(field.code)}」的类型「${String(field.type)}」无效`,
              `form field "${String(field.code)}": unknown type "${String(field.type)}"`,
            );
          } else if (!isBlank(field.code)) {
            const first = fieldTypes.get(field.code);
            if (first === undefined)
              fieldTypes.set(field.code, { type: field.type, matterIndex: i, matterCode: matter.code });
            else if (first.type !== field.type && first.matterIndex !== i)
              report(
                'FORM_FIELD_TYPE_CONFLICT',
                `${fp}.type`,
                `表单字段「${field.code}」在事项「${first.matterCode}」中为 ${first.type} 类型，此处为 ${field.type} 类型；同一字段在一张表中只填一次，类型必须一致`,
                `form field "${field.code}" is ${first.type} in matter "${first.matterCode}" but ${field.type} here; a field is asked once per form, so its type must agree`,
              );
          }
        });
      }
    }

    // Fees.
    matter.fees.forEach((fee, j) => {
      if (
        fee.amountYuan !== null &&
        !(typeof fee.amountYuan === 'number' && Number.isFinite(fee.amountYuan) && fee.amountYuan >= 0)
      )
        report(
          'INVALID_FEE',
          `matters[${i}].fees[${j}].amountYuan`,
          '收费金额必须是非负数或为空',
          'fee amount must be a non-negative number or null',
        );
      if (isBlank(fee.name) || isBlank(fee.basis))
        report(
          'BLANK_FIELD',
          `matters[${i}].fees[${j}]`,
          '收费项目名称和依据不能为空',
          'fee name and basis must not be blank',
        );
    });
  });

  // Dependency cycles (after references resolve; unknown codes are skipped).
  for (const cycle of findDependencyCycles(catalogue.matters)) {
    const start = matterIndex.get(cycle[0]!)!;
    const named = [...cycle, cycle[0]!].join(' → ');
    report(
      'DEPENDENCY_CYCLE',
      `matters[${start}].dependsOn`,
      `事项前置关系存在循环：${named}`,
      `dependency cycle: ${named}`,
    );
  }

  return problems.length === 0 ? { ok: true } : { ok: false, problems };
}

/**
 * The elementary cycles found by a depth-first search of the matter dependency graph (each reported once, starting at
 * the matter first in catalogue order). A self-dependency is a cycle of one.
 */
export function findDependencyCycles(matters: readonly Pick<Matter, 'code' | 'dependsOn'>[]): string[][] {
  const deps = new Map<string, string[]>();
  for (const m of matters)
    if (!deps.has(m.code))
      deps.set(
        m.code,
        m.dependsOn.filter((d) => matters.some((x) => x.code === d)),
      );
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (code: string) => {
    state.set(code, 'visiting');
    stack.push(code);
    for (const next of deps.get(code) ?? []) {
      const s = state.get(next);
      if (s === 'visiting') {
        const cycle = stack.slice(stack.indexOf(next));
        // Normalise the rotation (start at the smallest code) so a cycle found again is reported once.
        const min = cycle.indexOf([...cycle].sort()[0]!);
        const key = [...cycle.slice(min), ...cycle.slice(0, min)].join('\u0000');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (s === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(code, 'done');
  };
  for (const m of matters) if (!state.has(m.code)) visit(m.code);
  return cycles;
}
