import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { licences, storedFiles } from './approval.ts';
import { projects } from './projects.ts';

/**
 * 事中事后监管 (DOMAIN.md §7): the project unit reports 开工, 建设进度, 停工 / 复工 and 竣工 through the platform
 * (条例673 art.16 for enterprise projects, 条例712 art.27 for government investment, 发改委令2018年第14号).
 */
export const CONSTRUCTION_REPORT_KINDS = ['start', 'progress', 'suspension', 'resumption', 'completion'] as const;
export type ConstructionReportKind = (typeof CONSTRUCTION_REPORT_KINDS)[number];

/** 现场核查 or 在线核查 (DOMAIN.md §7: supervisors combine online monitoring with on-site checks). */
export const INSPECTION_METHODS = ['onSite', 'online'] as const;
export type InspectionMethod = (typeof INSPECTION_METHODS)[number];
export const INSPECTION_RESULTS = ['compliant', 'issuesFound'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

export const CONSTRUCTION_STATUSES = ['underConstruction', 'suspended', 'completed'] as const;
export type ConstructionStatus = (typeof CONSTRUCTION_STATUSES)[number];

/**
 * What the platform found when a report came in, against the licences the project held that day (体外循环 signals,
 * DOMAIN.md §7: "construction reported with no 核准/备案"). Kept with the report: what was true then stays readable.
 */
export const CONSTRUCTION_FINDINGS = [
  /** 开工 with no 备案 / 核准 / 可研批复 held (条例673 arts.13, 18; 条例712 art.11). */
  'noProjectDecision',
  /** 开工 after the 核准 document's validity ended (条例673 art.12: start within 2 years, else it lapses). */
  'projectDecisionExpired',
  /** 开工 with no valid 施工许可证 (建筑法 art.7), unless an application declared the project small works. */
  'noConstructionPermit',
  /** 开工 more than 3 months after the permit with no extension (建筑法 art.9: the permit lapses). */
  'constructionPermitExpired',
  /**
   * Completed investment above the project's total investment by more than 10 % (cf. 条例712 art.12: a 概算 over the
   * 可研 estimate by more than 10 % is reported).
   */
  'investmentOverrun',
] as const;
export type ConstructionFinding = (typeof CONSTRUCTION_FINDINGS)[number];

/** Every report as submitted; rows are never updated or deleted (a mistake is corrected by the next report). */
export const constructionReports = pgTable(
  'construction_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    kind: text('kind', { enum: CONSTRUCTION_REPORT_KINDS }).notNull(),
    /** The day the event happened (开工日, 停工日 …); for 进度, the last day of the period reported on. */
    occurredOn: date('occurred_on').notNull(),
    /** 进度: the period reported on, first and last day (CONSTRUCTION_PROGRESS_INTERVAL at the time of the report). */
    periodStart: date('period_start'),
    periodEnd: date('period_end'),
    /** 形象进度 (%), 0–100. */
    percentComplete: integer('percent_complete'),
    /** 累计完成投资（万元）. */
    investmentToDate: numeric('investment_to_date', { precision: 14, scale: 2 }),
    description: text('description').notNull(),
    findings: text('findings')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    reportedBy: uuid('reported_by')
      .notNull()
      .references(() => users.id),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('construction_reports_project_idx').on(t.projectId, t.reportedAt),
    // One 开工 and one 竣工 per project; one progress report per period.
    uniqueIndex('construction_reports_once_uq')
      .on(t.projectId, t.kind)
      .where(sql`${t.kind} IN ('start', 'completion')`),
    uniqueIndex('construction_reports_period_uq')
      .on(t.projectId, t.periodEnd)
      .where(sql`${t.kind} = 'progress'`),
    check(
      'construction_reports_percent_range',
      sql`${t.percentComplete} IS NULL OR ${t.percentComplete} BETWEEN 0 AND 100`,
    ),
    check(
      'construction_reports_period_when_progress',
      sql`(${t.kind} = 'progress') = (${t.periodStart} IS NOT NULL AND ${t.periodEnd} IS NOT NULL)`,
    ),
  ],
);

/**
 * One row per project that reported 开工: where its construction stands, kept in the report's transaction. The
 * supervisor's list (建设监管) reads this, not the reports; its region is copied so the list is one index range.
 */
export const projectConstruction = pgTable(
  'project_construction',
  {
    projectId: uuid('project_id')
      .primaryKey()
      .references(() => projects.id),
    regionCode: text('region_code').notNull(),
    status: text('status', { enum: CONSTRUCTION_STATUSES }).notNull(),
    startedOn: date('started_on').notNull(),
    completedOn: date('completed_on'),
    /** The last day of the latest period with a progress report (null: none yet). */
    lastProgressPeriodEnd: date('last_progress_period_end'),
    percentComplete: integer('percent_complete'),
    investmentToDate: numeric('investment_to_date', { precision: 14, scale: 2 }),
    /** Every finding of every report so far (distinct). */
    findings: text('findings')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** The period end the last reminder / overdue notice was sent for: each is sent once (the sweep is idempotent). */
    remindedPeriodEnd: date('reminded_period_end'),
    overdueNotifiedPeriodEnd: date('overdue_notified_period_end'),
    /** The latest supervisor's check (核查): its day and result, for the list. */
    lastInspectedOn: date('last_inspected_on'),
    lastInspectionResult: text('last_inspection_result', { enum: INSPECTION_RESULTS }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    // The counts of a region (a county's rows by region, bitmap) and the region subtree's join.
    index('project_construction_region_idx').on(t.regionCode, t.status),
    // The list, most recently changed first: walked in order and filtered by region, it stops after the page (92k
    // started projects: 33 ms with a sort → 0.5 ms for the province, 2.5 ms for a county of 786).
    index('project_construction_updated_idx').on(t.updatedAt.desc().nullsFirst(), t.projectId),
  ],
);

/**
 * Site photos (DOMAIN.md §7: reports "with photos"). Uploaded one by one before the report is sent, then attached to it
 * (`report_id`); a photo belongs to one project and one report at most. The content is in `stored_files`.
 */
export const constructionPhotos = pgTable(
  'construction_photos',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    reportId: uuid('report_id').references(() => constructionReports.id),
    fileSha256: text('file_sha256')
      .notNull()
      .references(() => storedFiles.sha256),
    fileName: text('file_name').notNull(),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('construction_photos_project_idx').on(t.projectId, t.reportId)],
);

/**
 * A supervisor's check of a project in construction (事中事后监管 核查, "谁审批谁监管"; 发改委令2018年第14号): how, what was
 * found, and — when problems were found — the day by which the unit must put them right (整改期限). Never updated.
 */
export const constructionInspections = pgTable(
  'construction_inspections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    inspectedOn: date('inspected_on').notNull(),
    method: text('method', { enum: INSPECTION_METHODS }).notNull(),
    result: text('result', { enum: INSPECTION_RESULTS }).notNull(),
    opinion: text('opinion').notNull(),
    rectificationDue: date('rectification_due'),
    inspectorId: uuid('inspector_id')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('construction_inspections_project_idx').on(t.projectId, t.inspectedOn),
    check(
      'construction_inspections_rectification_when_issues',
      sql`${t.rectificationDue} IS NULL OR ${t.result} = 'issuesFound'`,
    ),
  ],
);

/**
 * 核准 documents whose holder was reminded that construction must start within their validity (条例673 art.12): one row
 * per licence and validity end, so a reminder is sent once, and again after an extension moved the end.
 */
export const decisionExpiryReminders = pgTable(
  'decision_expiry_reminders',
  {
    licenceId: uuid('licence_id')
      .notNull()
      .references(() => licences.id),
    validUntil: date('valid_until').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.licenceId, t.validUntil] })],
);
