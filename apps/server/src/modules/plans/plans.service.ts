import {
  type ApplicabilityProject,
  buildProjectPlan,
  DEPARTMENT_KIND_NAMES,
  DomainError,
  isCivilDate,
  parseCivilDate,
  type ProjectPlan,
  shanghaiCivilDate,
} from '@yiwang/domain';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/app-error.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { loadCalendar } from '../calendar/calendar.service.ts';
import { loadCurrentCatalogue } from '../catalogue/catalogue.service.ts';
import { completedMattersOf } from '../cases/cases.service.ts';
import { listMaterialPackage } from '../files/files.service.ts';
import { listHeldLicenceTypes } from '../licences/licences.service.ts';
import { loadVisibleProject } from '../projects/projects.service.ts';

/**
 * 一项目一方案 (issue 4 §4): the project's roadmap under the current published catalogue version — its stages, the
 * matters it needs and why, each material asked once, and the predicted finish (parallel = critical path, serial =
 * sum) on the working-day calendar in force (admin overrides included).
 *
 * Progress is real: matters approved in their cases count as done on their decision dates, and the project's licence
 * package (valid licences) and material package (current materials) satisfy what they cover — so an early decision
 * moves the predicted finish, and nothing held is asked again. (A filed 备案 project's filing is a 0-day matter.)
 *
 * Inputs the platform does not record yet:
 * - Facts the catalogue's rules test (`Catalogue.facts`, e.g. newLand, eiaReportBook) beyond the project's own flags:
 *   passed as `facts=newLand,eiaReportBook` so the roadmap can be explored; a later issue stores them on the project.
 */

export interface PlanView extends Omit<ProjectPlan, 'stages'> {
  projectId: string;
  catalogueVersionId: string;
  facts: { applied: string[]; available: { code: string; name: string; nameEn: string }[] };
  stages: (ProjectPlan['stages'][number] & {
    leadDepartmentName: string;
    matters: (ProjectPlan['stages'][number]['matters'][number] & { departmentName: string })[];
  })[];
}

/** Plans are computed within the years a deadline can meaningfully reach (past the loaded years: provisional). */
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

const departmentName = (kind: string) =>
  DEPARTMENT_KIND_NAMES[kind as keyof typeof DEPARTMENT_KIND_NAMES]?.name ?? kind;

export async function projectPlan(
  ctx: AppContext,
  actor: Actor,
  id: string,
  query: { start?: string | undefined; facts?: string | undefined },
): Promise<PlanView> {
  const start = query.start ?? shanghaiCivilDate(ctx.clock.now().getTime());
  if (!isCivilDate(start) || parseCivilDate(start).year < MIN_YEAR || parseCivilDate(start).year > MAX_YEAR)
    throw AppError.invalidField(
      'start',
      `开始日期无效（应为 ${MIN_YEAR}–${MAX_YEAR} 年间的有效日期 YYYY-MM-DD）`,
      `not a valid date YYYY-MM-DD between ${MIN_YEAR} and ${MAX_YEAR}`,
    );

  const { project } = await loadVisibleProject(ctx, actor, id);
  if (!project.procedure) throw new AppError('PROJECT_PROCEDURE_UNKNOWN');
  const current = await loadCurrentCatalogue(ctx);
  const { catalogue } = current;

  const requested = [
    ...new Set(
      (query.facts ?? '')
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean),
    ),
  ];
  const known = new Set(catalogue.facts.map((f) => f.code));
  const unknown = requested.filter((f) => !known.has(f));
  if (unknown.length > 0)
    throw AppError.invalidField(
      'facts',
      `未知的项目特征：${unknown.join('、')}（可选：${[...known].join('、')}）`,
      `unknown fact(s): ${unknown.join(', ')} (known: ${[...known].join(', ')})`,
    );

  const applicability: ApplicabilityProject = {
    procedure: project.procedure,
    // The procedure follows from the nature (审批 = government; 核准/备案 = enterprise), so a gap is filled from it.
    investmentNature: project.investmentNature ?? (project.procedure === 'approval' ? 'government' : 'enterprise'),
    industryCode: project.industryCode,
    totalInvestmentWan: project.totalInvestment === null ? null : Number(project.totalInvestment),
    flags: [...project.flags, ...requested],
  };
  const calendar = await loadCalendar(ctx);
  const today = shanghaiCivilDate(ctx.clock.now().getTime());
  const [completedMatters, heldLicences, materials] = await Promise.all([
    completedMattersOf(ctx.db, project.id),
    listHeldLicenceTypes(ctx.db, project.id, today),
    listMaterialPackage(ctx.db, project.id, today),
  ]);
  // A matter approved under an older catalogue version may be unknown to the current one: it stays out of the plan.
  const knownMatters = new Set(catalogue.matters.map((m) => m.code));
  let plan: ProjectPlan;
  try {
    plan = buildProjectPlan(
      catalogue,
      applicability,
      {
        completedMatters: completedMatters.filter((m) => knownMatters.has(m.code)),
        heldLicenceTypes: [...new Set(heldLicences.map((l) => l.licenceType))],
        providedMaterialCodes: [...new Set(materials.map((m) => m.materialCode))],
      },
      calendar,
      start,
    );
  } catch (error) {
    if (error instanceof DomainError)
      throw new AppError('CONFLICT', { message: error.message, messageEn: error.messageEn });
    throw error;
  }
  return {
    ...plan,
    catalogueVersion: current.version,
    projectId: project.id,
    catalogueVersionId: current.id,
    facts: { applied: requested, available: catalogue.facts },
    stages: plan.stages.map((s) => ({
      ...s,
      leadDepartmentName: departmentName(s.leadDepartmentKind),
      matters: s.matters.map((m) => ({ ...m, departmentName: departmentName(m.department) })),
    })),
  };
}
