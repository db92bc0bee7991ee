/**
 * The stage application form (一表申报): per stage **one window, one guide, one form, one set of materials**
 * (国办发〔2019〕11号, DOMAIN.md §4). For one project and one stage it gathers
 *
 * - the matters of that stage that apply to the project (both tracks, catalogue order), each with the reasons it applies;
 * - the form fields of those matters, deduplicated by code (a question several matters ask is asked once);
 * - the materials of those matters, deduplicated by code, each with how it is provided. "两个不得" (DOMAIN.md §9): what a
 *   government department issued, or the platform already holds, is never asked for again —
 *   - `licencePackage`: the project's licence package (证照库) holds the licence that satisfies it;
 *   - `sameStageOutput`: a matter of this very form issues that licence; the matter needing it is pre-reviewed in
 *     parallel and decided when the result arrives (国办发〔2019〕11号), so the applicant uploads nothing;
 *   - `materialPackage`: the project's material package (材料库) already holds it (submitted with an earlier stage);
 *   - `upload`: the applicant supplies it with this application.
 *
 * The catalogue is trusted to be valid (the server validates before publishing); a matter naming an undefined material is
 * still refused rather than silently dropped.
 */
import { evaluateApplicability } from '../catalogue/applicability.ts';
import type {
  ApplicabilityProject,
  Catalogue,
  DepartmentKind,
  FormField,
  Material,
  MatterTrack,
} from '../catalogue/catalogue-types.ts';
import { DomainError } from '../errors.ts';

/** One applicable matter of the stage form. */
export interface StageFormMatter {
  code: string;
  name: string;
  departmentKind: DepartmentKind;
  track: MatterTrack;
  /** Why the matter applies (the reasons of every matching applicability rule), Chinese. */
  reasons: string[];
  reasonsEn: string[];
  /** Dependencies that apply to the project (a dependency on a matter the project does not need is void), any stage. */
  dependsOn: string[];
  promisedLimitWorkingDays: number;
  statutoryLimitWorkingDays: number | null;
  /** The licence type the matter issues, or null. */
  outputLicenceType: string | null;
}

/** One field of the stage form: a catalogue field plus the matters that ask it. */
export interface StageFormField extends FormField {
  /** The matters of the form that ask this field, catalogue order. */
  matterCodes: string[];
  /** True if any of those matters requires it. */
  required: boolean;
}

/** How a material of the form is provided (see the file header). */
export type MaterialProvision = 'upload' | 'materialPackage' | 'licencePackage' | 'sameStageOutput';

/** One material of the stage form, asked once whichever matters need it. */
export interface StageFormMaterial {
  code: string;
  name: string;
  required: boolean;
  /** 主要材料: never 容缺-eligible. */
  main: boolean;
  /** 容缺-eligible (DOMAIN.md §6). */
  tolerable: boolean;
  /** 告知承诺 text the applicant may sign instead (国办发〔2020〕42号), or null. */
  commitmentText: string | null;
  /** The matters of the form that need it, catalogue order. */
  matterCodes: string[];
  provision: MaterialProvision;
  /** The licence type that satisfies the material (the catalogue's value, whatever the provision), or null. */
  satisfiedByLicenceType: string | null;
  /** For `sameStageOutput`: the matter of this form that issues the licence; otherwise null. */
  producedByMatter: string | null;
}

/** The one form of a stage for one project. */
export interface StageForm {
  stageCode: string;
  stageName: string;
  matters: StageFormMatter[];
  fields: StageFormField[];
  materials: StageFormMaterial[];
}

/** What the project already holds: its material package (材料库) and licence package (证照库). */
export interface HeldPackages {
  materialCodes: readonly string[];
  licenceTypes: readonly string[];
}

/**
 * Builds the stage form for `project`: the applicable matters of `stageCode` (both tracks, catalogue order), the union
 * of their fields (deduplicated by code: the first definition's label wins; required if any matter requires it) and of
 * their materials (deduplicated by code, each with its {@link MaterialProvision}). A stage where nothing applies gives
 * an empty form; whether that may be applied for is the server's decision.
 * @throws DomainError `STAGE_UNKNOWN` if the stage is not in the catalogue; `CATALOGUE_INVALID` if a matter names an
 *   undefined material
 */
export function buildStageForm(
  catalogue: Catalogue,
  stageCode: string,
  project: ApplicabilityProject,
  held: HeldPackages,
): StageForm {
  const stage = catalogue.stages.find((s) => s.code === stageCode);
  if (!stage) {
    throw new DomainError(
      'STAGE_UNKNOWN',
      `审批阶段「${stageCode}」不在事项目录 ${catalogue.version} 中`,
      `Stage "${stageCode}" is not in catalogue ${catalogue.version}`,
    );
  }

  // Applicability across the whole catalogue: a dependency on a matter that does not apply is void (catalogue rule).
  const applicability = new Map(catalogue.matters.map((m) => [m.code, evaluateApplicability(m, project)]));
  const stageMatters = catalogue.matters.filter((m) => m.stageCode === stageCode && applicability.get(m.code)!.applies);

  const matters: StageFormMatter[] = stageMatters.map((m) => {
    const a = applicability.get(m.code)!;
    return {
      code: m.code,
      name: m.name,
      departmentKind: m.departmentKind,
      track: m.track,
      reasons: a.reasons,
      reasonsEn: a.reasonsEn,
      dependsOn: m.dependsOn.filter((d) => applicability.get(d)?.applies === true),
      promisedLimitWorkingDays: m.promisedLimitWorkingDays,
      statutoryLimitWorkingDays: m.statutoryLimitWorkingDays,
      outputLicenceType: m.output?.licenceType ?? null,
    };
  });

  // 一表申报: one question per field code.
  const fields: StageFormField[] = [];
  const fieldByCode = new Map<string, StageFormField>();
  for (const m of stageMatters) {
    for (const f of m.formFields ?? []) {
      const existing = fieldByCode.get(f.code);
      if (existing) {
        if (!existing.matterCodes.includes(m.code)) existing.matterCodes.push(m.code);
        existing.required ||= f.required;
      } else {
        const field: StageFormField = { ...f, matterCodes: [m.code] };
        fieldByCode.set(f.code, field);
        fields.push(field);
      }
    }
  }

  // One set of materials; provision in the order of the file header.
  const materialByCode = new Map<string, Material>(catalogue.materials.map((x) => [x.code, x]));
  const heldLicences = new Set(held.licenceTypes);
  const heldMaterials = new Set(held.materialCodes);
  const producerOf = (licenceType: string): string | null =>
    matters.find((m) => m.outputLicenceType === licenceType)?.code ?? null;
  const materials: StageFormMaterial[] = [];
  const formMaterialByCode = new Map<string, StageFormMaterial>();
  for (const m of stageMatters) {
    for (const code of m.materialCodes) {
      const existing = formMaterialByCode.get(code);
      if (existing) {
        if (!existing.matterCodes.includes(m.code)) existing.matterCodes.push(m.code);
        continue;
      }
      const material = materialByCode.get(code);
      if (!material) {
        throw new DomainError(
          'CATALOGUE_INVALID',
          `事项「${m.name}」引用的材料「${code}」不在事项目录 ${catalogue.version} 中`,
          `Matter "${m.code}" names material "${code}", which is not in catalogue ${catalogue.version}`,
        );
      }
      const licence = material.satisfiedByLicenceType;
      const producer = licence === null ? null : producerOf(licence);
      let provision: MaterialProvision;
      if (licence !== null && heldLicences.has(licence)) provision = 'licencePackage';
      else if (producer !== null) provision = 'sameStageOutput';
      else if (heldMaterials.has(code)) provision = 'materialPackage';
      else provision = 'upload';
      const entry: StageFormMaterial = {
        code,
        name: material.name,
        required: material.required,
        main: material.main,
        tolerable: material.tolerable,
        commitmentText: material.commitmentText,
        matterCodes: [m.code],
        provision,
        satisfiedByLicenceType: licence,
        producedByMatter: provision === 'sameStageOutput' ? producer : null,
      };
      formMaterialByCode.set(code, entry);
      materials.push(entry);
    }
  }

  return { stageCode: stage.code, stageName: stage.name, matters, fields, materials };
}

/**
 * The required materials the applicant still has to upload: provision `upload` and not in `provided`. Materials from
 * the packages or from a same-stage result are never missing ("两个不得"). Whether a missing one may be 容缺 (tolerable)
 * or replaced by 告知承诺 is for the caller, with the credit policy.
 */
export function missingMaterials(form: StageForm, provided: ReadonlySet<string>): StageFormMaterial[] {
  return form.materials.filter((m) => m.required && m.provision === 'upload' && !provided.has(m.code));
}

/**
 * The state a matter's case starts in when the stage application is accepted: `pending` while it depends on a matter of
 * this same form that is not yet decided — it is pre-reviewed in parallel and decided when that result arrives
 * (国办发〔2019〕11号 "并联审批") — else `inProgress`. Dependencies on earlier stages are inputs of the application, not
 * checked here.
 */
export function initialCaseState(
  matter: StageFormMatter,
  form: StageForm,
  decidedMatterCodes: ReadonlySet<string>,
): 'pending' | 'inProgress' {
  const inForm = new Set(form.matters.map((m) => m.code));
  const waiting = matter.dependsOn.some((d) => d !== matter.code && inForm.has(d) && !decidedMatterCodes.has(d));
  return waiting ? 'pending' : 'inProgress';
}
