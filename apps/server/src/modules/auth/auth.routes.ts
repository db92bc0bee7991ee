import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppContext } from '../../lib/app-context.ts';
import { errorResponses, OkBody } from '../../lib/schemas.ts';
import { auditContextOf, SESSION_COOKIE } from '../../plugins/authentication.ts';
import { UserSchema } from '../users/users.schemas.ts';
import { getOwnProfile } from '../users/users.service.ts';
import { authPolicy as policy } from './auth.policy.ts';
import * as service from './auth.service.ts';

const Me = Type.Omit(UserSchema, ['status', 'lockedUntil', 'createdAt']);

export const authRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/api/auth/login',
    {
      config: {
        policy: policy.login,
        // ASVS 6.1.1: throttle per IP, on top of the per-account lockout.
        rateLimit: { max: ctx.config.authRateLimitPerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: '登录 / Sign in',
        description:
          'Returns a bearer token and sets the HttpOnly session cookie. After 5 failures (MAX_FAILED_LOGINS) the account ' +
          'is locked for 30 minutes (LOCKOUT_MINUTES): 423 with `lockedUntil`. A username of no account gets the same ' +
          'answers, lock included, so they do not tell which usernames exist.',
        body: Type.Object(
          {
            username: Type.String({ minLength: 1, maxLength: 64 }),
            password: Type.String({ minLength: 1, maxLength: 128 }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ token: Type.String(), expiresAt: Type.String({ format: 'date-time' }), user: Me }),
          ...errorResponses(400, 401, 403, 423, 429),
        },
      },
    },
    async (request, reply) => {
      const result = await service.login(ctx, request.body, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
      });
      reply.setCookie(SESSION_COOKIE, result.token, {
        httpOnly: true,
        sameSite: 'strict',
        secure: ctx.config.cookieSecure,
        path: '/',
        expires: result.expiresAt,
      });
      const actor = await service.authenticateToken(ctx, result.token, 'bearer');
      return { token: result.token, expiresAt: result.expiresAt.toISOString(), user: await getOwnProfile(ctx, actor) };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { policy: policy.logout },
      schema: {
        tags: ['auth'],
        summary: '退出登录（注销会话） / Sign out (revokes the session)',
        response: { 200: OkBody, ...errorResponses(401) },
      },
    },
    async (request, reply) => {
      await service.logout(ctx, request.actor!, auditContextOf(request));
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true };
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { policy: policy.me },
      schema: {
        tags: ['auth'],
        summary: '当前用户 / The signed-in account',
        response: { 200: Me, ...errorResponses(401) },
      },
    },
    async (request) => getOwnProfile(ctx, request.actor!),
  );

  app.post(
    '/api/auth/password',
    {
      config: {
        policy: policy.changePassword,
        rateLimit: { max: ctx.config.authRateLimitPerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: '修改密码（其他会话随之注销） / Change your password (other sessions end)',
        body: Type.Object(
          {
            currentPassword: Type.String({ minLength: 1, maxLength: 128 }),
            newPassword: Type.String({ minLength: 1, maxLength: 128 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: OkBody, ...errorResponses(400, 401) },
      },
    },
    async (request) => {
      await service.changePassword(ctx, request.actor!, auditContextOf(request), request.body);
      return { ok: true };
    },
  );
};
