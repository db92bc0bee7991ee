import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/app-context.ts';
import { fieldEncryptorFor } from '../../lib/field-encryption.ts';
import { errorResponses, OkBody, Uuid } from '../../lib/schemas.ts';
import { auditContextOf } from '../../plugins/authentication.ts';
import { enterprisePolicy as policy } from './enterprises.policy.ts';
import {
  AgentEnterpriseSchema,
  AgentSchema,
  AuthoriseAgentBody,
  EnterpriseSchema,
  RegisterEnterpriseBody,
  RegisterEnterpriseResponse,
} from './enterprises.schemas.ts';
import * as service from './enterprises.service.ts';

export const enterpriseRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  // Load the data key now, so a production server without DATA_ENCRYPTION_KEY refuses to start.
  fieldEncryptorFor(ctx);

  app.post(
    '/api/enterprises/register',
    {
      config: { policy: policy.register, rateLimit: { max: ctx.config.authRateLimitPerMinute, timeWindow: 60_000 } },
      schema: {
        tags: ['enterprises'],
        summary: '项目单位注册（同时开设申报账号） / Enterprise self-registration with its applicant account',
        description:
          '统一社会信用代码按 GB 32100 校验码及内嵌组织机构代码（GB 11714）校验，错误时返回 400 及字段 creditCode 的原因，' +
          '不保存任何数据。联系电话、身份证号以 SM4 加密存储，响应中脱敏。',
        body: RegisterEnterpriseBody,
        response: { 201: RegisterEnterpriseResponse, ...errorResponses(400, 409, 429) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.registerEnterprise(ctx, auditContextOf(request), request.body)),
  );

  app.get(
    '/api/enterprises/me',
    {
      config: { policy: policy.readOwn },
      schema: {
        tags: ['enterprises'],
        summary: '本单位信息（个人信息脱敏） / My enterprise, personal data masked',
        response: { 200: EnterpriseSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => service.getOwnEnterprise(ctx, request.actor!),
  );

  app.get(
    '/api/enterprises/me/agents',
    {
      config: { policy: policy.manageAgents },
      schema: {
        tags: ['enterprises'],
        summary: '本单位授权的代办账号 / Agents my enterprise authorised',
        response: { 200: Type.Object({ items: Type.Array(AgentSchema) }), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => service.listAgents(ctx, request.actor!),
  );

  app.post(
    '/api/enterprises/me/agents',
    {
      config: { policy: policy.manageAgents },
      schema: {
        tags: ['enterprises'],
        summary: '授权代办账号 / Authorise an agent account',
        body: AuthoriseAgentBody,
        response: { 201: AgentSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.authoriseAgent(ctx, request.actor!, auditContextOf(request), request.body)),
  );

  app.delete(
    '/api/enterprises/me/agents/:agentId',
    {
      config: { policy: policy.manageAgents },
      schema: {
        tags: ['enterprises'],
        summary: '取消代办授权 / Revoke an agent authorisation',
        params: Type.Object({ agentId: Uuid }),
        response: { 200: OkBody, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.revokeAgent(ctx, request.actor!, auditContextOf(request), request.params.agentId),
  );

  app.get(
    '/api/agent/enterprises',
    {
      config: { policy: policy.agentEnterprises },
      schema: {
        tags: ['enterprises'],
        summary: '授权本代办账号的项目单位 / Enterprises that authorised me (agent)',
        response: { 200: Type.Object({ items: Type.Array(AgentEnterpriseSchema) }), ...errorResponses(401, 403) },
      },
    },
    async (request) => service.listAgentEnterprises(ctx, request.actor!),
  );
};
