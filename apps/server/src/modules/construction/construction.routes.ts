import {
  Type,
  type FastifyPluginAsyncTypebox,
  type TSchema,
  type TypeBoxTypeProvider,
} from '@fastify/type-provider-typebox';
import { PROGRESS_INTERVALS } from '@yiwang/domain';
import {
  INSPECTION_METHODS,
  INSPECTION_RESULTS,
  CONSTRUCTION_FINDINGS,
  CONSTRUCTION_REPORT_KINDS,
  CONSTRUCTION_STATUSES,
} from '../../db/schema/index.ts';
import type { AppContext } from '../../lib/app-context.ts';
import { AppError } from '../../lib/app-error.ts';
import { acceptRawUploads } from '../../lib/raw-upload.ts';
import { attachmentName } from '../files/files.routes.ts';
import { errorResponses, PageQuery, Uuid } from '../../lib/schemas.ts';
import { auditContextOf } from '../../plugins/authentication.ts';
import { constructionPolicy as policy } from './construction.policy.ts';
import * as inspections from './construction-inspections.service.ts';
import * as photos from './construction-photos.service.ts';
import * as service from './construction.service.ts';

const tags = ['construction'];
const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Literals = <T extends string>(values: readonly T[], description: string) =>
  Type.Enum([...values], { description });
const CivilDate = Type.String({ format: 'date', description: 'YYYY-MM-DD（北京时间日期）' });
const Wan = Type.Number({ minimum: 0, maximum: 999_999_999_999, multipleOf: 0.01, description: '万元，两位小数' });

const FindingSchema = Type.Object({
  code: Literals(CONSTRUCTION_FINDINGS, '发现的问题（体外循环等信号）'),
  text: Type.String(),
  textEn: Type.String(),
});

const PeriodLabelled = {
  start: CivilDate,
  end: CivilDate,
  label: Type.String({ description: '如 2026年11月、2026年第四季度' }),
  labelEn: Type.String(),
};

const ReportSchema = Type.Object({
  id: Uuid,
  kind: Literals(
    CONSTRUCTION_REPORT_KINDS,
    'start 开工 / progress 建设进度 / suspension 停工 / resumption 复工 / completion 竣工',
  ),
  occurredOn: CivilDate,
  period: Nullable(Type.Object(PeriodLabelled)),
  percentComplete: Nullable(Type.Integer({ minimum: 0, maximum: 100 })),
  investmentToDate: Nullable(Type.Number()),
  description: Type.String(),
  findings: Type.Array(FindingSchema),
  photos: Type.Array(Type.Object({ id: Uuid, fileName: Type.String() }), {
    description: '现场照片（GET /api/construction-photos/{id}）',
  }),
  reportedByName: Type.String(),
  reportedAt: Type.String({ format: 'date-time' }),
});

const InspectionSchema = Type.Object({
  id: Uuid,
  inspectedOn: CivilDate,
  method: Literals(INSPECTION_METHODS, 'onSite 现场核查 / online 在线核查'),
  result: Literals(INSPECTION_RESULTS, 'compliant 未发现问题 / issuesFound 发现问题'),
  opinion: Type.String(),
  rectificationDue: Nullable(CivilDate),
  inspectorName: Type.String(),
  recordedAt: Type.String({ format: 'date-time' }),
});

const InspectionBody = Type.Object(
  {
    inspectedOn: CivilDate,
    method: Literals(INSPECTION_METHODS, 'onSite 现场核查 / online 在线核查'),
    result: Literals(INSPECTION_RESULTS, 'compliant 未发现问题 / issuesFound 发现问题'),
    opinion: Type.String({ maxLength: 2000, description: '核查意见' }),
    rectificationDue: Type.Optional(CivilDate),
  },
  { additionalProperties: false },
);

const ConstructionSchema = Type.Object({
  projectId: Uuid,
  status: Literals(['notStarted', ...CONSTRUCTION_STATUSES] as const, '建设状态'),
  startedOn: Nullable(CivilDate),
  completedOn: Nullable(CivilDate),
  percentComplete: Nullable(Type.Integer()),
  investmentToDate: Nullable(Type.Number()),
  findings: Type.Array(FindingSchema),
  schedule: Type.Object({
    interval: Literals(PROGRESS_INTERVALS, 'CONSTRUCTION_PROGRESS_INTERVAL'),
    dueDay: Type.Integer({ description: '报告期结束后次月的第几日前报送（CONSTRUCTION_PROGRESS_DUE_DAY）' }),
  }),
  periods: Type.Array(
    Type.Object({
      ...PeriodLabelled,
      dueOn: CivilDate,
      state: Literals(['reported', 'overdue', 'due'] as const, 'reported 已报 / overdue 逾期未报 / due 待报'),
    }),
    { description: '开工以来应报的各期及下一期' },
  ),
  overdueCount: Type.Integer({ minimum: 0 }),
  allowedKinds: Type.Array(Literals(CONSTRUCTION_REPORT_KINDS, '当前可报送的类型'), {
    description: '当前用户现在可以报送的类型（工作人员为空）',
  }),
  canInspect: Type.Boolean({ description: '当前用户可登记核查（辖区监管人员，项目已开工）' }),
  reports: Type.Array(ReportSchema, { description: '全部报告，最新在前' }),
  inspections: Type.Array(InspectionSchema, { description: '监管核查记录，最新在前' }),
});

const ReportBody = Type.Object(
  {
    kind: Literals(CONSTRUCTION_REPORT_KINDS, '报告类型'),
    occurredOn: Type.Optional(CivilDate),
    periodStart: Type.Optional(
      Type.String({ format: 'date', description: '建设进度：报告期首日（如 2026-11-01），取自 periods' }),
    ),
    percentComplete: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: '形象进度（%）' })),
    investmentToDate: Type.Optional(Wan),
    description: Type.String({ maxLength: 2000, description: '情况说明；停工时为停工原因' }),
    photoIds: Type.Optional(
      Type.Array(Uuid, {
        maxItems: photos.MAX_PHOTOS,
        uniqueItems: true,
        description: '先用 PUT /api/projects/{id}/construction/photos 上传的现场照片',
      }),
    ),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object(
  {
    ...PageQuery,
    regionCode: Type.Optional(
      Type.String({ pattern: '^\\d{6}$', description: '在本人辖区内限定到下级区划（含下级）' }),
    ),
    status: Type.Optional(Literals(CONSTRUCTION_STATUSES, '建设状态')),
    overdue: Type.Optional(Type.Boolean({ description: 'true：仅看最近一期应报未报' })),
    withFindings: Type.Optional(Type.Boolean({ description: 'true：仅看有问题提示（体外循环等）' })),
  },
  { additionalProperties: false },
);

const Count = Type.Integer({ minimum: 0 });
const ListSchema = Type.Object({
  asOf: CivilDate,
  pastDuePeriod: Type.Object({ ...PeriodLabelled, dueOn: CivilDate }, { description: '判断逾期所看的报告期' }),
  counts: Type.Object({
    total: Count,
    underConstruction: Count,
    suspended: Count,
    completed: Count,
    overdue: Count,
    withFindings: Count,
  }),
  total: Count,
  items: Type.Array(
    Type.Object({
      projectId: Uuid,
      projectName: Type.String(),
      projectCode: Nullable(Type.String()),
      procedure: Nullable(Type.String()),
      regionCode: Type.String(),
      regionName: Type.String(),
      status: Literals(CONSTRUCTION_STATUSES, '建设状态'),
      startedOn: CivilDate,
      completedOn: Nullable(CivilDate),
      lastProgressPeriodEnd: Nullable(CivilDate),
      percentComplete: Nullable(Type.Integer()),
      investmentToDate: Nullable(Type.Number()),
      totalInvestment: Nullable(Type.Number()),
      overdue: Type.Boolean(),
      lastInspectedOn: Nullable(CivilDate),
      lastInspectionResult: Nullable(Literals(INSPECTION_RESULTS, '最近一次核查结果')),
      findings: Type.Array(FindingSchema),
      updatedAt: Type.String({ format: 'date-time' }),
    }),
  ),
});

export const constructionRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/projects/:id/construction',
    {
      config: { policy: policy.read },
      schema: {
        tags,
        summary: '项目建设情况 / Construction of a project',
        description:
          '开工、建设进度、停工、复工、竣工报告及应报各期（条例673 第十六条；条例712 第二十七条）。项目单位及其代办、' +
          '区划范围内的工作人员可查看。',
        params: Type.Object({ id: Uuid }),
        response: { 200: ConstructionSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.getProjectConstruction(ctx, request.actor!, request.params.id),
  );

  app.post(
    '/api/projects/:id/construction/reports',
    {
      config: { policy: policy.report },
      schema: {
        tags,
        summary: '报送建设情况 / Report construction',
        description:
          '项目单位报送开工（occurredOn）、建设进度（periodStart、percentComplete、investmentToDate）、停工、复工、竣工' +
          '（occurredOn、investmentToDate）。开工时对照平台上的备案/核准/审批文件和施工许可证，缺失或过期的记为问题提示并告知' +
          '辖区监管人员（体外循环）。与建设状态不符返回 409 CONSTRUCTION_RULE_VIOLATED；报告一经报送不可修改。',
        params: Type.Object({ id: Uuid }),
        body: ReportBody,
        response: { 200: ConstructionSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      service.submitReport(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/projects/:id/construction/inspections',
    {
      config: { policy: policy.inspect },
      schema: {
        tags,
        summary: '登记监管核查 / Record a check',
        description:
          '辖区监管人员登记对已开工项目的现场或在线核查（谁审批谁监管）；发现问题须给出整改期限，并即时通知项目单位。' +
          '项目未开工返回 409 CONSTRUCTION_RULE_VIOLATED。',
        params: Type.Object({ id: Uuid }),
        body: InspectionBody,
        response: { 200: ConstructionSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      inspections.recordInspection(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
  );

  await app.register(async (child) => {
    acceptRawUploads(child, ctx);
    child.withTypeProvider<TypeBoxTypeProvider>().put(
      '/api/projects/:id/construction/photos',
      {
        config: { policy: policy.report },
        bodyLimit: ctx.config.uploadMaxBytes + 1,
        schema: {
          tags,
          summary: '上传现场照片 / Upload a site photo',
          description:
            '请求体为图片原始内容；按内容识别，仅接受 PNG、JPEG（否则 415 FILE_TYPE_REFUSED），超过 UPLOAD_MAX_BYTES 返回 413。' +
            `返回的 id 放入报告的 photoIds（每份报告至多 ${photos.MAX_PHOTOS} 张）。`,
          params: Type.Object({ id: Uuid }),
          querystring: Type.Object(
            { fileName: Type.String({ minLength: 1, maxLength: 255, description: '原文件名（仅用于显示）' }) },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              id: Uuid,
              fileName: Type.String(),
              sizeBytes: Type.Integer(),
              mediaType: Type.String(),
            }),
            ...errorResponses(400, 401, 403, 404, 409, 413, 415),
          },
        },
      },
      async (request) => {
        const body = request.body;
        if (body !== undefined && !Buffer.isBuffer(body)) throw new AppError('FILE_TYPE_REFUSED');
        return photos.uploadPhoto(ctx, request.actor!, auditContextOf(request), request.params.id, {
          fileName: request.query.fileName,
          content: body,
        });
      },
    );
  });

  app.get(
    '/api/construction-photos/:id',
    {
      config: { policy: policy.read },
      schema: {
        tags,
        summary: '现场照片 / A site photo',
        description: '项目单位及其代办、区划范围内的工作人员可查看。',
        params: Type.Object({ id: Uuid }),
        response: { 200: Type.Unknown({ description: 'the image' }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const photo = await photos.downloadPhoto(ctx, request.actor!, request.params.id);
      return reply
        .type(photo.mediaType)
        .header('cache-control', 'private, max-age=3600')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', attachmentName(photo.fileName, 'inline'))
        .send(photo.content);
    },
  );

  app.get(
    '/api/supervision/construction',
    {
      config: { policy: policy.list },
      schema: {
        tags,
        summary: '建设监管：在建项目 / Projects in construction',
        description:
          '本人辖区内已报送开工的项目：建设状态、最近一期进度、是否逾期未报（最近一个已过报送截止日的报告期）、问题提示。' +
          '最近更新的在前。',
        querystring: ListQuery,
        response: { 200: ListSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.listConstruction(ctx, request.actor!, request.query),
  );
};
