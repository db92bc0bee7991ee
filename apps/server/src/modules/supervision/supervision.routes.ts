import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/app-context.ts';
import { acceptsGzip } from '../../lib/accept-encoding.ts';
import { errorResponses } from '../../lib/schemas.ts';
import { supervisionPolicy as policy } from './supervision.policy.ts';
import * as service from './supervision.service.ts';

const TAGS = ['supervision'];
const Count = (description: string) => Type.Integer({ minimum: 0, description });

const DashboardQuery = Type.Object(
  {
    regionCode: Type.Optional(
      Type.String({ pattern: '^\\d{6}$', description: '区划代码：在本人辖区内进一步限定（含下级）' }),
    ),
    departmentId: Type.Optional(Type.String({ format: 'uuid', description: '仅统计该部门（须在所选辖区内）' })),
    departmentLimit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 100_000,
        description: `部门列表至多返回的条数（超期、预警、在办最多者优先），默认 ${service.DEFAULT_DEPARTMENT_LIMIT}`,
      }),
    ),
  },
  { additionalProperties: false },
);

const CaseFiguresSchema = {
  total: Count('办件总数'),
  byStatus: Type.Object({
    pending: Count('待办（等待前置事项）'),
    inProgress: Count('在办'),
    suspended: Count('暂停计时（特别程序）'),
    approved: Count('准予'),
    denied: Count('不予'),
  }),
  open: Count('在办合计（含待办、暂停）'),
  overdue: Count('当前已超期的在办件'),
  yellow: Count('当前临近期限（黄色预警）的在办件'),
  decided: Count('已办结'),
  decidedOnTime: Count('按时办结（办结日不晚于期限）'),
  onTimeRate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: '按时办结率' }),
  urged: Count('被督办'),
};

const ProjectFiguresSchema = {
  total: Count('项目总数'),
  byStatus: Type.Object({
    draft: Count('草稿'),
    coded: Count('已赋码'),
    filed: Count('已备案'),
    voided: Count('已撤销'),
  }),
  byProcedure: Type.Object({
    approval: Count('审批'),
    ratification: Count('核准'),
    filing: Count('备案'),
    undetermined: Count('管理方式未定'),
  }),
};

const DashboardSchema = Type.Object({
  asOf: Type.String({ format: 'date', description: '超期、预警按此日（北京时间）计算' }),
  yellowWorkingDays: Type.Integer({ description: '剩余工作日不超过此数即黄色预警' }),
  scope: Type.Object({
    regionCode: Type.String(),
    regionName: Type.String(),
    departmentId: Type.Union([Type.String(), Type.Null()]),
  }),
  totals: Type.Object(CaseFiguresSchema),
  regions: Type.Array(
    Type.Object({
      regionCode: Type.String(),
      regionName: Type.String(),
      own: Type.Boolean({ description: 'true：所选区划本级部门；false：下级区划（含其下级）' }),
      ...CaseFiguresSchema,
    }),
  ),
  departments: Type.Array(
    Type.Object({
      departmentId: Type.String(),
      departmentName: Type.String(),
      regionCode: Type.String(),
      ...CaseFiguresSchema,
    }),
  ),
  departmentCount: Count('辖区内有办件的部门数（完整列表的长度）'),
  departmentsTruncated: Type.Boolean({ description: 'true：部门列表只含最差的 departmentLimit 个' }),
  projects: Type.Object({
    ...ProjectFiguresSchema,
    regions: Type.Array(
      Type.Object({
        regionCode: Type.String(),
        regionName: Type.String(),
        own: Type.Boolean(),
        ...ProjectFiguresSchema,
      }),
    ),
  }),
});

export const supervisionRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/supervision/dashboard',
    {
      config: { policy: policy.dashboard },
      schema: {
        tags: TAGS,
        summary: '监管看板：办件与项目统计 / Supervisor dashboard: case and project figures',
        description:
          '本人辖区（可用 regionCode 限定到下级区划、departmentId 限定到一个部门）内办件按状态、区划、部门计数，' +
          '按时办结率，当前超期与黄色预警件数，以及项目按状态、管理方式计数。由汇总表（含尚未归并的增量）即时得出，' +
          '不扫描办件表；超期与预警按当日计算。各进程按范围缓存结果至多 SUPERVISION_DASHBOARD_CACHE_MILLISECONDS（默认 2 秒）；请求头 Accept-Encoding 含 gzip 时返回缓存结果的 gzip 压缩版（Content-Encoding: gzip）。部门限定时不返回项目统计（项目不属于部门）。',
        querystring: DashboardQuery,
        response: { 200: DashboardSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    // Sent as the cached, already serialised JSON: Fastify sends a Buffer body as is. Its shape is the schema's
    // (computeDashboard builds exactly it); the cast only tells the type provider so.
    async (request, reply) => {
      const { body, gzipped } = await service.supervisionDashboardBody(ctx, request.actor!, request.query, {
        gzip: acceptsGzip(request.headers['accept-encoding']),
      });
      reply.header('vary', 'accept-encoding');
      if (gzipped) reply.header('content-encoding', 'gzip');
      return reply.type('application/json; charset=utf-8').send(body as unknown as service.SupervisionDashboard);
    },
  );
};
