import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../lib/app-context.ts';
import { answerChange, MinimalAnswer, PreferHeaders } from '../../lib/prefer.ts';
import { errorResponses, Uuid } from '../../lib/schemas.ts';
import { auditContextOf } from '../../plugins/authentication.ts';
import { casePolicy as policy } from './cases.policy.ts';
import {
  CaseDetailSchema,
  CaseListItemSchema,
  CaseListQuery,
  CaseSummarySchema,
  ConsultationBody,
  ConsultationQuery,
  ConsultationSchema,
  DecisionBody,
  EndSpecialProcedureBody,
  ExtensionBody,
  OpinionBody,
  PublicProgressSchema,
  ReplyBody,
  ReturnBody,
  SpecialProcedureBody,
  SupervisionQuery,
  SupervisionExportQuery,
  TransferBody,
  UrgeBody,
} from './cases.schemas.ts';
import * as service from './cases.service.ts';
import { exportSupervisionCases } from './case-export.service.ts';
import { sendCsv } from '../../lib/csv.ts';

const IdParams = Type.Object({ id: Uuid });
const ProcedureParams = Type.Object({ id: Uuid, procedureId: Uuid });
const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });
const TAGS = ['cases'];
const ACTION_ERRORS = errorResponses(400, 401, 403, 404, 409);

const FiguresSchema = {
  open: Type.Integer({ description: '在办' }),
  suspended: Type.Integer({ description: '暂停计时（特别程序）' }),
  yellow: Type.Integer({ description: '黄色预警' }),
  red: Type.Integer({ description: '红色预警（超期）' }),
  approved: Type.Integer({ description: '准予' }),
  denied: Type.Integer({ description: '不予' }),
  decided: Type.Integer({ description: '已办结' }),
  decidedOnTime: Type.Integer({ description: '按时办结' }),
  onTimeRate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], { description: '按时办结率' }),
  urged: Type.Integer({ description: '被督办' }),
};

export const caseRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  /**
   * The answer of a case action, after its transaction committed: the case's view as the actor now sees it, or — with
   * `Prefer: return=minimal` (lib/prefer.ts) — 204 without building it.
   */
  function caseAnswer(request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) {
    return answerChange(request, reply, () => service.getCase(ctx, request.actor!, request.params.id));
  }

  app.get(
    '/api/cases',
    {
      config: { policy: policy.list },
      schema: {
        tags: TAGS,
        summary: '部门办件箱 / Department case inbox',
        description:
          'todo：本部门当前环节由我办理的在办件；department：本部门全部在办件（任一环节）；以上按办理期限排序。' +
          'done：已办结，最近办结在前。' +
          '监管人员看到辖区内办件，total 只计到 10,000（超过时 totalIsLowerBound 为 true）。',
        querystring: CaseListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(CaseListItemSchema),
            total: Type.Integer({ description: '条数；监管人员超过 10,000 时为 10,000（见 totalIsLowerBound）' }),
            totalIsLowerBound: Type.Boolean({
              description:
                "true：超过 10,000 条，total 只是下限（仅监管人员的辖区列表） / more than 10,000 cases: total is a lower bound (a supervisor's region only)",
            }),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => service.listCases(ctx, request.actor!, request.query),
  );

  app.get(
    '/api/cases/:id',
    {
      config: { policy: policy.read },
      schema: {
        tags: TAGS,
        summary: '办件详情（含计时说明与可执行操作） / Case detail with the explained clock and allowed actions',
        params: IdParams,
        response: { 200: CaseDetailSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.getCase(ctx, request.actor!, request.params.id),
  );

  app.post(
    '/api/cases/:id/advance',
    {
      config: { policy: policy.act },
      schema: {
        tags: TAGS,
        summary: '提交下一环节 / Advance to the next step',
        params: IdParams,
        body: OpinionBody,
        headers: PreferHeaders,
        response: { 200: CaseDetailSchema, 204: MinimalAnswer, ...ACTION_ERRORS },
      },
    },
    async (request, reply) => {
      await service.advanceCase(ctx, request.actor!, auditContextOf(request), request.params.id, request.body);
      return caseAnswer(request, reply);
    },
  );

  app.post(
    '/api/cases/:id/sign',
    {
      config: { policy: policy.act },
      schema: {
        tags: TAGS,
        summary: '会签/或签 签署 / Sign a multi-party step',
        params: IdParams,
        body: OpinionBody,
        headers: PreferHeaders,
        response: { 200: CaseDetailSchema, 204: MinimalAnswer, ...ACTION_ERRORS },
      },
    },
    async (request, reply) => {
      await service.signCase(ctx, request.actor!, auditContextOf(request), request.params.id, request.body);
      return caseAnswer(request, reply);
    },
  );

  app.post(
    '/api/cases/:id/return',
    {
      config: { policy: policy.act },
      schema: {
        tags: TAGS,
        summary: '退回之前环节 / Return to an earlier step',
        params: IdParams,
        body: ReturnBody,
        headers: PreferHeaders,
        response: { 200: CaseDetailSchema, 204: MinimalAnswer, ...ACTION_ERRORS },
      },
    },
    async (request, reply) => {
      await service.returnCase(ctx, request.actor!, auditContextOf(request), request.params.id, request.body);
      return caseAnswer(request, reply);
    },
  );

  app.get(
    '/api/cases/:id/transfer-candidates',
    {
      config: { policy: policy.act },
      schema: {
        tags: TAGS,
        summary: '可转办的本部门人员 / Colleagues a case can be transferred to',
        description: '本部门具有当前环节权限的在岗人员（不含本人）；仅当前环节的办理人可查询。',
        params: IdParams,
        response: {
          200: Type.Object({ items: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String() })) }),
          ...ACTION_ERRORS,
        },
      },
    },
    async (request) => service.transferCandidates(ctx, request.actor!, request.params.id),
  );

  app.post(
    '/api/cases/:id/transfer',
    {
      config: { policy: policy.act },
      schema: {
        tags: TAGS,
        summary: '转办/委派（本部门） / Transfer within the department',
        params: IdParams,
        body: TransferBody,
        headers: PreferHeaders,
        response: { 200: CaseDetailSchema, 204: MinimalAnswer, ...ACTION_ERRORS },
      },
    },
    async (request, reply) => {
      await service.transferCase(ctx, request.actor!, auditContextOf(request), request.params.id, request.body);
      return caseAnswer(request, reply);
    },
  );

  app.post(
    '/api/cases/:id/consultations',
    {
      config: { policy: policy.act },
      schema: {
        tags: TAGS,
        summary: '征求其他部门意见 / Ask another department for its opinion',
        params: IdParams,
        body: ConsultationBody,
        response: { 201: ConsultationSchema, ...ACTION_ERRORS },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await service.requestConsultation(
            ctx,
            request.actor!,
            auditContextOf(request),
            request.params.id,
            request.body,
          ),
        ),
  );

  app.get(
    '/api/consultations',
    {
      config: { policy: policy.consultations },
      schema: {
        tags: TAGS,
        summary: '本部门收到的征求意见 / Consultations addressed to my department',
        querystring: ConsultationQuery,
        response: { 200: Type.Object({ items: Type.Array(ConsultationSchema) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => service.listIncomingConsultations(ctx, request.actor!, request.query),
  );

  app.post(
    '/api/consultations/:id/reply',
    {
      config: { policy: policy.consultations },
      schema: {
        tags: TAGS,
        summary: '答复征求意见 / Reply to a consultation',
        params: IdParams,
        body: ReplyBody,
        response: { 200: ConsultationSchema, ...ACTION_ERRORS },
      },
    },
    async (request) =>
      service.replyConsultation(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/cases/:id/special-procedures',
    {
      config: { policy: policy.act },
      schema: {
        tags: TAGS,
        summary: '启动特别程序（暂停计时） / Start a special procedure (clock stops)',
        description: '行政许可法第四十五条：听证、检测、专家评审等所需时间不计入办理时限；预计时间书面告知申请人。',
        params: IdParams,
        body: SpecialProcedureBody,
        headers: PreferHeaders,
        response: { 200: CaseDetailSchema, 204: MinimalAnswer, ...ACTION_ERRORS },
      },
    },
    async (request, reply) => {
      await service.startSpecialProcedure(
        ctx,
        request.actor!,
        auditContextOf(request),
        request.params.id,
        request.body,
      );
      return caseAnswer(request, reply);
    },
  );

  app.post(
    '/api/cases/:id/special-procedures/:procedureId/end',
    {
      config: { policy: policy.act },
      schema: {
        tags: TAGS,
        summary: '结束特别程序（恢复计时） / End a special procedure (clock resumes)',
        params: ProcedureParams,
        body: EndSpecialProcedureBody,
        headers: PreferHeaders,
        response: { 200: CaseDetailSchema, 204: MinimalAnswer, ...ACTION_ERRORS },
      },
    },
    async (request, reply) => {
      await service.endSpecialProcedure(
        ctx,
        request.actor!,
        auditContextOf(request),
        request.params.id,
        request.params.procedureId,
        request.body,
      );
      return caseAnswer(request, reply);
    },
  );

  app.post(
    '/api/cases/:id/extension',
    {
      config: { policy: policy.act },
      schema: {
        tags: TAGS,
        summary: '延长办理时限（负责人） / Extend the time limit (head of the authority)',
        description: '行政许可法第四十二条：可延长十个工作日；核准（条例673第十条）可延长至多四十个工作日。',
        params: IdParams,
        body: ExtensionBody,
        headers: PreferHeaders,
        response: { 200: CaseDetailSchema, 204: MinimalAnswer, ...ACTION_ERRORS },
      },
    },
    async (request, reply) => {
      await service.extendCase(ctx, request.actor!, auditContextOf(request), request.params.id, request.body);
      return caseAnswer(request, reply);
    },
  );

  app.post(
    '/api/cases/:id/decision',
    {
      config: { policy: policy.act },
      schema: {
        tags: TAGS,
        summary: '作出准予/不予许可决定 / Decide the case',
        description:
          '最后环节、签发权限。准予即签发电子证照；不予许可须说明理由。全部办件办结时阶段申请办结（仅一次）。',
        params: IdParams,
        body: DecisionBody,
        headers: PreferHeaders,
        response: { 200: CaseDetailSchema, 204: MinimalAnswer, ...ACTION_ERRORS },
      },
    },
    async (request, reply) => {
      await service.decideCase(ctx, request.actor!, auditContextOf(request), request.params.id, request.body);
      return caseAnswer(request, reply);
    },
  );

  app.post(
    '/api/cases/:id/urge',
    {
      config: { policy: policy.urge },
      schema: {
        tags: TAGS,
        summary: '督办 / Urge the department',
        params: IdParams,
        body: UrgeBody,
        headers: PreferHeaders,
        response: { 200: CaseDetailSchema, 204: MinimalAnswer, ...ACTION_ERRORS },
      },
    },
    async (request, reply) => {
      await service.urgeCase(ctx, request.actor!, auditContextOf(request), request.params.id, request.body);
      return caseAnswer(request, reply);
    },
  );

  app.get(
    '/api/supervision/figures',
    {
      config: { policy: policy.supervision },
      schema: {
        tags: TAGS,
        summary: '辖区办件统计与按时办结率 / Case figures and on-time rate in my region',
        description:
          '按部门统计辖区内办件：在办、暂停、黄/红色预警、准予、不予、按时办结率（办结日不晚于期限）、被督办。',
        response: {
          200: Type.Object({
            totals: Type.Object(FiguresSchema),
            departments: Type.Array(
              Type.Object({
                departmentId: Type.String(),
                departmentName: Type.String(),
                regionCode: Type.String(),
                ...FiguresSchema,
              }),
            ),
          }),
          ...errorResponses(401, 403),
        },
      },
    },
    async (request) => service.supervisionFigures(ctx, request.actor!),
  );

  const PerformanceLine = {
    decided: Type.Integer({ description: '已办结' }),
    decidedOnTime: Type.Integer({ description: '按时办结（办结日不晚于期限）' }),
    onTimeRate: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
      description: '按时办结率，0–1；尚无办结为 null',
    }),
    open: Type.Integer({ description: '在办' }),
    overdue: Type.Integer({ description: '在办中已超期' }),
  };
  app.get(
    '/api/public/performance',
    {
      config: { policy: policy.publicPerformance },
      schema: {
        tags: TAGS,
        summary: '办件按时办结公示 / Public on-time performance by department',
        description:
          'Anyone: per department of a region subtree (default: the whole deployment), the decided cases, how many ' +
          'within their deadline, the on-time rate, and the open and overdue cases. Counts only — no case, project ' +
          'or person. From the supervision aggregates, current within seconds.',
        querystring: Type.Object(
          { regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            regionCode: Type.String(),
            regionName: Type.String(),
            totals: Type.Object(PerformanceLine),
            departments: Type.Array(
              Type.Object({
                departmentName: Type.String(),
                regionCode: Type.String(),
                regionName: Type.String(),
                ...PerformanceLine,
              }),
            ),
          }),
          ...errorResponses(400, 429),
        },
      },
    },
    async (request, reply) => {
      const performance = await service.publicPerformance(ctx, request.query.regionCode);
      // The same answer for everyone, and the figures move by the second at most: browsers and a caching proxy may
      // reuse it for 10 s, so a burst of readers (a link shared in a news item) reaches the server once.
      void reply.header('cache-control', 'public, max-age=10');
      return performance;
    },
  );

  app.get(
    '/api/supervision/cases',
    {
      config: { policy: policy.supervision },
      schema: {
        tags: TAGS,
        summary: '辖区预警办件 / Warned cases in my region',
        querystring: SupervisionQuery,
        response: {
          200: Type.Object({ items: Type.Array(CaseListItemSchema), total: Type.Integer() }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => service.listSupervisionCases(ctx, request.actor!, request.query),
  );

  app.get(
    '/api/supervision/cases/export',
    {
      config: { policy: policy.supervision },
      schema: {
        tags: TAGS,
        summary: '导出督办台账（CSV，可用 Excel 打开） / Export the warned cases of my region (CSV for Excel)',
        description:
          '与 GET /api/supervision/cases 相同的范围与排序（办理期限最早的在前），导出前 10,000 条（UTF-8 带 BOM）；更多时响应头 ' +
          'X-Export-Truncated: true。剩余工作日为数字，负数为超期。lang=en 时表头与取值为英文。每次导出写一条审计记录' +
          '（supervision.cases_exported）。',
        querystring: SupervisionExportQuery,
        response: { 200: Type.Unknown({ description: 'text/csv' }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { lang, ...query } = request.query;
      const exported = await exportSupervisionCases(ctx, request.actor!, auditContextOf(request), query, lang);
      return sendCsv(reply, exported, ctx.clock.now(), { ascii: 'warned-cases', chinese: '督办台账' });
    },
  );

  app.get(
    '/api/projects/:id/cases',
    {
      config: { policy: policy.projectCases },
      schema: {
        tags: TAGS,
        summary: '项目的办件与办理意见 / Cases of a project with their opinions',
        params: IdParams,
        response: { 200: Type.Object({ items: Type.Array(CaseSummarySchema) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.listProjectCases(ctx, request.actor!, request.params.id),
  );

  app.get(
    '/api/public/project-codes/:code/progress',
    {
      config: { policy: policy.publicProgress },
      schema: {
        tags: TAGS,
        summary: '项目审批进度（公开） / Public approval progress of a project',
        description: '仅部门名称与办理状态，不含个人信息与办理意见。',
        params: CodeParams,
        response: { 200: PublicProgressSchema, ...errorResponses(404) },
      },
    },
    async (request) => service.publicProgress(ctx, request.params.code),
  );
};
