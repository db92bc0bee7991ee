import { Type, type TSchema } from '@fastify/type-provider-typebox';

/** The error body every 4xx/5xx carries (see lib/app-error.ts); referenced by every route's response schema. */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: '错误码 / error code' }),
    message: Type.String({ description: '中文说明' }),
    messageEn: Type.String({ description: 'English message' }),
    fields: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String(), messageEn: Type.String() })),
    ),
    requestId: Type.String(),
    lockedUntil: Type.Optional(Type.String({ format: 'date-time' })),
    rule: Type.Optional(Type.String({ description: '违反的业务规则码（领域规则）/ the domain rule that refused' })),
    missing: Type.Optional(
      Type.Array(Type.String(), { description: '仍缺少的材料编码 / material codes still missing' }),
    ),
    changes: Type.Optional(
      Type.Array(
        Type.Object({
          action: Type.String({ description: '审计动作，如 project.created / audit action, e.g. project.created' }),
          targetType: Type.String({ description: '对象类型，如 project / target type, e.g. project' }),
          targetId: Type.Union([Type.String(), Type.Null()], { description: '对象标识 / target id' }),
        }),
        {
          description:
            'IDEMPOTENCY_KEY_IN_DOUBT：该幂等键的请求已作出的变更（按审计记录）/ what the request with this key changed, as its audit entries name it',
        },
      ),
    ),
  },
  { $id: 'ErrorBody', title: 'Error' },
);

/** Standard error responses for a route, so the OpenAPI document lists them. */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {};
  for (const status of statuses) out[status] = Type.Ref('ErrorBody');
  return out;
}

export const PageQuery = {
  page: Type.Integer({ minimum: 1, maximum: 100_000, default: 1, description: '页码' }),
  pageSize: Type.Integer({ minimum: 1, maximum: 200, default: 20, description: '每页条数' }),
};

export const OkBody = Type.Object({ ok: Type.Boolean() });

export const Uuid = Type.String({ format: 'uuid' });
