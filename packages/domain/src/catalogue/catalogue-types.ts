/**
 * The matter catalogue (事项目录) as data — ARCHITECTURE.md "Workflow shape is data", DOMAIN.md §3–§6, issue 4.
 *
 * A catalogue version holds the stages (the four 工程建设 stages of 国办发〔2019〕11号 by default; a deployment may define
 * others, e.g. Dongguan's eight), the matters (审批事项) with their applicability rules, time limits, dependencies, output
 * licence, internal steps and materials, and the materials themselves (deduplicated: one material, one code, whichever
 * matters ask for it). A published version is immutable; cases keep the version they started with (the server persists
 * that). Everything here is plain JSON-compatible data so it can be imported/exported as JSON.
 */

/** 审批 (government investment) / 核准 (in the 核准目录) / 备案 (the rest). DOMAIN.md §3. */
export const PROCEDURE_KINDS = ['approval', 'ratification', 'filing'] as const;
export type ProcedureKind = (typeof PROCEDURE_KINDS)[number];

/** 政府投资 / 企业投资. */
export const INVESTMENT_NATURE_KINDS = ['government', 'enterprise'] as const;
export type InvestmentNatureKind = (typeof INVESTMENT_NATURE_KINDS)[number];

/**
 * Kinds of approving department. Which real department (and which level) handles a matter in a region is deployment
 * data; the catalogue says only which kind. Note: since the 2019 reform, 建设工程消防设计审查验收 is handled by 住建
 * (`housing`), not by 消防救援 (`fireRescue`, which keeps e.g. 公众聚集场所投入使用前消防安全检查).
 */
export const DEPARTMENT_KINDS = [
  'ndrc',
  'naturalResources',
  'housing',
  'ecology',
  'water',
  'civilAirDefence',
  'fireRescue',
  'approvalService',
] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

/** Display names of the department kinds. */
export const DEPARTMENT_KIND_NAMES: Readonly<Record<DepartmentKind, { name: string; nameEn: string }>> = Object.freeze({
  ndrc: { name: '发展改革部门', nameEn: 'Development and reform' },
  naturalResources: { name: '自然资源和规划部门', nameEn: 'Natural resources and planning' },
  housing: { name: '住房和城乡建设部门', nameEn: 'Housing and urban-rural development' },
  ecology: { name: '生态环境部门', nameEn: 'Ecology and environment' },
  water: { name: '水行政主管部门', nameEn: 'Water resources' },
  civilAirDefence: { name: '人民防空主管部门', nameEn: 'Civil air defence' },
  fireRescue: { name: '消防救援机构', nameEn: 'Fire and rescue' },
  approvalService: { name: '行政审批服务部门', nameEn: 'Administrative approval service' },
});

/** An approval stage (审批阶段). One window, one guide, one form, one set of materials per stage (DOMAIN.md §4). */
export interface Stage {
  code: string;
  name: string;
  /** Position in the sequence, a positive integer, unique within the catalogue. */
  order: number;
  /** 牵头部门: coordinates the stage for each project. */
  leadDepartmentKind: DepartmentKind;
}

/**
 * One applicability rule. A matter applies to a project when ANY of its rules matches (OR); a rule matches when ALL the
 * conditions it states hold (AND); a condition that is not stated is not checked, so a rule with no conditions always
 * matches (for matters every project needs). Every rule carries the human reason shown to the applicant when it matches
 * ("why this matter applies to you"), in Chinese and English.
 *
 * Conditions:
 * - `procedures`: the project's procedure (审批/核准/备案) is one of these.
 * - `investmentNatures`: the project's investment nature is one of these.
 * - `industryPrefixes`: the project's GB/T 4754 industry code (e.g. `E4710`) starts with one of these (`'D'`, `'D44'`);
 *   an unknown industry code does not match.
 * - `excludedIndustryPrefixes`: … and starts with none of these (an unknown code passes).
 * - `minInvestmentWan` (inclusive) / `maxInvestmentWan` (exclusive): total investment in 万元, `min ≤ x < max`, so
 *   thresholds tile without overlap; an unknown investment does not match either.
 * - `flagsAll` / `flagsAny` / `flagsNone`: project facts (declared in {@link Catalogue.facts}, e.g. `newLand`,
 *   `eiaReportBook`) that must all be present / at least one present / none present.
 */
export interface ApplicabilityRule {
  procedures?: ProcedureKind[];
  investmentNatures?: InvestmentNatureKind[];
  industryPrefixes?: string[];
  excludedIndustryPrefixes?: string[];
  minInvestmentWan?: number;
  maxInvestmentWan?: number;
  flagsAll?: string[];
  flagsAny?: string[];
  flagsNone?: string[];
  /** Why the matter applies when this rule matches (Chinese, shown to applicants). */
  reason: string;
  reasonEn: string;
}

/**
 * A project fact that applicability rules may test (`flagsAll`/`flagsAny`/`flagsNone`): a yes/no question the applicant
 * answers (or the server derives from the project record), e.g. "需新增建设用地". Declared so the UI can ask them and the
 * validator can catch a misspelt flag.
 */
export interface ProjectFact {
  code: string;
  /** The question/statement in Chinese, e.g. `项目需新增建设用地（划拨或出让）`. */
  name: string;
  nameEn: string;
}

/** A licence / approval document type (证照类型) issued by a matter or held in the project's licence package. */
export interface LicenceType {
  code: string;
  name: string;
}

/** A legal-basis citation. `confirmed` = the citation is confirmed in DOMAIN.md's sources; false = to be verified. */
export interface LegalBasis {
  citation: string;
  confirmed: boolean;
}

/** Kind of an internal step: 承办 (undertake) → 审核 (review) → 签发 (issue). */
export const STEP_KINDS = ['undertake', 'review', 'issue'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/**
 * How a step is signed: by one handler (`single`), by every participant (会签, `countersign`), or by any one participant
 * (或签, `anySign`). Multi-party steps name ≥ 2 participating department kinds.
 */
export const SIGN_MODES = ['single', 'countersign', 'anySign'] as const;
export type SignMode = (typeof SIGN_MODES)[number];

/** One internal step of a matter inside its department(s). */
export interface InternalStep {
  code: string;
  name: string;
  kind: StepKind;
  signMode: SignMode;
  /** For `countersign` / `anySign`: the participating department kinds (≥ 2, distinct). Empty for `single`. */
  participants: DepartmentKind[];
}

/** A fee (收费). Most administrative licences are free; an empty list means free. */
export interface Fee {
  name: string;
  /** Amount in yuan, or null when it depends on the project (the basis then says how it is computed). */
  amountYuan: number | null;
  basis: string;
}

/** What a matter issues. */
export interface MatterOutput {
  /** A {@link LicenceType} code. */
  licenceType: string;
  /** Validity in months (e.g. 核准 24 months to start construction), or null when none/unknown. */
  validityMonths: number | null;
}

/**
 * Track of a matter within its stage: `main` (主线事项) — the stage is done when its main matters are done, and the next
 * stage opens then; `concurrent` (并行推进事项, 国办发〔2019〕11号: evaluations such as 环评/节能 that need only be done before
 * 施工许可) — runs alongside the stages from its stage's opening and holds back only the matters that depend on it.
 */
export const MATTER_TRACKS = ['main', 'concurrent'] as const;
export type MatterTrack = (typeof MATTER_TRACKS)[number];

/** Types of an application-form field. `date` values are civil dates `'YYYY-MM-DD'`. */
export const FORM_FIELD_TYPES = ['text', 'textarea', 'number', 'date', 'boolean'] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];

/**
 * One field of a matter's application form; fields with the same code across matters are asked once (一表申报,
 * 国办发〔2019〕11号: one form per stage). Never a fact the project record already holds (name, code, investment,
 * address, scale): "两个不得" applies to data as to materials.
 */
export interface FormField {
  /** Stable code, shared across matters that ask the same question (e.g. `landAreaSqm`). */
  code: string;
  /** Label in Chinese, with the unit where there is one, e.g. `拟用地面积（平方米）`. */
  label: string;
  labelEn: string;
  type: FormFieldType;
  required: boolean;
  /** Unit of a `number` field (e.g. `平方米`), for display; null/absent when none. */
  unit?: string | null;
}

/** An approval matter (审批事项). */
export interface Matter {
  code: string;
  /** Name from the unified list (《投资审批管理事项统一名称清单》) where it has one. */
  name: string;
  stageCode: string;
  track: MatterTrack;
  departmentKind: DepartmentKind;
  legalBasis: LegalBasis[];
  /** 申请条件, for the service guide. */
  conditions: string[];
  /** When the matter applies (OR of rules); see {@link ApplicabilityRule}. */
  applicability: ApplicabilityRule[];
  /** 法定时限 in working days; null when no statute sets one (e.g. 审批 under 条例712, 备案). */
  statutoryLimitWorkingDays: number | null;
  /**
   * 承诺时限 in working days — what predictions use. 0 = 即办 (decided on the day, e.g. 备案: receiving the four items is
   * the filing). Never above the statutory limit.
   */
  promisedLimitWorkingDays: number;
  /**
   * True only when the limit used is confirmed by a primary source in DOMAIN.md, in working days. False for anything
   * locally configured or unconfirmed (DOMAIN.md [U], a limit stated in 日 rather than 工作日, a default borrowed from
   * 行政许可法 art.42) — the admin must confirm or change it.
   */
  limitIsConfirmed: boolean;
  /** Why the limit is what it is / what remains to confirm (shown to admins). */
  limitNote: string | null;
  /** Whether special procedures (补正, 专家评审, 听证, 检测 …, 行政许可法 art.45) may stop the clock. */
  clockStoppable: boolean;
  /**
   * Matter codes whose results this matter needs. May point to the same stage (pre-reviewed in parallel, decided when the
   * result arrives) or an earlier one, never a later one. A dependency on a matter that does not apply to the project
   * is void for that project.
   */
  dependsOn: string[];
  output: MatterOutput | null;
  /** 承办 → 审核 → 签发 by default ({@link defaultInternalSteps}). */
  steps: InternalStep[];
  materialCodes: string[];
  fees: Fee[];
  /**
   * The matter's application-form fields (一表申报). Optional so catalogues stored before forms existed stay valid;
   * absent = no field beyond the project record.
   */
  formFields?: FormField[];
}

/** An application material (申请材料), deduplicated across matters. */
export interface Material {
  code: string;
  name: string;
  /** Whether the matters listing it require it (else optional / where applicable). */
  required: boolean;
  /** 主要材料: decisive for the review; never 容缺-eligible (DOMAIN.md §6: 容缺 = main materials complete). */
  main: boolean;
  /** 容缺-eligible: a required secondary material that may be supplied after acceptance (by a stated deadline). */
  tolerable: boolean;
  /** The 告知承诺 text the applicant signs instead of supplying the material (国办发〔2020〕42号), or null. */
  commitmentText: string | null;
  /** A {@link LicenceType} code: holding that licence (licence package) satisfies the material ("两个不得"). */
  satisfiedByLicenceType: string | null;
  sampleUrl: string | null;
}

/** A catalogue version. */
export interface Catalogue {
  version: string;
  stages: Stage[];
  matters: Matter[];
  materials: Material[];
  /** Project facts the applicability rules may test. */
  facts: ProjectFact[];
  /** Licence types matters issue and materials may be satisfied by. */
  licenceTypes: LicenceType[];
}

/** The project attributes applicability rules look at. */
export interface ApplicabilityProject {
  procedure: ProcedureKind;
  investmentNature: InvestmentNatureKind;
  /** GB/T 4754-2017 code, e.g. `E4710`; null if unknown. */
  industryCode: string | null;
  /** 总投资（万元）; null if unknown. */
  totalInvestmentWan: number | null;
  /** Fact codes that hold for the project (see {@link Catalogue.facts}); project flags such as `provincialKey` too. */
  flags: readonly string[];
}

/**
 * The default internal steps 承办 → 审核 → 签发, each signed by one handler. Pass `countersign` to make 审核 a 会签 among
 * the given departments (e.g. 联合验收).
 */
export function defaultInternalSteps(countersign?: {
  mode: 'countersign' | 'anySign';
  participants: DepartmentKind[];
}): InternalStep[] {
  return [
    { code: 'undertake', name: '承办', kind: 'undertake', signMode: 'single', participants: [] },
    countersign
      ? {
          code: 'review',
          name: countersign.mode === 'countersign' ? '审核（会签）' : '审核（或签）',
          kind: 'review',
          signMode: countersign.mode,
          participants: [...countersign.participants],
        }
      : { code: 'review', name: '审核', kind: 'review', signMode: 'single', participants: [] },
    { code: 'issue', name: '签发', kind: 'issue', signMode: 'single', participants: [] },
  ];
}
