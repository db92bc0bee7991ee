import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Regions: GB/T 2260 administrative divisions plus platform-assigned functional zones (e.g. 330354 温州生态园).
 * DOMAIN.md §2: the project code's region segment may be a functional zone, so codes are validated against this table,
 * never against GB/T 2260 alone. `path` holds the ancestor codes joined by '/', so a data-scope check is a prefix match.
 */
export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    parentCode: text('parent_code'),
    level: text('level', { enum: ['province', 'city', 'county', 'zone'] }).notNull(),
    path: text('path').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('regions_parent_idx').on(t.parentCode), index('regions_path_idx').on(sql`${t.path} text_pattern_ops`)],
);

/** Departments of a region (发改, 自然资源和规划, 住建 …). `kind` is the functional type, shared across regions. */
export const departments = pgTable(
  'departments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('departments_region_code_uq').on(t.regionCode, t.code)],
);
