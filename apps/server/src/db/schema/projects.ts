import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { enterprises } from './enterprises.ts';
import { regions } from './organisations.ts';

/** 审批 (government investment) / 核准 (in the 核准目录) / 备案 (the rest). DOMAIN.md §3. */
export const PROCEDURES = ['approval', 'ratification', 'filing'] as const;
export type Procedure = (typeof PROCEDURES)[number];

export const PROJECT_STATUSES = ['draft', 'coded', 'filed', 'voided'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** Project type `TT` of the current code, in the order of the standard (DOMAIN.md §2, values [U] → data-like list). */
export const PROJECT_TYPES = ['01', '02', '03', '04', '05'] as const;
export type ProjectType = (typeof PROJECT_TYPES)[number];

export const INVESTMENT_NATURES = ['government', 'enterprise'] as const;
export type InvestmentNature = (typeof INVESTMENT_NATURES)[number];

/** 省重点 / 市重点 / PPP / 民间投资推介. */
export const PROJECT_FLAGS = ['provincialKey', 'municipalKey', 'ppp', 'privateInvestmentPromotion'] as const;
export type ProjectFlag = (typeof PROJECT_FLAGS)[number];

export const FUND_SOURCE_KINDS = ['fiscal', 'selfRaised', 'bankLoan', 'other'] as const;
export type FundSourceKind = (typeof FUND_SOURCE_KINDS)[number];
export interface FundSource {
  kind: FundSourceKind;
  /** 万元, two decimals. */
  amount: number;
}

/**
 * Projects (DOMAIN.md §3 information items). A draft may be incomplete; submission checks completeness and issues the
 * code (赋码). `code` is unique; every issued code is also kept in `project_codes`, whose rows are never deleted, so a
 * voided code can never be issued again.
 */
export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    regionCode: text('region_code').references(() => regions.code),
    address: text('address'),
    scaleAndContent: text('scale_and_content'),
    /** 总投资（万元）. */
    totalInvestment: numeric('total_investment', { precision: 14, scale: 2 }),
    fundSources: jsonb('fund_sources').$type<FundSource[]>().notNull().default([]),
    plannedStart: date('planned_start'),
    plannedEnd: date('planned_end'),
    /** GB/T 4754-2017: 门类 letter + 2–4 digits (大类/中类/小类), e.g. E4710. */
    industryCode: text('industry_code'),
    projectType: text('project_type', { enum: PROJECT_TYPES }),
    investmentNature: text('investment_nature', { enum: INVESTMENT_NATURES }),
    flags: text('flags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** 备案: the enterprise states the project complies with industrial policy (条例673 art.13, item 4). */
    industrialPolicyStatement: boolean('industrial_policy_statement').notNull().default(false),
    procedure: text('procedure', { enum: PROCEDURES }),
    procedureReason: text('procedure_reason'),
    status: text('status', { enum: PROJECT_STATUSES }).notNull().default('draft'),
    code: text('code'),
    codedAt: timestamp('coded_at', { withTimezone: true }),
    filedAt: timestamp('filed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('projects_code_uq').on(t.code),
    // 我的项目 (GET /api/projects): an owner's projects, most recently changed first, read in that order per enterprise
    // and per creating account and merged (migration 0027; they replaced the plain enterprise_id and created_by indexes,
    // whose every other use they serve with the same leading column).
    index('projects_owner_enterprise_idx').on(t.enterpriseId, t.updatedAt.desc().nullsFirst(), t.id),
    index('projects_owner_creator_idx').on(t.createdBy, t.updatedAt.desc().nullsFirst(), t.id),
    // Staff search (GET /api/projects/search): code and industry prefixes (LIKE 'x%' needs text_pattern_ops), flags
    // containment, and the filter/sort columns. Every index here is paid for on each insert and on the 赋码 update
    // (which changes indexed columns, so it is never a HOT update): migration 0014 dropped the ones the search did
    // not need — the region index (the partial region index below serves every region filter), the 3-valued
    // procedure index, the pg_trgm name index (the bigram index serves every q; dropping it alone gave register + 赋码
    // +20 % throughput).
    index('projects_code_prefix_idx').on(sql`${t.code} text_pattern_ops`),
    index('projects_industry_prefix_idx').on(sql`${t.industryCode} text_pattern_ops`),
    index('projects_flags_gin_idx').using('gin', t.flags),
    index('projects_status_created_idx').on(t.status, t.createdAt),
    // 公示 (GET /api/public/filings): filed projects newest first; walks this and stops after the page (migration 0015).
    index('projects_public_filed_idx')
      .on(t.filedAt.desc().nullsFirst(), t.id)
      .where(sql`${t.status} = 'filed'`),
    // 公示 of one region: its filed projects newest first, read in order; a region subtree merges its regions' (migration
    // 0021). Walking the index above and testing the region passed every other region's newer filings first: 842 ms
    // at 1M for a county whose filings were older than the others'.
    index('projects_public_region_filed_idx')
      .on(t.regionCode, t.filedAt.desc().nullsFirst(), t.id)
      .where(sql`${t.status} = 'filed'`),
    // Issue 6 (search over 1M projects, migration 0012). Drafts are never searched, so the search indexes are partial.
    // The default order (newest first) walks this one and stops after the page; the capped count reads it too.
    index('projects_search_created_idx')
      .on(t.createdAt.desc().nullsFirst(), t.id)
      .where(sql`${t.status} <> 'draft'`),
    // Region subtree filter (`region_code = ANY(codes)`): one county in order, and index-only capped counts.
    index('projects_search_region_created_idx')
      .on(t.regionCode, t.createdAt.desc().nullsFirst(), t.id)
      .where(sql`${t.status} <> 'draft'`),
    // Largest investment first (and investment ranges): walks this and stops after the page (migration 0014).
    index('projects_search_investment_idx')
      .on(sql`${t.totalInvestment} DESC NULLS LAST`, t.id)
      .where(sql`${t.status} <> 'draft'`),
    // Name substring `q`: a GIN over the name's lower-cased character pairs (project_name_bigrams(), migrations 0012, 0019);
    // a name containing q contains each of q's pairs. pg_trgm has no trigram for a two-character q (光伏).
    index('projects_name_bigram_idx').using('gin', sql`project_name_bigrams(${t.name})`),
    check('projects_total_investment_positive', sql`${t.totalInvestment} IS NULL OR ${t.totalInvestment} > 0`),
    check(
      'projects_planned_dates_ordered',
      sql`${t.plannedStart} IS NULL OR ${t.plannedEnd} IS NULL OR ${t.plannedEnd} >= ${t.plannedStart}`,
    ),
    // A draft has no code, a coded or filed project has one; a voided project keeps its code if it had one.
    check('projects_code_when_coded', sql`${t.status} = 'voided' OR (${t.status} = 'draft') = (${t.code} IS NULL)`),
  ],
);

/**
 * Every project code ever issued here (or, later, received from the upstream platform). Rows are never deleted: the
 * primary key is what guarantees that a code, once issued — even if its project is voided — is never issued again.
 */
export const projectCodes = pgTable(
  'project_codes',
  {
    code: text('code').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    issuer: text('issuer').notNull(),
    status: text('status', { enum: ['active', 'voided'] })
      .notNull()
      .default('active'),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
  },
  (t) => [index('project_codes_project_idx').on(t.projectId)],
);

/**
 * 《政府核准的投资项目目录》 as editable data: an enterprise project whose GB/T 4754 industry code starts with one of these
 * prefixes is suggested 核准 instead of 备案. The real catalogue also has scale thresholds; `description` states them for
 * the applicant, the match itself is by industry (a suggestion, not a decision).
 */
export const ratificationCatalogue = pgTable('ratification_catalogue', {
  id: uuid('id').primaryKey().defaultRandom(),
  industryPrefix: text('industry_prefix').notNull().unique(),
  category: text('category').notNull(),
  description: text('description').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const PROJECT_CHANGE_KINDS = ['change', 'void'] as const;
export type ProjectChangeKind = (typeof PROJECT_CHANGE_KINDS)[number];
export const PROJECT_CHANGE_STATUSES = ['applied', 'pending', 'rejected'] as const;
export type ProjectChangeStatus = (typeof PROJECT_CHANGE_STATUSES)[number];

/** One changed field of a 项目信息变更: values as the API shows them (numbers in 万元, arrays, ISO dates). */
export interface ProjectFieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * 项目信息变更 and 撤销 (条例673 art.14: changes to 备案 information must be reported; major changes of a 核准/审批 project
 * go to the deciding department). A change of a filed 备案 project is applied at once ('applied'); a change of a coded
 * 审批/核准 project waits for the deciding department ('pending' → 'applied' | 'rejected', decided_by/decided_at). A void
 * is applied at once. Rows are never deleted: they are the project's history of before/after per field.
 */
export const projectChanges = pgTable(
  'project_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    kind: text('kind', { enum: PROJECT_CHANGE_KINDS }).notNull(),
    status: text('status', { enum: PROJECT_CHANGE_STATUSES }).notNull(),
    reason: text('reason').notNull(),
    changes: jsonb('changes').$type<ProjectFieldChange[]>().notNull().default([]),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('project_changes_project_idx').on(t.projectId, t.requestedAt),
    index('project_changes_pending_idx')
      .on(t.status)
      .where(sql`${t.status} = 'pending'`),
  ],
);
