/**
 * Files and the project's material package (材料包). An upload is checked before anything is stored: size (the route's
 * body limit, UPLOAD_MAX_BYTES) and type, sniffed from the first bytes — never from the name or the Content-Type, which
 * the client controls. Contents are stored once per SHA-256 (SM3 kept beside it for 密评 evidence). A material provided
 * for a project is kept in its package with provenance, so a later application attaches it instead of asking again
 * ("两个不得", DOMAIN.md §9).
 */
import crypto from 'node:crypto';
import type { Db, Tx } from '../../db/database.ts';
import type { Actor } from '../../lib/actor.ts';
import { AppError } from '../../lib/app-error.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { loadVisibleProject } from '../projects/projects.service.ts';
import * as repo from './files.repository.ts';

/** The accepted types: PDF, OFD (GB/T 33190, a ZIP container), PNG and JPEG. */
export type SniffedMediaType = 'application/pdf' | 'application/ofd' | 'image/png' | 'image/jpeg';

const SIGNATURES: { mediaType: SniffedMediaType; magic: number[] }[] = [
  { mediaType: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { mediaType: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { mediaType: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { mediaType: 'application/ofd', magic: [0x50, 0x4b, 0x03, 0x04] }, // PK\x03\x04: OFD is a ZIP package
];

/** The media type the bytes really are, or null when they are none of the accepted types. */
export function sniffMediaType(content: Uint8Array): SniffedMediaType | null {
  for (const { mediaType, magic } of SIGNATURES) {
    if (content.length >= magic.length && magic.every((byte, i) => content[i] === byte)) return mediaType;
  }
  return null;
}

export interface CheckedFile {
  content: Buffer;
  sha256: string;
  sm3: string;
  sizeBytes: number;
  mediaType: SniffedMediaType;
}

/**
 * Checks an uploaded body: not empty, within the limit (413 FILE_TOO_LARGE), an accepted type by content (415
 * FILE_TYPE_REFUSED). Pure: nothing is stored, so a refused file leaves no trace.
 */
export function checkUpload(ctx: AppContext, content: Buffer | undefined): CheckedFile {
  if (!content || content.length === 0) {
    throw AppError.invalidField('body', '上传的文件为空', 'the uploaded file is empty');
  }
  if (content.length > ctx.config.uploadMaxBytes) throw fileTooLarge(ctx.config.uploadMaxBytes);
  const mediaType = sniffMediaType(content);
  if (!mediaType) throw new AppError('FILE_TYPE_REFUSED');
  return {
    content,
    sha256: crypto.createHash('sha256').update(content).digest('hex'),
    sm3: crypto.createHash('sm3').update(content).digest('hex'),
    sizeBytes: content.length,
    mediaType,
  };
}

export function fileTooLarge(limit: number): AppError {
  const mb = (limit / 1024 / 1024).toFixed(limit % (1024 * 1024) === 0 ? 0 : 1);
  return new AppError('FILE_TOO_LARGE', {
    message: `文件超过大小限制（最大 ${mb} MB）`,
    messageEn: `The file exceeds the size limit (${mb} MB)`,
  });
}

/** The file name as shown and downloaded: path parts and control characters removed, at most 200 characters. */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[/\\]/).at(-1) ?? '';
  const CONTROL_OR_QUOTE = /[\p{Cc}"]/gu;
  return base.replace(CONTROL_OR_QUOTE, '').trim().slice(0, 200);
}

export interface ProjectMaterialView {
  projectMaterialId: string;
  materialCode: string;
  fileName: string;
  sizeBytes: number;
  mediaType: string;
  sha256: string;
  uploadedAt: string;
  validUntil: string | null;
  forMatterCodes: string[];
  applicationId: string | null;
}

function toView(row: { material: repo.ProjectMaterialRow; sizeBytes: number; mediaType: string }): ProjectMaterialView {
  const m = row.material;
  return {
    projectMaterialId: m.id,
    materialCode: m.materialCode,
    fileName: m.fileName,
    sizeBytes: row.sizeBytes,
    mediaType: row.mediaType,
    sha256: m.fileSha256,
    uploadedAt: m.uploadedAt.toISOString(),
    validUntil: m.validUntil,
    forMatterCodes: m.forMatterCodes,
    applicationId: m.applicationId,
  };
}

/** Stores a checked file's content once (content-addressed: a second upload of the same bytes stores nothing new). */
export async function storeFile(tx: Tx, ctx: AppContext, file: CheckedFile): Promise<void> {
  await repo.insertStoredFile(tx, {
    sha256: file.sha256,
    sm3: file.sm3,
    sizeBytes: file.sizeBytes,
    mediaType: file.mediaType,
    content: file.content,
    createdAt: ctx.clock.now(),
  });
}

/** A stored file's type and content (for a module that keeps its own reference to it, e.g. a site photo). */
export async function readStoredFile(db: Db | Tx, sha256: string) {
  return repo.findStoredFile(db, sha256);
}

/**
 * Stores a checked file and makes it the project's current material `materialCode`, superseding the previous one
 * (kept as history). Runs in the caller's transaction; the caller records the audit entries.
 */
export async function provideProjectMaterial(
  tx: Tx,
  ctx: AppContext,
  input: {
    projectId: string;
    materialCode: string;
    file: CheckedFile;
    fileName: string;
    uploadedBy: string;
    forMatterCodes: string[];
    applicationId: string | null;
  },
): Promise<ProjectMaterialView> {
  const now = ctx.clock.now();
  await storeFile(tx, ctx, input.file);
  await repo.supersedeCurrent(tx, input.projectId, input.materialCode, now);
  const row = await repo.insertProjectMaterial(tx, {
    projectId: input.projectId,
    materialCode: input.materialCode,
    fileSha256: input.file.sha256,
    fileName: input.fileName,
    source: 'applicant',
    forMatterCodes: input.forMatterCodes,
    applicationId: input.applicationId,
    uploadedBy: input.uploadedBy,
    uploadedAt: now,
  });
  return toView({ material: row, sizeBytes: input.file.sizeBytes, mediaType: input.file.mediaType });
}

/** The project's material package on `today` (current, unexpired rows), one per material code. */
export async function listMaterialPackage(
  db: Db | Tx,
  projectId: string,
  today: string,
): Promise<ProjectMaterialView[]> {
  return (await repo.findCurrentMaterials(db, projectId, today)).map(toView);
}

export async function getProjectMaterials(db: Db | Tx, ids: string[]): Promise<ProjectMaterialView[]> {
  return (await repo.findMaterialsByIds(db, ids)).map(toView);
}

/** Download of a material file: its project's owners and staff in scope (404 otherwise, as for the project). */
export async function downloadProjectMaterial(
  ctx: AppContext,
  actor: Actor,
  id: string,
): Promise<{ fileName: string; mediaType: string; content: Buffer }> {
  const row = await repo.findMaterialWithContent(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND');
  await loadVisibleProject(ctx, actor, row.material.projectId);
  return { fileName: row.material.fileName, mediaType: row.mediaType, content: row.content };
}
