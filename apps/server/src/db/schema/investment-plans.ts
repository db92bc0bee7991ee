import { sql } from 'drizzle-orm';
import { check, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { regions } from './organisations.ts';
import { projects } from './projects.ts';

/**
 * 政府投资年度计划 (PRODUCT 9; 条例712 ch.4, 政府投资年度计划: government investment is arranged in annual plans, with fund sources,
 * and paid according to them): a region's plan for a year lists its government-investment projects with the amount
 * planned per fund source; payments are recorded against each line, giving the execution rate.
 */
export const PLAN_STATUSES = ['draft', 'published'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];
/** 中央预算内 / 省级 / 市县本级 / 地方政府专项债券 / 其他. */
export const PLAN_FUND_SOURCES = ['central', 'provincial', 'local', 'specialBond', 'other'] as const;
export type PlanFundSource = (typeof PLAN_FUND_SOURCES)[number];

export const investmentPlans = pgTable(
  'investment_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    year: integer('year').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: PLAN_STATUSES }).notNull().default('draft'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('investment_plans_region_year_uq').on(t.regionCode, t.year)],
);

export const investmentPlanItems = pgTable(
  'investment_plan_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => investmentPlans.id),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    fundSource: text('fund_source', { enum: PLAN_FUND_SOURCES }).notNull(),
    /** 万元. */
    plannedAmount: numeric('planned_amount', { precision: 14, scale: 2 }).notNull(),
    /** 初步设计概算（万元）, when approved: compared with the 可研 estimate (the project's total investment). */
    approvedBudget: numeric('approved_budget', { precision: 14, scale: 2 }),
    note: text('note').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('investment_plan_items_line_uq').on(t.planId, t.projectId, t.fundSource),
    index('investment_plan_items_project_idx').on(t.projectId),
    check('investment_plan_items_amount', sql`${t.plannedAmount} > 0`),
  ],
);

export const investmentDisbursements = pgTable(
  'investment_disbursements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => investmentPlanItems.id),
    paidOn: date('paid_on').notNull(),
    amount: numeric('amount', { precision: 14, scale: 2 }).notNull(),
    note: text('note').notNull(),
    recordedBy: uuid('recorded_by')
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('investment_disbursements_item_idx').on(t.itemId, t.paidOn),
    check('investment_disbursements_amount', sql`${t.amount} > 0`),
  ],
);
