import type { Catalogue } from '@yiwang/domain';
import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './accounts.ts';

/**
 * draft → published → retired. Exactly one version is `published` at a time (the current one, a partial unique index);
 * publishing a draft retires the previous current version in the same transaction. Published and retired versions are
 * immutable (the service refuses edits with 409 CATALOGUE_NOT_DRAFT, and a trigger refuses any UPDATE other than
 * published → retired and any DELETE of a non-draft), so a case that started under a version can always read it back.
 */
export const CATALOGUE_VERSION_STATUSES = ['draft', 'published', 'retired'] as const;
export type CatalogueVersionStatus = (typeof CATALOGUE_VERSION_STATUSES)[number];

/** Versions of the matter catalogue (事项目录): `data` is the whole domain {@link Catalogue}, its `version` = the row's. */
export const catalogueVersions = pgTable(
  'catalogue_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    version: text('version').notNull(),
    status: text('status', { enum: CATALOGUE_VERSION_STATUSES }).notNull().default('draft'),
    data: jsonb('data').$type<Catalogue>().notNull(),
    note: text('note'),
    /** Null for the default version seeded by the system at first start. */
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    publishedBy: uuid('published_by').references(() => users.id),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('catalogue_versions_version_uq').on(t.version),
    uniqueIndex('catalogue_versions_one_published_uq')
      .on(t.status)
      .where(sql`${t.status} = 'published'`),
    index('catalogue_versions_created_idx').on(t.createdAt),
    check('catalogue_versions_published_at', sql`(${t.status} = 'draft') = (${t.publishedAt} IS NULL)`),
  ],
);
