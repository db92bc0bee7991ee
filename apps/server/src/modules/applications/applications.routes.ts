import { Type, type FastifyPluginAsyncTypebox, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/app-context.ts';
import { AppError } from '../../lib/app-error.ts';
import { answerChange, MinimalAnswer, PreferHeaders } from '../../lib/prefer.ts';
import { acceptRawUploads } from '../../lib/raw-upload.ts';
import { errorResponses, Uuid } from '../../lib/schemas.ts';
import { auditContextOf } from '../../plugins/authentication.ts';
import { attachmentName } from '../files/files.routes.ts';
import { applicationPolicy as policy } from './applications.policy.ts';
import {
  AcceptBody,
  ApplicationDetailSchema,
  ApplicationListItemSchema,
  ApplicationMaterialSchema,
  CommitmentBody,
  CompleteVerificationBody,
  CorrectionBody,
  CreateApplicationBody,
  CreditGradeBody,
  CreditGradeSchema,
  CreditPrivilegesSchema,
  InboxItemSchema,
  InboxQuery,
  RejectBody,
  StageFormQuery,
  StageFormViewSchema,
  UpdateApplicationBody,
  UploadQuery,
  VerificationTaskSchema,
} from './applications.schemas.ts';
import * as service from './applications.service.ts';
import * as credit from './credit.service.ts';
import * as window from './window.service.ts';

const IdParams = Type.Object({ id: Uuid });
const NoticeParams = Type.Object({ id: Uuid, noticeId: Uuid });
const MaterialParams = Type.Object({
  id: Uuid,
  materialCode: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z][A-Za-z0-9._-]*$' }),
});
const tags = ['applications'];

export const applicationRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  // ── applicant ──
  app.get(
    '/api/projects/:id/stage-form',
    {
      config: { policy: policy.read },
      schema: {
        tags,
        summary: '阶段申报表（一表申报） / The stage form of a project',
        description:
          '按项目情况（facts，逗号分隔）列出本阶段适用的事项及理由、一张申报表的字段（同一字段只问一次）和一套材料；' +
          '材料包（已提交过的材料）和证照库已有的不再要求提交（两个不得）。',
        params: IdParams,
        querystring: StageFormQuery,
        response: { 200: StageFormViewSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      service.getStageForm(ctx, request.actor!, request.params.id, {
        stageCode: request.query.stageCode,
        facts: (request.query.facts ?? '')
          .split(',')
          .map((f) => f.trim())
          .filter((f) => f !== ''),
      }),
  );

  app.post(
    '/api/projects/:id/applications',
    {
      config: { policy: policy.applicant },
      schema: {
        tags,
        summary: '发起阶段申请（草稿） / Start a stage application (draft)',
        description:
          '须有经核验的项目代码（已赋码或已备案且代码有效），否则 409 PROJECT_CODE_NOT_VERIFIED；同一阶段已有未办结申请 409 ' +
          'APPLICATION_EXISTS；按申报情况本阶段无事项 409 STAGE_HAS_NO_MATTERS。Prefer: return=minimal 时 201 无正文，' +
          'Location 指向新申请 / with Prefer: return=minimal, 201 without a body; Location names the application.',
        params: IdParams,
        body: CreateApplicationBody,
        headers: PreferHeaders,
        response: {
          // Prefer: return=minimal → 201 without a body (Location names the application): no second schema, so
          // the full answer keeps its plain serializer.
          201: ApplicationDetailSchema,
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const created = await service.createApplication(
        ctx,
        request.actor!,
        auditContextOf(request),
        request.params.id,
        request.body,
      );
      return answerChange(request, reply, created.view, { location: `/api/applications/${created.id}` });
    },
  );

  app.get(
    '/api/projects/:id/applications',
    {
      config: { policy: policy.read },
      schema: {
        tags,
        summary: '项目的阶段申请 / Stage applications of a project',
        params: IdParams,
        response: {
          200: Type.Object({ items: Type.Array(ApplicationListItemSchema) }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => service.listProjectApplications(ctx, request.actor!, request.params.id),
  );

  app.get(
    '/api/applications/:id',
    {
      config: { policy: policy.read },
      schema: {
        tags,
        summary: '阶段申请详情 / One stage application',
        params: IdParams,
        response: { 200: ApplicationDetailSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.getApplication(ctx, request.actor!, request.params.id),
  );

  app.put(
    '/api/applications/:id',
    {
      config: { policy: policy.applicant },
      schema: {
        tags,
        summary: '修改申请草稿 / Edit a draft',
        description: '项目情况（facts）仅草稿可改，改动后重新计算事项和材料；申报表内容在草稿和待补正时可改。',
        params: IdParams,
        body: UpdateApplicationBody,
        response: { 200: ApplicationDetailSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      service.updateApplication(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
  );

  // The upload route gets its own raw-body parser and body limit (UPLOAD_MAX_BYTES), encapsulated so every other route
  // keeps the JSON parser and the global 1 MB limit.
  await app.register(async (child) => {
    acceptRawUploads(child, ctx);
    const upload = child.withTypeProvider<TypeBoxTypeProvider>();
    upload.put(
      '/api/applications/:id/materials/:materialCode/file',
      {
        config: { policy: policy.applicant },
        bodyLimit: ctx.config.uploadMaxBytes + 1,
        schema: {
          tags,
          summary: '上传申请材料 / Upload a material',
          description:
            '请求体为文件原始内容（任意 Content-Type）；类型按内容识别，仅接受 PDF、OFD、PNG、JPEG（否则 415 FILE_TYPE_REFUSED），' +
            '超过 UPLOAD_MAX_BYTES 返回 413 FILE_TOO_LARGE；被拒绝的文件不保存。保存后进入项目材料包，后续申请不再要求提交。',
          params: MaterialParams,
          querystring: UploadQuery,
          response: { 200: ApplicationMaterialSchema, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      async (request) => {
        const body = request.body;
        if (body !== undefined && !Buffer.isBuffer(body)) throw new AppError('FILE_TYPE_REFUSED');
        return service.uploadMaterial(
          ctx,
          request.actor!,
          auditContextOf(request),
          request.params.id,
          request.params.materialCode,
          { fileName: request.query.fileName, content: body },
        );
      },
    );
  });

  app.post(
    '/api/applications/:id/materials/:materialCode/commitment',
    {
      config: { policy: policy.applicant },
      schema: {
        tags,
        summary: '签署告知承诺 / Sign the commitment for a material',
        description: '以书面承诺代替该材料（国办发〔2020〕42号）；信用状况不允许时 409 CREDIT_ROUTE_REFUSED。',
        params: MaterialParams,
        body: CommitmentBody,
        response: { 200: ApplicationMaterialSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      service.signCommitment(
        ctx,
        request.actor!,
        auditContextOf(request),
        request.params.id,
        request.params.materialCode,
      ),
  );

  for (const [path, summary, description, run] of [
    [
      'submit',
      '提交申请 / Submit',
      '必填的申报表字段须填写（400 APPLICATION_INCOMPLETE，逐项列出 formData.<code>）；缺少的材料不阻止提交，由窗口一次性告知补正。',
      service.submitApplication,
    ],
    [
      'supplement',
      '补正后重新提交 / Resubmit after corrections',
      '补正告知书所列各项须已补齐（409 CORRECTION_NOT_ADDRESSED 逐项列出）；窗口受理审查期限自补正之日重新起算。',
      service.supplementApplication,
    ],
    ['withdraw', '撤回申请 / Withdraw', '受理前可撤回。', service.withdrawApplication],
  ] as const) {
    app.post(
      `/api/applications/:id/${path}`,
      {
        config: { policy: policy.applicant },
        schema: {
          tags,
          summary,
          description,
          params: IdParams,
          headers: PreferHeaders,
          response: { 200: ApplicationDetailSchema, 204: MinimalAnswer, ...errorResponses(400, 401, 403, 404, 409) },
        },
      },
      async (request, reply) =>
        answerChange(request, reply, (await run(ctx, request.actor!, auditContextOf(request), request.params.id)).view),
    );
  }

  app.get(
    '/api/applications/:id/receipt.pdf',
    {
      config: { policy: policy.read },
      schema: {
        tags,
        summary: '下载受理回执（PDF） / Download the acceptance receipt',
        params: IdParams,
        response: { 200: Type.Unknown({ description: 'application/pdf' }), ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { receiptNumber, pdf } = await window.acceptanceReceipt(ctx, request.actor!, request.params.id);
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', attachmentName(`受理回执-${receiptNumber}.pdf`))
        .send(Buffer.from(pdf));
    },
  );

  app.get(
    '/api/applications/:id/corrections/:noticeId/notice.pdf',
    {
      config: { policy: policy.read },
      schema: {
        tags,
        summary: '下载一次性补正告知书（PDF） / Download the correction notice',
        description: '行政许可法第三十二条：一次性告知需要补正的全部内容。申请人一方及有权查看该申请的工作人员可下载。',
        params: NoticeParams,
        response: { 200: Type.Unknown({ description: 'application/pdf' }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { number, pdf } = await window.correctionNoticePdf(
        ctx,
        request.actor!,
        request.params.id,
        request.params.noticeId,
      );
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', attachmentName(`补正告知书-${number}.pdf`))
        .send(Buffer.from(pdf));
    },
  );

  // ── window ──
  app.get(
    '/api/window/applications',
    {
      config: { policy: policy.window },
      schema: {
        tags,
        summary: '综合窗口收件箱 / Window inbox',
        description: '本区划及下级区划的申请；绿色通道（信用良好）优先，其后按提交时间先后。',
        querystring: InboxQuery,
        response: {
          200: Type.Object({ items: Type.Array(InboxItemSchema), total: Type.Integer() }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => window.listInbox(ctx, request.actor!, request.query),
  );

  app.post(
    '/api/applications/:id/corrections',
    {
      config: { policy: policy.window },
      schema: {
        tags,
        summary: '一次性告知补正 / The one correction notice',
        description: '一份告知书列出全部需补正的材料或字段（行政许可法第三十二条）。',
        params: IdParams,
        body: CorrectionBody,
        response: { 200: ApplicationDetailSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      window.requestCorrection(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/applications/:id/accept',
    {
      config: { policy: policy.window },
      schema: {
        tags,
        summary: '受理（一般 / 容缺 / 告知承诺） / Accept',
        description:
          'normal：必需材料齐全；tolerance：仅缺可容缺的次要材料，须给出补齐期限 toleranceDueOn；commitment：缺少的材料均已签署告知承诺且信用允许。' +
          '受理后各事项同时分送有关部门并联办理。',
        params: IdParams,
        body: AcceptBody,
        headers: PreferHeaders,
        response: { 200: ApplicationDetailSchema, 204: MinimalAnswer, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      answerChange(
        request,
        reply,
        (await window.acceptApplication(ctx, request.actor!, auditContextOf(request), request.params.id, request.body))
          .view,
      ),
  );

  app.post(
    '/api/applications/:id/reject',
    {
      config: { policy: policy.window },
      schema: {
        tags,
        summary: '不予受理 / Refuse',
        params: IdParams,
        body: RejectBody,
        response: { 200: ApplicationDetailSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      window.rejectApplication(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
  );

  // ── credit and verification ──
  app.get(
    '/api/enterprises/:id/credit-grades',
    {
      config: { policy: policy.readCredit },
      schema: {
        tags: ['credit'],
        summary: '企业信用等级 / Credit grades of an enterprise',
        params: IdParams,
        response: {
          200: Type.Object({ items: Type.Array(CreditGradeSchema), privileges: CreditPrivilegesSchema }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => credit.listCreditGrades(ctx, request.actor!, request.params.id),
  );

  app.post(
    '/api/enterprises/:id/credit-grades',
    {
      config: { policy: policy.recordCredit },
      schema: {
        tags: ['credit'],
        summary: '记录信用等级 / Record a credit grade',
        params: IdParams,
        body: CreditGradeBody,
        response: { 201: CreditGradeSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await credit.recordCreditGrade(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
        ),
  );

  app.get(
    '/api/verification-tasks',
    {
      config: { policy: policy.listVerification },
      schema: {
        tags: ['credit'],
        summary: '告知承诺核查任务 / Commitment verification tasks',
        querystring: Type.Object(
          { status: Type.Optional(Type.Enum(['open', 'passed', 'failed'])) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(VerificationTaskSchema) }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => credit.listVerificationTasks(ctx, request.actor!, request.query),
  );

  app.post(
    '/api/verification-tasks/:id/complete',
    {
      config: { policy: policy.completeVerification },
      schema: {
        tags: ['credit'],
        summary: '完成核查 / Complete a verification',
        description: '核查不实（passed=false）时撤销依承诺作出的许可（国办发〔2020〕42号）。',
        params: IdParams,
        body: CompleteVerificationBody,
        response: { 200: VerificationTaskSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      credit.completeVerificationTask(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
  );
};
