import { and, desc, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { inRegionSubtree } from '../../db/region-subtree.ts';
import {
  enterprises,
  financingNeeds,
  financingOffers,
  licences,
  loanProducts,
  projectConstruction,
  projects,
  regions,
  users,
} from '../../db/schema/index.ts';

type Reader = Db | Tx;
export type ProductRow = typeof loanProducts.$inferSelect;
export type NeedRow = typeof financingNeeds.$inferSelect;
export type OfferRow = typeof financingOffers.$inferSelect;

// ── Products ─────────────────────────────────────────────────────────────────────────────────────────────────────────

export async function insertProduct(tx: Tx, row: typeof loanProducts.$inferInsert): Promise<ProductRow> {
  const [inserted] = await tx.insert(loanProducts).values(row).returning();
  return inserted!;
}

export async function findProduct(db: Reader, id: string): Promise<ProductRow | undefined> {
  const [row] = await db.select().from(loanProducts).where(eq(loanProducts.id, id));
  return row;
}

export async function withdrawProduct(tx: Tx, id: string, at: Date): Promise<ProductRow | undefined> {
  const [row] = await tx
    .update(loanProducts)
    .set({ status: 'withdrawn', updatedAt: at })
    .where(and(eq(loanProducts.id, id), eq(loanProducts.status, 'active')))
    .returning();
  return row;
}

/** A bank's own products, newest first. */
export async function listBankProducts(db: Reader, bankUserId: string) {
  return db
    .select({ product: loanProducts, bankName: users.displayName })
    .from(loanProducts)
    .innerJoin(users, eq(users.id, loanProducts.bankUserId))
    .where(eq(loanProducts.bankUserId, bankUserId))
    .orderBy(desc(loanProducts.createdAt));
}

/** Active products, newest first; with `industry` (门类 letter) only those serving it (or every industry). */
export async function listActiveProducts(db: Reader, industry: string | null, limit: number) {
  return db
    .select({ product: loanProducts, bankName: users.displayName })
    .from(loanProducts)
    .innerJoin(users, eq(users.id, loanProducts.bankUserId))
    .where(
      and(
        eq(loanProducts.status, 'active'),
        industry
          ? or(sql`cardinality(${loanProducts.industries}) = 0`, sql`${industry} = ANY(${loanProducts.industries})`)
          : undefined,
      ),
    )
    .orderBy(desc(loanProducts.createdAt))
    .limit(limit);
}

// ── Needs ────────────────────────────────────────────────────────────────────────────────────────────────────────────

export async function insertNeed(tx: Tx, row: typeof financingNeeds.$inferInsert): Promise<NeedRow> {
  const [inserted] = await tx.insert(financingNeeds).values(row).returning();
  return inserted!;
}

export async function lockNeed(tx: Tx, id: string): Promise<NeedRow | undefined> {
  const [row] = await tx.select().from(financingNeeds).where(eq(financingNeeds.id, id)).for('update');
  return row;
}

export async function findNeed(db: Reader, id: string): Promise<NeedRow | undefined> {
  const [row] = await db.select().from(financingNeeds).where(eq(financingNeeds.id, id));
  return row;
}

export async function updateNeedStatus(tx: Tx, id: string, status: NeedRow['status'], at: Date): Promise<void> {
  await tx.update(financingNeeds).set({ status, updatedAt: at }).where(eq(financingNeeds.id, id));
}

export async function listProjectNeeds(db: Reader, projectId: string): Promise<NeedRow[]> {
  return db
    .select()
    .from(financingNeeds)
    .where(eq(financingNeeds.projectId, projectId))
    .orderBy(desc(financingNeeds.createdAt));
}

/**
 * Open needs of a region subtree, newest first, with what the unit consented to share about its project: its name,
 * code, industry, region, total investment, procedure and status, and how far construction went.
 */
export async function listOpenNeedsInScope(
  db: Reader,
  regionPath: string,
  filter: { industry?: string | undefined; maxAmount?: number | undefined },
  page: { limit: number; offset: number },
) {
  const where = and(
    eq(financingNeeds.status, 'open'),
    inRegionSubtree(regionPath),
    filter.industry ? sql`${projects.industryCode} LIKE ${`${filter.industry}%`}` : undefined,
    filter.maxAmount !== undefined ? sql`${financingNeeds.amount} <= ${filter.maxAmount}` : undefined,
  );
  const rows = db
    .select({
      need: financingNeeds,
      projectName: projects.name,
      projectCode: projects.code,
      projectStatus: projects.status,
      procedure: projects.procedure,
      industryCode: projects.industryCode,
      totalInvestment: projects.totalInvestment,
      regionName: regions.name,
      constructionStatus: projectConstruction.status,
      percentComplete: projectConstruction.percentComplete,
    })
    .from(financingNeeds)
    .innerJoin(regions, eq(regions.code, financingNeeds.regionCode))
    .innerJoin(projects, eq(projects.id, financingNeeds.projectId))
    .leftJoin(projectConstruction, eq(projectConstruction.projectId, financingNeeds.projectId))
    .where(where)
    .orderBy(desc(financingNeeds.createdAt), desc(financingNeeds.id))
    .limit(page.limit)
    .offset(page.offset);
  const count = db
    .select({ n: sql<number>`count(*)::int` })
    .from(financingNeeds)
    .innerJoin(regions, eq(regions.code, financingNeeds.regionCode))
    .innerJoin(projects, eq(projects.id, financingNeeds.projectId))
    .where(where);
  const [items, [total]] = await Promise.all([rows, count]);
  return { items, total: total?.n ?? 0 };
}

/** The unrevoked licence types the projects hold (for the consented approval status). */
export async function heldLicenceTypes(db: Reader, projectIds: string[]) {
  if (projectIds.length === 0) return [];
  return db
    .selectDistinct({ projectId: licences.projectId, licenceType: licences.licenceType })
    .from(licences)
    .where(and(inArray(licences.projectId, projectIds), isNull(licences.revokedAt)));
}

// ── Offers ───────────────────────────────────────────────────────────────────────────────────────────────────────────

export async function insertOffer(tx: Tx, row: typeof financingOffers.$inferInsert): Promise<OfferRow> {
  const [inserted] = await tx.insert(financingOffers).values(row).returning();
  return inserted!;
}

export async function findLiveOffer(db: Reader, needId: string, bankUserId: string) {
  const [row] = await db
    .select()
    .from(financingOffers)
    .where(
      and(
        eq(financingOffers.needId, needId),
        eq(financingOffers.bankUserId, bankUserId),
        inArray(financingOffers.status, ['offered', 'accepted']),
      ),
    );
  return row;
}

export async function findOffer(db: Reader, id: string): Promise<OfferRow | undefined> {
  const [row] = await db.select().from(financingOffers).where(eq(financingOffers.id, id));
  return row;
}

export async function lockOffer(tx: Tx, id: string): Promise<OfferRow | undefined> {
  const [row] = await tx.select().from(financingOffers).where(eq(financingOffers.id, id)).for('update');
  return row;
}

export async function decideOffer(tx: Tx, id: string, status: 'accepted' | 'declined', at: Date): Promise<void> {
  await tx.update(financingOffers).set({ status, decidedAt: at }).where(eq(financingOffers.id, id));
}

/** Declines every open offer of a need but `exceptId` (the accepted one; null when the need is closed). */
export async function declineOpenOffers(tx: Tx, needId: string, exceptId: string | null, at: Date) {
  return tx
    .update(financingOffers)
    .set({ status: 'declined', decidedAt: at })
    .where(
      and(
        eq(financingOffers.needId, needId),
        exceptId ? ne(financingOffers.id, exceptId) : undefined,
        eq(financingOffers.status, 'offered'),
      ),
    )
    .returning({ id: financingOffers.id, bankUserId: financingOffers.bankUserId });
}

/** The offers of some needs, with the bank's name. */
export async function listOffersOfNeeds(db: Reader, needIds: string[]) {
  if (needIds.length === 0) return [];
  return db
    .select({ offer: financingOffers, bankName: users.displayName, productName: loanProducts.name })
    .from(financingOffers)
    .innerJoin(users, eq(users.id, financingOffers.bankUserId))
    .leftJoin(loanProducts, eq(loanProducts.id, financingOffers.productId))
    .where(inArray(financingOffers.needId, needIds))
    .orderBy(desc(financingOffers.createdAt));
}

/** A bank's offers on some needs (its own answers shown beside each need). */
export async function listBankOffersOn(db: Reader, bankUserId: string, needIds: string[]) {
  if (needIds.length === 0) return [];
  return db
    .select()
    .from(financingOffers)
    .where(and(eq(financingOffers.bankUserId, bankUserId), inArray(financingOffers.needId, needIds)));
}

/** A bank's offers, newest first, with the need, its project and — the unit's name and contact person — its enterprise. */
export async function listBankOffers(db: Reader, bankUserId: string) {
  return db
    .select({
      offer: financingOffers,
      needAmount: financingNeeds.amount,
      needStatus: financingNeeds.status,
      projectName: projects.name,
      projectCode: projects.code,
      enterpriseName: enterprises.name,
      contactName: enterprises.contactName,
    })
    .from(financingOffers)
    .innerJoin(financingNeeds, eq(financingNeeds.id, financingOffers.needId))
    .innerJoin(projects, eq(projects.id, financingNeeds.projectId))
    .innerJoin(enterprises, eq(enterprises.id, financingNeeds.enterpriseId))
    .where(eq(financingOffers.bankUserId, bankUserId))
    .orderBy(desc(financingOffers.createdAt))
    .limit(500);
}
