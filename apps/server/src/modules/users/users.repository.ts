import { and, count, desc, eq, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { departments, regions, users, type Role } from '../../db/schema/index.ts';
import { containsText } from '../../lib/text-contains.ts';

export type UserRow = typeof users.$inferSelect;

const userWithNames = {
  user: users,
  regionName: regions.name,
  departmentName: departments.name,
};

export async function findUsers(
  db: Db,
  filter: { regionPath: string; q?: string | undefined; role?: Role | undefined },
  page: { limit: number; offset: number },
) {
  const conditions: SQL[] = [or(eq(regions.path, filter.regionPath), like(regions.path, `${filter.regionPath}/%`))!];
  if (filter.role) conditions.push(eq(users.role, filter.role));
  if (filter.q) {
    conditions.push(or(containsText(users.username, filter.q), containsText(users.displayName, filter.q))!);
  }
  const where = and(...conditions);
  const rows = await db
    .select(userWithNames)
    .from(users)
    .innerJoin(regions, eq(regions.code, users.regionCode))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(where)
    .orderBy(desc(users.createdAt), users.username)
    .limit(page.limit)
    .offset(page.offset);
  const [total] = await db
    .select({ n: count() })
    .from(users)
    .innerJoin(regions, eq(regions.code, users.regionCode))
    .where(where);
  return { rows, total: total?.n ?? 0 };
}

export async function findUserWithNames(db: Db | Tx, id: string) {
  const [row] = await db
    .select({ ...userWithNames, regionPath: regions.path })
    .from(users)
    .innerJoin(regions, eq(regions.code, users.regionCode))
    .leftJoin(departments, eq(departments.id, users.departmentId))
    .where(eq(users.id, id));
  return row;
}

/** When an account was last active: its last sign-in (or its opening) or its last change, whichever is later. */
const lastActive = sql`GREATEST(COALESCE(${users.lastLoginAt}, ${users.createdAt}), ${users.updatedAt})`;

const inactiveSince = (roles: readonly Role[], before: Date) =>
  and(
    eq(users.status, 'active'),
    inArray(users.role, [...roles]),
    sql`${lastActive} < ${before.toISOString()}::timestamptz`,
  );

/** Active accounts of `roles` not active since `before` (a read: the sweep then disables each in its own transaction). */
export async function findInactiveUsers(db: Db, roles: readonly Role[], before: Date) {
  return db.select({ id: users.id }).from(users).where(inactiveSince(roles, before));
}

/** Disables the account if it is still inactive (it may have signed in since it was found); its row as it was, or none. */
export async function disableIfInactive(tx: Tx, id: string, roles: readonly Role[], before: Date, at: Date) {
  const [row] = await tx
    .update(users)
    .set({ status: 'disabled', updatedAt: at })
    .where(and(eq(users.id, id), inactiveSince(roles, before)))
    .returning({ id: users.id, lastLoginAt: users.lastLoginAt });
  return row;
}

export async function insertUser(tx: Tx, row: typeof users.$inferInsert): Promise<UserRow> {
  const [created] = await tx.insert(users).values(row).returning();
  if (!created) throw new Error('user insert returned nothing');
  return created;
}

export async function updateUser(tx: Tx, id: string, patch: Partial<typeof users.$inferInsert>): Promise<void> {
  await tx.update(users).set(patch).where(eq(users.id, id));
}

/** Usernames are unique case-insensitively (users_username_lower_uq), so they are looked up the same way. */
export async function findUserByUsername(db: Db | Tx, username: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.username}) = lower(${username})`)
    .limit(1);
  return row;
}

export async function hasAnyUser(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).limit(1);
  return row !== undefined;
}

/** Active supervisors whose scope (region subtree) covers the region at `regionPath`. */
export async function findSupervisorIdsCovering(db: Db | Tx, regionPath: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(eq(users.role, 'supervisor'), eq(users.status, 'active'), inArray(users.regionCode, regionPath.split('/'))),
    );
  return rows.map((r) => r.id);
}
