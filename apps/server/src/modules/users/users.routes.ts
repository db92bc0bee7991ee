import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/app-context.ts';
import { errorResponses, PageQuery, Uuid } from '../../lib/schemas.ts';
import { auditContextOf } from '../../plugins/authentication.ts';
import { userPolicy as policy } from './users.policy.ts';
import { CreateUserBody, RoleSchema, UpdateUserBody, UserSchema } from './users.schemas.ts';
import * as service from './users.service.ts';

const IdParams = Type.Object({ id: Uuid });

export const userRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/users',
    {
      config: { policy: policy.list },
      schema: {
        tags: ['users'],
        summary: '账号列表（管辖区划内） / Accounts within your region subtree',
        querystring: Type.Object(
          { ...PageQuery, q: Type.Optional(Type.String({ maxLength: 64 })), role: Type.Optional(RoleSchema) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ items: Type.Array(UserSchema), total: Type.Integer() }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => service.listUsers(ctx, request.actor!, request.query),
  );

  app.get(
    '/api/users/:id',
    {
      config: { policy: policy.list },
      schema: {
        tags: ['users'],
        summary: '账号详情 / One account',
        params: IdParams,
        response: { 200: UserSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.getUser(ctx, request.actor!, request.params.id),
  );

  app.post(
    '/api/users',
    {
      config: { policy: policy.create },
      schema: {
        tags: ['users'],
        summary: '开设账号 / Create an account',
        body: CreateUserBody,
        response: { 201: UserSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createUser(ctx, request.actor!, auditContextOf(request), request.body)),
  );

  app.patch(
    '/api/users/:id',
    {
      config: { policy: policy.update },
      schema: {
        tags: ['users'],
        summary: '修改账号 / Update an account',
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      service.updateUser(ctx, request.actor!, auditContextOf(request), request.params.id, request.body),
  );

  const statusRoute = (action: 'unlock' | 'disable' | 'enable', summary: string) =>
    app.post(
      `/api/users/:id/${action}`,
      {
        config: { policy: policy[action] },
        schema: {
          tags: ['users'],
          summary,
          params: IdParams,
          response: { 200: UserSchema, ...errorResponses(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const audit = auditContextOf(request);
        const { id } = request.params;
        if (action === 'unlock') return service.unlockUser(ctx, request.actor!, audit, id);
        return service.setUserStatus(ctx, request.actor!, audit, id, action === 'disable' ? 'disabled' : 'active');
      },
    );
  statusRoute('unlock', '解除锁定 / Unlock an account');
  statusRoute('disable', '停用账号（并注销其会话） / Disable an account and end its sessions');
  statusRoute('enable', '启用账号 / Re-enable an account');

  app.post(
    '/api/users/:id/second-factor/reset',
    {
      config: { policy: policy.resetSecondFactor },
      schema: {
        tags: ['users'],
        summary: "重置动态口令（并注销其会话） / Reset an account's second factor and end its sessions",
        description:
          'For an account that lost its authenticator: the key is removed and its sessions end; where ' +
          'STAFF_SECOND_FACTOR=required it enrols a new one at its next sign-in. 409 SECOND_FACTOR_NOT_ENROLLED when ' +
          'it has none. The three admin accounts are reset by the operator (npm run admin:reset-second-factor).',
        params: IdParams,
        response: { 200: UserSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => service.resetSecondFactor(ctx, request.actor!, auditContextOf(request), request.params.id),
  );

  app.post(
    '/api/users/:id/sessions/revoke',
    {
      config: { policy: policy.endSessions },
      schema: {
        tags: ['users'],
        summary: '强制下线（结束其全部会话） / Sign an account out everywhere',
        description: 'ASVS 7.4.5. The account stays enabled and may sign in again. Not for the three admin accounts.',
        params: IdParams,
        response: { 200: UserSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => service.endUserSessions(ctx, request.actor!, auditContextOf(request), request.params.id),
  );

  app.get(
    '/api/security/policy',
    {
      config: { policy: policy.readSecurityPolicy },
      schema: {
        tags: ['security'],
        summary: '安全策略（口令、锁定、会话、动态口令） / Security policy in force',
        response: {
          200: Type.Object({
            passwordMinLength: Type.Integer(),
            maxFailedLogins: Type.Integer(),
            lockoutMinutes: Type.Integer(),
            sessionIdleMinutes: Type.Integer(),
            sessionAbsoluteHours: Type.Integer(),
            staffSecondFactor: Type.Union([Type.Literal('required'), Type.Literal('optional')], {
              description: '工作人员动态口令（STAFF_SECOND_FACTOR） / staff second factor',
            }),
            passwordMaxAgeDays: Type.Integer({
              description: '密码更换周期（天），0：不强制 / password rotation, days; 0: none',
            }),
            accountInactiveDays: Type.Integer({
              description:
                '工作人员账号连续未登录停用天数，0：不停用 / staff accounts unused this long are disabled; 0: never',
            }),
            passwordHistoryCount: Type.Integer({
              description: '新密码不得与最近 N 次的密码相同 / a new password differs from the last N',
            }),
            passwordInitialMustChange: Type.Boolean({
              description: '管理员设置的初始密码须在首次登录时修改 / initial passwords changed at first sign-in',
            }),
          }),
          ...errorResponses(401, 403),
        },
      },
    },
    async () => ({
      passwordMinLength: ctx.config.passwordMinLength,
      maxFailedLogins: ctx.config.maxFailedLogins,
      lockoutMinutes: ctx.config.lockoutMinutes,
      sessionIdleMinutes: ctx.config.sessionIdleMinutes,
      sessionAbsoluteHours: ctx.config.sessionAbsoluteHours,
      staffSecondFactor: ctx.config.staffSecondFactor,
      passwordMaxAgeDays: ctx.config.passwordMaxAgeDays,
      passwordInitialMustChange: ctx.config.passwordInitialMustChange,
      passwordHistoryCount: ctx.config.passwordHistoryCount,
      accountInactiveDays: ctx.config.accountInactiveDays,
    }),
  );
};
