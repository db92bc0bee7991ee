import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { inRegionSubtree } from '../../db/region-subtree.ts';
import {
  investmentDisbursements,
  investmentPlanItems,
  investmentPlans,
  projects,
  regions,
} from '../../db/schema/index.ts';

type Reader = Db | Tx;
export type PlanRow = typeof investmentPlans.$inferSelect;
export type ItemRow = typeof investmentPlanItems.$inferSelect;

export async function insertPlan(tx: Tx, row: typeof investmentPlans.$inferInsert): Promise<PlanRow> {
  const [inserted] = await tx.insert(investmentPlans).values(row).returning();
  return inserted!;
}

export async function findPlan(db: Reader, id: string): Promise<PlanRow | undefined> {
  const [row] = await db.select().from(investmentPlans).where(eq(investmentPlans.id, id));
  return row;
}

/** A plan with its region's name. */
export async function findPlanWithRegion(db: Reader, id: string) {
  const [row] = await db
    .select({ plan: investmentPlans, regionName: regions.name })
    .from(investmentPlans)
    .innerJoin(regions, eq(regions.code, investmentPlans.regionCode))
    .where(eq(investmentPlans.id, id));
  return row;
}

export async function lockPlan(tx: Tx, id: string): Promise<PlanRow | undefined> {
  const [row] = await tx.select().from(investmentPlans).where(eq(investmentPlans.id, id)).for('update');
  return row;
}

export async function findPlanOfYear(db: Reader, regionCode: string, year: number) {
  const [row] = await db
    .select()
    .from(investmentPlans)
    .where(and(eq(investmentPlans.regionCode, regionCode), eq(investmentPlans.year, year)));
  return row;
}

export async function publishPlan(tx: Tx, id: string, at: Date): Promise<void> {
  await tx.update(investmentPlans).set({ status: 'published', publishedAt: at }).where(eq(investmentPlans.id, id));
}

/** The plans of a region subtree, newest year first, with their region's name. */
export async function listPlans(db: Reader, regionPath: string) {
  return db
    .select({ plan: investmentPlans, regionName: regions.name })
    .from(investmentPlans)
    .innerJoin(regions, eq(regions.code, investmentPlans.regionCode))
    .where(inRegionSubtree(regionPath))
    .orderBy(desc(investmentPlans.year), asc(regions.path));
}

export async function insertItem(tx: Tx, row: typeof investmentPlanItems.$inferInsert): Promise<ItemRow> {
  const [inserted] = await tx.insert(investmentPlanItems).values(row).returning();
  return inserted!;
}

export async function findItemLine(tx: Tx, planId: string, projectId: string, fundSource: ItemRow['fundSource']) {
  const [row] = await tx
    .select({ id: investmentPlanItems.id })
    .from(investmentPlanItems)
    .where(
      and(
        eq(investmentPlanItems.planId, planId),
        eq(investmentPlanItems.projectId, projectId),
        eq(investmentPlanItems.fundSource, fundSource),
      ),
    );
  return row;
}

export async function lockItem(tx: Tx, id: string): Promise<ItemRow | undefined> {
  const [row] = await tx.select().from(investmentPlanItems).where(eq(investmentPlanItems.id, id)).for('update');
  return row;
}

export async function findItem(db: Reader, id: string): Promise<ItemRow | undefined> {
  const [row] = await db.select().from(investmentPlanItems).where(eq(investmentPlanItems.id, id));
  return row;
}

/** What was paid on a line so far (万元, text). */
export async function paidOnItem(db: Reader, itemId: string): Promise<string> {
  const [row] = await db
    .select({ paid: sql<string>`coalesce(sum(${investmentDisbursements.amount}), 0)::text` })
    .from(investmentDisbursements)
    .where(eq(investmentDisbursements.itemId, itemId));
  return row?.paid ?? '0';
}

export async function insertDisbursement(tx: Tx, row: typeof investmentDisbursements.$inferInsert) {
  const [inserted] = await tx.insert(investmentDisbursements).values(row).returning();
  return inserted!;
}

/** A plan's lines with their project and what was paid on each. */
export async function listItems(db: Reader, planId: string) {
  return db
    .select({
      item: investmentPlanItems,
      projectName: projects.name,
      projectCode: projects.code,
      totalInvestment: projects.totalInvestment,
      paid: sql<string>`(SELECT coalesce(sum(d.amount), 0)::text FROM ${investmentDisbursements} d WHERE d.item_id = ${investmentPlanItems.id})`,
      lastPaidOn: sql<
        string | null
      >`(SELECT max(d.paid_on)::text FROM ${investmentDisbursements} d WHERE d.item_id = ${investmentPlanItems.id})`,
    })
    .from(investmentPlanItems)
    .innerJoin(projects, eq(projects.id, investmentPlanItems.projectId))
    .where(eq(investmentPlanItems.planId, planId))
    .orderBy(asc(investmentPlanItems.createdAt), asc(investmentPlanItems.id));
}

/** A project by its code, for adding it to a plan. */
export async function findProjectByCode(db: Reader, code: string) {
  const [row] = await db
    .select({
      id: projects.id,
      name: projects.name,
      status: projects.status,
      regionCode: projects.regionCode,
      investmentNature: projects.investmentNature,
    })
    .from(projects)
    .where(eq(projects.code, code));
  return row;
}
