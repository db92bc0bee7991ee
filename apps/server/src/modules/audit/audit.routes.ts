import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/app-context.ts';
import { errorResponses, PageQuery } from '../../lib/schemas.ts';
import { AUDIT_ACTIONS } from './audit-actions.ts';
import { auditPolicy as policy } from './audit.policy.ts';
import * as service from './audit.service.ts';

const AuditEvent = Type.Object({
  id: Type.Integer({ description: 'insertion order' }),
  seq: Type.Union([Type.Integer(), Type.Null()], { description: 'chain position; null until sealed (< 1 s)' }),
  occurredAt: Type.String({ format: 'date-time' }),
  actorUsername: Type.Union([Type.String(), Type.Null()]),
  actorRole: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.String(),
  targetId: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown(),
  after: Type.Unknown(),
  hash: Type.Union([Type.String(), Type.Null()]),
});

const Verification = Type.Object({
  ok: Type.Boolean(),
  checkedRows: Type.Integer(),
  lastSeq: Type.Integer(),
  checkpointsChecked: Type.Integer(),
  unsealedRows: Type.Integer(),
  problems: Type.Array(
    Type.Object({ seq: Type.Integer(), kind: Type.String(), message: Type.String(), messageEn: Type.String() }),
  ),
});

export const auditRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/audit/events',
    {
      config: { policy: policy.list },
      schema: {
        tags: ['audit'],
        summary: '审计日志 / Audit trail (newest first)',
        description:
          '按写入顺序倒序。total 精确到 10,000，超过时为 10,000 且 totalIsLowerBound 为 true（全省审计日志有数百万条，' +
          '逐条计数比取一页更慢）；可按 action、actor、targetType 缩小范围。',
        querystring: Type.Object(
          {
            ...PageQuery,
            action: Type.Optional(Type.Enum([...AUDIT_ACTIONS])),
            actor: Type.Optional(Type.String({ maxLength: 64 })),
            targetType: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(AuditEvent),
            total: Type.Integer({ description: '条数；超过 10,000 时为 10,000（见 totalIsLowerBound）' }),
            totalIsLowerBound: Type.Boolean({
              description: 'true：超过 10,000 条，total 只是下限 / more than 10,000 entries: total is a lower bound',
            }),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => service.listAuditEvents(ctx.db, request.query),
  );

  app.get(
    '/api/audit/verify',
    {
      config: { policy: policy.verify },
      schema: {
        tags: ['audit'],
        summary: '审计链完整性校验 / Verify the SM3 chain and signed checkpoints',
        response: { 200: Verification, ...errorResponses(401, 403) },
      },
    },
    async () =>
      service.verifyAuditTrail(ctx.db, ctx.auditSigner, {
        now: ctx.clock.now(),
        unsealedAlertSeconds: ctx.config.auditUnsealedAlertSeconds,
      }),
  );

  app.post(
    '/api/audit/checkpoints',
    {
      config: { policy: policy.checkpoint },
      schema: {
        tags: ['audit'],
        summary: '立即签署检查点 / Sign a checkpoint of the chain head now',
        response: {
          200: Type.Object({ seq: Type.Union([Type.Integer(), Type.Null()]) }),
          ...errorResponses(401, 403),
        },
      },
    },
    async () => ({ seq: await service.createAuditCheckpoint(ctx.db, ctx.auditSigner, ctx.clock) }),
  );
};
