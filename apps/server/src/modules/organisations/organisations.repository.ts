import { asc, eq, like, or } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { departments, regions } from '../../db/schema/index.ts';

export type RegionRow = typeof regions.$inferSelect;
export type DepartmentRow = typeof departments.$inferSelect;

export async function findRegions(db: Db): Promise<RegionRow[]> {
  return db.select().from(regions).orderBy(asc(regions.path));
}

export async function findRegion(db: Db | Tx, code: string): Promise<RegionRow | undefined> {
  const [row] = await db.select().from(regions).where(eq(regions.code, code));
  return row;
}

export async function insertRegion(tx: Tx, row: typeof regions.$inferInsert): Promise<RegionRow> {
  const [created] = await tx.insert(regions).values(row).returning();
  if (!created) throw new Error('region insert returned nothing');
  return created;
}

export async function findDepartments(
  db: Db,
  regionPath?: string,
): Promise<(DepartmentRow & { regionName: string })[]> {
  const query = db
    .select({
      id: departments.id,
      code: departments.code,
      name: departments.name,
      kind: departments.kind,
      regionCode: departments.regionCode,
      createdAt: departments.createdAt,
      regionName: regions.name,
    })
    .from(departments)
    .innerJoin(regions, eq(regions.code, departments.regionCode));
  const filtered = regionPath
    ? query.where(or(eq(regions.path, regionPath), like(regions.path, `${regionPath}/%`)))
    : query;
  return filtered.orderBy(asc(regions.path), asc(departments.code));
}

export async function findDepartment(db: Db | Tx, id: string): Promise<DepartmentRow | undefined> {
  const [row] = await db.select().from(departments).where(eq(departments.id, id));
  return row;
}

export async function insertDepartment(tx: Tx, row: typeof departments.$inferInsert): Promise<DepartmentRow> {
  const [created] = await tx.insert(departments).values(row).returning();
  if (!created) throw new Error('department insert returned nothing');
  return created;
}
