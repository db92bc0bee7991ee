/**
 * Site photos of the construction reports (DOMAIN.md §7: reports "with photos"): uploaded one by one before the report,
 * then attached to it in the report's transaction (construction.service submitReport); read by the project's owners and
 * staff in scope (ADR 0010).
 */
import type { Actor } from '../../lib/actor.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { AppError } from '../../lib/app-error.ts';
import { runAuditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import { checkUpload, cleanFileName, readStoredFile, storeFile } from '../files/files.service.ts';
import { loadVisibleProject } from '../projects/projects.service.ts';
import { ruleViolated } from './construction.service.ts';
import * as repo from './construction.repository.ts';

/** At most this many photos per report. */
export const MAX_PHOTOS = 9;

export interface PhotoView {
  id: string;
  fileName: string;
  sizeBytes: number;
  mediaType: string;
}

/**
 * Stores one site photo for a report still to be sent (owners of a project with a code). Only PNG and JPEG: the type
 * is sniffed from the bytes (415 otherwise), the size bounded by UPLOAD_MAX_BYTES (413); nothing is stored on refusal.
 */
export async function uploadPhoto(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  projectId: string,
  input: { fileName: string; content: Buffer | undefined },
): Promise<PhotoView> {
  const { project } = await loadVisibleProject(ctx, actor, projectId);
  if (project.status !== 'coded' && project.status !== 'filed') {
    throw ruleViolated('项目尚未赋码或已撤销，不能报送建设情况', 'The project has no code or was withdrawn');
  }
  const file = checkUpload(ctx, input.content);
  if (file.mediaType !== 'image/png' && file.mediaType !== 'image/jpeg') {
    throw new AppError('FILE_TYPE_REFUSED', {
      message: '现场照片只接受 PNG、JPEG 格式',
      messageEn: 'Site photos must be PNG or JPEG',
    });
  }
  const fileName = cleanFileName(input.fileName) || 'photo';
  const photo = await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    await storeFile(tx, ctx, file);
    const row = await repo.insertPhoto(tx, {
      projectId,
      fileSha256: file.sha256,
      fileName,
      uploadedBy: actor.id,
      uploadedAt: ctx.clock.now(),
    });
    await recordAudit({
      action: 'file.uploaded',
      targetType: 'construction_photo',
      targetId: row.id,
      after: { projectId, fileName, sha256: file.sha256, sm3: file.sm3, sizeBytes: file.sizeBytes },
    });
    return row;
  });
  return { id: photo.id, fileName, sizeBytes: file.sizeBytes, mediaType: file.mediaType };
}

/** A site photo: its project's owners and staff in scope (404 otherwise, as for the project). */
export async function downloadPhoto(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ fileName: string; mediaType: string; content: Buffer }> {
  const photo = await repo.findPhoto(ctx.db, id);
  if (!photo) throw new AppError('NOT_FOUND');
  await loadVisibleProject(ctx, actor, photo.projectId);
  const file = await readStoredFile(ctx.db, photo.fileSha256);
  if (!file) throw new AppError('NOT_FOUND');
  return { fileName: photo.fileName, mediaType: file.mediaType, content: file.content };
}

/** A figure must not fall below an earlier period's nor rise above a later one's (cumulative figures). */
