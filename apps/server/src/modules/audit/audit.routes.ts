import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/app-context.ts';
import { sendCsv } from '../../lib/csv.ts';
import { errorResponses, PageQuery } from '../../lib/schemas.ts';
import { auditContextOf } from '../../plugins/authentication.ts';
import { exportAuditEvents } from './audit-export.service.ts';
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
    '/api/security/audit-admin-events',
    {
      config: { policy: policy.reviewAuditAdmins },
      schema: {
        tags: ['security'],
        summary: "审计员操作审查 / The audit admins' own actions, for the security admin",
        description:
          '三员相互制约：安全管理员查看审计管理员账号的操作记录（登录、导出、完整性校验等），最新在前；看不到其他任何人的记录。',
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            items: Type.Array(AuditEvent),
            total: Type.Integer(),
            totalIsLowerBound: Type.Boolean(),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => service.listAuditEvents(ctx.db, { ...request.query, actorRole: 'auditAdmin' }),
  );

  app.get(
    '/api/audit/events/export',
    {
      config: { policy: policy.list },
      schema: {
        tags: ['audit'],
        summary: '导出审计日志（CSV，可用 Excel 打开） / Export the audit trail (CSV for Excel)',
        description:
          '与 GET /api/audit/events 相同的条件与排序（最新在前），导出前 10,000 条（UTF-8 带 BOM）；更多时响应头 ' +
          'X-Export-Truncated: true（请缩小条件）。变更前/变更后为记录的 JSON 原文。lang=en 时表头为英文。导出本身写一条' +
          '审计记录（audit.events_exported：条件与行数）。',
        querystring: Type.Object(
          {
            action: Type.Optional(Type.Enum([...AUDIT_ACTIONS])),
            actor: Type.Optional(Type.String({ maxLength: 64 })),
            targetType: Type.Optional(Type.String({ maxLength: 64 })),
            lang: Type.Enum(['zh-CN', 'en'], { default: 'zh-CN', description: '表头语言 / header language' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unknown({ description: 'text/csv' }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { lang, ...filter } = request.query;
      const exported = await exportAuditEvents(ctx, auditContextOf(request), filter, lang);
      return sendCsv(reply, exported, ctx.clock.now(), { ascii: 'audit-events', chinese: '审计日志' });
    },
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
    async (request) => service.verifyAuditTrailAsActor(ctx, auditContextOf(request)),
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
