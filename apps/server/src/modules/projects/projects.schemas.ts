import { Type } from '@fastify/type-provider-typebox';
import {
  FUND_SOURCE_KINDS,
  INVESTMENT_NATURES,
  PROCEDURES,
  PROJECT_FLAGS,
  PROJECT_STATUSES,
  PROJECT_TYPES,
} from '../../db/schema/index.ts';

/** numeric(14,2): at most 999,999,999,999.99 万元. */
export const MAX_AMOUNT = 999_999_999_999.99;

export const ProcedureSchema = Type.Enum([...PROCEDURES], {
  description: 'approval 审批 / ratification 核准 / filing 备案',
});
export const ProjectStatusSchema = Type.Enum([...PROJECT_STATUSES], {
  description: 'draft 草稿 / coded 已赋码 / filed 已备案 / voided 已撤销',
});
export const InvestmentNatureSchema = Type.Enum([...INVESTMENT_NATURES], {
  description: 'government 政府投资 / enterprise 企业投资',
});
export const IndustryCodeSchema = Type.String({
  pattern: '^[A-T]\\d{2,4}$',
  description: '国民经济行业分类 GB/T 4754-2017：门类字母 + 2–4 位数字（大类/中类/小类），如 E4710',
});
const FundSourceSchema = Type.Object(
  {
    kind: Type.Enum([...FUND_SOURCE_KINDS], {
      description: 'fiscal 财政资金 / selfRaised 自筹 / bankLoan 银行贷款 / other 其他',
    }),
    amount: Type.Number({ minimum: 0, maximum: MAX_AMOUNT, description: '万元，最多两位小数' }),
  },
  { additionalProperties: false },
);

const projectFields = {
  name: Type.String({ minLength: 1, maxLength: 100, description: '项目名称' }),
  regionCode: Type.String({ pattern: '^\\d{6}$', description: '建设地点区划代码（含功能区）' }),
  address: Type.String({ minLength: 1, maxLength: 200, description: '详细地址' }),
  scaleAndContent: Type.String({ minLength: 1, maxLength: 4000, description: '建设规模及内容' }),
  totalInvestment: Type.Number({ exclusiveMinimum: 0, maximum: MAX_AMOUNT, description: '总投资（万元），两位小数' }),
  fundSources: Type.Array(FundSourceSchema, { maxItems: 10, description: '资金来源（合计应等于总投资）' }),
  plannedStart: Type.String({ format: 'date', description: '计划开工日期' }),
  plannedEnd: Type.String({ format: 'date', description: '计划竣工日期' }),
  industryCode: IndustryCodeSchema,
  projectType: Type.Enum([...PROJECT_TYPES], {
    description: '项目类型代码 TT：01 基本建设 / 02 技术改造 / 03 单纯购置 / 04 信息化 / 05 其他',
  }),
  investmentNature: InvestmentNatureSchema,
  flags: Type.Array(Type.Enum([...PROJECT_FLAGS]), {
    uniqueItems: true,
    maxItems: PROJECT_FLAGS.length,
    description: 'provincialKey 省重点 / municipalKey 市重点 / ppp / privateInvestmentPromotion 民间投资推介',
  }),
  industrialPolicyStatement: Type.Boolean({ description: '备案：承诺项目符合国家产业政策（条例673 第13条）' }),
};

const optional = <T extends Record<string, import('@fastify/type-provider-typebox').TSchema>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Type.Optional(v)])) as {
    [K in keyof T]: import('@fastify/type-provider-typebox').TOptional<T[K]>;
  };

const { name, ...rest } = projectFields;

/**
 * A draft: only the name is required; the rest can be filled in later and is checked for completeness on submit. With
 * `submit: true` the project is registered and coded in one transaction, so it must be complete.
 */
export const CreateProjectBody = Type.Object(
  {
    name,
    ...optional(rest),
    submit: Type.Optional(
      Type.Boolean({
        description:
          'true：信息齐全时一并提交赋码（备案项目即完成备案），与先存草稿再提交效果相同；不齐全时 400 列出全部缺项，什么也不保存 / ' +
          'register and issue the project code in one transaction (a complete 备案 project is filed); an incomplete ' +
          'project is refused with every missing item and nothing is stored',
      }),
    ),
    enterpriseId: Type.Optional(
      Type.String({
        format: 'uuid',
        description: '代办账号：授权本账号的项目单位（必填）；申报账号：省略（即本单位）',
      }),
    ),
  },
  { additionalProperties: false },
);
export const UpdateProjectBody = Type.Object(optional(projectFields), {
  additionalProperties: false,
  minProperties: 1,
});

export const ProcedureSuggestionSchema = Type.Object({
  procedure: Type.Union([ProcedureSchema, Type.Null()]),
  reason: Type.String(),
  reasonEn: Type.String(),
});

export const ProjectSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  enterpriseId: Type.String({ format: 'uuid' }),
  enterpriseName: Type.String(),
  name: Type.String(),
  regionCode: Type.Union([Type.String(), Type.Null()]),
  regionName: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  scaleAndContent: Type.Union([Type.String(), Type.Null()]),
  totalInvestment: Type.Union([Type.Number(), Type.Null()], { description: '万元' }),
  fundSources: Type.Array(Type.Object({ kind: Type.String(), amount: Type.Number() })),
  plannedStart: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  plannedEnd: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  industryCode: Type.Union([Type.String(), Type.Null()]),
  projectType: Type.Union([Type.String(), Type.Null()]),
  investmentNature: Type.Union([InvestmentNatureSchema, Type.Null()]),
  flags: Type.Array(Type.String()),
  industrialPolicyStatement: Type.Boolean(),
  procedure: Type.Union([ProcedureSchema, Type.Null()]),
  procedureReason: Type.Union([Type.String(), Type.Null()]),
  status: ProjectStatusSchema,
  code: Type.Union([Type.String(), Type.Null()]),
  codedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  filedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const PublicProjectSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  status: ProjectStatusSchema,
  regionCode: Type.String(),
  regionName: Type.String(),
  procedure: ProcedureSchema,
  filedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const CodeLookupSchema = Type.Object({
  valid: Type.Boolean(),
  format: Type.Optional(
    Type.Union([Type.Literal('current'), Type.Literal('legacy')], {
      description:
        'current = YYMM-RRRRRR-DD-TT-NNNNNC（2020-11 起，含校验位）；legacy = YYYY-RRRRRR-II-TT-NNNNNN（2015–2020）。' +
        '仅当代码残缺到无法判断格式时（长度、字符或分段不符，或首段第 3–4 位既非月份也非年份）省略。',
    }),
  ),
  reason: Type.Optional(Type.String({ description: '无效原因（中文）' })),
  reasonEn: Type.Optional(Type.String({ description: 'Reason (English)' })),
  project: Type.Optional(PublicProjectSchema),
});

export const PublicFilingSchema = Type.Object({
  ...PublicProjectSchema.properties,
  enterpriseName: Type.String({ description: '项目单位名称（公开信息）' }),
});

export const ChangeProjectBody = Type.Object(
  {
    changes: UpdateProjectBody,
    reason: Type.String({ minLength: 1, maxLength: 500, description: '变更原因' }),
  },
  { additionalProperties: false },
);

export const VoidProjectBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 500, description: '撤销原因' }) },
  { additionalProperties: false },
);

const FieldChangeSchema = Type.Object({ field: Type.String(), before: Type.Unknown(), after: Type.Unknown() });

export const ProjectChangeSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  projectId: Type.String({ format: 'uuid' }),
  kind: Type.Enum(['change', 'void']),
  status: Type.Enum(['applied', 'pending', 'rejected'], {
    description: 'applied 已生效 / pending 待审批部门处理 / rejected 未予同意',
  }),
  reason: Type.String(),
  changes: Type.Array(FieldChangeSchema),
  requestedAt: Type.String({ format: 'date-time' }),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const ChangeResultSchema = Type.Object({ project: ProjectSchema, change: ProjectChangeSchema });

export const HistoryItemSchema = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actorUsername: Type.Union([Type.String(), Type.Null()]),
  kind: Type.Enum(['created', 'submitted', 'coded', 'filed', 'change', 'void']),
  status: Type.Union([Type.Enum(['applied', 'pending', 'rejected']), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  changes: Type.Array(
    Type.Object({
      field: Type.String(),
      label: Type.String({ description: '中文字段名' }),
      before: Type.Unknown(),
      after: Type.Unknown(),
    }),
  ),
});

export const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: '项目名称（中文子串）' })),
    code: Type.Optional(
      Type.String({ pattern: '^[0-9-]{1,24}$', description: '项目代码（完整或前缀，如 2611-330354）' }),
    ),
    regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$', description: '区划（含下级）' })),
    industryCode: Type.Optional(
      Type.String({ pattern: '^[A-T]\\d{0,4}$', description: '行业代码前缀（门类或大/中/小类）' }),
    ),
    procedure: Type.Optional(ProcedureSchema),
    status: Type.Optional(ProjectStatusSchema),
    investmentMin: Type.Optional(Type.Number({ minimum: 0, maximum: MAX_AMOUNT, description: '总投资下限（万元）' })),
    investmentMax: Type.Optional(Type.Number({ minimum: 0, maximum: MAX_AMOUNT, description: '总投资上限（万元）' })),
    flag: Type.Optional(Type.Enum([...PROJECT_FLAGS])),
    createdFrom: Type.Optional(Type.String({ format: 'date', description: '登记日期起（含，北京时间）' })),
    createdTo: Type.Optional(Type.String({ format: 'date', description: '登记日期止（含，北京时间）' })),
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    sort: Type.Enum(['createdAt', '-createdAt', 'totalInvestment', '-totalInvestment', 'name'], {
      default: '-createdAt',
    }),
  },
  { additionalProperties: false },
);

/** The export's query: the search's filters and sort, no page; the language of its header and values. */
const { page: _page, pageSize: _pageSize, ...searchFilters } = SearchQuery.properties;
export const ExportQuery = Type.Object(
  {
    ...searchFilters,
    lang: Type.Enum(['zh-CN', 'en'], {
      default: 'zh-CN',
      description: '表头与取值的语言 / language of the header and values',
    }),
  },
  { additionalProperties: false },
);

export const SearchItemSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  code: Type.Union([Type.String(), Type.Null()]),
  name: Type.String(),
  enterpriseName: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  procedure: Type.Union([ProcedureSchema, Type.Null()]),
  status: ProjectStatusSchema,
  totalInvestment: Type.Union([Type.Number(), Type.Null()], { description: '万元' }),
  industryCode: Type.Union([Type.String(), Type.Null()]),
  flags: Type.Array(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  filedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
