import { desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { catalogueVersions } from '../../db/schema/index.ts';

export type CatalogueVersionRow = typeof catalogueVersions.$inferSelect;

const summaryColumns = {
  id: catalogueVersions.id,
  version: catalogueVersions.version,
  status: catalogueVersions.status,
  note: catalogueVersions.note,
  createdAt: catalogueVersions.createdAt,
  publishedAt: catalogueVersions.publishedAt,
  stages: sql<number>`jsonb_array_length(${catalogueVersions.data} -> 'stages')`.mapWith(Number),
  matters: sql<number>`jsonb_array_length(${catalogueVersions.data} -> 'matters')`.mapWith(Number),
  materials: sql<number>`jsonb_array_length(${catalogueVersions.data} -> 'materials')`.mapWith(Number),
};

/** Every version, newest first, without the (large) data — counts only. */
export async function findVersionSummaries(db: Db | Tx) {
  return db.select(summaryColumns).from(catalogueVersions).orderBy(desc(catalogueVersions.createdAt));
}

export async function findVersion(db: Db | Tx, id: string): Promise<CatalogueVersionRow | undefined> {
  const [row] = await db.select().from(catalogueVersions).where(eq(catalogueVersions.id, id));
  return row;
}

/** The row locked for the rest of the transaction (edits and publication of one draft serialise). */
export async function lockVersion(tx: Tx, id: string): Promise<CatalogueVersionRow | undefined> {
  const [row] = await tx.select().from(catalogueVersions).where(eq(catalogueVersions.id, id)).for('update');
  return row;
}

export async function findVersionByLabel(db: Db | Tx, version: string): Promise<CatalogueVersionRow | undefined> {
  const [row] = await db.select().from(catalogueVersions).where(eq(catalogueVersions.version, version));
  return row;
}

/** The current version: the one published (a partial unique index keeps it to one). */
export async function findCurrent(db: Db | Tx): Promise<CatalogueVersionRow | undefined> {
  const [row] = await db.select().from(catalogueVersions).where(eq(catalogueVersions.status, 'published'));
  return row;
}

/** The current version's id, label and status only (cheap: no data), to find its immutable data in the cache. */
export async function findCurrentHeader(db: Db | Tx) {
  const [row] = await db
    .select({ id: catalogueVersions.id, version: catalogueVersions.version, status: catalogueVersions.status })
    .from(catalogueVersions)
    .where(eq(catalogueVersions.status, 'published'));
  return row;
}

/** A version's id and status by label (cheap: no data). */
export async function findHeaderByLabel(db: Db | Tx, version: string) {
  const [row] = await db
    .select({ id: catalogueVersions.id, version: catalogueVersions.version, status: catalogueVersions.status })
    .from(catalogueVersions)
    .where(eq(catalogueVersions.version, version));
  return row;
}

export async function findData(db: Db | Tx, id: string) {
  const [row] = await db
    .select({ data: catalogueVersions.data })
    .from(catalogueVersions)
    .where(eq(catalogueVersions.id, id));
  return row?.data;
}

export async function countVersions(db: Db | Tx): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(catalogueVersions);
  return row?.n ?? 0;
}

export async function insertVersion(tx: Tx, row: typeof catalogueVersions.$inferInsert): Promise<CatalogueVersionRow> {
  const [inserted] = await tx.insert(catalogueVersions).values(row).returning();
  if (!inserted) throw new Error('catalogue version insert returned nothing');
  return inserted;
}

export async function updateVersion(
  tx: Tx,
  id: string,
  set: Partial<typeof catalogueVersions.$inferInsert>,
): Promise<CatalogueVersionRow> {
  const [updated] = await tx.update(catalogueVersions).set(set).where(eq(catalogueVersions.id, id)).returning();
  if (!updated) throw new Error('catalogue version update returned nothing');
  return updated;
}

/** Serialises publications (and the first-start seed) across app nodes. */
export async function lockCataloguePublication(tx: Tx): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('yiwang.catalogue_versions.publish'))`);
}
