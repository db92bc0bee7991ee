import { and, eq, gte, inArray, isNull, or } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';
import { projectMaterials, storedFiles } from '../../db/schema/index.ts';

export type ProjectMaterialRow = typeof projectMaterials.$inferSelect;

/** Content-addressed: the same bytes uploaded twice are stored once (the primary key is the SHA-256). */
export async function insertStoredFile(tx: Tx, row: typeof storedFiles.$inferInsert): Promise<void> {
  await tx.insert(storedFiles).values(row).onConflictDoNothing({ target: storedFiles.sha256 });
}

/** Marks the current row of a project's material superseded (history is kept). */
export async function supersedeCurrent(tx: Tx, projectId: string, materialCode: string, at: Date): Promise<void> {
  await tx
    .update(projectMaterials)
    .set({ supersededAt: at })
    .where(
      and(
        eq(projectMaterials.projectId, projectId),
        eq(projectMaterials.materialCode, materialCode),
        isNull(projectMaterials.supersededAt),
      ),
    );
}

export async function insertProjectMaterial(
  tx: Tx,
  row: typeof projectMaterials.$inferInsert,
): Promise<ProjectMaterialRow> {
  const [inserted] = await tx.insert(projectMaterials).values(row).returning();
  return inserted!;
}

const fileColumns = {
  material: projectMaterials,
  sizeBytes: storedFiles.sizeBytes,
  mediaType: storedFiles.mediaType,
};

/** The project's material package: current (not superseded) rows that have not expired on `today`. */
export async function findCurrentMaterials(db: Db | Tx, projectId: string, today: string) {
  return db
    .select(fileColumns)
    .from(projectMaterials)
    .innerJoin(storedFiles, eq(storedFiles.sha256, projectMaterials.fileSha256))
    .where(
      and(
        eq(projectMaterials.projectId, projectId),
        isNull(projectMaterials.supersededAt),
        or(isNull(projectMaterials.validUntil), gte(projectMaterials.validUntil, today)),
      ),
    );
}

export async function findMaterialsByIds(db: Db | Tx, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select(fileColumns)
    .from(projectMaterials)
    .innerJoin(storedFiles, eq(storedFiles.sha256, projectMaterials.fileSha256))
    .where(inArray(projectMaterials.id, ids));
}

export async function findMaterialWithContent(db: Db | Tx, id: string) {
  const [row] = await db
    .select({ material: projectMaterials, mediaType: storedFiles.mediaType, content: storedFiles.content })
    .from(projectMaterials)
    .innerJoin(storedFiles, eq(storedFiles.sha256, projectMaterials.fileSha256))
    .where(eq(projectMaterials.id, id));
  return row;
}

export async function findStoredFile(db: Db | Tx, sha256: string) {
  const [row] = await db
    .select({ mediaType: storedFiles.mediaType, content: storedFiles.content, sizeBytes: storedFiles.sizeBytes })
    .from(storedFiles)
    .where(eq(storedFiles.sha256, sha256));
  return row;
}
