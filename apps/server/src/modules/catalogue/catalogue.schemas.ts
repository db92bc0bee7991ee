/**
 * TypeBox schemas of the catalogue API. `CatalogueSchema` mirrors packages/domain's catalogue-types.ts: it checks the
 * *shape* of a catalogue (types, enums, closed objects, bounded strings and lists) so nothing malformed reaches the
 * database; the *rules* (references resolve, no cycles, promised ≤ statutory …) are validateCatalogue's, reported as
 * problems a draft may still have.
 */
import { Type, type Static, type TSchema } from '@fastify/type-provider-typebox';
import {
  type Catalogue,
  DEPARTMENT_KINDS,
  FORM_FIELD_TYPES,
  INVESTMENT_NATURE_KINDS,
  MATTER_TRACKS,
  PROCEDURE_KINDS,
  SIGN_MODES,
  STEP_KINDS,
} from '@yiwang/domain';
import { CATALOGUE_VERSION_STATUSES } from '../../db/schema/index.ts';

/** Codes appear in URLs (`/api/guides/matters/:code`): letters, digits, `.`, `_`, `-`. */
export const CODE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$';
export const CatalogueCode = Type.String({ pattern: CODE_PATTERN, description: '编码：字母、数字、. _ -，最长 80' });
export const VersionLabel = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$',
  description: '版本号，如 2026.2（字母、数字、. _ -，最长 40）',
});

const Text = (maxLength: number, description?: string) =>
  Type.String({ maxLength, ...(description ? { description } : {}) });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const List = <T extends TSchema>(item: T, maxItems: number) => Type.Array(item, { maxItems });
const closed = { additionalProperties: false } as const;

const DepartmentKindSchema = Type.Enum([...DEPARTMENT_KINDS]);
const MAX_WORKING_DAYS = 3650;
const MAX_AMOUNT = 1e12;

export const StageSchema = Type.Object(
  {
    code: CatalogueCode,
    name: Text(100),
    order: Type.Integer({ minimum: 1, maximum: 1000 }),
    leadDepartmentKind: DepartmentKindSchema,
  },
  closed,
);

const RuleSchema = Type.Object(
  {
    procedures: Type.Optional(List(Type.Enum([...PROCEDURE_KINDS]), 3)),
    investmentNatures: Type.Optional(List(Type.Enum([...INVESTMENT_NATURE_KINDS]), 2)),
    industryPrefixes: Type.Optional(List(Text(10), 200)),
    excludedIndustryPrefixes: Type.Optional(List(Text(10), 200)),
    minInvestmentWan: Type.Optional(Type.Number({ minimum: 0, maximum: MAX_AMOUNT })),
    maxInvestmentWan: Type.Optional(Type.Number({ minimum: 0, maximum: MAX_AMOUNT })),
    flagsAll: Type.Optional(List(CatalogueCode, 50)),
    flagsAny: Type.Optional(List(CatalogueCode, 50)),
    flagsNone: Type.Optional(List(CatalogueCode, 50)),
    reason: Text(500),
    reasonEn: Text(500),
  },
  closed,
);

const StepSchema = Type.Object(
  {
    code: CatalogueCode,
    name: Text(50),
    kind: Type.Enum([...STEP_KINDS]),
    signMode: Type.Enum([...SIGN_MODES]),
    participants: List(DepartmentKindSchema, DEPARTMENT_KINDS.length),
  },
  closed,
);

/** One field of a matter's application form (asked once per stage form when several matters share its code). */
const FormFieldSchema = Type.Object(
  {
    code: CatalogueCode,
    label: Text(200),
    labelEn: Text(200),
    type: Type.Enum([...FORM_FIELD_TYPES]),
    required: Type.Boolean(),
    unit: Type.Optional(Nullable(Text(20))),
  },
  closed,
);

export const MatterSchema = Type.Object(
  {
    code: CatalogueCode,
    name: Text(200),
    stageCode: CatalogueCode,
    track: Type.Enum([...MATTER_TRACKS]),
    departmentKind: DepartmentKindSchema,
    legalBasis: List(Type.Object({ citation: Text(500), confirmed: Type.Boolean() }, closed), 30),
    conditions: List(Text(500), 50),
    applicability: List(RuleSchema, 50),
    statutoryLimitWorkingDays: Nullable(Type.Integer({ minimum: 0, maximum: MAX_WORKING_DAYS })),
    promisedLimitWorkingDays: Type.Integer({ minimum: 0, maximum: MAX_WORKING_DAYS }),
    limitIsConfirmed: Type.Boolean(),
    limitNote: Nullable(Text(1000)),
    clockStoppable: Type.Boolean(),
    dependsOn: List(CatalogueCode, 100),
    output: Nullable(
      Type.Object(
        {
          licenceType: CatalogueCode,
          validityMonths: Nullable(Type.Integer({ minimum: 0, maximum: 1200 })),
        },
        closed,
      ),
    ),
    steps: List(StepSchema, 20),
    materialCodes: List(CatalogueCode, 200),
    formFields: Type.Optional(List(FormFieldSchema, 100)),
    fees: List(
      Type.Object(
        { name: Text(200), amountYuan: Nullable(Type.Number({ minimum: 0, maximum: MAX_AMOUNT })), basis: Text(500) },
        closed,
      ),
      20,
    ),
  },
  closed,
);

export const MaterialSchema = Type.Object(
  {
    code: CatalogueCode,
    name: Text(200),
    required: Type.Boolean(),
    main: Type.Boolean(),
    tolerable: Type.Boolean(),
    commitmentText: Nullable(Text(2000)),
    satisfiedByLicenceType: Nullable(CatalogueCode),
    sampleUrl: Nullable(Type.String({ maxLength: 500, pattern: '^(https?://|/)[^\\s<>"]*$' })),
  },
  closed,
);

/** A whole catalogue version (the body of PUT …/catalogue and of import; the `catalogue` of GET …/versions/:id). */
export const CatalogueSchema = Type.Object(
  {
    version: Text(40, '版本号（保存时以目录版本记录的版本号为准）'),
    stages: List(StageSchema, 50),
    matters: List(MatterSchema, 500),
    materials: List(MaterialSchema, 2000),
    facts: List(Type.Object({ code: CatalogueCode, name: Text(200), nameEn: Text(200) }, closed), 200),
    licenceTypes: List(Type.Object({ code: CatalogueCode, name: Text(200) }, closed), 500),
  },
  { ...closed, title: 'Catalogue' },
);

// Compile-time proof that the schema and the domain type agree (both directions).
type CatalogueBody = Static<typeof CatalogueSchema>;
const toDomain = (c: CatalogueBody): Catalogue => c;
const fromDomain = (c: Catalogue): CatalogueBody => c;
void toDomain;
void fromDomain;

export const ProblemSchema = Type.Object({
  kind: Type.String({ description: 'validateCatalogue 问题类型，如 DEPENDENCY_CYCLE' }),
  path: Type.String({ description: '目录内的 JSON 路径，如 matters[3].dependsOn[1]' }),
  message: Type.String(),
  messageEn: Type.String(),
});
export const ValidationSchema = Type.Object({ ok: Type.Boolean(), problems: Type.Array(ProblemSchema) });

const versionSummaryFields = {
  id: Type.String({ format: 'uuid' }),
  version: Type.String(),
  status: Type.Enum([...CATALOGUE_VERSION_STATUSES], {
    description: 'draft 草稿 / published 现行（同一时间只有一个）/ retired 已停用（被新版本取代，不可修改）',
  }),
  note: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
};

export const VersionSummarySchema = Type.Object({
  ...versionSummaryFields,
  stats: Type.Object({ stages: Type.Integer(), matters: Type.Integer(), materials: Type.Integer() }),
});

export const VersionDetailSchema = Type.Object({
  ...versionSummaryFields,
  catalogue: CatalogueSchema,
  validation: ValidationSchema,
});

export const CreateDraftBody = Type.Object(
  {
    fromVersionId: Type.Optional(Type.String({ format: 'uuid', description: '复制来源版本；省略则复制现行版本' })),
    version: VersionLabel,
    note: Type.Optional(Text(500)),
  },
  closed,
);

export const ImportBody = Type.Object(
  { version: VersionLabel, note: Type.Optional(Text(500)), catalogue: CatalogueSchema },
  closed,
);

/** The quick edit of one matter in a draft (e.g. an admin changes a time limit). At least one field. */
export const PatchMatterBody = Type.Object(
  {
    name: Type.Optional(Text(200)),
    track: Type.Optional(Type.Enum([...MATTER_TRACKS])),
    departmentKind: Type.Optional(DepartmentKindSchema),
    statutoryLimitWorkingDays: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: MAX_WORKING_DAYS }))),
    promisedLimitWorkingDays: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_WORKING_DAYS })),
    limitIsConfirmed: Type.Optional(Type.Boolean()),
    limitNote: Type.Optional(Nullable(Text(1000))),
    clockStoppable: Type.Optional(Type.Boolean()),
    conditions: Type.Optional(List(Text(500), 50)),
    dependsOn: Type.Optional(List(CatalogueCode, 100)),
    materialCodes: Type.Optional(List(CatalogueCode, 200)),
  },
  { ...closed, minProperties: 1 },
);
export type PatchMatterInput = Static<typeof PatchMatterBody>;
