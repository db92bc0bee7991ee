/**
 * Stage applications and parallel approval (issue 5; DOMAIN.md §3–§6): files, the project's material package, stage
 * applications (一表申报) with their materials and 补正 notices, cases (办件) per matter with their append-only clock
 * ledger, actions, special procedures, consultations and 会签 signatures, e-licences (the licence package), credit
 * grades, 告知承诺 verification tasks and notifications with their SMS/e-mail outbox.
 *
 * State columns hold the states of the domain state machines (packages/domain/src/approval); the services move them only
 * through `nextApplicationState` / `nextCaseState`. Time-driven work (补正 auto-acceptance, clock warnings, 容缺
 * deadlines) is done by sweeps over persisted due dates (see modules/approval-jobs), so it survives restarts.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { enterprises } from './enterprises.ts';
import { departments } from './organisations.ts';
import { projects } from './projects.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Uploaded file contents, stored once per content (content-addressed by SHA-256, SM3 kept too for 密评 evidence). The
 * media type is sniffed from the bytes, never taken from the name. Rows are never updated.
 */
export const storedFiles = pgTable('stored_files', {
  sha256: text('sha256').primaryKey(),
  sm3: text('sm3').notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  mediaType: text('media_type').notNull(),
  content: bytea('content').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const MATERIAL_SOURCES = ['applicant', 'department'] as const;
export type MaterialSource = (typeof MATERIAL_SOURCES)[number];

/**
 * The project's material package (材料包): every material provided once for the project, with provenance (who, when,
 * for which matters) and expiry. "两个不得": a later application attaches the current row instead of asking again.
 * Replacing a material sets `superseded_at` on the old row (history is kept).
 */
export const projectMaterials = pgTable(
  'project_materials',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    materialCode: text('material_code').notNull(),
    fileSha256: text('file_sha256')
      .notNull()
      .references(() => storedFiles.sha256),
    fileName: text('file_name').notNull(),
    source: text('source', { enum: MATERIAL_SOURCES }).notNull().default('applicant'),
    /** The matters it was provided for (provenance). */
    forMatterCodes: text('for_matter_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    applicationId: uuid('application_id'),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
    /** Expiry of the document itself (e.g. a survey valid one year); null = does not expire. */
    validUntil: date('valid_until'),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
  },
  (t) => [
    index('project_materials_project_idx').on(t.projectId, t.materialCode),
    uniqueIndex('project_materials_current_uq')
      .on(t.projectId, t.materialCode)
      .where(sql`${t.supersededAt} IS NULL`),
  ],
);

export const APPLICATION_STATUSES = [
  'draft',
  'submitted',
  'correctionRequested',
  'accepted',
  'rejected',
  'withdrawn',
  'completed',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** 受理方式: normal, 容缺受理 (tolerated gaps), 告知承诺 (on a written commitment). */
export const ACCEPTANCE_MODES = ['normal', 'tolerance', 'commitment'] as const;
export type AcceptanceMode = (typeof ACCEPTANCE_MODES)[number];

/** A stage application (一表申报): one form and one set of materials for the stage's applicable matters. */
export const stageApplications = pgTable(
  'stage_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    stageCode: text('stage_code').notNull(),
    /** The catalogue version the application (and its cases) follow for their whole life. */
    catalogueVersion: text('catalogue_version').notNull(),
    status: text('status', { enum: APPLICATION_STATUSES }).notNull().default('draft'),
    /** Project facts the applicant declared (newLand, eiaReportForm …) — they decide which matters apply. */
    facts: text('facts')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The one form: field code → value (each field asked once). */
    formData: jsonb('form_data').$type<Record<string, string | number | boolean | null>>().notNull().default({}),
    /** The applicable matters, fixed at submission. */
    matterCodes: text('matter_codes')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    regionCode: text('region_code').notNull(),
    acceptanceMode: text('acceptance_mode', { enum: ACCEPTANCE_MODES }),
    /** Credit green channel (priority in the window's inbox). */
    priority: boolean('priority').notNull().default(false),
    /** 收件日: the day of (re)submission; a 补正 notice is due within the configured working days from it. */
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedOn: date('submitted_on'),
    /** Last day for a 补正 notice (行政许可法 art.32); after it, the sweep deems the application accepted from receipt. */
    correctionDueOn: date('correction_due_on'),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    /** The day acceptance counts from (the receipt day when deemed accepted). */
    acceptedOn: date('accepted_on'),
    deemedAccepted: boolean('deemed_accepted').notNull().default(false),
    acceptedBy: uuid('accepted_by').references(() => users.id),
    receiptNumber: text('receipt_number'),
    rejectedAt: timestamp('rejected_at', { withTimezone: true }),
    rejectionReason: text('rejection_reason'),
    rejectedBy: uuid('rejected_by').references(() => users.id),
    /** 容缺: the day tolerated materials must be supplied by. */
    toleranceDueOn: date('tolerance_due_on'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One live application per project and stage; a rejected or withdrawn one may be followed by a new one.
    uniqueIndex('stage_applications_live_uq')
      .on(t.projectId, t.stageCode)
      .where(sql`${t.status} NOT IN ('rejected', 'withdrawn')`),
    uniqueIndex('stage_applications_receipt_uq').on(t.receiptNumber),
    index('stage_applications_inbox_idx').on(t.status, t.regionCode, t.priority, t.submittedAt),
    // The window's list (GET /api/window/applications) in its order — 绿色通道 first, then oldest submitted — over the
    // applications it can list (window.service.ts INBOX_STATUSES), walked with the region applied on the way instead
    // of sorting the region's applications for every page (migration 0025: a city's 290 → 2 ms at 1M projects). The
    // region is the last key (migration 0026), so that the walk tests it off the index alone, without a heap visit
    // per application passed: page 50 of a city passes 7,707 of them.
    index('stage_applications_window_order_idx')
      .on(t.priority.desc().nullsFirst(), t.submittedAt.asc().nullsLast(), t.id, t.regionCode)
      .where(sql`${t.status} IN ('submitted', 'correctionRequested', 'accepted', 'rejected')`),
    index('stage_applications_project_idx').on(t.projectId),
    index('stage_applications_correction_due_idx')
      .on(t.correctionDueOn)
      .where(sql`${t.status} = 'submitted'`),
  ],
);

export const MATERIAL_PROVISIONS = [
  'upload',
  'materialPackage',
  'licencePackage',
  'sameStageOutput',
  'commitment',
  'tolerated',
] as const;
export type MaterialProvisionKind = (typeof MATERIAL_PROVISIONS)[number];

export const APPLICATION_MATERIAL_STATUSES = ['provided', 'missing', 'tolerated', 'committed', 'pending'] as const;
export type ApplicationMaterialStatus = (typeof APPLICATION_MATERIAL_STATUSES)[number];

/** The application's one set of materials: each material once, with how it is provided. */
export const applicationMaterials = pgTable(
  'application_materials',
  {
    applicationId: uuid('application_id')
      .notNull()
      .references(() => stageApplications.id),
    materialCode: text('material_code').notNull(),
    provision: text('provision', { enum: MATERIAL_PROVISIONS }).notNull(),
    status: text('status', { enum: APPLICATION_MATERIAL_STATUSES }).notNull(),
    projectMaterialId: uuid('project_material_id').references(() => projectMaterials.id),
    licenceId: uuid('licence_id'),
    /** 告知承诺: the commitment text signed and when (国办发〔2020〕42号). */
    commitmentText: text('commitment_text'),
    committedAt: timestamp('committed_at', { withTimezone: true }),
    committedBy: uuid('committed_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.materialCode] })],
);

/** One item of a 补正 notice: a missing or wrong material or field, with the reason. */
export interface CorrectionItem {
  materialCode: string | null;
  fieldCode: string | null;
  problem: 'missing' | 'invalid';
  reason: string;
}

/** 一次性补正告知书: every missing or wrong item in one notice (行政许可法 art.32). */
export const correctionNotices = pgTable(
  'correction_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => stageApplications.id),
    items: jsonb('items').$type<CorrectionItem[]>().notNull(),
    issuedBy: uuid('issued_by')
      .notNull()
      .references(() => users.id),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    issuedOn: date('issued_on').notNull(),
    supplementedAt: timestamp('supplemented_at', { withTimezone: true }),
    supplementedOn: date('supplemented_on'),
  },
  (t) => [index('correction_notices_application_idx').on(t.applicationId, t.issuedAt)],
);

export const CASE_STATUSES = ['pending', 'inProgress', 'suspended', 'approved', 'denied'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const CLOCK_LEVELS = ['normal', 'yellow', 'red'] as const;
export type ClockLevelValue = (typeof CLOCK_LEVELS)[number];

/** The internal steps of the matter, copied from the catalogue version at dispatch. */
export interface CaseStepSnapshot {
  code: string;
  name: string;
  kind: 'undertake' | 'review' | 'issue';
  signMode: 'single' | 'countersign' | 'anySign';
  participants: string[];
}

/**
 * A case (办件): one matter of an accepted application, at one department. All cases of an application are created in
 * the acceptance transaction (parallel dispatch). `deadline`, `clock_level` and the clock figures are denormalised from
 * the ledger (`case_clock_entries`) on every append so inboxes can sort and filter; the ledger is the truth.
 */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseNumber: text('case_number').notNull(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => stageApplications.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    matterCode: text('matter_code').notNull(),
    matterName: text('matter_name').notNull(),
    departmentKind: text('department_kind').notNull(),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    status: text('status', { enum: CASE_STATUSES }).notNull(),
    currentStep: text('current_step').notNull(),
    steps: jsonb('steps').$type<CaseStepSnapshot[]>().notNull(),
    /** Same-stage matters whose results this case waits for. */
    dependsOn: text('depends_on')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    assigneeId: uuid('assignee_id').references(() => users.id),
    limitWorkingDays: integer('limit_working_days').notNull(),
    maxExtensionWorkingDays: integer('max_extension_working_days').notNull(),
    deadline: date('deadline'),
    clockRunning: boolean('clock_running').notNull().default(true),
    clockLevel: text('clock_level', { enum: CLOCK_LEVELS }).notNull().default('normal'),
    decision: text('decision', { enum: ['approved', 'denied'] }),
    decisionOpinion: text('decision_opinion'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decidedOn: date('decided_on'),
    decidedBy: uuid('decided_by').references(() => users.id),
    /** Commitment route: decided on the 告知承诺 (a verification task follows). */
    decidedOnCommitment: boolean('decided_on_commitment').notNull().default(false),
    urgeCount: integer('urge_count').notNull().default(0),
    lastUrgedAt: timestamp('last_urged_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('cases_application_matter_uq').on(t.applicationId, t.matterCode),
    uniqueIndex('cases_number_uq').on(t.caseNumber),
    index('cases_inbox_idx').on(t.departmentId, t.status, t.currentStep, t.deadline),
    // Case lists read in their order instead of sorted (migration 0024, at 5M cases): a department's 已办结, the
    // newest decisions first (280 → 2 ms for a department of 72,000 cases); a supervisor's region by deadline, walked
    // with the other filters applied on the way (a city 4.8 s → 2 ms, a county 0.9 s → 48 ms). The open cases' lists
    // are small and sorted off cases_inbox_idx.
    index('cases_department_decided_idx').on(t.departmentId, t.decidedAt.desc().nullsLast(), t.caseNumber),
    index('cases_deadline_idx').on(t.deadline, t.caseNumber),
    index('cases_project_idx').on(t.projectId),
    index('cases_open_deadline_idx')
      .on(t.deadline)
      .where(sql`${t.status} IN ('pending', 'inProgress', 'suspended')`),
    // The clock warning sweep (ADR 0007): only open cases whose level can still worsen or whose red is not yet
    // escalated, by level then deadline — so a pass reads the due ones by range, not every overdue case each minute.
    index('cases_warning_due_idx')
      .on(t.clockLevel, t.deadline)
      .where(
        sql`${t.status} IN ('pending', 'inProgress', 'suspended') AND (${t.clockLevel} <> 'red' OR ${t.escalatedAt} IS NULL)`,
      ),
    // The supervisor's warnings (GET /api/supervision/cases): the open cases of a level, counted per department by an
    // index-only scan (migration 0023: 512 → 11 ms at 5M cases). The migration adds statistics on (status,
    // clock_level) too, so that the planner knows how many open cases are yellow or red.
    index('cases_open_level_department_idx')
      .on(t.clockLevel, t.departmentId)
      .where(sql`${t.status} IN ('pending', 'inProgress', 'suspended')`),
  ],
);

export const CLOCK_ENTRY_KINDS_DB = ['start', 'stop', 'resume', 'extend'] as const;

/** The clock ledger: append-only (a trigger refuses UPDATE/DELETE), ordered by `seq` within a case. */
export const caseClockEntries = pgTable(
  'case_clock_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    seq: integer('seq').notNull(),
    kind: text('kind', { enum: CLOCK_ENTRY_KINDS_DB }).notNull(),
    date: date('date').notNull(),
    workingDays: integer('working_days'),
    reason: text('reason').notNull(),
    legalBasis: text('legal_basis').notNull(),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('case_clock_entries_seq_uq').on(t.caseId, t.seq)],
);

export const CASE_ACTION_KINDS = [
  'dispatched',
  'advance',
  'return',
  'transfer',
  'sign',
  'consult',
  'consultReply',
  'specialProcedureStart',
  'specialProcedureEnd',
  'extend',
  'approve',
  'deny',
  'dependencySatisfied',
  'dependencyFailed',
  'toleranceLapsed',
  'urge',
  'escalate',
  'warning',
] as const;
export type CaseActionKind = (typeof CASE_ACTION_KINDS)[number];

/** The case's history and opinions (办理意见), shown to staff and — without personal data — to the applicant. */
export const caseActions = pgTable(
  'case_actions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: CASE_ACTION_KINDS }).notNull(),
    fromStep: text('from_step'),
    toStep: text('to_step'),
    opinion: text('opinion'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    actorId: uuid('actor_id').references(() => users.id),
    actorDepartmentId: uuid('actor_department_id').references(() => departments.id),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('case_actions_case_idx').on(t.caseId, t.at)],
);

/** Special procedures that stop the clock (行政许可法 art.45): 专家评审, 听证, 检测, 现场踏勘, 公示, 委托评估. */
export const SPECIAL_PROCEDURE_KINDS = [
  'expertReview',
  'hearing',
  'testing',
  'siteInspection',
  'publicity',
  'commissionedEvaluation',
] as const;
export type SpecialProcedureKind = (typeof SPECIAL_PROCEDURE_KINDS)[number];

export const caseSpecialProcedures = pgTable(
  'case_special_procedures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    kind: text('kind', { enum: SPECIAL_PROCEDURE_KINDS }).notNull(),
    reason: text('reason').notNull(),
    /** The length the applicant is told in writing (art.45). */
    expectedWorkingDays: integer('expected_working_days').notNull(),
    startedOn: date('started_on').notNull(),
    startedBy: uuid('started_by')
      .notNull()
      .references(() => users.id),
    endedOn: date('ended_on'),
    result: text('result'),
  },
  (t) => [
    index('case_special_procedures_case_idx').on(t.caseId),
    uniqueIndex('case_special_procedures_open_uq')
      .on(t.caseId)
      .where(sql`${t.endedOn} IS NULL`),
  ],
);

/** 征求意见: a case asks another department's opinion. */
export const caseConsultations = pgTable(
  'case_consultations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    toDepartmentId: uuid('to_department_id')
      .notNull()
      .references(() => departments.id),
    question: text('question').notNull(),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    reply: text('reply'),
    repliedBy: uuid('replied_by').references(() => users.id),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
  },
  (t) => [
    index('case_consultations_case_idx').on(t.caseId),
    index('case_consultations_to_idx').on(t.toDepartmentId, t.repliedAt),
  ],
);

/** 会签 / 或签 signatures on a multi-party step (one per participating department kind and step). */
export const caseSignatures = pgTable(
  'case_signatures',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    stepCode: text('step_code').notNull(),
    departmentKind: text('department_kind').notNull(),
    signedBy: uuid('signed_by')
      .notNull()
      .references(() => users.id),
    opinion: text('opinion'),
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.stepCode, t.departmentKind] })],
);

/**
 * E-licences (电子证照) — the project's licence package. `canonical` is the exact signed text (domain
 * `canonicalLicenceData`), `signature` its SM2 signature (GB/T 32918 via sm-crypto-v2) under `public_key`; neither ever
 * changes. Revocation and extension are recorded beside it.
 */
export const licences = pgTable(
  'licences',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    number: text('number').notNull(),
    caseId: uuid('case_id').references(() => cases.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    licenceType: text('licence_type').notNull(),
    canonical: text('canonical').notNull(),
    signature: text('signature').notNull(),
    publicKey: text('public_key').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    issuedOn: date('issued_on').notNull(),
    validUntil: date('valid_until'),
    extensionsUsed: integer('extensions_used').notNull().default(0),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedOn: date('revoked_on'),
    revokedReason: text('revoked_reason'),
    revokedBy: uuid('revoked_by').references(() => users.id),
  },
  (t) => [
    uniqueIndex('licences_number_uq').on(t.number),
    uniqueIndex('licences_case_uq').on(t.caseId),
    index('licences_project_idx').on(t.projectId, t.licenceType),
    // 核准 documents nearing the end of their validity (条例673 art.12), for the construction sweep's reminder: only the
    // decisions that expire and are not revoked, so the index stays small beside the other licences (migration 0032).
    index('licences_decision_expiry_idx')
      .on(t.validUntil)
      .where(sql`${t.licenceType} = 'projectDecision' AND ${t.revokedAt} IS NULL AND ${t.validUntil} IS NOT NULL`),
  ],
);

/** Credit grades are data (DOMAIN.md §6: schemes differ [U]). */
export const creditGrades = pgTable(
  'credit_grades',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    scheme: text('scheme').notNull(),
    grade: text('grade').notNull(),
    source: text('source').notNull(),
    validUntil: date('valid_until'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('credit_grades_enterprise_idx').on(t.enterpriseId)],
);

export const VERIFICATION_METHODS = ['document', 'online', 'onSite', 'publicity'] as const;
export const VERIFICATION_STATUSES = ['open', 'passed', 'failed'] as const;

/** 告知承诺 后续核查 (国办发〔2020〕42号): one task per committed material; a false commitment revokes the decision. */
export const verificationTasks = pgTable(
  'verification_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => stageApplications.id),
    caseId: uuid('case_id').references(() => cases.id),
    materialCode: text('material_code').notNull(),
    method: text('method', { enum: VERIFICATION_METHODS }).notNull().default('document'),
    dueOn: date('due_on').notNull(),
    status: text('status', { enum: VERIFICATION_STATUSES }).notNull().default('open'),
    result: text('result'),
    checkedBy: uuid('checked_by').references(() => users.id),
    checkedAt: timestamp('checked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('verification_tasks_open_idx').on(t.status, t.dueOn)],
);

/** In-app notices addressed to a user. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    titleEn: text('title_en').notNull(),
    body: text('body').notNull(),
    bodyEn: text('body_en').notNull(),
    /** Web path to open, e.g. `/projects/…` or `/department/cases/…`. */
    link: text('link'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt)],
);

export const OUTBOX_CHANNELS = ['sms', 'email'] as const;
export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;

/** SMS / e-mail outbox, written in the same transaction as the event; a dispatcher delivers through the channel. */
export const notificationOutbox = pgTable(
  'notification_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    notificationId: uuid('notification_id').references(() => notifications.id),
    channel: text('channel', { enum: OUTBOX_CHANNELS }).notNull(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    index('notification_outbox_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'pending'`),
    check('notification_outbox_attempts', sql`${t.attempts} >= 0`),
  ],
);
