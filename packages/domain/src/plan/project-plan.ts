/**
 * 一项目一方案 (issue 4 §4): for one project, the stages and the matters it needs (and why), their materials (each asked
 * once), and a predicted finish date in working days — parallel (并联, the critical path) and serial (串联, the sum).
 *
 * Scheduling model (DOMAIN.md §4 "一家牵头、并联审批、限时办结"):
 * - Stages open in order. Stage 1 opens on the start date. A stage *closes* when all its applicable `main`-track matters
 *   (主线事项) are done, and the next stage opens on that date (one window, one application per stage). `concurrent`
 *   matters (并行推进, e.g. 环评, 节能审查 — "在施工许可前完成") start when their stage opens but hold back only the
 *   matters that depend on them, never the next stage.
 * - Within a stage the matters run in parallel, all accepted when the stage opens. A matter that depends on another
 *   matter **of the same stage** is pre-reviewed from the opening and decided as soon as that result arrives:
 *   finish = max(open + own limit, dependency's finish).
 * - A dependency on a matter **of an earlier stage** is an input of the application (its licence is a material), so the
 *   matter starts only once that result exists: start = max(stage open, dependency's finish). This is how a concurrent
 *   matter (环评 报告书, 60 WD) pushes a later stage's matter (施工许可) across stages.
 * - A dependency on a matter the project does not need is void.
 * - Durations are the promised limits in working days on the calendar, the starting day not counted (民法典 art.201):
 *   finish = calendar.addWorkingDays(start, limit). A 0-day matter (即办, e.g. 备案) finishes on its start date.
 * - Completed matters use their real completion date (recomputed as matters finish); pending matters never start before
 *   `startDate` (pass today when recomputing).
 * - Serial = every pending matter one after another: from max(startDate, latest completion) plus the sum of their
 *   limits. Parallel ≤ serial always.
 * - The prediction covers approval time only (国办发〔2019〕11号's 120 WD target likewise): the 竣工验收 stage would in
 *   reality open after construction. `options.stageNotBefore` lets a caller hold a stage until e.g. the planned
 *   completion date.
 * - A date is provisional when any working-day computation behind it used a year the calendar has not loaded.
 */
import { evaluateApplicability } from '../catalogue/applicability.ts';
import type {
  ApplicabilityProject,
  Catalogue,
  DepartmentKind,
  Matter,
  MatterTrack,
  Stage,
} from '../catalogue/catalogue-types.ts';
import { validateCatalogue } from '../catalogue/validate-catalogue.ts';
import type { WorkingDayCalendar } from '../calendar.ts';
import { type CivilDate, compareCivilDates, parseCivilDate } from '../civil-date.ts';
import { DomainError } from '../errors.ts';

/** The project attributes the plan needs (the applicability attributes). */
export type PlanProject = ApplicabilityProject;

/** What the project has already done and holds. */
export interface PlanProgress {
  /** Matters already decided, with their real completion date. */
  completedMatters: { code: string; completedOn: CivilDate }[];
  /** Licence types in the project's licence package (证照库), e.g. issued by other systems. */
  heldLicenceTypes: string[];
  /** Material codes already in the project's material package (材料库). */
  providedMaterialCodes: string[];
}

/** Options of {@link buildProjectPlan}. */
export interface PlanOptions {
  /** Stage code → a date before which that stage cannot open (e.g. 竣工验收 after the planned completion). */
  stageNotBefore?: Record<string, CivilDate>;
}

/** A predicted date. */
export interface PredictedDate {
  date: CivilDate;
  /** True when computed past the calendar's loaded years (weekday rule only; may change). */
  provisional: boolean;
}

/** One matter of the plan. */
export interface PlanMatter {
  code: string;
  name: string;
  department: DepartmentKind;
  track: MatterTrack;
  /** Why the matter applies (the reasons of the matching rules), Chinese. */
  reasons: string[];
  reasonsEn: string[];
  limit: { promisedWorkingDays: number; statutoryWorkingDays: number | null; isConfirmed: boolean };
  /** The dependencies that apply to this project (void ones dropped). */
  dependsOn: string[];
  /** When the matter can be accepted; null for a completed matter (its real start is not a prediction). */
  earliestStart: CivilDate | null;
  /** Predicted decision date; for a completed matter, its real completion date. */
  predictedFinish: CivilDate;
  provisional: boolean;
  status: 'done' | 'pending';
  /** On the critical path of the parallel prediction. */
  isCritical: boolean;
}

/** One stage of the plan (every catalogue stage, in order; `matters` may be empty). */
export interface PlanStage {
  code: string;
  name: string;
  order: number;
  leadDepartmentKind: DepartmentKind;
  /** When the stage's window accepts the application. */
  opensOn: CivilDate;
  /** When its main matters are all decided (= opensOn if it has none). */
  closesOn: CivilDate;
  /** In catalogue order, except that a matter comes after its same-stage dependencies. */
  matters: PlanMatter[];
}

/** One material of the plan: deduplicated, each asked once. */
export interface PlanMaterial {
  code: string;
  name: string;
  required: boolean;
  main: boolean;
  tolerable: boolean;
  commitmentText: string | null;
  sampleUrl: string | null;
  /** Pending matters that need it, in plan order. */
  neededBy: string[];
  /** Already satisfied by the project's licence package or material package; null if it must still be supplied. */
  satisfiedBy: 'materialPackage' | 'licencePackage' | null;
  /** When not yet satisfied but a matter of this plan will issue the licence that satisfies it: that matter's code. */
  issuedBy: string | null;
}

/** Result of {@link buildProjectPlan}. */
export interface ProjectPlan {
  catalogueVersion: string;
  startDate: CivilDate;
  stages: PlanStage[];
  materials: PlanMaterial[];
  predictedFinish: { parallel: PredictedDate; serial: PredictedDate };
  /** Matter codes of the critical path of the parallel prediction, in order. */
  criticalPath: string[];
}

interface Scheduled {
  matter: Matter;
  stage: Stage;
  reasons: string[];
  reasonsEn: string[];
  dependsOn: string[];
  done: boolean;
  start: CivilDate | null;
  finish: CivilDate;
  provisional: boolean;
  /** The matter whose finish determined this one's date (critical-path back-pointer), or null. */
  driver: string | null;
}

const later = (a: CivilDate, b: CivilDate) => compareCivilDates(a, b) > 0;

/**
 * Builds the 一项目一方案 for `project` from `catalogue`.
 * @param catalogue a catalogue version (validated here)
 * @param project the project attributes the applicability rules test
 * @param progress completed matters (real dates), held licences and provided materials
 * @param calendar the working-day calendar
 * @param startDate the day planning starts (today when recomputing); pending matters never start before it
 * @throws DomainError `CATALOGUE_INVALID` if the catalogue fails {@link validateCatalogue} (e.g. a dependency cycle);
 *   `PLAN_UNKNOWN_MATTER` if a completed matter is not in the catalogue; `INVALID_DATE`; `CALENDAR_YEAR_NOT_LOADED` from
 *   a strict calendar
 */
export function buildProjectPlan(
  catalogue: Catalogue,
  project: PlanProject,
  progress: PlanProgress,
  calendar: WorkingDayCalendar,
  startDate: CivilDate,
  options: PlanOptions = {},
): ProjectPlan {
  const validation = validateCatalogue(catalogue);
  if (!validation.ok) {
    const first = validation.problems.slice(0, 3);
    throw new DomainError(
      'CATALOGUE_INVALID',
      `事项目录 ${catalogue.version} 无效：${first.map((p) => p.message).join('；')}`,
      `Catalogue ${catalogue.version} is invalid: ${first.map((p) => `${p.path}: ${p.messageEn}`).join('; ')}`,
    );
  }
  parseCivilDate(startDate);

  const matterByCode = new Map(catalogue.matters.map((m) => [m.code, m]));
  const completed = new Map<string, CivilDate>();
  for (const { code, completedOn } of progress.completedMatters) {
    if (!matterByCode.has(code)) {
      throw new DomainError(
        'PLAN_UNKNOWN_MATTER',
        `已办结事项「${code}」不在事项目录 ${catalogue.version} 中`,
        `Completed matter "${code}" is not in catalogue ${catalogue.version}`,
      );
    }
    parseCivilDate(completedOn);
    completed.set(code, completedOn);
  }

  // Which matters the project needs, and why. A completed matter stays in the plan even if the rules no longer match.
  const included = new Map<string, { reasons: string[]; reasonsEn: string[] }>();
  for (const m of catalogue.matters) {
    const a = evaluateApplicability(m, project);
    if (a.applies) included.set(m.code, { reasons: a.reasons, reasonsEn: a.reasonsEn });
    else if (completed.has(m.code))
      included.set(m.code, {
        reasons: ['已办结（按当前项目信息已不再适用，保留办理记录）'],
        reasonsEn: ['completed (no longer applies to the current project data; kept as a record)'],
      });
  }

  const advance = (date: CivilDate, workingDays: number): PredictedDate => {
    if (workingDays === 0) return { date, provisional: !calendar.isLoadedYear(parseCivilDate(date).year) };
    return calendar.addWorkingDays(date, workingDays);
  };

  const stages = [...catalogue.stages].sort((a, b) => a.order - b.order);
  const scheduled = new Map<string, Scheduled>();
  const planStages: { stage: Stage; opensOn: CivilDate; closesOn: CivilDate; codes: string[] }[] = [];
  let prevClose: CivilDate = startDate;
  let prevCloseDriver: string | null = null;
  let prevCloseProvisional = false;

  for (const stage of stages) {
    let open = prevClose;
    let openDriver: string | null = prevCloseDriver;
    const notBefore = options.stageNotBefore?.[stage.code];
    if (notBefore !== undefined && later(notBefore, open)) {
      open = notBefore;
      openDriver = null;
    }
    const members = catalogue.matters.filter((m) => m.stageCode === stage.code && included.has(m.code));
    const order = topologicalWithinStage(members);
    for (const m of order) {
      const why = included.get(m.code)!;
      const deps = m.dependsOn.filter((d) => included.has(d));
      const done = completed.get(m.code);
      if (done !== undefined) {
        scheduled.set(m.code, {
          matter: m,
          stage,
          ...why,
          dependsOn: deps,
          done: true,
          start: null,
          finish: done,
          provisional: false,
          driver: null,
        });
        continue;
      }
      // Start: the stage opening, or later if an earlier stage's result it needs arrives later.
      let start = open;
      let driver: string | null = openDriver;
      let provisional: boolean = prevCloseProvisional;
      for (const d of deps) {
        const dep = scheduled.get(d);
        if (!dep || dep.stage.code === stage.code) continue;
        provisional ||= dep.provisional;
        if (later(dep.finish, start)) {
          start = dep.finish;
          driver = d;
        }
      }
      const own = advance(start, m.promisedLimitWorkingDays);
      let finish = own.date;
      provisional ||= own.provisional;
      // Same-stage dependencies: pre-reviewed in parallel, decided when the result arrives.
      for (const d of deps) {
        const dep = scheduled.get(d);
        if (!dep || dep.stage.code !== stage.code) continue;
        provisional ||= dep.provisional;
        if (later(dep.finish, finish)) {
          finish = dep.finish;
          driver = d;
        }
      }
      scheduled.set(m.code, {
        matter: m,
        stage,
        ...why,
        dependsOn: deps,
        done: false,
        start,
        finish,
        provisional,
        driver,
      });
    }
    // The stage closes when its main matters are decided (never before it opens).
    let close = open;
    let closeDriver: string | null = openDriver;
    let closeProvisional: boolean = prevCloseProvisional;
    for (const m of order) {
      const s = scheduled.get(m.code)!;
      if (m.track !== 'main') continue;
      closeProvisional ||= s.provisional;
      if (!later(close, s.finish)) {
        close = s.finish;
        closeDriver = m.code;
      }
    }
    planStages.push({ stage, opensOn: open, closesOn: close, codes: order.map((m) => m.code) });
    prevClose = later(close, startDate) ? close : startDate;
    prevCloseDriver = closeDriver;
    prevCloseProvisional = closeProvisional;
  }

  // Parallel: the latest finish; the critical path follows the drivers back from it.
  const all = planStages.flatMap((ps) => ps.codes.map((c) => scheduled.get(c)!));
  let last: Scheduled | undefined;
  for (const s of all) if (!last || !later(last.finish, s.finish)) last = s;
  const criticalPath: string[] = [];
  for (let s = last; s; s = s.driver ? scheduled.get(s.driver) : undefined) {
    criticalPath.unshift(s.matter.code);
    if (criticalPath.length > all.length) break; // defensive: drivers always point to earlier-scheduled matters
  }
  const pending = all.filter((s) => !s.done);
  const parallel: PredictedDate = last
    ? { date: last.finish, provisional: pending.some((s) => s.provisional) }
    : { date: startDate, provisional: false };

  // Serial: the pending matters one after another, after the last completion.
  let serialStart = startDate;
  for (const s of all) if (s.done && later(s.finish, serialStart)) serialStart = s.finish;
  const serial: PredictedDate =
    pending.length === 0
      ? parallel
      : advance(
          serialStart,
          pending.reduce((sum, s) => sum + s.matter.promisedLimitWorkingDays, 0),
        );

  // Materials, each asked once: those of pending matters, in plan order.
  const critical = new Set(criticalPath);
  const heldLicences = new Set(progress.heldLicenceTypes);
  for (const s of all) if (s.done && s.matter.output) heldLicences.add(s.matter.output.licenceType);
  const provided = new Set(progress.providedMaterialCodes);
  const materialByCode = new Map(catalogue.materials.map((m) => [m.code, m]));
  const issuerOf = new Map<string, string>();
  for (const s of pending)
    if (s.matter.output && !issuerOf.has(s.matter.output.licenceType))
      issuerOf.set(s.matter.output.licenceType, s.matter.code);
  const materials = new Map<string, PlanMaterial>();
  for (const s of pending) {
    for (const code of s.matter.materialCodes) {
      const existing = materials.get(code);
      if (existing) {
        existing.neededBy.push(s.matter.code);
        continue;
      }
      const m = materialByCode.get(code)!;
      const licence = m.satisfiedByLicenceType;
      const satisfiedBy =
        licence !== null && heldLicences.has(licence)
          ? 'licencePackage'
          : provided.has(code)
            ? 'materialPackage'
            : null;
      materials.set(code, {
        code,
        name: m.name,
        required: m.required,
        main: m.main,
        tolerable: m.tolerable,
        commitmentText: m.commitmentText,
        sampleUrl: m.sampleUrl,
        neededBy: [s.matter.code],
        satisfiedBy,
        issuedBy: satisfiedBy === null && licence !== null ? (issuerOf.get(licence) ?? null) : null,
      });
    }
  }

  return {
    catalogueVersion: catalogue.version,
    startDate,
    stages: planStages.map(({ stage, opensOn, closesOn, codes }) => ({
      code: stage.code,
      name: stage.name,
      order: stage.order,
      leadDepartmentKind: stage.leadDepartmentKind,
      opensOn,
      closesOn,
      matters: codes.map((code) => {
        const s = scheduled.get(code)!;
        return {
          code,
          name: s.matter.name,
          department: s.matter.departmentKind,
          track: s.matter.track,
          reasons: s.reasons,
          reasonsEn: s.reasonsEn,
          limit: {
            promisedWorkingDays: s.matter.promisedLimitWorkingDays,
            statutoryWorkingDays: s.matter.statutoryLimitWorkingDays,
            isConfirmed: s.matter.limitIsConfirmed,
          },
          dependsOn: s.dependsOn,
          earliestStart: s.start,
          predictedFinish: s.finish,
          provisional: s.provisional,
          status: s.done ? 'done' : 'pending',
          isCritical: critical.has(code),
        };
      }),
    })),
    materials: [...materials.values()],
    predictedFinish: { parallel, serial },
    criticalPath,
  };
}

/** Orders one stage's matters so that same-stage dependencies come first (the catalogue is validated acyclic). */
function topologicalWithinStage(members: readonly Matter[]): Matter[] {
  const byCode = new Map(members.map((m) => [m.code, m]));
  const out: Matter[] = [];
  const placed = new Set<string>();
  const place = (m: Matter) => {
    if (placed.has(m.code)) return;
    placed.add(m.code);
    for (const d of m.dependsOn) {
      const dep = byCode.get(d);
      if (dep) place(dep);
    }
    out.push(m);
  };
  for (const m of members) place(m);
  return out;
}
