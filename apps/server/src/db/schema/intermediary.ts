import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';
import { projects } from './projects.ts';

/**
 * 中介超市 (PRODUCT 12): agencies list the technical services the approval stages need (环评, 能评, 测绘 …), a project unit
 * engages one for its project, the agency accepts and delivers, the unit rates the work.
 */
export const INTERMEDIARY_SERVICE_TYPES = [
  'eia',
  'energy',
  'surveying',
  'soilConservation',
  'safety',
  'costConsulting',
  'design',
  'supervision',
  'feasibility',
  'other',
] as const;
export type IntermediaryServiceType = (typeof INTERMEDIARY_SERVICE_TYPES)[number];
export const INTERMEDIARY_SERVICE_STATUSES = ['active', 'withdrawn'] as const;
export const ENGAGEMENT_STATUSES = ['requested', 'accepted', 'declined', 'completed'] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];

export const intermediaryServices = pgTable(
  'intermediary_services',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyUserId: uuid('agency_user_id')
      .notNull()
      .references(() => users.id),
    serviceType: text('service_type', { enum: INTERMEDIARY_SERVICE_TYPES }).notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    /** As the agency states it, e.g. "按投资额 0.1%" or "2 万元起". */
    priceText: text('price_text').notNull(),
    /** The working days it promises to deliver in. */
    promisedDays: integer('promised_days').notNull(),
    status: text('status', { enum: INTERMEDIARY_SERVICE_STATUSES }).notNull().default('active'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('intermediary_services_agency_idx').on(t.agencyUserId, t.createdAt),
    index('intermediary_services_active_idx')
      .on(t.serviceType, t.createdAt)
      .where(sql`${t.status} = 'active'`),
  ],
);

export const intermediaryEngagements = pgTable(
  'intermediary_engagements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => intermediaryServices.id),
    agencyUserId: uuid('agency_user_id')
      .notNull()
      .references(() => users.id),
    note: text('note').notNull(),
    status: text('status', { enum: ENGAGEMENT_STATUSES }).notNull().default('requested'),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** The agency's words on acceptance, refusal or delivery. */
    agencyNote: text('agency_note'),
    /** The unit's evaluation, 1–5, once the work is delivered. */
    rating: integer('rating'),
    review: text('review'),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
  },
  (t) => [
    index('intermediary_engagements_project_idx').on(t.projectId, t.requestedAt),
    index('intermediary_engagements_agency_idx').on(t.agencyUserId, t.requestedAt),
    index('intermediary_engagements_service_idx').on(t.serviceId),
    check('intermediary_engagements_rating', sql`${t.rating} IS NULL OR ${t.rating} BETWEEN 1 AND 5`),
    check('intermediary_engagements_rated_when_completed', sql`${t.rating} IS NULL OR ${t.status} = 'completed'`),
  ],
);
