/**
 * The default city catalogue (issue 4 §2): the four 工程建设 stages of 国办发〔2019〕11号, the 审批/核准/备案 chains and the
 * usual matters of a city, with time limits from DOMAIN.md. A deployment starts from this and edits it as data.
 *
 * Conventions:
 * - `legalBasis[].confirmed` is true only for citations that DOMAIN.md marks [C]. Other article numbers were checked
 *   against secondary copies of the law text at best and must be verified before publication (confirmed: false).
 * - `limitIsConfirmed` is true only when the limit used is a DOMAIN.md [C] limit counted in working days. Limits that a
 *   statute states in 日 (calendar days: 建筑法 art.8 施工许可 七日, 环评法 art.22 六十日/三十日 — 行政许可法 art.82's
 *   working-day rule governs the periods of that law itself), limits borrowed from the 行政许可法 art.42 default (20 WD),
 *   and every locally promised limit are `false`: configurable, for the admin to confirm.
 * - "两个不得" (DOMAIN.md §9): nothing a government department issued, and nothing the platform already holds, is a
 *   material. So the project code (项目代码), the 营业执照 / 统一社会信用代码 and the 备案 information items are NOT
 *   materials — the platform has the project record and the enterprise identity. Licences issued by earlier matters are
 *   materials only in the sense that they are *satisfied by* the licence package (`satisfiedByLicenceType`): the
 *   applicant is never asked to upload them.
 * - 环评 is two matters (报告书 / 报告表), not one matter with variants: the limit, the main material and the trigger (the
 *   category in 《建设项目环境影响评价分类管理名录》) all differ, and the schema keeps one limit per matter. The two are
 *   mutually exclusive by their facts (`eiaReportBook` wins if both are set). 登记表 is a 备案 (环评法 art.22), not a
 *   matter here.
 * - 施工许可: 建筑法 art.8 (as amended 2019) says 七日 from receipt — calendar days, not working days. Stored as a 7 WD
 *   statutory ceiling with `limitIsConfirmed: false` and promised 5 WD, which fits inside 7 calendar days in an ordinary
 *   week; the admin confirms against local rules.
 * - 消防/人防 technical review is folded into 施工图联合审查 (DOMAIN.md §4); 特殊建设工程消防设计审查 (15 WD [C]) stays its
 *   own matter, pre-reviewed in the same stage window. Since the 2019 reform it is handled by 住建, not 消防救援.
 * - 设计方案审查 is folded into 建设工程规划许可证 (common local practice); a deployment may split it out.
 * - Form fields (一表申报): one definition per code in {@link DEFAULT_FORM_FIELDS}, so a question several matters need
 *   (拟用地面积, 总建筑面积 …) has one type and one label and is asked once per stage form. Nothing the project record
 *   already holds (name, code, total investment, address, construction scale and content) is a field — "两个不得"
 *   applies to data as much as to materials. 备案 has no field at all: its four items are the project record.
 */
import {
  type ApplicabilityRule,
  type Catalogue,
  defaultInternalSteps,
  type FormField,
  type LegalBasis,
  type Material,
  type Matter,
} from './catalogue-types.ts';

/** Stage codes of the default catalogue. */
export const DEFAULT_STAGE_CODES = Object.freeze({
  projectAndLand: 'projectAndLand',
  engineeringPermit: 'engineeringPermit',
  constructionPermit: 'constructionPermit',
  completionAcceptance: 'completionAcceptance',
});

const LAW_ADMIN_LICENSING_42: LegalBasis = {
  citation: '《中华人民共和国行政许可法》第四十二条（一般时限二十个工作日，可延长十个工作日）',
  confirmed: true,
};
const REFORM_2019_11: LegalBasis = {
  citation: '《国务院办公厅关于全面开展工程建设项目审批制度改革的实施意见》（国办发〔2019〕11号）',
  confirmed: true,
};
const REG_712: LegalBasis = { citation: '《政府投资条例》（国务院令第712号）', confirmed: true };
const REG_673: LegalBasis = { citation: '《企业投资项目核准和备案管理条例》（国务院令第673号）', confirmed: true };
const URBAN_PLANNING_LAW = (articles: string): LegalBasis => ({
  citation: `《中华人民共和国城乡规划法》${articles}`,
  confirmed: false,
});

function rule(reason: string, reasonEn: string, conditions: Omit<ApplicabilityRule, 'reason' | 'reasonEn'> = {}) {
  return { ...conditions, reason, reasonEn };
}

/** Construction matters apply unless the project builds nothing (e.g. 单纯设备购置). */
const BUILDS: Pick<ApplicabilityRule, 'flagsNone'> = { flagsNone: ['noConstruction'] };

function matter(m: Omit<Matter, 'steps' | 'fees' | 'clockStoppable' | 'limitNote'> & Partial<Matter>): Matter {
  return { steps: defaultInternalSteps(), fees: [], clockStoppable: true, limitNote: null, ...m };
}

function material(m: Pick<Material, 'code' | 'name'> & Partial<Material>): Material {
  return {
    required: true,
    main: false,
    tolerable: false,
    commitmentText: null,
    satisfiedByLicenceType: null,
    sampleUrl: null,
    ...m,
  };
}

const S = DEFAULT_STAGE_CODES;

const FORM_FIELDS = {
  constructionNecessity: {
    code: 'constructionNecessity',
    label: '项目建设必要性',
    labelEn: 'Why the project is needed',
    type: 'textarea',
    required: true,
  },
  fundingSource: {
    code: 'fundingSource',
    label: '资金来源及筹措方式',
    labelEn: 'Funding sources and arrangements',
    type: 'textarea',
    required: true,
  },
  constructionPeriodMonths: {
    code: 'constructionPeriodMonths',
    label: '建设工期（月）',
    labelEn: 'Construction period (months)',
    type: 'number',
    required: true,
    unit: '月',
  },
  annualEnergyTce: {
    code: 'annualEnergyTce',
    label: '年综合能源消费量（吨标准煤，当量值）',
    labelEn: 'Annual energy consumption (tce, calorific equivalent)',
    type: 'number',
    required: true,
    unit: '吨标准煤',
  },
  annualElectricityMwh: {
    code: 'annualElectricityMwh',
    label: '年电力消费量（万千瓦时）',
    labelEn: 'Annual electricity consumption (10,000 kWh)',
    type: 'number',
    required: true,
    unit: '万千瓦时',
  },
  landAreaSqm: {
    code: 'landAreaSqm',
    label: '拟用地面积（平方米）',
    labelEn: 'Land area applied for (m²)',
    type: 'number',
    required: true,
    unit: '平方米',
  },
  landUseType: { code: 'landUseType', label: '用地性质', labelEn: 'Land use type', type: 'text', required: true },
  landSupplyMethod: {
    code: 'landSupplyMethod',
    label: '供地方式（划拨／出让）',
    labelEn: 'Land supply (allocation / grant)',
    type: 'text',
    required: true,
  },
  annualOutput: {
    code: 'annualOutput',
    label: '达产后年产值（万元）',
    labelEn: 'Annual output at full production (10,000 yuan)',
    type: 'number',
    required: true,
    unit: '万元',
  },
  jobsCreated: {
    code: 'jobsCreated',
    label: '新增就业岗位（个）',
    labelEn: 'New jobs created',
    type: 'number',
    required: true,
    unit: '个',
  },
  pollutantSummary: {
    code: 'pollutantSummary',
    label: '主要污染物及治理措施',
    labelEn: 'Main pollutants and control measures',
    type: 'textarea',
    required: true,
  },
  eiaPreparer: {
    code: 'eiaPreparer',
    label: '环境影响评价文件编制单位',
    labelEn: 'Organisation that prepared the EIA document',
    type: 'text',
    required: true,
  },
  budgetEstimateWan: {
    code: 'budgetEstimateWan',
    label: '初步设计概算金额（万元）',
    labelEn: 'Budget estimate of the preliminary design (10,000 yuan)',
    type: 'number',
    required: true,
    unit: '万元',
  },
  buildingAreaSqm: {
    code: 'buildingAreaSqm',
    label: '总建筑面积（平方米）',
    labelEn: 'Total floor area (m²)',
    type: 'number',
    required: true,
    unit: '平方米',
  },
  buildingHeightM: {
    code: 'buildingHeightM',
    label: '建筑高度（米）',
    labelEn: 'Building height (m)',
    type: 'number',
    required: true,
    unit: '米',
  },
  aboveGroundFloors: {
    code: 'aboveGroundFloors',
    label: '地上层数',
    labelEn: 'Floors above ground',
    type: 'number',
    required: false,
    unit: '层',
  },
  disturbedAreaSqm: {
    code: 'disturbedAreaSqm',
    label: '扰动地表面积（平方米）',
    labelEn: 'Disturbed ground area (m²)',
    type: 'number',
    required: true,
    unit: '平方米',
  },
  earthworkCubicM: {
    code: 'earthworkCubicM',
    label: '土石方挖填总量（立方米）',
    labelEn: 'Total cut and fill (m³)',
    type: 'number',
    required: false,
    unit: '立方米',
  },
  designUnit: { code: 'designUnit', label: '设计单位', labelEn: 'Design firm', type: 'text', required: true },
  fireUseCategory: {
    code: 'fireUseCategory',
    label: '使用性质及火灾危险性类别',
    labelEn: 'Use and fire hazard category',
    type: 'text',
    required: true,
  },
  shelterAreaSqm: {
    code: 'shelterAreaSqm',
    label: '防空地下室应建面积（平方米）',
    labelEn: 'Required air-raid shelter area (m²)',
    type: 'number',
    required: true,
    unit: '平方米',
  },
  shelterRelocated: {
    code: 'shelterRelocated',
    label: '申请易地建设防空地下室',
    labelEn: 'Applying to build the shelter elsewhere (fee instead)',
    type: 'boolean',
    required: true,
  },
  constructionUnit: {
    code: 'constructionUnit',
    label: '施工单位',
    labelEn: 'Construction contractor',
    type: 'text',
    required: true,
  },
  supervisionUnit: {
    code: 'supervisionUnit',
    label: '监理单位',
    labelEn: 'Supervising firm',
    type: 'text',
    required: false,
  },
  contractPriceWan: {
    code: 'contractPriceWan',
    label: '施工合同价格（万元）',
    labelEn: 'Construction contract price (10,000 yuan)',
    type: 'number',
    required: true,
    unit: '万元',
  },
  plannedStartDate: {
    code: 'plannedStartDate',
    label: '计划开工日期',
    labelEn: 'Planned start of works',
    type: 'date',
    required: true,
  },
  completionDate: {
    code: 'completionDate',
    label: '竣工日期',
    labelEn: 'Completion date',
    type: 'date',
    required: true,
  },
  acceptanceDate: {
    code: 'acceptanceDate',
    label: '竣工验收日期',
    labelEn: 'Date of the completion acceptance',
    type: 'date',
    required: true,
  },
} satisfies Record<string, FormField>;

/**
 * The form fields of the default catalogue, one definition per code (a shared code must keep one type, see
 * validateCatalogue's `FORM_FIELD_TYPE_CONFLICT`), for an admin building a new matter. Matters take copies.
 */
export const DEFAULT_FORM_FIELDS: Readonly<Record<string, Readonly<FormField>>> = Object.freeze(FORM_FIELDS);

/** Fresh copies of the named default fields, in the order given (fresh so an edited catalogue shares nothing). */
function fields(...codes: (keyof typeof FORM_FIELDS)[]): FormField[] {
  return codes.map((code) => ({ ...FORM_FIELDS[code] }));
}

/**
 * A fresh copy of the default city catalogue. It passes {@link validateCatalogue}. Edit the copy; the function always
 * returns the original.
 */
export function defaultCatalogue(): Catalogue {
  return {
    version: 'default-2026.1',
    stages: [
      // 国办发〔2019〕11号: four stages, 一家牵头. Lead of stage 1: 发改 (or 自然资源, DOMAIN.md §4).
      { code: S.projectAndLand, name: '立项用地规划许可', order: 1, leadDepartmentKind: 'ndrc' },
      { code: S.engineeringPermit, name: '工程建设许可', order: 2, leadDepartmentKind: 'naturalResources' },
      { code: S.constructionPermit, name: '施工许可', order: 3, leadDepartmentKind: 'housing' },
      { code: S.completionAcceptance, name: '竣工验收', order: 4, leadDepartmentKind: 'housing' },
    ],
    facts: [
      {
        code: 'noConstruction',
        name: '不涉及新建、改建、扩建工程（如单纯设备购置）',
        nameEn: 'No building works (e.g. equipment purchase only)',
      },
      {
        code: 'newLand',
        name: '需新增建设用地（划拨或出让）',
        nameEn: 'Needs new construction land (allocated or granted)',
      },
      {
        code: 'simplifiedApproval',
        name: '政府投资项目可简化审批（规划已明确、部分扩建改建、内容单一投资较小等），不单独审批项目建议书',
        nameEn: 'Government project eligible for simplified approval (no separate project proposal)',
      },
      {
        code: 'eiaReportBook',
        name: '按环评分类管理名录须编制环境影响报告书',
        nameEn: 'EIA category: full report (报告书)',
      },
      {
        code: 'eiaReportForm',
        name: '按环评分类管理名录须编制环境影响报告表',
        nameEn: 'EIA category: report form (报告表)',
      },
      {
        code: 'energyReview',
        name: '能耗达到须单独进行节能审查的规模',
        nameEn: 'Energy use large enough to need a separate energy review',
      },
      {
        code: 'soilErosionArea',
        name: '在山区、丘陵区、风沙区或易发生水土流失区域建设，可能造成水土流失',
        nameEn: 'Built in a hilly/sandy or erosion-prone area, may cause soil erosion',
      },
      {
        code: 'civilBuilding',
        name: '新建民用建筑（须修建防空地下室或易地建设）',
        nameEn: 'New civil building (air-raid shelter required)',
      },
      {
        code: 'specialConstruction',
        name: '属于特殊建设工程（须消防设计审查）',
        nameEn: 'Special construction work (fire design review required)',
      },
      {
        code: 'smallWorks',
        name: '工程投资额30万元以下或建筑面积300平方米以下（可不申请施工许可证）',
        nameEn: 'Small works (≤ 300,000 yuan or ≤ 300 m²): no construction permit needed',
      },
    ],
    licenceTypes: [
      { code: 'proposalApproval', name: '项目建议书批复' },
      { code: 'projectDecision', name: '项目审批、核准或备案文件（可研批复、核准批复、备案证明）' },
      { code: 'preliminaryDesignApproval', name: '初步设计及概算批复' },
      { code: 'siteAndLandOpinion', name: '建设项目用地预审与选址意见书' },
      { code: 'landUsePlanningPermit', name: '建设用地规划许可证' },
      { code: 'constructionPlanningPermit', name: '建设工程规划许可证' },
      { code: 'eiaApproval', name: '环境影响评价文件批复' },
      { code: 'energyReviewOpinion', name: '节能审查意见' },
      { code: 'soilConservationApproval', name: '水土保持方案批复' },
      { code: 'civilAirDefenceApproval', name: '防空地下室建设审批意见' },
      { code: 'drawingReviewCertificate', name: '施工图审查合格书' },
      { code: 'fireDesignReviewOpinion', name: '特殊建设工程消防设计审查意见书' },
      { code: 'constructionPermit', name: '建筑工程施工许可证' },
      { code: 'jointAcceptanceOpinion', name: '联合验收意见书' },
      { code: 'completionFilingCertificate', name: '竣工验收备案证明' },
    ],
    materials: [
      // Main materials of the 审批/核准 chains.
      material({ code: 'proposalDocument', name: '项目建议书', main: true }),
      material({ code: 'feasibilityReport', name: '可行性研究报告', main: true }),
      material({ code: 'preliminaryDesign', name: '初步设计文件及投资概算', main: true }),
      material({ code: 'applicationReport', name: '项目申请报告', main: true }),
      material({ code: 'energyReport', name: '节能报告', main: true }),
      material({ code: 'eiaReportBook', name: '建设项目环境影响报告书', main: true }),
      material({ code: 'eiaReportForm', name: '建设项目环境影响报告表', main: true }),
      material({ code: 'soilConservationPlan', name: '水土保持方案报告书（表）', main: true }),
      // Land and planning.
      material({ code: 'siteSelectionApplication', name: '建设项目用地预审与选址申请表', main: true }),
      // 容缺-eligible: the survey map may follow before the licence is issued.
      material({ code: 'landSurveyMap', name: '勘测定界图及用地范围红线', tolerable: true }),
      material({ code: 'designScheme', name: '建设工程设计方案（总平面图、建筑单体方案）', main: true }),
      // Satisfied by licences (never uploaded: 两个不得).
      material({
        code: 'siteAndLandOpinion',
        name: '建设项目用地预审与选址意见书',
        satisfiedByLicenceType: 'siteAndLandOpinion',
      }),
      material({
        code: 'projectDecisionDocument',
        name: '项目审批、核准或备案文件',
        satisfiedByLicenceType: 'projectDecision',
      }),
      // 用地批准文件: since the 多证合一 reform the 建设用地批准书 is merged into the 建设用地规划许可证 (划拨).
      material({ code: 'landApproval', name: '用地批准文件', satisfiedByLicenceType: 'landUsePlanningPermit' }),
      material({
        code: 'constructionPlanningPermit',
        name: '建设工程规划许可证',
        satisfiedByLicenceType: 'constructionPlanningPermit',
      }),
      material({
        code: 'drawingReviewCertificate',
        name: '施工图审查合格书',
        satisfiedByLicenceType: 'drawingReviewCertificate',
      }),
      material({
        code: 'jointAcceptanceOpinion',
        name: '联合验收意见书',
        satisfiedByLicenceType: 'jointAcceptanceOpinion',
      }),
      // Construction stage.
      material({ code: 'constructionDrawings', name: '施工图设计文件', main: true }),
      material({ code: 'specialFireDesignDocs', name: '特殊消防设计技术资料（采用特殊消防设计时）', required: false }),
      material({ code: 'constructionContract', name: '施工合同及中标通知书（已确定建筑施工企业）', tolerable: true }),
      material({ code: 'supervisionContract', name: '监理合同', tolerable: true }),
      // 建筑法 art.8 (2019): "有满足施工需要的资金安排" — replaced by a written commitment (告知承诺).
      material({
        code: 'fundingArrangement',
        name: '满足施工需要的资金安排证明',
        commitmentText:
          '本单位承诺：本工程已有满足施工需要的资金安排，并按合同约定及时支付工程款和农民工工资。如承诺不实，愿承担撤销许可等法律责任，并记入信用档案。',
      }),
      material({
        code: 'siteReadiness',
        name: '施工场地具备施工条件的证明（需要拆迁的，拆迁进度符合施工要求）',
        commitmentText:
          '本单位承诺：施工场地已具备施工条件，需要征收拆迁的，其进度符合施工要求。如承诺不实，愿承担撤销许可等法律责任，并记入信用档案。',
      }),
      material({ code: 'qualitySafetyMeasures', name: '保证工程质量和安全的具体措施' }),
      // Completion.
      material({ code: 'completionReport', name: '工程竣工验收报告', main: true }),
      material({ code: 'asBuiltSurvey', name: '竣工测量成果（规划核实测量）' }),
      // 容缺-eligible: archive hand-over may follow, by the deadline stated in the 容缺 notice.
      material({ code: 'projectArchives', name: '建设工程档案资料（城建档案移交）', tolerable: true }),
      material({ code: 'qualityWarranty', name: '工程质量保修书' }),
    ],
    matters: [
      // ── Stage 1 立项用地规划许可 ──────────────────────────────────────────────────────────────────────────────────
      matter({
        code: 'ndrc.proposal',
        name: '政府投资项目建议书审批',
        stageCode: S.projectAndLand,
        track: 'main',
        departmentKind: 'ndrc',
        legalBasis: [REG_712],
        conditions: ['属于政府投资项目', '项目建议书内容符合规划和政府投资方向'],
        applicability: [
          rule(
            '政府投资项目实行审批制，首先审批项目建议书（《政府投资条例》）',
            'government-investment projects follow approval; the project proposal is approved first (Regulations 712)',
            { procedures: ['approval'], flagsNone: ['simplifiedApproval'] },
          ),
        ],
        statutoryLimitWorkingDays: null,
        promisedLimitWorkingDays: 10,
        limitIsConfirmed: false,
        limitNote: '条例712 未规定审批时限（DOMAIN.md §3）；承诺时限为本地配置',
        dependsOn: [],
        output: { licenceType: 'proposalApproval', validityMonths: null },
        materialCodes: ['proposalDocument'],
        formFields: fields('constructionNecessity', 'fundingSource'),
      }),
      matter({
        code: 'ndrc.energyReview',
        name: '固定资产投资项目节能审查',
        stageCode: S.projectAndLand,
        // Government: before the 可研 (a dependency of ndrc.feasibility); enterprise: before construction (of the
        // construction permit). Not a stage gate (国办发〔2019〕11号: evaluations run alongside).
        track: 'concurrent',
        departmentKind: 'ndrc',
        legalBasis: [{ citation: '《固定资产投资项目节能审查办法》', confirmed: false }, LAW_ADMIN_LICENSING_42],
        conditions: ['节能报告符合强制性节能标准和能耗控制要求'],
        applicability: [
          rule('项目能耗达到须单独进行节能审查的规模', 'energy use large enough to need a separate energy review', {
            flagsAll: ['energyReview'],
          }),
        ],
        statutoryLimitWorkingDays: 20,
        promisedLimitWorkingDays: 10,
        limitIsConfirmed: false,
        limitNote: '法定时限暂按行政许可法第四十二条一般时限（20个工作日）；承诺时限为本地配置',
        dependsOn: [],
        output: { licenceType: 'energyReviewOpinion', validityMonths: null },
        materialCodes: ['energyReport'],
        formFields: fields('annualEnergyTce', 'annualElectricityMwh'),
      }),
      matter({
        code: 'nr.siteAndLand',
        name: '建设项目用地预审与选址意见书核发',
        stageCode: S.projectAndLand,
        track: 'main',
        departmentKind: 'naturalResources',
        legalBasis: [
          URBAN_PLANNING_LAW('第三十六条（选址意见书）'),
          { citation: '《中华人民共和国土地管理法》及其实施条例（建设项目用地预审）', confirmed: false },
          { citation: '“多审合一”改革：用地预审与选址意见书合并办理（自然资源部文件，文号待核）', confirmed: false },
          REFORM_2019_11,
        ],
        conditions: ['符合国土空间规划和用途管制要求', '符合节约集约用地要求'],
        applicability: [
          rule(
            '需审批或核准且新增建设用地的项目，在审批、核准前办理用地预审与选址意见书（合并办理）',
            'approval/ratification projects needing new land get the combined land pre-review and site opinion first',
            { procedures: ['approval', 'ratification'], flagsAll: ['newLand'] },
          ),
        ],
        statutoryLimitWorkingDays: 20,
        promisedLimitWorkingDays: 10,
        limitIsConfirmed: false,
        limitNote: '法定时限暂按行政许可法第四十二条一般时限；承诺时限为本地配置',
        dependsOn: [],
        output: { licenceType: 'siteAndLandOpinion', validityMonths: null },
        materialCodes: ['siteSelectionApplication', 'landSurveyMap'],
        formFields: fields('landAreaSqm', 'landUseType'),
      }),
      matter({
        code: 'ndrc.feasibility',
        name: '政府投资项目可行性研究报告审批',
        stageCode: S.projectAndLand,
        track: 'main',
        departmentKind: 'ndrc',
        legalBasis: [REG_712],
        conditions: [
          '项目建议书已批复（简化审批的除外）',
          '已取得用地预审与选址意见书（需新增用地的）',
          '已通过节能审查（需要的）',
        ],
        applicability: [
          rule(
            '政府投资项目实行审批制，须审批可行性研究报告（《政府投资条例》）',
            'government-investment projects need the feasibility study approved (Regulations 712)',
            { procedures: ['approval'] },
          ),
        ],
        statutoryLimitWorkingDays: null,
        promisedLimitWorkingDays: 20,
        limitIsConfirmed: false,
        limitNote: '条例712 未规定审批时限；承诺时限为本地配置',
        // DOMAIN.md §3: 节能审查 before the 可研 for government projects.
        dependsOn: ['ndrc.proposal', 'nr.siteAndLand', 'ndrc.energyReview'],
        output: { licenceType: 'projectDecision', validityMonths: null },
        materialCodes: ['feasibilityReport', 'siteAndLandOpinion'],
        formFields: fields('fundingSource', 'constructionPeriodMonths'),
      }),
      matter({
        code: 'ndrc.ratification',
        name: '企业投资项目核准',
        stageCode: S.projectAndLand,
        track: 'main',
        departmentKind: 'ndrc',
        legalBasis: [REG_673, { citation: '《政府核准的投资项目目录》', confirmed: true }],
        conditions: ['项目属于《政府核准的投资项目目录》', '已取得用地预审与选址意见书（需要的）'],
        applicability: [
          rule(
            '企业投资项目属于《政府核准的投资项目目录》，实行核准制（条例673）',
            'enterprise project in the ratification catalogue: ratification (Regulations 673)',
            { procedures: ['ratification'] },
          ),
        ],
        // 条例673: decision within 20 WD of acceptance (extendable by 40); commissioned evaluation ≤ 30 WD not counted.
        statutoryLimitWorkingDays: 20,
        promisedLimitWorkingDays: 20,
        limitIsConfirmed: true,
        limitNote: '条例673：受理之日起20个工作日内作出决定，经批准可延长至多40个工作日；委托评估（≤30个工作日）不计入',
        dependsOn: ['nr.siteAndLand'],
        // Valid 2 years to start construction (DOMAIN.md §3).
        output: { licenceType: 'projectDecision', validityMonths: 24 },
        materialCodes: ['applicationReport', 'siteAndLandOpinion'],
        formFields: fields('annualOutput', 'jobsCreated', 'constructionPeriodMonths'),
      }),
      matter({
        code: 'ndrc.filing',
        name: '企业投资项目备案',
        stageCode: S.projectAndLand,
        track: 'main',
        departmentKind: 'ndrc',
        legalBasis: [{ citation: '《企业投资项目核准和备案管理条例》（国务院令第673号）第十三条', confirmed: true }],
        conditions: ['提交项目单位基本情况、项目名称地点规模内容、总投资、产业政策符合性声明四项信息'],
        applicability: [
          rule(
            '企业投资项目不在《政府核准的投资项目目录》内，实行告知性备案（条例673 第十三条）',
            'enterprise project outside the ratification catalogue: notification filing (Regulations 673 art.13)',
            { procedures: ['filing'] },
          ),
        ],
        // Receiving all four items = filed: no review, no day limit (DOMAIN.md §3) → 即办 (0).
        statutoryLimitWorkingDays: null,
        promisedLimitWorkingDays: 0,
        limitIsConfirmed: true,
        limitNote: '告知性备案：信息齐全即备案，无审查、无时限（条例673 第十三条）',
        clockStoppable: false,
        dependsOn: [],
        output: { licenceType: 'projectDecision', validityMonths: null },
        steps: [{ code: 'issue', name: '备案（信息齐全即完成）', kind: 'issue', signMode: 'single', participants: [] }],
        // The four items are the project record itself (the platform has them): no material to upload.
        materialCodes: [],
      }),
      matter({
        code: 'nr.landUsePlanningPermit',
        name: '建设用地规划许可证核发',
        stageCode: S.projectAndLand,
        track: 'main',
        departmentKind: 'naturalResources',
        legalBasis: [URBAN_PLANNING_LAW('第三十七条（划拨）、第三十八条（出让）'), REFORM_2019_11],
        conditions: ['项目已经审批、核准或备案', '划拨用地已取得用地预审与选址意见书；出让用地已签订出让合同'],
        applicability: [
          rule('项目需新增建设用地，须取得建设用地规划许可证', 'the project needs new land: land-use planning permit', {
            flagsAll: ['newLand'],
            ...BUILDS,
          }),
        ],
        statutoryLimitWorkingDays: 20,
        promisedLimitWorkingDays: 10,
        limitIsConfirmed: false,
        limitNote: '法定时限暂按行政许可法第四十二条一般时限；承诺时限为本地配置',
        // 城乡规划法 art.37: applied for with the approval/ratification/filing document.
        dependsOn: ['nr.siteAndLand', 'ndrc.feasibility', 'ndrc.ratification', 'ndrc.filing'],
        output: { licenceType: 'landUsePlanningPermit', validityMonths: null },
        materialCodes: ['projectDecisionDocument', 'siteAndLandOpinion', 'landSurveyMap'],
        formFields: fields('landAreaSqm', 'landUseType', 'landSupplyMethod'),
      }),
      matter({
        code: 'eco.eiaReportBook',
        name: '建设项目环境影响报告书审批',
        stageCode: S.projectAndLand,
        // 环评 is not a condition of 审批/核准 (国办发〔2019〕11号): done before construction → concurrent.
        track: 'concurrent',
        departmentKind: 'ecology',
        legalBasis: [{ citation: '《中华人民共和国环境影响评价法》第二十二条', confirmed: false }],
        conditions: ['按分类管理名录须编制环境影响报告书'],
        applicability: [
          rule(
            '按《建设项目环境影响评价分类管理名录》须编制环境影响报告书',
            'the EIA category requires a full environmental impact report',
            { flagsAll: ['eiaReportBook'] },
          ),
        ],
        statutoryLimitWorkingDays: 60,
        promisedLimitWorkingDays: 60,
        limitIsConfirmed: false,
        limitNote:
          '环评法第二十二条：收到报告书之日起六十日内（“日”而非“工作日”，按60个工作日配置，待确认）；技术评估、听证、专家评审时间不计入',
        dependsOn: [],
        // 环评法 art.24: re-review if construction starts more than five years after approval.
        output: { licenceType: 'eiaApproval', validityMonths: 60 },
        materialCodes: ['eiaReportBook'],
        formFields: fields('pollutantSummary', 'eiaPreparer'),
      }),
      matter({
        code: 'eco.eiaReportForm',
        name: '建设项目环境影响报告表审批',
        stageCode: S.projectAndLand,
        track: 'concurrent',
        departmentKind: 'ecology',
        legalBasis: [{ citation: '《中华人民共和国环境影响评价法》第二十二条', confirmed: false }],
        conditions: ['按分类管理名录须编制环境影响报告表'],
        applicability: [
          rule(
            '按《建设项目环境影响评价分类管理名录》须编制环境影响报告表',
            'the EIA category requires an environmental impact report form',
            { flagsAll: ['eiaReportForm'], flagsNone: ['eiaReportBook'] },
          ),
        ],
        statutoryLimitWorkingDays: 30,
        promisedLimitWorkingDays: 30,
        limitIsConfirmed: false,
        limitNote: '环评法第二十二条：收到报告表之日起三十日内（“日”而非“工作日”，按30个工作日配置，待确认）',
        dependsOn: [],
        output: { licenceType: 'eiaApproval', validityMonths: 60 },
        materialCodes: ['eiaReportForm'],
        formFields: fields('pollutantSummary', 'eiaPreparer'),
      }),

      // ── Stage 2 工程建设许可 ───────────────────────────────────────────────────────────────────────────────────────
      matter({
        code: 'ndrc.preliminaryDesign',
        name: '政府投资项目初步设计及概算审批',
        stageCode: S.engineeringPermit,
        track: 'main',
        departmentKind: 'ndrc',
        legalBasis: [REG_712],
        conditions: ['可行性研究报告已批复', '概算超过可研估算10%的须说明并报告（DOMAIN.md §3）'],
        applicability: [
          rule(
            '政府投资项目须审批初步设计及概算（《政府投资条例》）',
            'government-investment projects need the preliminary design and budget estimate approved (Regulations 712)',
            { procedures: ['approval'], ...BUILDS },
          ),
        ],
        statutoryLimitWorkingDays: null,
        promisedLimitWorkingDays: 20,
        limitIsConfirmed: false,
        limitNote: '条例712 未规定审批时限；承诺时限为本地配置',
        dependsOn: ['ndrc.feasibility'],
        output: { licenceType: 'preliminaryDesignApproval', validityMonths: null },
        materialCodes: ['preliminaryDesign', 'projectDecisionDocument'],
        formFields: fields('budgetEstimateWan', 'buildingAreaSqm'),
      }),
      matter({
        code: 'nr.constructionPlanningPermit',
        name: '建设工程规划许可证核发（含设计方案审查）',
        stageCode: S.engineeringPermit,
        track: 'main',
        departmentKind: 'naturalResources',
        legalBasis: [URBAN_PLANNING_LAW('第四十条'), REFORM_2019_11],
        conditions: ['已取得建设用地规划许可证或用地批准文件', '设计方案符合规划条件'],
        applicability: [
          rule(
            '新建、改建、扩建建筑物和构筑物须取得建设工程规划许可证',
            'building works need a construction planning permit',
            BUILDS,
          ),
        ],
        statutoryLimitWorkingDays: 20,
        promisedLimitWorkingDays: 10,
        limitIsConfirmed: false,
        limitNote: '法定时限暂按行政许可法第四十二条一般时限；承诺时限为本地配置',
        dependsOn: ['nr.landUsePlanningPermit'],
        output: { licenceType: 'constructionPlanningPermit', validityMonths: null },
        materialCodes: ['designScheme', 'landApproval', 'projectDecisionDocument'],
        formFields: fields('buildingAreaSqm', 'buildingHeightM', 'aboveGroundFloors'),
      }),
      matter({
        code: 'water.soilConservation',
        name: '生产建设项目水土保持方案审批',
        stageCode: S.engineeringPermit,
        track: 'concurrent',
        departmentKind: 'water',
        legalBasis: [{ citation: '《中华人民共和国水土保持法》第二十五条', confirmed: false }],
        conditions: ['水土保持方案符合水土保持规划和技术标准'],
        applicability: [
          rule(
            '在山区、丘陵区、风沙区或易发生水土流失区域开办可能造成水土流失的生产建设项目，须编报水土保持方案',
            'works that may cause soil erosion in an erosion-prone area need a soil and water conservation plan',
            { flagsAll: ['soilErosionArea'], ...BUILDS },
          ),
        ],
        statutoryLimitWorkingDays: 20,
        promisedLimitWorkingDays: 10,
        limitIsConfirmed: false,
        limitNote: '法定时限暂按行政许可法第四十二条一般时限；承诺时限为本地配置',
        dependsOn: [],
        output: { licenceType: 'soilConservationApproval', validityMonths: null },
        materialCodes: ['soilConservationPlan'],
        formFields: fields('disturbedAreaSqm', 'earthworkCubicM'),
      }),

      // ── Stage 3 施工许可 ──────────────────────────────────────────────────────────────────────────────────────────
      matter({
        code: 'housing.drawingReview',
        name: '施工图设计文件联合审查（含消防、人防技术审查）',
        stageCode: S.constructionPermit,
        track: 'main',
        departmentKind: 'housing',
        legalBasis: [REFORM_2019_11, { citation: '《建设工程质量管理条例》（施工图设计文件审查）', confirmed: false }],
        conditions: ['已取得建设工程规划许可证', '施工图设计文件符合工程建设强制性标准'],
        applicability: [
          rule(
            '房屋建筑和市政基础设施工程须进行施工图设计文件审查',
            'building works need the construction drawings reviewed',
            BUILDS,
          ),
        ],
        statutoryLimitWorkingDays: null,
        promisedLimitWorkingDays: 10,
        limitIsConfirmed: false,
        limitNote: '技术审查，无统一法定时限；承诺时限为本地配置',
        dependsOn: ['nr.constructionPlanningPermit', 'ndrc.preliminaryDesign'],
        output: { licenceType: 'drawingReviewCertificate', validityMonths: null },
        // 联合审图: one review, the technical departments countersign (DOMAIN.md §4: 消防/人防 folded in).
        steps: defaultInternalSteps({ mode: 'countersign', participants: ['housing', 'civilAirDefence'] }),
        materialCodes: ['constructionDrawings', 'constructionPlanningPermit'],
        formFields: fields('buildingAreaSqm', 'designUnit'),
      }),
      matter({
        code: 'housing.fireDesignReview',
        name: '特殊建设工程消防设计审查',
        stageCode: S.constructionPermit,
        track: 'main',
        departmentKind: 'housing',
        legalBasis: [
          { citation: '《中华人民共和国消防法》；《建设工程消防设计审查验收管理暂行规定》', confirmed: false },
        ],
        conditions: ['属于特殊建设工程', '消防设计文件符合国家工程建设消防技术标准'],
        applicability: [
          rule('项目属于特殊建设工程，须进行消防设计审查', 'special construction work: fire design review required', {
            flagsAll: ['specialConstruction'],
            ...BUILDS,
          }),
        ],
        statutoryLimitWorkingDays: 15,
        promisedLimitWorkingDays: 15,
        limitIsConfirmed: true,
        limitNote: '消防设计审查15个工作日（DOMAIN.md §4）；特殊消防设计专家评审时间不计入',
        dependsOn: [],
        output: { licenceType: 'fireDesignReviewOpinion', validityMonths: null },
        materialCodes: ['constructionDrawings', 'specialFireDesignDocs'],
        formFields: fields('buildingAreaSqm', 'buildingHeightM', 'fireUseCategory'),
      }),
      matter({
        code: 'cad.shelterApproval',
        name: '防空地下室建设审批（结合民用建筑修建或易地建设）',
        stageCode: S.constructionPermit,
        track: 'main',
        departmentKind: 'civilAirDefence',
        legalBasis: [{ citation: '《中华人民共和国人民防空法》（城市新建民用建筑修建防空地下室）', confirmed: false }],
        conditions: ['新建民用建筑按规定修建防空地下室，或按规定易地建设'],
        applicability: [
          rule(
            '新建民用建筑须按规定修建防空地下室或易地建设',
            'new civil buildings must include an air-raid shelter or pay for one elsewhere',
            {
              flagsAll: ['civilBuilding'],
              ...BUILDS,
            },
          ),
        ],
        statutoryLimitWorkingDays: 20,
        promisedLimitWorkingDays: 10,
        limitIsConfirmed: false,
        limitNote: '法定时限暂按行政许可法第四十二条一般时限；承诺时限为本地配置',
        dependsOn: [],
        output: { licenceType: 'civilAirDefenceApproval', validityMonths: null },
        materialCodes: ['constructionDrawings'],
        fees: [
          {
            name: '防空地下室易地建设费（易地建设时）',
            amountYuan: null,
            basis: '按当地人防易地建设费标准和应建面积计算',
          },
        ],
        formFields: fields('buildingAreaSqm', 'shelterAreaSqm', 'shelterRelocated'),
      }),
      matter({
        code: 'housing.constructionPermit',
        name: '建筑工程施工许可证核发',
        stageCode: S.constructionPermit,
        track: 'main',
        departmentKind: 'housing',
        legalBasis: [
          { citation: '《中华人民共和国建筑法》第七条、第八条（2019年修正）', confirmed: false },
          { citation: '《建筑工程施工许可管理办法》', confirmed: false },
          REFORM_2019_11,
        ],
        conditions: [
          '已经办理用地批准手续',
          '依法应当办理建设工程规划许可证的，已经取得',
          '需要拆迁的，拆迁进度符合施工要求',
          '已经确定建筑施工企业',
          '有满足施工需要的资金安排、施工图纸及技术资料',
          '有保证工程质量和安全的具体措施',
          '环评、节能审查、水土保持等评价事项已完成（国办发〔2019〕11号：在施工许可前完成）',
        ],
        applicability: [
          rule(
            '建筑工程开工前须取得施工许可证（限额以下小型工程除外）',
            'building works need a construction permit before starting (small works excepted)',
            {
              flagsNone: ['noConstruction', 'smallWorks'],
            },
          ),
        ],
        statutoryLimitWorkingDays: 7,
        promisedLimitWorkingDays: 5,
        limitIsConfirmed: false,
        limitNote: '建筑法第八条：收到申请之日起七日内（“日”而非“工作日”，按7个工作日作上限，待确认）；承诺5个工作日',
        dependsOn: [
          'housing.drawingReview',
          'housing.fireDesignReview',
          'cad.shelterApproval',
          'nr.constructionPlanningPermit',
          'eco.eiaReportBook',
          'eco.eiaReportForm',
          'ndrc.energyReview',
          'water.soilConservation',
        ],
        // 建筑法 art.9: start within three months of issue (extendable twice, ≤ 3 months each).
        output: { licenceType: 'constructionPermit', validityMonths: 3 },
        materialCodes: [
          'landApproval',
          'constructionPlanningPermit',
          'drawingReviewCertificate',
          'constructionContract',
          'supervisionContract',
          'fundingArrangement',
          'siteReadiness',
          'qualitySafetyMeasures',
        ],
        formFields: fields('contractPriceWan', 'constructionUnit', 'supervisionUnit', 'plannedStartDate'),
      }),

      // ── Stage 4 竣工验收 ──────────────────────────────────────────────────────────────────────────────────────────
      // Counted from the stage application after construction: the plan predicts approval time, not building time.
      matter({
        code: 'housing.jointAcceptance',
        name: '工程建设项目竣工联合验收（规划核实、消防验收、人防验收、档案验收等）',
        stageCode: S.completionAcceptance,
        track: 'main',
        departmentKind: 'housing',
        legalBasis: [REFORM_2019_11, URBAN_PLANNING_LAW('第四十五条（规划核实）')],
        conditions: ['工程已按设计和合同完成，建设单位已组织竣工验收'],
        applicability: [rule('建设工程竣工后实行联合验收', 'completed works go through joint acceptance', BUILDS)],
        statutoryLimitWorkingDays: null,
        promisedLimitWorkingDays: 10,
        limitIsConfirmed: false,
        limitNote: '各专项验收时限不一；联合验收承诺时限为本地配置',
        dependsOn: ['housing.constructionPermit'],
        output: { licenceType: 'jointAcceptanceOpinion', validityMonths: null },
        steps: defaultInternalSteps({
          mode: 'countersign',
          participants: ['naturalResources', 'housing', 'civilAirDefence'],
        }),
        materialCodes: ['completionReport', 'asBuiltSurvey', 'projectArchives', 'constructionPlanningPermit'],
        formFields: fields('buildingAreaSqm', 'completionDate'),
      }),
      matter({
        code: 'housing.completionFiling',
        name: '房屋建筑和市政基础设施工程竣工验收备案',
        stageCode: S.completionAcceptance,
        track: 'main',
        departmentKind: 'housing',
        legalBasis: [{ citation: '《建设工程质量管理条例》（竣工验收备案）', confirmed: false }],
        conditions: ['竣工验收合格', '联合验收通过'],
        applicability: [
          rule(
            '建设工程竣工验收合格后须办理竣工验收备案',
            'accepted works are filed after completion acceptance',
            BUILDS,
          ),
        ],
        statutoryLimitWorkingDays: null,
        promisedLimitWorkingDays: 5,
        limitIsConfirmed: false,
        limitNote: '承诺时限为本地配置',
        clockStoppable: false,
        dependsOn: ['housing.jointAcceptance'],
        output: { licenceType: 'completionFilingCertificate', validityMonths: null },
        materialCodes: ['completionReport', 'jointAcceptanceOpinion', 'qualityWarranty'],
        formFields: fields('completionDate', 'acceptanceDate'),
      }),
    ],
  };
}
