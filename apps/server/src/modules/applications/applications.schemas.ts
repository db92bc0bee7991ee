import { Type } from '@fastify/type-provider-typebox';
import {
  ACCEPTANCE_MODES,
  APPLICATION_MATERIAL_STATUSES,
  APPLICATION_STATUSES,
  MATERIAL_PROVISIONS,
} from '../../db/schema/index.ts';

const Nullable = <T extends import('@fastify/type-provider-typebox').TSchema>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const CivilDate = Type.String({ format: 'date' });
const Code = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9._-]*$' });

export const ApplicationStatusSchema = Type.Enum([...APPLICATION_STATUSES], {
  description:
    'draft 草稿 / submitted 已提交 / correctionRequested 待补正 / accepted 已受理 / rejected 不予受理 / withdrawn 已撤回 / completed 已办结',
});
export const FormValueSchema = Type.Union([
  Type.String({ maxLength: 10_000 }),
  Type.Number(),
  Type.Boolean(),
  Type.Null(),
]);

export const StageFormQuery = Type.Object(
  {
    stageCode: Code,
    facts: Type.Optional(
      Type.String({ maxLength: 2000, description: '项目情况代码，逗号分隔，如 newLand,eiaReportForm' }),
    ),
  },
  { additionalProperties: false },
);

export const CreateApplicationBody = Type.Object(
  {
    stageCode: Code,
    facts: Type.Array(Code, { maxItems: 50, description: '申报的项目情况（决定适用哪些事项）' }),
  },
  { additionalProperties: false },
);

export const UpdateApplicationBody = Type.Object(
  {
    facts: Type.Optional(Type.Array(Code, { maxItems: 50 })),
    formData: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9._-]{0,63}$' }), FormValueSchema)),
  },
  { additionalProperties: false },
);

export const UploadQuery = Type.Object(
  { fileName: Type.String({ minLength: 1, maxLength: 255, description: '原文件名（仅用于显示和下载）' }) },
  { additionalProperties: false },
);

export const CommitmentBody = Type.Object(
  { agreed: Type.Literal(true, { description: '申请人确认签署告知承诺书' }) },
  { additionalProperties: false },
);

export const CorrectionBody = Type.Object(
  {
    items: Type.Array(
      Type.Object(
        {
          materialCode: Type.Optional(Code),
          fieldCode: Type.Optional(Code),
          problem: Type.Enum(['missing', 'invalid'], { description: 'missing 缺少 / invalid 不符合要求' }),
          reason: Type.String({ minLength: 1, maxLength: 1000 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  { additionalProperties: false },
);

export const AcceptBody = Type.Object(
  {
    mode: Type.Enum([...ACCEPTANCE_MODES], {
      description: 'normal 受理 / tolerance 容缺受理 / commitment 告知承诺受理',
    }),
    toleranceDueOn: Type.Optional(CivilDate),
    opinion: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const RejectBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

export const InboxQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(['submitted', 'correctionRequested', 'accepted', 'rejected'])),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20 }),
  },
  { additionalProperties: false },
);

const StageFormMatterSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  departmentKind: Type.String(),
  track: Type.String(),
  reasons: Type.Array(Type.String()),
  reasonsEn: Type.Array(Type.String()),
  dependsOn: Type.Array(Type.String()),
  promisedLimitWorkingDays: Type.Integer(),
  statutoryLimitWorkingDays: Nullable(Type.Integer()),
  outputLicenceType: Nullable(Type.String()),
});
const StageFormFieldSchema = Type.Object({
  code: Type.String(),
  label: Type.String(),
  labelEn: Type.String(),
  type: Type.String(),
  required: Type.Boolean(),
  unit: Type.Optional(Nullable(Type.String())),
  matterCodes: Type.Array(Type.String()),
});
const StageFormMaterialSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  required: Type.Boolean(),
  main: Type.Boolean(),
  tolerable: Type.Boolean(),
  commitmentText: Nullable(Type.String()),
  matterCodes: Type.Array(Type.String()),
  provision: Type.String(),
  satisfiedByLicenceType: Nullable(Type.String()),
  producedByMatter: Nullable(Type.String()),
});
export const StageFormSchema = Type.Object({
  stageCode: Type.String(),
  stageName: Type.String(),
  matters: Type.Array(StageFormMatterSchema),
  fields: Type.Array(StageFormFieldSchema),
  materials: Type.Array(StageFormMaterialSchema),
});
export const StageFormViewSchema = Type.Intersect([
  StageFormSchema,
  Type.Object({
    held: Type.Object({
      materials: Type.Array(
        Type.Object({
          materialCode: Type.String(),
          projectMaterialId: Type.String(),
          fileName: Type.String(),
          uploadedAt: Type.String(),
          validUntil: Nullable(Type.String()),
        }),
      ),
      licences: Type.Array(Type.Object({ licenceType: Type.String(), number: Type.String() })),
    }),
  }),
]);

export const ApplicationMaterialSchema = Type.Object({
  materialCode: Type.String(),
  name: Type.String(),
  required: Type.Boolean(),
  main: Type.Boolean(),
  tolerable: Type.Boolean(),
  commitmentText: Nullable(Type.String()),
  matterCodes: Type.Array(Type.String()),
  provision: Type.Enum([...MATERIAL_PROVISIONS]),
  status: Type.Enum([...APPLICATION_MATERIAL_STATUSES]),
  file: Nullable(
    Type.Object({
      projectMaterialId: Type.String(),
      fileName: Type.String(),
      sizeBytes: Type.Integer(),
      mediaType: Type.String(),
      sha256: Type.String(),
      uploadedAt: Type.String(),
    }),
  ),
  licence: Nullable(Type.Object({ number: Type.String() })),
  committedAt: Nullable(Type.String()),
});

const CorrectionNoticeSchema = Type.Object({
  id: Type.String(),
  items: Type.Array(
    Type.Object({
      materialCode: Nullable(Type.String()),
      fieldCode: Nullable(Type.String()),
      problem: Type.String(),
      reason: Type.String(),
    }),
  ),
  issuedAt: Type.String(),
  issuedOn: Type.String(),
  supplementedAt: Nullable(Type.String()),
  supplementedOn: Nullable(Type.String()),
});

export const CaseSummarySchema = Type.Object({
  id: Type.String(),
  caseNumber: Type.String(),
  matterCode: Type.String(),
  matterName: Type.String(),
  departmentName: Type.String(),
  status: Type.String(),
  currentStep: Type.String(),
  currentStepName: Nullable(Type.String()),
  deadline: Nullable(Type.String()),
  decision: Nullable(Type.String()),
  decidedOn: Nullable(Type.String()),
});

export const CreditPrivilegesSchema = Type.Object({
  greenChannel: Type.Boolean(),
  priority: Type.Boolean(),
  toleranceAllowed: Type.Boolean(),
  commitmentAllowed: Type.Boolean(),
  badCredit: Type.Boolean(),
  reasons: Type.Array(Type.String()),
  reasonsEn: Type.Array(Type.String()),
});

export const ApplicationDetailSchema = Type.Object({
  id: Type.String(),
  projectId: Type.String(),
  projectCode: Nullable(Type.String()),
  projectName: Type.String(),
  enterpriseName: Type.String(),
  stageCode: Type.String(),
  stageName: Type.String(),
  catalogueVersion: Type.String(),
  status: ApplicationStatusSchema,
  acceptanceMode: Nullable(Type.String()),
  priority: Type.Boolean(),
  facts: Type.Array(Type.String()),
  formData: Type.Record(Type.String(), FormValueSchema),
  matterCodes: Type.Array(Type.String()),
  form: StageFormSchema,
  materials: Type.Array(ApplicationMaterialSchema),
  corrections: Type.Array(CorrectionNoticeSchema),
  cases: Type.Array(CaseSummarySchema),
  submittedAt: Nullable(Type.String()),
  submittedOn: Nullable(Type.String()),
  correctionDueOn: Nullable(Type.String()),
  acceptedOn: Nullable(Type.String()),
  deemedAccepted: Type.Boolean(),
  receiptNumber: Nullable(Type.String()),
  rejectionReason: Nullable(Type.String()),
  toleranceDueOn: Nullable(Type.String()),
  completedAt: Nullable(Type.String()),
  credit: CreditPrivilegesSchema,
});

export const ApplicationListItemSchema = Type.Object({
  id: Type.String(),
  stageCode: Type.String(),
  stageName: Type.String(),
  status: ApplicationStatusSchema,
  acceptanceMode: Nullable(Type.String()),
  submittedOn: Nullable(Type.String()),
  acceptedOn: Nullable(Type.String()),
  receiptNumber: Nullable(Type.String()),
  matterCount: Type.Integer(),
  createdAt: Type.String(),
});

export const InboxItemSchema = Type.Object({
  id: Type.String(),
  projectCode: Nullable(Type.String()),
  projectName: Type.String(),
  enterpriseName: Type.String(),
  stageCode: Type.String(),
  stageName: Type.String(),
  status: ApplicationStatusSchema,
  priority: Type.Boolean(),
  submittedAt: Nullable(Type.String()),
  correctionDueOn: Nullable(Type.String()),
  correctionWorkingDaysLeft: Nullable(Type.Integer()),
  missingMaterialCount: Type.Integer(),
  matterCount: Type.Integer(),
});

export const CreditGradeBody = Type.Object(
  {
    scheme: Type.String({
      minLength: 1,
      maxLength: 64,
      description: '评价体系，如 public-credit（公共信用）、tax（纳税信用）',
    }),
    grade: Type.String({ minLength: 1, maxLength: 16 }),
    source: Type.String({ minLength: 1, maxLength: 200 }),
    validUntil: Type.Optional(Nullable(CivilDate)),
  },
  { additionalProperties: false },
);

export const CreditGradeSchema = Type.Object({
  id: Type.String(),
  scheme: Type.String(),
  grade: Type.String(),
  source: Type.String(),
  validUntil: Nullable(Type.String()),
  recordedAt: Type.String(),
});

export const VerificationTaskSchema = Type.Object({
  id: Type.String(),
  applicationId: Type.String(),
  caseId: Nullable(Type.String()),
  caseNumber: Nullable(Type.String()),
  matterCode: Nullable(Type.String()),
  matterName: Nullable(Type.String()),
  projectCode: Nullable(Type.String()),
  projectName: Type.String(),
  enterpriseName: Type.String(),
  materialCode: Type.String(),
  method: Type.String(),
  dueOn: Type.String(),
  status: Type.Enum(['open', 'passed', 'failed']),
  result: Nullable(Type.String()),
  checkedAt: Nullable(Type.String()),
});

export const CompleteVerificationBody = Type.Object(
  { passed: Type.Boolean(), result: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);
