import { sql } from 'drizzle-orm';
import { check, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { enterprises } from './enterprises.ts';
import { projects } from './projects.ts';

/**
 * 金融广场 (PRODUCT 11): banks publish loan products, project units publish financing needs with their consent to share
 * the project's approval status, banks answer with offers, the unit accepts one.
 */
export const LOAN_PRODUCT_CATEGORIES = ['projectLoan', 'workingCapital', 'greenCredit', 'techCredit', 'other'] as const;
export type LoanProductCategory = (typeof LOAN_PRODUCT_CATEGORIES)[number];
export const LOAN_PRODUCT_STATUSES = ['active', 'withdrawn'] as const;
export const FINANCING_NEED_STATUSES = ['open', 'matched', 'closed'] as const;
export type FinancingNeedStatus = (typeof FINANCING_NEED_STATUSES)[number];
export const FINANCING_OFFER_STATUSES = ['offered', 'accepted', 'declined'] as const;
export type FinancingOfferStatus = (typeof FINANCING_OFFER_STATUSES)[number];

export const loanProducts = pgTable(
  'loan_products',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The bank account (a branch) that publishes it. */
    bankUserId: uuid('bank_user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    /** Classified from the name and description when published (finance.service classifyProduct). */
    category: text('category', { enum: LOAN_PRODUCT_CATEGORIES }).notNull(),
    /** 万元. */
    minAmount: numeric('min_amount', { precision: 14, scale: 2 }).notNull(),
    maxAmount: numeric('max_amount', { precision: 14, scale: 2 }).notNull(),
    maxTermMonths: integer('max_term_months').notNull(),
    /** As the bank states it, e.g. "LPR+0.35%" or "3.2%–4.1%". */
    rateText: text('rate_text').notNull(),
    /** GB/T 4754 门类 letters it serves; empty: every industry. */
    industries: text('industries')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    description: text('description').notNull(),
    status: text('status', { enum: LOAN_PRODUCT_STATUSES }).notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('loan_products_bank_idx').on(t.bankUserId, t.createdAt),
    index('loan_products_active_idx')
      .on(t.createdAt)
      .where(sql`${t.status} = 'active'`),
    check('loan_products_amounts', sql`${t.minAmount} > 0 AND ${t.maxAmount} >= ${t.minAmount}`),
  ],
);

export const financingNeeds = pgTable(
  'financing_needs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    enterpriseId: uuid('enterprise_id')
      .notNull()
      .references(() => enterprises.id),
    /** Copied from the project: banks see the needs of their region subtree. */
    regionCode: text('region_code').notNull(),
    amount: numeric('amount', { precision: 14, scale: 2 }).notNull(),
    termMonths: integer('term_months').notNull(),
    purpose: text('purpose').notNull(),
    /** When the unit agreed that banks may see the project's approval status with the need (its consent). */
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: FINANCING_NEED_STATUSES }).notNull().default('open'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('financing_needs_project_idx').on(t.projectId, t.createdAt),
    index('financing_needs_open_idx')
      .on(t.regionCode, t.createdAt)
      .where(sql`${t.status} = 'open'`),
    check('financing_needs_amount', sql`${t.amount} > 0`),
  ],
);

export const financingOffers = pgTable(
  'financing_offers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    needId: uuid('need_id')
      .notNull()
      .references(() => financingNeeds.id),
    bankUserId: uuid('bank_user_id')
      .notNull()
      .references(() => users.id),
    productId: uuid('product_id').references(() => loanProducts.id),
    amount: numeric('amount', { precision: 14, scale: 2 }).notNull(),
    termMonths: integer('term_months').notNull(),
    rateText: text('rate_text').notNull(),
    message: text('message').notNull(),
    status: text('status', { enum: FINANCING_OFFER_STATUSES }).notNull().default('offered'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('financing_offers_need_idx').on(t.needId),
    index('financing_offers_bank_idx').on(t.bankUserId, t.createdAt),
    // One live offer per bank and need.
    uniqueIndex('financing_offers_live_uq')
      .on(t.needId, t.bankUserId)
      .where(sql`${t.status} IN ('offered', 'accepted')`),
    check('financing_offers_amount', sql`${t.amount} > 0`),
  ],
);
