import { Type, type FastifyPluginAsyncTypebox, type TSchema } from '@fastify/type-provider-typebox';
import { PLAN_FUND_SOURCES, PLAN_STATUSES } from '../../db/schema/index.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { errorResponses, Uuid } from '../../lib/schemas.ts';
import { auditContextOf } from '../../plugins/authentication.ts';
import { investmentPlanPolicy as policy } from './investment-plans.policy.ts';
import * as service from './investment-plans.service.ts';

const tags = ['investment-plans'];
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const FundSource = Type.Enum([...PLAN_FUND_SOURCES], {
  description: 'central 中央预算内 / provincial 省级 / local 市县本级 / specialBond 地方政府专项债券 / other 其他',
});
const Wan = (description: string) =>
  Type.Number({
    exclusiveMinimum: 0,
    maximum: 999_999_999_999,
    multipleOf: 0.01,
    description: `${description}（万元）`,
  });
const Rate = Nullable(Type.Number({ minimum: 0, description: '执行率（已拨付 / 计划）' }));

const Summary = {
  id: Uuid,
  regionCode: Type.String(),
  regionName: Type.String(),
  year: Type.Integer(),
  name: Type.String(),
  status: Type.Enum([...PLAN_STATUSES], { description: 'draft 编制中 / published 已下达' }),
  publishedAt: Nullable(Type.String({ format: 'date-time' })),
};

const PlanSchema = Type.Object({
  ...Summary,
  canEdit: Type.Boolean({ description: '本级区划的监管人员可编制' }),
  items: Type.Array(
    Type.Object({
      id: Uuid,
      projectId: Uuid,
      projectName: Type.String(),
      projectCode: Nullable(Type.String()),
      fundSource: FundSource,
      plannedAmount: Type.Number(),
      paidAmount: Type.Number(),
      executionRate: Rate,
      lastPaidOn: Nullable(Type.String()),
      estimate: Nullable(Type.Number({ description: '可研估算（项目总投资）' })),
      approvedBudget: Nullable(Type.Number({ description: '初步设计概算' })),
      budgetOverrun: Type.Boolean({ description: '概算超过可研估算 10% 以上（政府投资条例第十二条）' }),
      note: Type.String(),
    }),
  ),
  totals: Type.Object({ planned: Type.Number(), paid: Type.Number(), executionRate: Rate }),
  bySource: Type.Array(
    Type.Object({ fundSource: FundSource, planned: Type.Number(), paid: Type.Number(), executionRate: Rate }),
  ),
});
const IdParams = Type.Object({ id: Uuid });

export const investmentPlanRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/investment-plans',
    {
      config: { policy: policy.read },
      schema: {
        tags,
        summary: '政府投资年度计划 / Annual investment plans',
        description: '本人辖区（含下级）的年度计划，年份新在前。',
        response: { 200: Type.Object({ items: Type.Array(Type.Object(Summary)) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => service.listPlans(ctx, request.actor!),
  );

  app.post(
    '/api/investment-plans',
    {
      config: { policy: policy.edit },
      schema: {
        tags,
        summary: '编制年度计划 / Create an annual plan',
        description: '为本级区划建立某年度的计划（每区划每年一个，409）。',
        body: Type.Object(
          { year: Type.Integer({ minimum: 2000, maximum: 2100 }), name: Type.String({ maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: PlanSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.createPlan(ctx, request.actor!, auditContextOf(request), request.body),
  );

  app.get(
    '/api/investment-plans/:id',
    {
      config: { policy: policy.read },
      schema: {
        tags,
        summary: '年度计划明细与执行 / A plan with its execution',
        description: '各项目、各资金来源的计划额、已拨付额、执行率，以及概算超可研估算 10% 的提示。',
        params: IdParams,
        response: { 200: PlanSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.getPlan(ctx, request.actor!, request.params.id),
  );

  app.post(
    '/api/investment-plans/:id/items',
    {
      config: { policy: policy.edit },
      schema: {
        tags,
        summary: '将项目列入计划 / Add a project to a plan',
        description: '按项目代码列入本区划内已赋码的政府投资项目，每个资金来源一行；计划下达后不能增加（409）。',
        params: IdParams,
        body: Type.Object(
          {
            projectCode: Type.String({ minLength: 1, maxLength: 40 }),
            fundSource: FundSource,
            plannedAmount: Wan('年度计划投资'),
            approvedBudget: Type.Optional(Wan('初步设计概算')),
            note: Type.String({ maxLength: 1000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: PlanSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.addItem(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/investment-plans/:id/publish',
    {
      config: { policy: policy.edit },
      schema: {
        tags,
        summary: '下达年度计划 / Publish a plan',
        params: IdParams,
        response: { 200: PlanSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.publishPlan(ctx, request.actor!, auditContextOf(request), request.params.id),
  );

  app.post(
    '/api/investment-plan-items/:id/disbursements',
    {
      config: { policy: policy.edit },
      schema: {
        tags,
        summary: '登记资金拨付 / Record a payment',
        description: '已下达计划的一行；拨付日期在计划年度内且不晚于今天；累计拨付不得超过计划额（400，字段 amount）。',
        params: IdParams,
        body: Type.Object(
          {
            paidOn: Type.String({ format: 'date' }),
            amount: Wan('拨付金额'),
            note: Type.String({ maxLength: 1000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: PlanSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      service.recordDisbursement(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
  );
};
