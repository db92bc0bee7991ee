import { Type, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../lib/app-context.ts';
import { errorResponses, OkBody } from '../../lib/schemas.ts';
import { auditContextOf, SESSION_COOKIE } from '../../plugins/authentication.ts';
import { UserSchema } from '../users/users.schemas.ts';
import { getOwnProfile } from '../users/users.service.ts';
import { authPolicy as policy } from './auth.policy.ts';
import * as service from './auth.service.ts';
import * as secondFactor from './second-factor.service.ts';
import type { SecondFactorChallenge } from './second-factor.service.ts';
import type { OpenedSession, SignInRequest } from './sign-in-session.ts';

const Me = Type.Omit(UserSchema, ['status', 'lockedUntil', 'createdAt']);
const SessionBody = Type.Object({ token: Type.String(), expiresAt: Type.String({ format: 'date-time' }), user: Me });
const OneTimeCode = Type.String({ pattern: '^\\d{6}$', description: '身份验证器上的 6 位动态口令 / the 6-digit code' });
const ChallengeToken = Type.String({ minLength: 1, maxLength: 128 });
const Enrolment = Type.Object({
  secret: Type.String({ description: '密钥（Base32），可手动输入身份验证器 / the key, base32, to type into the app' }),
  otpauthUri: Type.String(),
  qrSvg: Type.String({ description: 'otpauthUri 的二维码（SVG） / the URI as an SVG QR code' }),
});
const ChallengeBody = Type.Object({
  secondFactor: Type.Union([Type.Literal('totp'), Type.Literal('enrol')], {
    description: 'totp: 输入动态口令 / give the code; enrol: 先绑定身份验证器 / enrol an authenticator first',
  }),
  challenge: Type.String(),
  challengeExpiresAt: Type.String({ format: 'date-time' }),
  enrolment: Type.Optional(Enrolment),
});
const SecondFactorStatusBody = Type.Object({
  enrolled: Type.Boolean(),
  enrolledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  required: Type.Boolean({ description: '安全策略要求本账号使用动态口令 / the policy requires a factor' }),
});

const SessionItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  createdAt: Type.String({ format: 'date-time', description: '登录时间 / signed in at' }),
  lastSeenAt: Type.String({ format: 'date-time', description: '最近活动（精确到分钟） / last used, to the minute' }),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  current: Type.Boolean({ description: '本次请求所用的会话 / the session of this request' }),
});

/** The answer to a sign-in that needs a code (or an enrolment): no session yet. */
function challengeBody(result: SecondFactorChallenge) {
  return {
    secondFactor: result.secondFactor,
    challenge: result.challenge,
    challengeExpiresAt: result.challengeExpiresAt.toISOString(),
    ...(result.enrolment ? { enrolment: result.enrolment } : {}),
  };
}

export const authRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  const signInRequest = (request: FastifyRequest): SignInRequest => ({
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
    requestId: request.id,
  });
  /** The session is the HttpOnly cookie (browsers) and the bearer token in the body (other clients). */
  const sendSession = async (reply: FastifyReply, session: OpenedSession) => {
    reply.setCookie(SESSION_COOKIE, session.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: ctx.config.cookieSecure,
      path: '/',
      expires: session.expiresAt,
    });
    const actor = await service.authenticateToken(ctx, session.token, 'bearer');
    return { token: session.token, expiresAt: session.expiresAt.toISOString(), user: await getOwnProfile(ctx, actor) };
  };
  const authRateLimit = { max: ctx.config.authRateLimitPerMinute, timeWindow: '1 minute' };

  app.post(
    '/api/auth/login',
    {
      config: {
        policy: policy.login,
        // ASVS 6.1.1: throttle per IP, on top of the per-account lockout.
        rateLimit: authRateLimit,
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
          200: Type.Union([SessionBody, ChallengeBody], {
            description:
              'A session (`token`), or, for an account with a second factor (or a staff account that must enrol one, ' +
              'STAFF_SECOND_FACTOR=required), a challenge: no session yet; POST /api/auth/login/second-factor with ' +
              'the code completes the sign-in.',
          }),
          ...errorResponses(400, 401, 403, 423, 429),
        },
      },
    },
    async (request, reply) => {
      const result = await service.login(ctx, request.body, signInRequest(request));
      if (result.kind === 'challenge') return challengeBody(result);
      return sendSession(reply, result);
    },
  );

  app.post(
    '/api/auth/login/second-factor',
    {
      config: { policy: policy.loginSecondFactor, rateLimit: authRateLimit },
      schema: {
        tags: ['auth'],
        summary: '登录第二步：动态口令 / Sign in, step two: the one-time code',
        description:
          '等保 2.0 §8.1.4.1 d. Completes a sign-in that answered a challenge. For `enrol` the first code from the ' +
          'newly scanned key also binds it to the account. A wrong code, or one already used (each works once), ' +
          'counts as a failed sign-in: 401 AUTH_SECOND_FACTOR_INVALID, 423 once the account locks. A challenge lives ' +
          'five minutes and takes five wrong codes; after that, 401 AUTH_CHALLENGE_EXPIRED (sign in again).',
        body: Type.Object({ challenge: ChallengeToken, code: OneTimeCode }, { additionalProperties: false }),
        response: { 200: SessionBody, ...errorResponses(400, 401, 403, 423, 429) },
      },
    },
    async (request, reply) => {
      const session = await secondFactor.completeSignIn(ctx, request.body, signInRequest(request));
      return sendSession(reply, session);
    },
  );

  app.get(
    '/api/auth/second-factor',
    {
      config: { policy: policy.secondFactorStatus },
      schema: {
        tags: ['auth'],
        summary: '动态口令绑定状态 / Your second factor',
        response: { 200: SecondFactorStatusBody, ...errorResponses(401) },
      },
    },
    async (request) => secondFactor.secondFactorStatus(ctx, request.actor!),
  );

  app.post(
    '/api/auth/second-factor/setup',
    {
      config: { policy: policy.secondFactorSetup, rateLimit: authRateLimit },
      schema: {
        tags: ['auth'],
        summary: '绑定身份验证器：第一步（验证密码，取得密钥） / Set up an authenticator: password, then a new key',
        description:
          'ASVS 7.5.1: the current password first. Answers a new key (base32, otpauth URI and QR code) and a ' +
          'challenge; POST /api/auth/second-factor/confirm with the first code from the app binds it.',
        body: Type.Object(
          { currentPassword: Type.String({ minLength: 1, maxLength: 128 }) },
          { additionalProperties: false },
        ),
        response: { 200: ChallengeBody, ...errorResponses(400, 401, 409, 429) },
      },
    },
    async (request) =>
      challengeBody(await secondFactor.startSetup(ctx, request.actor!, auditContextOf(request), request.body)),
  );

  app.post(
    '/api/auth/second-factor/confirm',
    {
      config: { policy: policy.secondFactorConfirm, rateLimit: authRateLimit },
      schema: {
        tags: ['auth'],
        summary: '绑定身份验证器：第二步（输入动态口令） / Set up an authenticator: confirm with a code',
        body: Type.Object({ challenge: ChallengeToken, code: OneTimeCode }, { additionalProperties: false }),
        response: { 200: SecondFactorStatusBody, ...errorResponses(400, 401, 409, 429) },
      },
    },
    async (request) => secondFactor.confirmSetup(ctx, request.actor!, auditContextOf(request), request.body),
  );

  app.post(
    '/api/auth/second-factor/remove',
    {
      config: { policy: policy.secondFactorRemove, rateLimit: authRateLimit },
      schema: {
        tags: ['auth'],
        summary: '解除身份验证器 / Remove your authenticator',
        description:
          'Only where the policy does not require one (409 SECOND_FACTOR_REQUIRED_BY_POLICY otherwise: the security ' +
          'admin resets a lost one). The current password and a code.',
        body: Type.Object(
          { currentPassword: Type.String({ minLength: 1, maxLength: 128 }), code: OneTimeCode },
          { additionalProperties: false },
        ),
        response: { 200: SecondFactorStatusBody, ...errorResponses(400, 401, 409, 429) },
      },
    },
    async (request) => secondFactor.removeOwnSecondFactor(ctx, request.actor!, auditContextOf(request), request.body),
  );

  app.post(
    '/api/auth/logout',
    {
      config: { policy: policy.logout, passwordChangeDueAllowed: true },
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
      config: { policy: policy.me, passwordChangeDueAllowed: true },
      schema: {
        tags: ['auth'],
        summary: '当前用户 / The signed-in account',
        response: { 200: Me, ...errorResponses(401) },
      },
    },
    async (request) => getOwnProfile(ctx, request.actor!),
  );

  app.get(
    '/api/auth/sessions',
    {
      config: { policy: policy.listSessions },
      schema: {
        tags: ['auth'],
        summary: '我的登录设备（有效会话） / Where you are signed in',
        description: 'ASVS 7.5.2: the live sessions of the account, most recently used first (at most 50).',
        response: { 200: Type.Object({ items: Type.Array(SessionItem) }), ...errorResponses(401) },
      },
    },
    async (request) => ({ items: await service.listOwnSessions(ctx, request.actor!) }),
  );

  app.post(
    '/api/auth/sessions/:id/revoke',
    {
      config: { policy: policy.revokeSession },
      schema: {
        tags: ['auth'],
        summary: '退出某台设备的登录 / Sign one of your sessions out',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: OkBody, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      await service.revokeOwnSession(ctx, request.actor!, auditContextOf(request), request.params.id);
      return { ok: true };
    },
  );

  app.post(
    '/api/auth/sessions/revoke-others',
    {
      config: { policy: policy.revokeOtherSessions },
      schema: {
        tags: ['auth'],
        summary: '退出其他所有设备 / Sign out everywhere else',
        response: { 200: Type.Object({ ended: Type.Integer() }), ...errorResponses(401) },
      },
    },
    async (request) => ({
      ended: await service.revokeOtherOwnSessions(ctx, request.actor!, auditContextOf(request)),
    }),
  );

  app.post(
    '/api/auth/password',
    {
      config: {
        policy: policy.changePassword,
        passwordChangeDueAllowed: true,
        rateLimit: authRateLimit,
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
