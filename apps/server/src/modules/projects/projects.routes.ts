import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/app-context.ts';
import { errorResponses, PageQuery, Uuid } from '../../lib/schemas.ts';
import { auditContextOf } from '../../plugins/authentication.ts';
import { projectCodeIssuerFor } from './project-code-issuer.ts';
import { projectPolicy as policy } from './projects.policy.ts';
import {
  CodeLookupSchema,
  CreateProjectBody,
  IndustryCodeSchema,
  InvestmentNatureSchema,
  ProcedureSuggestionSchema,
  ProjectSchema,
  ProjectStatusSchema,
  UpdateProjectBody,
} from './projects.schemas.ts';
import * as service from './projects.service.ts';

const IdParams = Type.Object({ id: Uuid });

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
        summary: '新建项目草稿 / Create a project draft',
        body: CreateProjectBody,
        response: { 201: ProjectSchema, ...errorResponses(400, 401, 403) },
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
        querystring: Type.Object(
          { ...PageQuery, status: Type.Optional(ProjectStatusSchema) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(ProjectSchema), total: Type.Integer() }),
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
};
