import { Type } from '@fastify/type-provider-typebox';
import { CASE_STATUSES, CLOCK_LEVELS, SPECIAL_PROCEDURE_KINDS } from '../../db/schema/index.ts';
import { PageQuery } from '../../lib/schemas.ts';

const CivilDate = Type.String({ format: 'date', description: '日期 YYYY-MM-DD（北京时间）' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Opinion = Type.String({ minLength: 1, maxLength: 2000, description: '办理意见' });

export const CaseStatusSchema = Type.Enum([...CASE_STATUSES], { description: '办件状态' });
export const ClockLevelSchema = Type.Enum([...CLOCK_LEVELS], { description: '预警等级' });
export const DecisionSchema = Type.Enum(['approved', 'denied'], { description: '准予 / 不予' });

export const CaseListQuery = Type.Object(
  {
    ...PageQuery,
    view: Type.Optional(
      Type.Enum(['todo', 'department', 'done'], {
        description:
          'todo = 本部门当前环节由我办理的在办件；department = 本部门全部在办件（任一环节）；done = 已办结（最近办结在前）',
      }),
    ),
    status: Type.Optional(CaseStatusSchema),
    level: Type.Optional(ClockLevelSchema),
  },
  { additionalProperties: false },
);

export const SupervisionQuery = Type.Object(
  { ...PageQuery, level: Type.Optional(Type.Enum(['yellow', 'red'], { description: '预警等级' })) },
  { additionalProperties: false },
);

/** The warned cases' export: the level (both when omitted) and the language of the header and values. */
export const SupervisionExportQuery = Type.Object(
  {
    level: Type.Optional(Type.Enum(['yellow', 'red'], { description: '预警等级（不填：黄牌和红牌）' })),
    lang: Type.Enum(['zh-CN', 'en'], {
      default: 'zh-CN',
      description: '表头与取值的语言 / language of the header and values',
    }),
  },
  { additionalProperties: false },
);

export const ConsultationQuery = Type.Object(
  {
    view: Type.Optional(Type.Enum(['incoming'], { description: '收到的征求意见' })),
    open: Type.Optional(Type.Boolean({ description: '仅未答复' })),
  },
  { additionalProperties: false },
);

export const CaseListItemSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  caseNumber: Type.String(),
  matterCode: Type.String(),
  matterName: Type.String(),
  projectCode: Nullable(Type.String()),
  projectName: Type.String(),
  enterpriseName: Type.String(),
  departmentName: Type.String(),
  status: CaseStatusSchema,
  currentStep: Type.String(),
  currentStepName: Type.String(),
  deadline: Nullable(CivilDate),
  remainingWorkingDays: Type.Integer({
    description: '剩余工作日（超期为负数，即超期天数） / working days left, negative when overdue (the days overdue)',
  }),
  level: ClockLevelSchema,
  clockRunning: Type.Boolean(),
  urgeCount: Type.Integer(),
  decidedOn: Nullable(CivilDate),
  decision: Nullable(DecisionSchema),
});

const StepSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: Type.Enum(['undertake', 'review', 'issue']),
  signMode: Type.Enum(['single', 'countersign', 'anySign']),
  participants: Type.Array(Type.String()),
});

const ClockLineSchema = Type.Object({
  date: CivilDate,
  kind: Type.Enum(['start', 'stop', 'resume', 'extend']),
  reason: Type.String(),
  legalBasis: Type.String(),
  workingDays: Nullable(Type.Integer()),
  usedWorkingDaysAfter: Type.Integer(),
  limitWorkingDaysAfter: Type.Integer(),
  deadlineAfter: Nullable(CivilDate),
  text: Type.String(),
  textEn: Type.String(),
});

export const ClockSchema = Type.Object(
  {
    running: Type.Boolean(),
    started: Type.Boolean(),
    limitWorkingDays: Type.Integer(),
    extendedWorkingDays: Type.Integer(),
    usedWorkingDays: Type.Integer(),
    remainingWorkingDays: Type.Integer(),
    deadline: Nullable(CivilDate),
    provisional: Type.Boolean({ description: '期限涉及尚未公布节假日安排的年份' }),
    level: ClockLevelSchema,
    overdueWorkingDays: Type.Integer(),
    lines: Type.Array(ClockLineSchema, { description: '计时台账逐条说明' }),
  },
  { description: '办理时限（由计时台账计算）' },
);

export const ConsultationSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  caseId: Type.String({ format: 'uuid' }),
  caseNumber: Type.String(),
  matterName: Type.String(),
  toDepartmentId: Type.String({ format: 'uuid' }),
  toDepartmentName: Type.String(),
  question: Type.String(),
  requestedAt: Type.String({ format: 'date-time' }),
  reply: Nullable(Type.String()),
  repliedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const CaseDetailSchema = Type.Object({
  ...CaseListItemSchema.properties,
  applicationId: Type.String({ format: 'uuid' }),
  projectId: Type.String({ format: 'uuid' }),
  steps: Type.Array(StepSchema),
  dependsOn: Type.Array(Type.String()),
  assigneeId: Nullable(Type.String({ format: 'uuid' })),
  limitWorkingDays: Type.Integer(),
  maxExtensionWorkingDays: Type.Integer(),
  decisionOpinion: Nullable(Type.String()),
  lastUrgedAt: Nullable(Type.String({ format: 'date-time' })),
  escalatedAt: Nullable(Type.String({ format: 'date-time' })),
  application: Type.Unknown({ description: 'ApplicationSummary（申请概要、材料）' }),
  clock: ClockSchema,
  actions: Type.Array(
    Type.Object({
      kind: Type.String(),
      fromStep: Nullable(Type.String()),
      toStep: Nullable(Type.String()),
      opinion: Nullable(Type.String()),
      actorName: Nullable(Type.String()),
      departmentName: Nullable(Type.String()),
      at: Type.String({ format: 'date-time' }),
    }),
  ),
  specialProcedures: Type.Array(
    Type.Object({
      id: Type.String({ format: 'uuid' }),
      kind: Type.String(),
      kindName: Type.String(),
      reason: Type.String(),
      expectedWorkingDays: Type.Integer(),
      startedOn: CivilDate,
      endedOn: Nullable(CivilDate),
      result: Nullable(Type.String()),
    }),
  ),
  consultations: Type.Array(ConsultationSchema),
  signatures: Type.Array(
    Type.Object({
      stepCode: Type.String(),
      departmentKind: Type.String(),
      signerName: Type.String(),
      opinion: Nullable(Type.String()),
      signedAt: Type.String({ format: 'date-time' }),
    }),
  ),
  licence: Nullable(Type.Object({ number: Type.String() })),
  allowedActions: Type.Array(Type.String(), {
    description:
      'advance, sign, return, transfer, consult, specialProcedure, endSpecialProcedure, extend, decide, urge',
  }),
});

export const CaseSummarySchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  applicationId: Type.String({ format: 'uuid' }),
  caseNumber: Type.String(),
  matterCode: Type.String(),
  matterName: Type.String(),
  departmentName: Type.String(),
  status: CaseStatusSchema,
  currentStep: Type.String(),
  currentStepName: Type.String(),
  deadline: Nullable(CivilDate),
  remainingWorkingDays: Nullable(
    Type.Integer({ description: '剩余工作日（超期为负数）；已办结为 null / working days left, negative when overdue' }),
  ),
  level: ClockLevelSchema,
  clockRunning: Type.Boolean(),
  decision: Nullable(DecisionSchema),
  decidedOn: Nullable(CivilDate),
  decisionOpinion: Nullable(Type.String()),
  licenceNumber: Nullable(Type.String()),
  opinions: Type.Array(
    Type.Object({
      kind: Type.String(),
      step: Nullable(Type.String()),
      opinion: Type.String(),
      departmentName: Nullable(Type.String()),
      at: Type.String({ format: 'date-time' }),
    }),
  ),
});

export const PublicProgressSchema = Type.Object({
  projectCode: Type.String(),
  projectName: Type.String(),
  stages: Type.Array(
    Type.Object({
      stageCode: Type.String(),
      stageName: Type.String(),
      status: Type.String(),
      cases: Type.Array(
        Type.Object({
          matterName: Type.String(),
          departmentName: Type.String(),
          status: CaseStatusSchema,
          currentStepName: Type.String(),
          deadline: Nullable(CivilDate),
          decision: Nullable(DecisionSchema),
          decidedOn: Nullable(CivilDate),
          licenceNumber: Nullable(Type.String()),
        }),
      ),
    }),
  ),
});

// ── Bodies ──

export const OpinionBody = Type.Object({ opinion: Opinion }, { additionalProperties: false });
export const ReturnBody = Type.Object(
  { toStep: Type.String({ minLength: 1, maxLength: 64, description: '退回到的环节代码' }), opinion: Opinion },
  { additionalProperties: false },
);
export const TransferBody = Type.Object(
  { assigneeId: Type.String({ format: 'uuid', description: '本部门承接人员' }), opinion: Opinion },
  { additionalProperties: false },
);
export const ConsultationBody = Type.Object(
  {
    departmentId: Type.String({ format: 'uuid', description: '征求意见的部门' }),
    question: Type.String({ minLength: 1, maxLength: 2000, description: '征求意见事项' }),
  },
  { additionalProperties: false },
);
export const ReplyBody = Type.Object(
  { reply: Type.String({ minLength: 1, maxLength: 4000, description: '答复意见' }) },
  { additionalProperties: false },
);
export const SpecialProcedureBody = Type.Object(
  {
    kind: Type.Enum([...SPECIAL_PROCEDURE_KINDS], { description: '特别程序种类' }),
    reason: Type.String({ minLength: 1, maxLength: 1000, description: '事由' }),
    expectedWorkingDays: Type.Integer({ minimum: 1, maximum: 250, description: '书面告知申请人的预计工作日数' }),
  },
  { additionalProperties: false },
);
export const EndSpecialProcedureBody = Type.Object(
  { result: Type.String({ minLength: 1, maxLength: 2000, description: '特别程序结果' }) },
  { additionalProperties: false },
);
export const ExtensionBody = Type.Object(
  {
    workingDays: Type.Integer({ minimum: 1, maximum: 60, description: '延长的工作日数' }),
    reason: Type.String({ minLength: 1, maxLength: 1000, description: '延长理由（告知申请人）' }),
  },
  { additionalProperties: false },
);
export const DecisionBody = Type.Object(
  {
    decision: DecisionSchema,
    opinion: Type.String({ maxLength: 4000, description: '决定意见；不予许可须说明理由' }),
  },
  { additionalProperties: false },
);
export const UrgeBody = Type.Object(
  { message: Type.String({ minLength: 1, maxLength: 1000, description: '督办意见' }) },
  { additionalProperties: false },
);
