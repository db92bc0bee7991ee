/**
 * 中介超市 (PRODUCT 12): agencies list the technical services the approval stages need; a project unit engages one for
 * its project; the agency accepts or declines, and delivers; the unit rates the delivered work (1–5), and the ratings
 * are shown beside the service to every unit choosing. Every change is one audited transaction with the other side's
 * notice in it.
 */
import type { IntermediaryServiceType } from '../../db/schema/index.ts';
import type { Actor } from '../../lib/actor.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { AppError } from '../../lib/app-error.ts';
import { runAuditedTransaction, type AuditContext } from '../audit/audit.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { applicantSideUserIds, loadOwnedProject } from '../projects/projects.service.ts';
import * as repo from './intermediary.repository.ts';

// ── Views ────────────────────────────────────────────────────────────────────────────────────────────────────────────

export interface ServiceView {
  id: string;
  agencyName: string;
  serviceType: IntermediaryServiceType;
  name: string;
  description: string;
  priceText: string;
  promisedDays: number;
  status: 'active' | 'withdrawn';
  /** Average of the units' ratings (1–5), null before the first. */
  averageRating: number | null;
  ratedCount: number;
  createdAt: string;
}

function serviceView(row: Awaited<ReturnType<typeof repo.listActiveServices>>[number]): ServiceView {
  const s = row.service;
  return {
    id: s.id,
    agencyName: row.agencyName,
    serviceType: s.serviceType,
    name: s.name,
    description: s.description,
    priceText: s.priceText,
    promisedDays: s.promisedDays,
    status: s.status,
    averageRating: row.averageRating === null ? null : Number(row.averageRating),
    ratedCount: row.ratedCount,
    createdAt: s.createdAt.toISOString(),
  };
}

export interface EngagementView {
  id: string;
  projectId: string;
  projectName: string;
  projectCode: string | null;
  serviceName: string;
  serviceType: IntermediaryServiceType;
  promisedDays: number;
  agencyName: string;
  note: string;
  status: 'requested' | 'accepted' | 'declined' | 'completed';
  agencyNote: string | null;
  requestedAt: string;
  respondedAt: string | null;
  completedAt: string | null;
  rating: number | null;
  review: string | null;
}

function engagementView(row: Awaited<ReturnType<typeof repo.listProjectEngagements>>[number]): EngagementView {
  const e = row.engagement;
  return {
    id: e.id,
    projectId: e.projectId,
    projectName: row.projectName,
    projectCode: row.projectCode,
    serviceName: row.serviceName,
    serviceType: row.serviceType,
    promisedDays: row.promisedDays,
    agencyName: row.agencyName,
    note: e.note,
    status: e.status,
    agencyNote: e.agencyNote,
    requestedAt: e.requestedAt.toISOString(),
    respondedAt: e.respondedAt?.toISOString() ?? null,
    completedAt: e.completedAt?.toISOString() ?? null,
    rating: e.rating,
    review: e.review,
  };
}

const conflict = (message: string, messageEn: string) => new AppError('CONFLICT', { message, messageEn });

// ── Agency: services ─────────────────────────────────────────────────────────────────────────────────────────────────

export interface ServiceInput {
  serviceType: IntermediaryServiceType;
  name: string;
  description: string;
  priceText: string;
  promisedDays: number;
}

export async function publishService(ctx: AppContext, actor: Actor, audit: AuditContext, input: ServiceInput) {
  const name = input.name.trim();
  const priceText = input.priceText.trim();
  const problems = [
    ...(name ? [] : [{ field: 'name', message: '请填写服务名称', messageEn: 'name is required' }]),
    ...(priceText ? [] : [{ field: 'priceText', message: '请填写收费说明', messageEn: 'priceText is required' }]),
  ];
  if (problems.length) throw new AppError('VALIDATION_FAILED', { fields: problems });
  const now = ctx.clock.now();
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const row = await repo.insertService(tx, {
      agencyUserId: actor.id,
      serviceType: input.serviceType,
      name,
      description: input.description.trim(),
      priceText,
      promisedDays: input.promisedDays,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit({
      action: 'intermediary.service_published',
      targetType: 'intermediary_service',
      targetId: row.id,
      after: { serviceType: row.serviceType, name, promisedDays: row.promisedDays },
    });
  });
  return listOwnServices(ctx, actor);
}

export async function withdrawService(ctx: AppContext, actor: Actor, audit: AuditContext, id: string) {
  const service = await repo.findService(ctx.db, id);
  if (!service || service.agencyUserId !== actor.id) throw new AppError('NOT_FOUND');
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    if (!(await repo.withdrawService(tx, id, ctx.clock.now()))) {
      throw conflict('该服务已下架', 'The service was already withdrawn');
    }
    await recordAudit({
      action: 'intermediary.service_withdrawn',
      targetType: 'intermediary_service',
      targetId: id,
      before: { status: 'active' },
      after: { status: 'withdrawn' },
    });
  });
  return listOwnServices(ctx, actor);
}

export async function listOwnServices(ctx: AppContext, actor: Actor): Promise<{ items: ServiceView[] }> {
  return { items: (await repo.listAgencyServices(ctx.db, actor.id)).map(serviceView) };
}

/** Every signed-in user may browse the active services, best rated first. */
export async function listServices(ctx: AppContext, query: { type?: IntermediaryServiceType | undefined }) {
  return { items: (await repo.listActiveServices(ctx.db, query.type ?? null, 200)).map(serviceView) };
}

// ── Project unit: engagements ────────────────────────────────────────────────────────────────────────────────────────

export async function listProjectEngagements(ctx: AppContext, actor: Actor, projectId: string) {
  await loadOwnedProject(ctx, actor, projectId);
  return { items: (await repo.listProjectEngagements(ctx.db, projectId)).map(engagementView) };
}

export async function engage(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  projectId: string,
  input: { serviceId: string; note: string },
) {
  const project = await loadOwnedProject(ctx, actor, projectId);
  if (project.status !== 'coded' && project.status !== 'filed') {
    throw conflict('项目赋码后才能选取中介服务', 'A service can be engaged once the project has its code');
  }
  const service = await repo.findService(ctx.db, input.serviceId);
  if (!service || service.status !== 'active') {
    throw AppError.invalidField('serviceId', '服务不存在或已下架', 'no such active service');
  }
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const row = await repo.insertEngagement(tx, {
      projectId,
      serviceId: service.id,
      agencyUserId: service.agencyUserId,
      note: input.note.trim(),
      requestedBy: actor.id,
      requestedAt: ctx.clock.now(),
    });
    await recordAudit({
      action: 'intermediary.engaged',
      targetType: 'intermediary_engagement',
      targetId: row.id,
      after: { projectId, serviceId: service.id, agencyUserId: service.agencyUserId },
    });
    await notify(tx, ctx, {
      userIds: [service.agencyUserId],
      kind: 'intermediary.engagement_requested',
      title: `收到中介服务委托：${service.name}`,
      titleEn: `Engagement requested: ${service.name}`,
      body: `「${project.name}」（${project.code ?? ''}）选取了您的服务「${service.name}」。${input.note.trim()}`,
      bodyEn: `${project.code ?? project.name} engaged your service ${service.name}. ${input.note.trim()}`,
      link: '/intermediary',
      channels: ['sms'],
    });
  });
  return listProjectEngagements(ctx, actor, projectId);
}

/** The unit rates a delivered engagement of its project, once. */
export async function rate(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  engagementId: string,
  input: { rating: number; review: string },
) {
  const found = await repo.findEngagement(ctx.db, engagementId);
  if (!found) throw new AppError('NOT_FOUND');
  await loadOwnedProject(ctx, actor, found.projectId);
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const locked = await repo.lockEngagement(tx, engagementId);
    if (locked?.status !== 'completed') throw conflict('服务完成后才能评价', 'Rate the service once it is delivered');
    if (locked.rating !== null) throw conflict('已评价过', 'Already rated');
    await repo.updateEngagement(tx, engagementId, {
      rating: input.rating,
      review: input.review.trim(),
      ratedAt: ctx.clock.now(),
    });
    await recordAudit({
      action: 'intermediary.rated',
      targetType: 'intermediary_engagement',
      targetId: engagementId,
      after: { rating: input.rating },
    });
    await notify(tx, ctx, {
      userIds: [locked.agencyUserId],
      kind: 'intermediary.rated',
      title: `项目单位评价了您的服务：${input.rating} 分`,
      titleEn: `Your service was rated ${input.rating}/5`,
      body: input.review.trim() || `评分 ${input.rating} 分`,
      bodyEn: input.review.trim() || `Rated ${input.rating}/5`,
      link: '/intermediary',
    });
  });
  return listProjectEngagements(ctx, actor, found.projectId);
}

// ── Agency: engagements ──────────────────────────────────────────────────────────────────────────────────────────────

export async function listAgencyEngagements(ctx: AppContext, actor: Actor) {
  return { items: (await repo.listAgencyEngagements(ctx.db, actor.id)).map(engagementView) };
}

const NEXT: Record<'accept' | 'decline' | 'complete', { from: string; to: 'accepted' | 'declined' | 'completed' }> = {
  accept: { from: 'requested', to: 'accepted' },
  decline: { from: 'requested', to: 'declined' },
  complete: { from: 'accepted', to: 'completed' },
};

/** The agency answers a request (accept / decline) or delivers accepted work (complete); the unit is told. */
export async function respond(
  ctx: AppContext,
  actor: Actor,
  audit: AuditContext,
  engagementId: string,
  step: 'accept' | 'decline' | 'complete',
  input: { note: string },
) {
  const found = await repo.findEngagement(ctx.db, engagementId);
  if (!found || found.agencyUserId !== actor.id) throw new AppError('NOT_FOUND');
  const { from, to } = NEXT[step];
  await runAuditedTransaction(ctx.db, ctx.clock, audit, async (tx, recordAudit) => {
    const locked = await repo.lockEngagement(tx, engagementId);
    if (locked?.status !== from) {
      throw conflict('委托当前状态不允许此操作', 'The engagement is not in a state that allows this');
    }
    const now = ctx.clock.now();
    const note = input.note.trim();
    await repo.updateEngagement(tx, engagementId, {
      status: to,
      agencyNote: note || locked.agencyNote,
      ...(step === 'complete' ? { completedAt: now } : { respondedAt: now }),
    });
    await recordAudit({
      action: `intermediary.${to}`,
      targetType: 'intermediary_engagement',
      targetId: engagementId,
      before: { status: from },
      after: { status: to },
    });
    const words = {
      accepted: ['已接受委托', 'accepted'],
      declined: ['未接受委托', 'declined'],
      completed: ['已完成服务', 'delivered'],
    }[to];
    await notify(tx, ctx, {
      userIds: await applicantSideUserIds(tx, locked.projectId),
      kind: `intermediary.engagement_${to}`,
      title: `${actor.displayName}${words[0]}`,
      titleEn: `${actor.displayName} ${words[1]} the engagement`,
      body: `${actor.displayName}${words[0]}${note ? `：${note}` : '。'}${to === 'completed' ? '请对服务进行评价。' : ''}`,
      bodyEn: `${actor.displayName} ${words[1]} the engagement.${note ? ` ${note}` : ''}${to === 'completed' ? ' Please rate the service.' : ''}`,
      link: `/projects/${locked.projectId}#intermediary`,
      channels: to === 'completed' ? [] : ['sms'],
    });
  });
  return listAgencyEngagements(ctx, actor);
}
