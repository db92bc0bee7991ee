import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/app-context.ts';
import { errorResponses, Uuid } from '../../lib/schemas.ts';
import { auditContextOf } from '../../plugins/authentication.ts';
import { apiKeyPolicy as policy } from './api-keys.policy.ts';
import * as service from './api-keys.service.ts';

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const ApiKey = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String(),
  userId: Uuid,
  username: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  expiresAt: Nullable(Type.String({ format: 'date-time' })),
  revokedAt: Nullable(Type.String({ format: 'date-time' })),
  lastUsedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const apiKeyRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/api-keys',
    {
      config: { policy: policy.list },
      schema: {
        tags: ['api-keys'],
        summary: '接口密钥列表 / API keys (secrets are never shown again)',
        response: { 200: Type.Object({ items: Type.Array(ApiKey) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ items: await service.listApiKeys(ctx, request.actor!) }),
  );

  app.post(
    '/api/api-keys',
    {
      config: { policy: policy.create },
      schema: {
        tags: ['api-keys'],
        summary: '签发接口密钥 / Issue an API key for a machine-client account',
        description: 'The `key` is shown in this response only. Send it as `X-API-Key` or `Authorization: Bearer`.',
        body: Type.Object(
          {
            userId: Uuid,
            name: Type.String({ minLength: 1, maxLength: 64 }),
            expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Intersect([ApiKey, Type.Object({ key: Type.String() })]),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createApiKey(ctx, request.actor!, auditContextOf(request), request.body)),
  );

  app.post(
    '/api/api-keys/:id/revoke',
    {
      config: { policy: policy.revoke },
      schema: {
        tags: ['api-keys'],
        summary: '吊销接口密钥 / Revoke an API key',
        params: Type.Object({ id: Uuid }),
        response: { 200: ApiKey, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.revokeApiKey(ctx, request.actor!, auditContextOf(request), request.params.id),
  );
};
