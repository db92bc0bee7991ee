import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/app-context.ts';
import { errorResponses, PageQuery, Uuid } from '../../lib/schemas.ts';
import { attachmentDisposition } from '../../lib/content-disposition.ts';
import { sendCsv } from '../../lib/csv.ts';
import * as changes from './project-changes.service.ts';
import * as documents from './project-documents.service.ts';
import { exportProjects } from './project-export.service.ts';
import * as search from './project-search.service.ts';
import { auditContextOf } from '../../plugins/authentication.ts';
import { projectCodeIssuerFor } from './project-code-issuer.ts';
import { projectPolicy as policy } from './projects.policy.ts';
import {
  ChangeProjectBody,
  ChangeResultSchema,
  CodeLookupSchema,
  CreateProjectBody,
  HistoryItemSchema,
  PublicFilingSchema,
  SearchItemSchema,
  SearchQuery,
  ExportQuery,
  VoidProjectBody,
  IndustryCodeSchema,
  InvestmentNatureSchema,
  ProcedureSuggestionSchema,
  ProjectSchema,
  ProjectStatusSchema,
  UpdateProjectBody,
} from './projects.schemas.ts';
import * as service from './projects.service.ts';

const IdParams = Type.Object({ id: Uuid });
const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });
const ONE_DAY_PUBLIC = 'public, max-age=86400';

export const projectRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  // Build the issuer now, so a malformed PROJECT_CODE_DEPARTMENT_CODE stops the server at boot.
  projectCodeIssuerFor(ctx);

  app.get(
    '/api/public/project-codes/:code',
    {
      config: { policy: policy.lookupCode },
      schema: {
        tags: ['projects'],
        summary: '项目代码公开核验 / Public project-code verification',
        description:
          '校验新版（YYMM-RRRRRR-DD-TT-NNNNNC，GB/T 17710 MOD 11,10 校验位）和旧版（YYYY-RRRRRR-II-TT-NNNNNN）项目代码，' +
          '并告知是否在本平台登记（登记则返回 project 公开字段，不含个人信息）。无效或残缺的代码也返回 200：' +
          '`valid: false`，附中文 reason 和英文 reasonEn；能判断格式时给出 format，残缺到无法判断格式时省略 format。',
        params: Type.Object({ code: Type.String() }),
        response: { 200: CodeLookupSchema },
      },
    },
    async (request) => service.lookupProjectCode(ctx, request.params.code),
  );

  app.get(
    '/api/projects/procedure-suggestion',
    {
      config: { policy: policy.suggestProcedure },
      schema: {
        tags: ['projects'],
        summary: '审批/核准/备案 建议及理由 / Suggested procedure with its reason',
        querystring: Type.Object(
          { investmentNature: Type.Optional(InvestmentNatureSchema), industryCode: Type.Optional(IndustryCodeSchema) },
          { additionalProperties: false },
        ),
        response: { 200: ProcedureSuggestionSchema, ...errorResponses(400, 401) },
      },
    },
    async (request) => service.procedureSuggestion(ctx, request.query),
  );

  app.post(
    '/api/projects',
    {
      config: { policy: policy.create },
      schema: {
        tags: ['projects'],
        summary: '新建项目草稿，或 submit=true 一并提交赋码 / Create a project draft, or register and code it at once',
        body: CreateProjectBody,
        response: { 201: ProjectSchema, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createProject(ctx, request.actor!, auditContextOf(request), request.body)),
  );

  app.get(
    '/api/projects',
    {
      config: { policy: policy.listOwn },
      schema: {
        tags: ['projects'],
        summary: '我的项目 / My projects',
        description:
          '本企业的项目及本账号登记的项目（代办人：受托企业的项目），最近变更的在前。total 精确到 10,000，超过时为 10,000 且 ' +
          'totalIsLowerBound 为 true；page × pageSize 不能超过 10,000（再往后请按 status 筛选）。',
        querystring: Type.Object(
          { ...PageQuery, status: Type.Optional(ProjectStatusSchema) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(ProjectSchema),
            total: Type.Integer({ description: '项目数；超过 10,000 时为 10,000（见 totalIsLowerBound）' }),
            totalIsLowerBound: Type.Boolean({ description: 'true：项目多于 10,000 个，total 只是下限' }),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => service.listOwnProjects(ctx, request.actor!, request.query),
  );

  app.get(
    '/api/projects/:id',
    {
      config: { policy: policy.read },
      schema: {
        tags: ['projects'],
        summary: '项目详情 / One project',
        params: IdParams,
        response: { 200: ProjectSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.getProject(ctx, request.actor!, request.params.id),
  );

  app.patch(
    '/api/projects/:id',
    {
      config: { policy: policy.update },
      schema: {
        tags: ['projects'],
        summary: '修改项目草稿 / Update a draft',
        params: IdParams,
        body: UpdateProjectBody,
        response: { 200: ProjectSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      service.updateProject(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/projects/:id/submit',
    {
      config: { policy: policy.submit },
      schema: {
        tags: ['projects'],
        summary:
          '提交项目并赋码（备案项目信息齐全即备案） / Submit: issue the project code (a complete filing is filed)',
        params: IdParams,
        response: { 200: ProjectSchema, ...errorResponses(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request) => service.submitProject(ctx, request.actor!, auditContextOf(request), request.params.id),
  );

  app.get(
    '/api/public/project-codes/:code/qr.svg',
    {
      config: { policy: policy.qrMark },
      schema: {
        tags: ['projects'],
        summary: '项目代码二维码（SVG） / QR mark of a registered project code (SVG)',
        description: `二维码内容为公开核验页地址（PUBLIC_BASE_URL/public/project-codes/<code>）；未在本平台登记的代码返回 404。`,
        params: CodeParams,
        response: { 200: Type.String(), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const svg = await documents.projectQrSvg(ctx, request.params.code);
      return reply.type('image/svg+xml; charset=utf-8').header('cache-control', ONE_DAY_PUBLIC).send(svg);
    },
  );

  app.get(
    '/api/public/project-codes/:code/qr.png',
    {
      config: { policy: policy.qrMark },
      schema: {
        tags: ['projects'],
        summary: '项目代码二维码（PNG） / QR mark of a registered project code (PNG)',
        params: CodeParams,
        response: { 200: Type.Unknown({ description: 'image/png' }), ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const png = await documents.projectQrPng(ctx, request.params.code);
      return reply.type('image/png').header('cache-control', ONE_DAY_PUBLIC).send(png);
    },
  );

  app.get(
    '/api/public/filings',
    {
      config: { policy: policy.publicFilings },
      schema: {
        tags: ['projects'],
        summary: '备案项目公示 / Public notice of filed projects',
        description:
          '已备案项目的公开字段及项目单位名称，按备案时间倒序；regionCode 含下级区划。total 精确到 10,000，超过时为 10,000 且 ' +
          'totalIsLowerBound 为 true（总数在各进程内复用至多 SEARCH_COUNT_CACHE_SECONDS）；page × pageSize 不能超过 10,000。',
        querystring: Type.Object(
          {
            page: PageQuery.page,
            pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
            regionCode: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            items: Type.Array(PublicFilingSchema),
            total: Type.Integer({ description: '已备案项目数；超过 10,000 时为 10,000（见 totalIsLowerBound）' }),
            totalIsLowerBound: Type.Boolean({
              description: 'true：超过 10,000 条，total 只是下限 / more than 10,000 filed projects',
            }),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (request) => search.publicFilings(ctx, request.query),
  );

  app.get(
    '/api/projects/search',
    {
      config: { policy: policy.search },
      schema: {
        tags: ['projects'],
        summary: '项目检索（本级及下级区划） / Staff project search within the region subtree',
        description:
          'q：项目名称中文子串（至少 2 个字，字对 GIN 索引）；code：项目代码完整或前缀；regionCode：区划及其下级；industryCode：行业代码前缀；' +
          'investmentMin/Max：总投资（万元）闭区间；createdFrom/createdTo：登记日期（北京时间，含两端）。草稿不在检索范围内。' +
          'q 至少 2 个字。total 精确到 10,000，超过时为 10,000 且 totalIsLowerBound 为 true（同一条件的总数在各进程内复用至多 SEARCH_COUNT_CACHE_SECONDS，默认 30 秒；结果页始终为最新）；page × pageSize 不能超过 ' +
          '10,000（400，字段 page：请缩小检索条件）。',
        querystring: SearchQuery,
        response: {
          200: Type.Object({
            items: Type.Array(SearchItemSchema),
            total: Type.Integer({ description: '匹配数；超过 10,000 时为 10,000（见 totalIsLowerBound）' }),
            totalIsLowerBound: Type.Boolean({
              description: 'true：匹配超过 10,000 条，total 只是下限（显示为“10,000+ 条”） / more than 10,000 matches',
            }),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => search.searchProjects(ctx, request.actor!, request.query),
  );

  app.get(
    '/api/projects/search/export',
    {
      config: { policy: policy.search },
      schema: {
        tags: ['projects'],
        summary: '导出项目检索结果（CSV，可用 Excel 打开） / Export the staff search (CSV for Excel)',
        description:
          '与 GET /api/projects/search 相同的条件、范围（本级及下级区划）与排序，导出前 10,000 条（UTF-8 带 BOM，Excel/WPS ' +
          '直接打开）；更多时响应头 X-Export-Truncated: true。lang=en 时表头与取值为英文。每次导出写一条审计记录' +
          '（project.search_exported：条件与行数）。以 =、+、-、@ 开头的文本前加单引号，防止表格软件当作公式执行。',
        querystring: ExportQuery,
        response: { 200: Type.Unknown({ description: 'text/csv' }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { lang, ...query } = request.query;
      const exported = await exportProjects(ctx, request.actor!, auditContextOf(request), query, lang);
      return sendCsv(reply, exported, ctx.clock.now(), { ascii: 'projects', chinese: '项目检索' });
    },
  );

  app.get(
    '/api/projects/:id/filing-certificate.pdf',
    {
      config: { policy: policy.filingCertificate },
      schema: {
        tags: ['projects'],
        summary: '下载备案证明（PDF） / Download the filing certificate (PDF)',
        description: '仅已备案项目；其他状态（含已撤销）返回 409 PROJECT_NOT_FILED。',
        params: IdParams,
        response: { 200: Type.Unknown({ description: 'application/pdf' }), ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { code, pdf } = await documents.filingCertificate(ctx, request.actor!, request.params.id);
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', attachmentDisposition(`filing-certificate-${code}.pdf`, `备案证明-${code}.pdf`))
        .send(Buffer.from(pdf));
    },
  );

  app.post(
    '/api/projects/:id/changes',
    {
      config: { policy: policy.change },
      schema: {
        tags: ['projects'],
        summary: '项目信息变更 / Change a coded or filed project',
        description:
          '已备案项目：变更即时生效（条例673 第十四条，告知性备案）；已赋码的审批/核准项目：登记为待处理（pending），' +
          '项目信息不变，待审批部门办理。草稿请直接修改；已撤销项目不能变更（409）。',
        params: IdParams,
        body: ChangeProjectBody,
        response: { 201: ChangeResultSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await changes.requestChange(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
        ),
  );

  app.post(
    '/api/projects/:id/void',
    {
      config: { policy: policy.void },
      schema: {
        tags: ['projects'],
        summary: '撤销项目 / Void a project',
        description: '草稿、已赋码或已备案项目均可撤销；项目代码保留在项目和代码登记簿中，永不再发放。',
        params: IdParams,
        body: VoidProjectBody,
        response: { 200: ProjectSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      changes.voidProject(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/projects/:id/history',
    {
      config: { policy: policy.history },
      schema: {
        tags: ['projects'],
        summary: '项目历史（登记、赋码、备案、变更、撤销） / Project history, newest first',
        params: IdParams,
        response: {
          200: Type.Object({ items: Type.Array(HistoryItemSchema) }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => changes.projectHistory(ctx, request.actor!, request.params.id),
  );
};
