import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/app-context.ts';
import { errorResponses, Uuid } from '../../lib/schemas.ts';
import { auditContextOf } from '../../plugins/authentication.ts';
import { notificationPolicy as policy } from './notifications.policy.ts';
import * as service from './notifications.service.ts';

const NotificationSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  title: Type.String(),
  titleEn: Type.String(),
  body: Type.String(),
  bodyEn: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  readAt: Type.Union([Type.String(), Type.Null()]),
});

export const notificationRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/notifications',
    {
      config: { policy: policy.own },
      schema: {
        tags: ['notifications'],
        summary: '我的消息 / My notifications',
        querystring: Type.Object(
          {
            unread: Type.Optional(Type.Boolean({ description: 'true：只看未读' })),
            limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(NotificationSchema), unread: Type.Integer() }),
          ...errorResponses(400, 401),
        },
      },
    },
    async (request) =>
      service.listNotifications(ctx.db, request.actor!, {
        unreadOnly: request.query.unread === true,
        limit: request.query.limit,
      }),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      config: { policy: policy.own },
      schema: {
        tags: ['notifications'],
        summary: '标记一条消息已读 / Mark one notification read',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Object({ updated: Type.Integer() }), ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => service.markNotificationsRead(ctx, request.actor!, auditContextOf(request), request.params.id),
  );

  app.post(
    '/api/notifications/read-all',
    {
      config: { policy: policy.own },
      schema: {
        tags: ['notifications'],
        summary: '全部标记已读 / Mark all notifications read',
        response: { 200: Type.Object({ updated: Type.Integer() }), ...errorResponses(401) },
      },
    },
    async (request) => service.markNotificationsRead(ctx, request.actor!, auditContextOf(request), null),
  );
};
