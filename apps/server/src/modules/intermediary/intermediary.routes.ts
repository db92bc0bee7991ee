import { Type, type FastifyPluginAsyncTypebox, type TSchema } from '@fastify/type-provider-typebox';
import {
  ENGAGEMENT_STATUSES,
  INTERMEDIARY_SERVICE_STATUSES,
  INTERMEDIARY_SERVICE_TYPES,
} from '../../db/schema/index.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { errorResponses, Uuid } from '../../lib/schemas.ts';
import { auditContextOf } from '../../plugins/authentication.ts';
import { intermediaryPolicy as policy } from './intermediary.policy.ts';
import * as service from './intermediary.service.ts';

const tags = ['intermediary'];
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Enum = <T extends string>(values: readonly T[], description: string) => Type.Enum([...values], { description });
const ServiceType = Enum(
  INTERMEDIARY_SERVICE_TYPES,
  'eia 环评 / energy 节能评估 / surveying 测绘 / soilConservation 水土保持 / safety 安全评价 / costConsulting 造价咨询 / design 设计 / supervision 监理 / feasibility 可研编制 / other 其他',
);

const ServiceSchema = Type.Object({
  id: Uuid,
  agencyName: Type.String(),
  serviceType: ServiceType,
  name: Type.String(),
  description: Type.String(),
  priceText: Type.String(),
  promisedDays: Type.Integer({ description: '承诺办结（工作日）' }),
  status: Enum(INTERMEDIARY_SERVICE_STATUSES, 'active 在架 / withdrawn 已下架'),
  averageRating: Nullable(Type.Number({ description: '项目单位评价的平均分（1–5）' })),
  ratedCount: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
});
const ServiceList = Type.Object({ items: Type.Array(ServiceSchema) });

const EngagementSchema = Type.Object({
  id: Uuid,
  projectId: Uuid,
  projectName: Type.String(),
  projectCode: Nullable(Type.String()),
  serviceName: Type.String(),
  serviceType: ServiceType,
  promisedDays: Type.Integer(),
  agencyName: Type.String(),
  note: Type.String(),
  status: Enum(ENGAGEMENT_STATUSES, 'requested 待接受 / accepted 服务中 / declined 未接受 / completed 已完成'),
  agencyNote: Nullable(Type.String()),
  requestedAt: Type.String({ format: 'date-time' }),
  respondedAt: Nullable(Type.String({ format: 'date-time' })),
  completedAt: Nullable(Type.String({ format: 'date-time' })),
  rating: Nullable(Type.Integer({ minimum: 1, maximum: 5 })),
  review: Nullable(Type.String()),
});
const EngagementList = Type.Object({ items: Type.Array(EngagementSchema) });
const IdParams = Type.Object({ id: Uuid });
const NoteBody = Type.Object(
  { note: Type.String({ maxLength: 1000, description: '说明' }) },
  { additionalProperties: false },
);

export const intermediaryRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/intermediary/services',
    {
      config: { policy: policy.browse },
      schema: {
        tags,
        summary: '在架中介服务 / Active intermediary services',
        description: '评价高的在前（未评价的在后），至多 200 个；type 限定服务类别。',
        querystring: Type.Object({ type: Type.Optional(ServiceType) }, { additionalProperties: false }),
        response: { 200: ServiceList, ...errorResponses(400, 401) },
      },
    },
    async (request) => service.listServices(ctx, request.query),
  );

  app.get(
    '/api/intermediary/services/mine',
    {
      config: { policy: policy.agency },
      schema: {
        tags,
        summary: '本机构的服务 / My services',
        response: { 200: ServiceList, ...errorResponses(401, 403) },
      },
    },
    async (request) => service.listOwnServices(ctx, request.actor!),
  );

  app.post(
    '/api/intermediary/services',
    {
      config: { policy: policy.agency },
      schema: {
        tags,
        summary: '发布中介服务 / Publish a service',
        body: Type.Object(
          {
            serviceType: ServiceType,
            name: Type.String({ maxLength: 100 }),
            description: Type.String({ maxLength: 2000 }),
            priceText: Type.String({ maxLength: 100, description: '收费说明' }),
            promisedDays: Type.Integer({ minimum: 1, maximum: 365, description: '承诺办结（工作日）' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: ServiceList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => service.publishService(ctx, request.actor!, auditContextOf(request), request.body),
  );

  app.post(
    '/api/intermediary/services/:id/withdraw',
    {
      config: { policy: policy.agency },
      schema: {
        tags,
        summary: '下架中介服务 / Withdraw a service',
        params: IdParams,
        response: { 200: ServiceList, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.withdrawService(ctx, request.actor!, auditContextOf(request), request.params.id),
  );

  app.get(
    '/api/intermediary/engagements',
    {
      config: { policy: policy.agency },
      schema: {
        tags,
        summary: '本机构收到的委托 / Engagements of my agency',
        response: { 200: EngagementList, ...errorResponses(401, 403) },
      },
    },
    async (request) => service.listAgencyEngagements(ctx, request.actor!),
  );

  for (const step of ['accept', 'decline', 'complete'] as const) {
    app.post(
      `/api/intermediary-engagements/:id/${step}`,
      {
        config: { policy: policy.agency },
        schema: {
          tags,
          summary: {
            accept: '接受委托 / Accept an engagement',
            decline: '不接受委托 / Decline an engagement',
            complete: '完成服务 / Deliver an engagement',
          }[step],
          description: '状态不符返回 409；项目单位收到通知。',
          params: IdParams,
          body: NoteBody,
          response: { 200: EngagementList, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        service.respond(ctx, request.actor!, auditContextOf(request), request.params.id, step, request.body),
    );
  }

  app.get(
    '/api/projects/:id/intermediary-engagements',
    {
      config: { policy: policy.owner },
      schema: {
        tags,
        summary: '项目选取的中介服务 / Engagements of a project',
        params: IdParams,
        response: { 200: EngagementList, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.listProjectEngagements(ctx, request.actor!, request.params.id),
  );

  app.post(
    '/api/projects/:id/intermediary-engagements',
    {
      config: { policy: policy.owner },
      schema: {
        tags,
        summary: '选取中介服务 / Engage a service',
        description: '项目赋码后可选取；中介机构收到通知。',
        params: IdParams,
        body: Type.Object(
          { serviceId: Uuid, note: Type.String({ maxLength: 1000, description: '委托说明' }) },
          { additionalProperties: false },
        ),
        response: { 200: EngagementList, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.engage(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/intermediary-engagements/:id/rating',
    {
      config: { policy: policy.owner },
      schema: {
        tags,
        summary: '评价中介服务 / Rate a delivered service',
        description: '服务完成后评价一次（1–5 分）；评分计入该服务的平均分。',
        params: IdParams,
        body: Type.Object(
          { rating: Type.Integer({ minimum: 1, maximum: 5 }), review: Type.String({ maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: { 200: EngagementList, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.rate(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
  );
};
