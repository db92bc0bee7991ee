import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { Type } from '@fastify/type-provider-typebox';
import { ERROR_CODES } from '../lib/app-error.ts';
import { ErrorBody } from '../lib/schemas.ts';

const errorCodeTable = Object.entries(ERROR_CODES)
  .map(([code, def]) => `| ${code} | ${def.status} | ${def.message} | ${def.messageEn} |`)
  .join('\n');

/** OpenAPI 3 from the route schemas, served at /api/openapi.json, with the browsable UI at /api/docs. */
export async function registerOpenApi(app: FastifyInstance): Promise<void> {
  app.addSchema(ErrorBody);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '一网 Yiwang — 投资项目在线审批监管平台 API',
        version: '0.1.0',
        description:
          'Investment project online approval and supervision platform.\n\n' +
          'Authentication: `Authorization: Bearer <session token or API key>`, `X-API-Key: <key>`, or the session cookie ' +
          '(state-changing cookie requests must send `X-Requested-With: XMLHttpRequest`).\n\n' +
          '### Idempotency-Key\n' +
          'Any state-changing request (POST, PUT, PATCH, DELETE) of a signed-in actor may carry `Idempotency-Key: <1–200 ' +
          'visible ASCII characters>` (e.g. a UUID). The key is stored in the same transaction as the change, so a retry ' +
          'with the same key after a timeout or crash never repeats it: it gets the first answer back (same status and ' +
          'body) with `Idempotency-Replayed: true`. The same key with another method, URL or body → 422 ' +
          '`IDEMPOTENCY_KEY_REUSED`; a malformed key → 400. A request that changed nothing (refused, invalid, rolled ' +
          'back) binds no key. If the change committed but its answer was never recorded (the server stopped in ' +
          'between), a retry gets 409 `IDEMPOTENCY_KEY_IN_DOUBT` with `changes`: what the request changed, as its ' +
          'audit entries name it (`action`, `targetType`, `targetId`, e.g. `project.created` and the new id). Keys ' +
          'are per actor and kept at least 24 h. 幂等键：同一键重试不会重复办理，返回首次应答；应答未能记录时返回 409 并列出已作出的变更。\n\n' +
          '### Error codes\n| code | HTTP | 中文 | English |\n|---|---|---|---|\n' +
          errorCodeTable,
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'yiwang_session' },
        },
      },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (json.$id as string) || `def-${i}` },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get(
    '/api/openapi.json',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['system'],
        summary: 'OpenAPI 3 document',
        response: { 200: Type.Object({}, { additionalProperties: true }) },
      },
    },
    async () => app.swagger(),
  );
}
