import {
  type Catalogue,
  DEPARTMENT_KIND_NAMES,
  type DepartmentKind,
  type Material,
  type Matter,
  type Stage,
} from '@yiwang/domain';
import { AppError } from '../../lib/app-error.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { loadCurrentCatalogue } from './catalogue.service.ts';

/**
 * Public service guides (办事指南, issue 4 §3) from the current published catalogue version: per stage (the combined
 * "一份办事指南": one window, one form, one set of materials — each material listed once with the matters that need it)
 * and per matter. Everything is derived from catalogue data; the procedure text follows 国办发〔2019〕11号's
 * 一窗受理 → 并联审批 → 限时办结 with the stage's own lead department, matters and limits filled in.
 */

const departmentName = (kind: DepartmentKind) => DEPARTMENT_KIND_NAMES[kind]?.name ?? kind;

export interface StageSummary {
  code: string;
  name: string;
  order: number;
  leadDepartmentKind: DepartmentKind;
  leadDepartmentName: string;
  matterCount: number;
}

export interface GuideMaterial {
  code: string;
  name: string;
  required: boolean;
  main: boolean;
  /** 容缺受理: may be supplied after acceptance. */
  tolerable: boolean;
  /** 告知承诺: the text signed instead of supplying the material, or null. */
  commitmentText: string | null;
  satisfiedByLicenceType: string | null;
  /** When set: applicants holding that licence (e.g. issued by an earlier matter) are not asked for it. */
  satisfiedByLicenceName: string | null;
  sampleUrl: string | null;
  /** The matters (of this guide) that need it. */
  neededBy: { code: string; name: string }[];
}

export interface MatterGuide {
  code: string;
  name: string;
  stageCode: string;
  track: Matter['track'];
  departmentKind: DepartmentKind;
  departmentName: string;
  legalBasis: Matter['legalBasis'];
  conditions: string[];
  /** Who the matter applies to (the reasons of its applicability rules). */
  appliesWhen: string[];
  limit: {
    promisedWorkingDays: number;
    statutoryWorkingDays: number | null;
    isConfirmed: boolean;
    note: string | null;
    clockStoppable: boolean;
  };
  fees: Matter['fees'];
  output: { licenceType: string; licenceName: string; validityMonths: number | null } | null;
  dependsOn: { code: string; name: string }[];
  steps: { name: string; kind: string; signMode: string }[];
  materialCodes: string[];
}

export interface ProcedureStep {
  step: number;
  name: string;
  description: string;
}

function stageSummary(catalogue: Catalogue, stage: Stage): StageSummary {
  return {
    code: stage.code,
    name: stage.name,
    order: stage.order,
    leadDepartmentKind: stage.leadDepartmentKind,
    leadDepartmentName: departmentName(stage.leadDepartmentKind),
    matterCount: catalogue.matters.filter((m) => m.stageCode === stage.code).length,
  };
}

function matterGuide(catalogue: Catalogue, m: Matter): MatterGuide {
  const licenceName = (code: string) => catalogue.licenceTypes.find((l) => l.code === code)?.name ?? code;
  const matterName = (code: string) => catalogue.matters.find((x) => x.code === code)?.name ?? code;
  return {
    code: m.code,
    name: m.name,
    stageCode: m.stageCode,
    track: m.track,
    departmentKind: m.departmentKind,
    departmentName: departmentName(m.departmentKind),
    legalBasis: m.legalBasis,
    conditions: m.conditions,
    appliesWhen: m.applicability.map((r) => r.reason),
    limit: {
      promisedWorkingDays: m.promisedLimitWorkingDays,
      statutoryWorkingDays: m.statutoryLimitWorkingDays,
      isConfirmed: m.limitIsConfirmed,
      note: m.limitNote,
      clockStoppable: m.clockStoppable,
    },
    fees: m.fees,
    output: m.output
      ? {
          licenceType: m.output.licenceType,
          licenceName: licenceName(m.output.licenceType),
          validityMonths: m.output.validityMonths,
        }
      : null,
    dependsOn: m.dependsOn.map((code) => ({ code, name: matterName(code) })),
    steps: m.steps.map((s) => ({ name: s.name, kind: s.kind, signMode: s.signMode })),
    materialCodes: m.materialCodes,
  };
}

/** The materials of `matters`, each once, in first-asked order, with the matters that need it. */
function materialsOf(catalogue: Catalogue, matters: readonly Matter[]): GuideMaterial[] {
  const byCode = new Map<string, Material>(catalogue.materials.map((m) => [m.code, m]));
  const out = new Map<string, GuideMaterial>();
  for (const matter of matters) {
    for (const code of matter.materialCodes) {
      const existing = out.get(code);
      if (existing) {
        if (!existing.neededBy.some((n) => n.code === matter.code))
          existing.neededBy.push({ code: matter.code, name: matter.name });
        continue;
      }
      const m = byCode.get(code);
      if (!m) continue;
      out.set(code, {
        code,
        name: m.name,
        required: m.required,
        main: m.main,
        tolerable: m.tolerable,
        commitmentText: m.commitmentText,
        satisfiedByLicenceType: m.satisfiedByLicenceType,
        satisfiedByLicenceName: m.satisfiedByLicenceType
          ? (catalogue.licenceTypes.find((l) => l.code === m.satisfiedByLicenceType)?.name ?? null)
          : null,
        sampleUrl: m.sampleUrl,
        neededBy: [{ code: matter.code, name: matter.name }],
      });
    }
  }
  return [...out.values()];
}

/**
 * The longest chain of promised limits inside the stage (same-stage dependencies are pre-reviewed in parallel and
 * decided when the result arrives, so a matter takes max(own limit, its same-stage dependencies')), over main matters.
 */
function stagePromisedWorkingDays(matters: readonly Matter[]): number {
  const byCode = new Map(matters.map((m) => [m.code, m]));
  const memo = new Map<string, number>();
  const span = (m: Matter, seen: Set<string>): number => {
    const known = memo.get(m.code);
    if (known !== undefined) return known;
    if (seen.has(m.code)) return m.promisedLimitWorkingDays; // a published catalogue is acyclic; defensive
    seen.add(m.code);
    let days = m.promisedLimitWorkingDays;
    for (const d of m.dependsOn) {
      const dep = byCode.get(d);
      if (dep) days = Math.max(days, span(dep, seen));
    }
    memo.set(m.code, days);
    return days;
  };
  return matters.filter((m) => m.track === 'main').reduce((max, m) => Math.max(max, span(m, new Set())), 0);
}

function procedureOf(stage: Stage, matters: readonly Matter[], materialCount: number): ProcedureStep[] {
  const departments = [...new Set(matters.map((m) => departmentName(m.departmentKind)))];
  const lead = departmentName(stage.leadDepartmentKind);
  const days = stagePromisedWorkingDays(matters);
  const concurrent = matters.filter((m) => m.track === 'concurrent');
  return [
    {
      step: 1,
      name: '一窗受理',
      description:
        `由${lead}牵头，在工程建设项目审批综合窗口（或本平台网上申报）统一收件：一份申请表、一套材料` +
        `（本阶段共 ${materialCount} 项材料，每项只交一次；已有证照由平台调取，不再提交）。` +
        '材料不全的，一次性告知需补正的全部内容；次要材料可容缺受理，部分材料可以告知承诺代替。',
    },
    {
      step: 2,
      name: '并联审批',
      description:
        `受理后推送${departments.length > 0 ? departments.join('、') : '各相关部门'}同步审批本阶段 ${matters.length} 个事项；` +
        '依赖其他事项结果的，先行预审，前置结果到达即作出决定。' +
        (concurrent.length > 0
          ? `${concurrent.map((m) => m.name).join('、')}为并行推进事项，可与各阶段同步办理，在施工许可前完成。`
          : ''),
    },
    {
      step: 3,
      name: '限时办结',
      description:
        `本阶段主线事项承诺在受理后 ${days} 个工作日内办结（法定节假日不计，受理当日不计；补正、专家评审、听证、检测等` +
        '特别程序时间不计入），由牵头部门统一送达审批结果，电子证照自动归集，后续阶段无需再交。',
    },
  ];
}

export async function listStageGuides(ctx: AppContext) {
  const { version, catalogue } = await loadCurrentCatalogue(ctx);
  const stages = [...catalogue.stages].sort((a, b) => a.order - b.order);
  return { catalogueVersion: version, items: stages.map((s) => stageSummary(catalogue, s)) };
}

export async function stageGuide(ctx: AppContext, code: string) {
  const { version, catalogue } = await loadCurrentCatalogue(ctx);
  const stage = catalogue.stages.find((s) => s.code === code);
  if (!stage) throw new AppError('NOT_FOUND', { message: `没有阶段 ${code}`, messageEn: `no stage ${code}` });
  const matters = catalogue.matters.filter((m) => m.stageCode === code);
  const materials = materialsOf(catalogue, matters);
  return {
    catalogueVersion: version,
    stage: stageSummary(catalogue, stage),
    procedure: procedureOf(stage, matters, materials.length),
    promisedWorkingDays: stagePromisedWorkingDays(matters),
    matters: matters.map((m) => matterGuide(catalogue, m)),
    materials,
  };
}

export async function matterGuideOf(ctx: AppContext, code: string) {
  const { version, catalogue } = await loadCurrentCatalogue(ctx);
  const matter = catalogue.matters.find((m) => m.code === code);
  if (!matter) throw new AppError('NOT_FOUND', { message: `没有事项 ${code}`, messageEn: `no matter ${code}` });
  const stage = catalogue.stages.find((s) => s.code === matter.stageCode);
  return {
    catalogueVersion: version,
    stage: stage ? stageSummary(catalogue, stage) : null,
    matter: matterGuide(catalogue, matter),
    materials: materialsOf(catalogue, [matter]),
  };
}
