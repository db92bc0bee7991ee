import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/app-context.ts';
import { errorResponses } from '../../lib/schemas.ts';
import { auditContextOf } from '../../plugins/authentication.ts';
import { calendarPolicy as policy } from './calendar.policy.ts';
import * as service from './calendar.service.ts';

const CivilDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD（北京时间日期）' });
const Override = Type.Object({
  date: CivilDate,
  kind: Type.Enum(['holiday', 'workday']),
  note: Type.Union([Type.String(), Type.Null()]),
});

export const calendarRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/calendar/deadline',
    {
      config: { policy: policy.deadline },
      schema: {
        tags: ['calendar'],
        summary: '按工作日计算期限 / Deadline in working days',
        description:
          'The starting day is not counted (民法典 art.201); holidays and 调休 make-up days follow the State Council ' +
          'notices plus admin overrides. `provisional` is true when the period reaches a year not yet loaded.',
        querystring: Type.Object(
          { start: CivilDate, workingDays: Type.Integer({ minimum: 0, maximum: 3650 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ deadline: CivilDate, provisional: Type.Boolean() }),
          ...errorResponses(400),
        },
      },
    },
    async (request) => service.computeDeadline(ctx, request.query.start, request.query.workingDays),
  );

  app.get(
    '/api/calendar/overrides',
    {
      config: { policy: policy.listOverrides },
      schema: {
        tags: ['calendar'],
        summary: '节假日/调休调整表 / Calendar overrides in force',
        response: { 200: Type.Object({ items: Type.Array(Override) }) },
      },
    },
    async () => ({ items: await service.listOverrides(ctx) }),
  );

  app.put(
    '/api/calendar/overrides/:date',
    {
      config: { policy: policy.setOverride },
      schema: {
        tags: ['calendar'],
        summary: '设置某日为节假日或工作日 / Make a date a holiday or a working day',
        params: Type.Object({ date: CivilDate }),
        body: Type.Object(
          { kind: Type.Enum(['holiday', 'workday']), note: Type.Optional(Type.String({ maxLength: 200 })) },
          { additionalProperties: false },
        ),
        response: { 200: Override, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) =>
      service.setOverride(ctx, request.actor!, auditContextOf(request), { date: request.params.date, ...request.body }),
  );

  app.delete(
    '/api/calendar/overrides/:date',
    {
      config: { policy: policy.removeOverride },
      schema: {
        tags: ['calendar'],
        summary: '删除调整 / Remove an override',
        params: Type.Object({ date: CivilDate }),
        response: { 200: Type.Object({ ok: Type.Boolean() }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await service.removeOverride(ctx, auditContextOf(request), request.params.date);
      return { ok: true };
    },
  );
};
