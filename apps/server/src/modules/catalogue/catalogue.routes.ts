import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/app-context.ts';
import { errorResponses, Uuid } from '../../lib/schemas.ts';
import { auditContextOf } from '../../plugins/authentication.ts';
import { attachmentDisposition } from '../../lib/content-disposition.ts';
import { cataloguePolicy as policy } from './catalogue.policy.ts';
import {
  CatalogueCode,
  CatalogueSchema,
  CreateDraftBody,
  ImportBody,
  PatchMatterBody,
  VersionDetailSchema,
  VersionSummarySchema,
} from './catalogue.schemas.ts';
import * as service from './catalogue.service.ts';
import * as guides from './guides.service.ts';

const IdParams = Type.Object({ id: Uuid });
/** A whole catalogue can be larger than the default 1 MB body limit. */
const CATALOGUE_BODY_LIMIT = 4 * 1024 * 1024;
const Nullable = <T extends import('@fastify/type-provider-typebox').TSchema>(s: T) => Type.Union([s, Type.Null()]);

const StageSummarySchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  order: Type.Integer(),
  leadDepartmentKind: Type.String(),
  leadDepartmentName: Type.String(),
  matterCount: Type.Integer(),
});
const NamedRef = Type.Object({ code: Type.String(), name: Type.String() });
const GuideMaterialSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  required: Type.Boolean(),
  main: Type.Boolean(),
  tolerable: Type.Boolean({ description: '可容缺受理' }),
  commitmentText: Nullable(Type.String({ description: '告知承诺文本' })),
  satisfiedByLicenceType: Nullable(Type.String()),
  satisfiedByLicenceName: Nullable(Type.String({ description: '持有该证照即免交' })),
  sampleUrl: Nullable(Type.String()),
  neededBy: Type.Array(NamedRef),
});
const MatterGuideSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  stageCode: Type.String(),
  track: Type.String({ description: 'main 主线 / concurrent 并行推进' }),
  departmentKind: Type.String(),
  departmentName: Type.String(),
  legalBasis: Type.Array(Type.Object({ citation: Type.String(), confirmed: Type.Boolean() })),
  conditions: Type.Array(Type.String()),
  appliesWhen: Type.Array(Type.String()),
  limit: Type.Object({
    promisedWorkingDays: Type.Integer(),
    statutoryWorkingDays: Nullable(Type.Integer()),
    isConfirmed: Type.Boolean(),
    note: Nullable(Type.String()),
    clockStoppable: Type.Boolean(),
  }),
  fees: Type.Array(Type.Object({ name: Type.String(), amountYuan: Nullable(Type.Number()), basis: Type.String() })),
  output: Nullable(
    Type.Object({ licenceType: Type.String(), licenceName: Type.String(), validityMonths: Nullable(Type.Integer()) }),
  ),
  dependsOn: Type.Array(NamedRef),
  steps: Type.Array(Type.Object({ name: Type.String(), kind: Type.String(), signMode: Type.String() })),
  materialCodes: Type.Array(Type.String()),
});

export const catalogueRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/catalogue/versions',
    {
      config: { policy: policy.listVersions },
      schema: {
        tags: ['catalogue'],
        summary: '事项目录版本列表 / Catalogue versions',
        description:
          '最新在前。status=published 的版本即现行版本（同一时间只有一个）；发布新版本时原现行版本转为 retired。',
        response: { 200: Type.Object({ items: Type.Array(VersionSummarySchema) }), ...errorResponses(401, 403) },
      },
    },
    async () => ({ items: await service.listVersions(ctx) }),
  );

  app.post(
    '/api/catalogue/versions',
    {
      config: { policy: policy.createDraft },
      schema: {
        tags: ['catalogue'],
        summary: '新建草稿版本 / New draft copied from a version',
        description: '复制 fromVersionId（省略则复制现行版本）为新的草稿。',
        body: CreateDraftBody,
        response: { 201: VersionDetailSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createDraft(ctx, request.actor!, auditContextOf(request), request.body)),
  );

  app.get(
    '/api/catalogue/versions/:id',
    {
      config: { policy: policy.readVersion },
      schema: {
        tags: ['catalogue'],
        summary: '目录版本详情及校验结果 / A version with its catalogue and validation',
        params: IdParams,
        response: { 200: VersionDetailSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.getVersion(ctx, request.params.id),
  );

  app.put(
    '/api/catalogue/versions/:id/catalogue',
    {
      bodyLimit: CATALOGUE_BODY_LIMIT,
      config: { policy: policy.saveCatalogue },
      schema: {
        tags: ['catalogue'],
        summary: '保存草稿的完整目录 / Save a draft’s whole catalogue',
        description:
          '仅草稿（否则 409 CATALOGUE_NOT_DRAFT）。结构不合法 → 400；规则问题（引用不存在、循环依赖、承诺时限超过法定时限等）' +
          '不妨碍保存，结果的 validation 列出全部问题，发布前须解决。catalogue.version 以版本记录为准。',
        params: IdParams,
        body: CatalogueSchema,
        response: { 200: VersionDetailSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.saveCatalogue(ctx, auditContextOf(request), request.params.id, request.body),
  );

  app.patch(
    '/api/catalogue/versions/:id/matters/:code',
    {
      config: { policy: policy.patchMatter },
      schema: {
        tags: ['catalogue'],
        summary: '修改草稿中的一个事项（如时限） / Quick edit of one matter of a draft',
        description: '仅草稿（否则 409）。保存后返回版本详情及校验结果（如承诺时限超过法定时限会列为问题）。',
        params: Type.Object({ id: Uuid, code: CatalogueCode }),
        body: PatchMatterBody,
        response: { 200: VersionDetailSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      service.patchMatter(ctx, auditContextOf(request), request.params.id, request.params.code, request.body),
  );

  app.post(
    '/api/catalogue/versions/:id/publish',
    {
      config: { policy: policy.publish },
      schema: {
        tags: ['catalogue'],
        summary: '发布草稿为现行版本 / Publish a draft',
        description:
          '校验不通过 → 400 CATALOGUE_INVALID，fields 逐条列出问题（field 为目录内路径）。通过则成为现行版本，原现行版本转为 ' +
          'retired（不可修改，仍可查看、导出、复制）。已按旧版本办理的案件继续使用其版本。',
        params: IdParams,
        response: { 200: VersionDetailSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.publishVersion(ctx, request.actor!, auditContextOf(request), request.params.id),
  );

  app.get(
    '/api/catalogue/versions/:id/export',
    {
      config: { policy: policy.exportVersion },
      schema: {
        tags: ['catalogue'],
        summary: '导出目录 JSON / Export a version as JSON',
        params: IdParams,
        response: {
          200: Type.Unknown({ description: 'application/json attachment' }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { version, json } = await service.exportVersion(ctx, request.params.id);
      return reply
        .type('application/json; charset=utf-8')
        .header('cache-control', 'private, no-store')
        .header('content-disposition', attachmentDisposition(`catalogue-${version}.json`, `事项目录-${version}.json`))
        .send(json);
    },
  );

  app.post(
    '/api/catalogue/import',
    {
      bodyLimit: CATALOGUE_BODY_LIMIT,
      config: { policy: policy.importCatalogue },
      schema: {
        tags: ['catalogue'],
        summary: '导入目录 JSON 为新草稿 / Import a catalogue as a new draft',
        description: '结构须合法（400）；规则问题随结果返回，发布前解决。导入的目录以 version 为版本号。',
        body: ImportBody,
        response: { 201: VersionDetailSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.importCatalogue(ctx, request.actor!, auditContextOf(request), request.body)),
  );

  // ── Public service guides (办事指南) of the current version ──────────────────────────────────────────────────────
  app.get(
    '/api/guides/stages',
    {
      config: { policy: policy.guides },
      schema: {
        tags: ['guides'],
        summary: '办事指南：审批阶段 / Guides: the approval stages',
        response: {
          200: Type.Object({ catalogueVersion: Type.String(), items: Type.Array(StageSummarySchema) }),
          ...errorResponses(503),
        },
      },
    },
    async () => guides.listStageGuides(ctx),
  );

  app.get(
    '/api/guides/stages/:code',
    {
      config: { policy: policy.guides },
      schema: {
        tags: ['guides'],
        summary: '阶段办事指南（一份办事指南） / The combined guide of one stage',
        description:
          '本阶段的事项、合并去重后的材料清单（每项只列一次，注明哪些事项需要）和办理流程（一窗受理、并联审批、限时办结）。',
        params: Type.Object({ code: CatalogueCode }),
        response: {
          200: Type.Object({
            catalogueVersion: Type.String(),
            stage: StageSummarySchema,
            procedure: Type.Array(
              Type.Object({ step: Type.Integer(), name: Type.String(), description: Type.String() }),
            ),
            promisedWorkingDays: Type.Integer({ description: '本阶段主线事项并联承诺时限（工作日）' }),
            matters: Type.Array(MatterGuideSchema),
            materials: Type.Array(GuideMaterialSchema),
          }),
          ...errorResponses(400, 404, 503),
        },
      },
    },
    async (request) => guides.stageGuide(ctx, request.params.code),
  );

  app.get(
    '/api/guides/matters/:code',
    {
      config: { policy: policy.guides },
      schema: {
        tags: ['guides'],
        summary: '事项办事指南 / The guide of one matter',
        params: Type.Object({ code: CatalogueCode }),
        response: {
          200: Type.Object({
            catalogueVersion: Type.String(),
            stage: Nullable(StageSummarySchema),
            matter: MatterGuideSchema,
            materials: Type.Array(GuideMaterialSchema),
          }),
          ...errorResponses(400, 404, 503),
        },
      },
    },
    async (request) => guides.matterGuideOf(ctx, request.params.code),
  );
};
