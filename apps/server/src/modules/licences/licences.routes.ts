import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/app-context.ts';
import { errorResponses, Uuid } from '../../lib/schemas.ts';
import { auditContextOf } from '../../plugins/authentication.ts';
import { licencePolicy as policy } from './licences.policy.ts';
import {
  ExtensionBody,
  LicenceNumberParams,
  LicenceViewSchema,
  PublicVerificationSchema,
  RevokeBody,
} from './licences.schemas.ts';
import * as service from './licences.service.ts';

/** RFC 6266 / RFC 8187: an ASCII fallback name plus the UTF-8 name, percent-encoded. */
function attachmentDisposition(asciiName: string, utf8Name: string): string {
  const encoded = encodeURIComponent(utf8Name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${asciiName.replace(/["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

export const licenceRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/projects/:id/licences',
    {
      config: { policy: policy.projectLicences },
      schema: {
        tags: ['licences'],
        summary: '项目证照库 / The project’s licence package',
        description:
          '项目已签发的全部电子证照（含已撤销、已过期），按签发时间排序。项目单位及本级和下级区划的工作人员可查看。',
        params: Type.Object({ id: Uuid }),
        response: {
          200: Type.Object({ items: Type.Array(LicenceViewSchema) }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => service.listProjectLicences(ctx, request.actor!, request.params.id),
  );

  app.get(
    '/api/licences/:number',
    {
      config: { policy: policy.read },
      schema: {
        tags: ['licences'],
        summary: '电子证照详情 / One e-licence',
        params: LicenceNumberParams,
        response: { 200: LicenceViewSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.getLicence(ctx, request.actor!, request.params.number),
  );

  app.get(
    '/api/licences/:number/pdf',
    {
      config: { policy: policy.pdf },
      schema: {
        tags: ['licences'],
        summary: '下载电子证照（PDF） / Download the e-licence (PDF)',
        description:
          'A4 版式：证照内容、发证机关印章图样、核验二维码及 SM2 电子签名信息；已撤销或过期的证照注明其状态。',
        params: LicenceNumberParams,
        response: { 200: Type.Unknown({ description: 'application/pdf' }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { number, licenceTypeName, pdf } = await service.licencePdf(ctx, request.actor!, request.params.number);
      return reply
        .type('application/pdf')
        .header('cache-control', 'private, no-store')
        .header(
          'content-disposition',
          attachmentDisposition(`licence-${number}.pdf`, `${licenceTypeName}-${number}.pdf`),
        )
        .send(Buffer.from(pdf));
    },
  );

  app.get(
    '/api/public/licences/:number',
    {
      config: { policy: policy.verify },
      schema: {
        tags: ['licences'],
        summary: '电子证照公开核验 / Public e-licence verification',
        description:
          '按证照编号核验：valid 仅在证照状态有效（未撤销、未过期）且 SM2 签名（GB/T 32918）对所存签名数据核验通过时为 true；' +
          'signatureValid 单独给出签名核验结果。编号格式不对返回 400，编号不存在返回 404 LICENCE_NOT_FOUND。不含个人信息。',
        params: LicenceNumberParams,
        response: { 200: PublicVerificationSchema, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const result = await service.verifyLicence(ctx, request.params.number);
      // The answer changes on revocation or expiry: never cached.
      return reply.header('cache-control', 'no-store').send(result);
    },
  );

  app.post(
    '/api/licences/:number/revoke',
    {
      config: { policy: policy.revoke },
      schema: {
        tags: ['licences'],
        summary: '撤销电子证照 / Revoke an e-licence',
        description:
          '签发该证照的部门中具有签发（sign）权限的人员可撤销；已撤销的返回 409 LICENCE_RULE_VIOLATED。持证单位收到通知。',
        params: LicenceNumberParams,
        body: RevokeBody,
        response: { 200: LicenceViewSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      service.revokeLicence(ctx, request.actor!, auditContextOf(request), request.params.number, request.body),
  );

  app.post(
    '/api/licences/:number/extension',
    {
      config: { policy: policy.extend },
      schema: {
        tags: ['licences'],
        summary: '电子证照延期 / Extend an e-licence',
        description:
          '按证照类型的延续规则：核准文件延期以一次为限、不超过 12 个月，须在有效期届满 30 个工作日前申请（条例673 第十二条）；' +
          '施工许可证延期以两次为限、每次不超过 3 个月（建筑法第九条）；环评批复不延期（五年后重新审核）。违反规则返回 409 LICENCE_RULE_VIOLATED。',
        params: LicenceNumberParams,
        body: ExtensionBody,
        response: { 200: LicenceViewSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      service.extendLicence(ctx, request.actor!, auditContextOf(request), request.params.number, request.body),
  );
};
