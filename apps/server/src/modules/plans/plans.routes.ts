import { Type, type FastifyPluginAsyncTypebox, type TSchema } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/app-context.ts';
import { errorResponses, Uuid } from '../../lib/schemas.ts';
import { planPolicy as policy } from './plans.policy.ts';
import * as service from './plans.service.ts';

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const CivilDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD（北京时间日期）' });
const PredictedDate = Type.Object({
  date: Type.String(),
  provisional: Type.Boolean({ description: '计算用到了尚未载入节假日安排的年份（仅按周末推算，可能变化）' }),
});

const PlanMatterSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  department: Type.String(),
  departmentName: Type.String(),
  track: Type.String({ description: 'main 主线 / concurrent 并行推进' }),
  reasons: Type.Array(Type.String(), { description: '适用理由' }),
  reasonsEn: Type.Array(Type.String()),
  limit: Type.Object({
    promisedWorkingDays: Type.Integer(),
    statutoryWorkingDays: Nullable(Type.Integer()),
    isConfirmed: Type.Boolean(),
  }),
  dependsOn: Type.Array(Type.String()),
  earliestStart: Nullable(Type.String()),
  predictedFinish: Type.String(),
  provisional: Type.Boolean(),
  status: Type.String({ description: 'done / pending' }),
  isCritical: Type.Boolean(),
});

export const PlanSchema = Type.Object({
  projectId: Type.String({ format: 'uuid' }),
  catalogueVersion: Type.String({ description: '所用事项目录版本（现行版本）' }),
  catalogueVersionId: Type.String({ format: 'uuid' }),
  startDate: Type.String(),
  facts: Type.Object({
    applied: Type.Array(Type.String()),
    available: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() })),
  }),
  stages: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      order: Type.Integer(),
      leadDepartmentKind: Type.String(),
      leadDepartmentName: Type.String(),
      opensOn: Type.String(),
      closesOn: Type.String(),
      matters: Type.Array(PlanMatterSchema),
    }),
  ),
  materials: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      required: Type.Boolean(),
      main: Type.Boolean(),
      tolerable: Type.Boolean(),
      commitmentText: Nullable(Type.String()),
      sampleUrl: Nullable(Type.String()),
      neededBy: Type.Array(Type.String()),
      satisfiedBy: Nullable(Type.String({ description: 'materialPackage / licencePackage' })),
      issuedBy: Nullable(Type.String({ description: '将由本方案中哪个事项出具（出具后自动满足）' })),
    }),
  ),
  predictedFinish: Type.Object({ parallel: PredictedDate, serial: PredictedDate }),
  criticalPath: Type.Array(Type.String()),
});

export const planRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/projects/:id/plan',
    {
      config: { policy: policy.read },
      schema: {
        tags: ['projects'],
        summary: '一项目一方案：审批路线图和预计办结日期 / The project’s approval roadmap',
        description:
          '按现行事项目录版本，列出项目须办理的阶段、事项（含适用理由）、合并去重的材料，以及从 start（默认今天，北京时间）' +
          '起按工作日日历计算的预计办结日期：并联（关键路径）和串联（逐项相加）。facts 为项目尚未登记的特征' +
          '（如 newLand,eiaReportBook，须是目录 facts 中的编码），用于探索路线图；后续版本将保存在项目上。' +
          '管理方式未确定的草稿项目 → 409 PROJECT_PROCEDURE_UNKNOWN。',
        params: Type.Object({ id: Uuid }),
        querystring: Type.Object(
          {
            start: Type.Optional(CivilDate),
            facts: Type.Optional(
              Type.String({
                maxLength: 2000,
                pattern: '^([A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*)?$',
                description: '逗号分隔的项目特征编码',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: PlanSchema, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => service.projectPlan(ctx, request.actor!, request.params.id, request.query),
  );
};
