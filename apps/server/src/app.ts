import crypto from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext } from './lib/app-context.ts';
import { AppError, ERROR_CODES } from './lib/app-error.ts';
import { authenticationPlugin } from './plugins/authentication.ts';
import { authorizationPlugin } from './plugins/authorization.ts';
import {
  clientErrorHandler,
  frameworkErrorHandler,
  registerErrorHandler,
  registerNotFoundHandler,
} from './plugins/error-handler.ts';
import { idempotencyPlugin } from './plugins/idempotency.ts';
import { registerMetrics } from './plugins/metrics.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { limitPublicRoutes } from './plugins/public-rate-limit.ts';
import { lazySerializers, registerValidators } from './plugins/schema-compilers.ts';
import { registerWebUi } from './plugins/web-ui.ts';
import { apiKeyRoutes } from './modules/api-keys/api-keys.routes.ts';
import { startApprovalJobs } from './modules/approval-jobs/approval-jobs.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { createAuditCheckpoint } from './modules/audit/audit.service.ts';
import { startAuditSealer } from './modules/audit/audit-sealer.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { calendarRoutes } from './modules/calendar/calendar.routes.ts';
import { catalogueRoutes } from './modules/catalogue/catalogue.routes.ts';
import { enterpriseRoutes } from './modules/enterprises/enterprises.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { purgeIdempotencyKeys } from './modules/idempotency/idempotency.service.ts';
import { purgeUnknownLoginAttempts } from './modules/auth/auth.service.ts';
import { purgeExpiredChallenges } from './modules/auth/second-factor.service.ts';
import { disableInactiveAccounts } from './modules/users/users.service.ts';
import { licenceRoutes } from './modules/licences/licences.routes.ts';
import { organisationRoutes } from './modules/organisations/organisations.routes.ts';
import { planRoutes } from './modules/plans/plans.routes.ts';
import { caseRoutes } from './modules/cases/cases.routes.ts';
import { projectRoutes } from './modules/projects/projects.routes.ts';
import { userRoutes } from './modules/users/users.routes.ts';
import { applicationRoutes } from './modules/applications/applications.routes.ts';
import { fileRoutes } from './modules/files/files.routes.ts';
import { notificationRoutes } from './modules/notifications/notifications.routes.ts';
import { supervisionRoutes } from './modules/supervision/supervision.routes.ts';
import { constructionRoutes } from './modules/construction/construction.routes.ts';
import { financeRoutes } from './modules/finance/finance.routes.ts';
import { intermediaryRoutes } from './modules/intermediary/intermediary.routes.ts';
import { investmentPlanRoutes } from './modules/investment-plans/investment-plans.routes.ts';

export interface BuildAppOptions {
  /** Start the periodic signed audit checkpoints (off in most tests, which call the service directly). */
  startBackgroundTasks?: boolean;
  /** Serve the built web UI when present. */
  serveWebUi?: boolean;
  logger?: boolean;
}

/**
 * Builds the Fastify app: external plugins (security headers, cookies, rate limit, OpenAPI), then app plugins
 * (authentication → authorization → error model), then the feature modules. Request flow: docs/ARCHITECTURE.md.
 */
export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: ctx.config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-api-key"]'],
          },
    genReqId: () => crypto.randomUUID(),
    trustProxy: process.env.TRUST_PROXY === 'true',
    bodyLimit: 1024 * 1024,
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    schemaController: lazySerializers,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerValidators(app);
  registerErrorHandler(app);
  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd renders its CSS-in-JS into <style> tags
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'same-origin' },
  });
  await app.register(cookie);
  limitPublicRoutes(app, ctx.config.publicRateLimitPerMinute);
  await app.register(rateLimit, {
    global: false,
    // Thrown into the error handler, which renders the standard RATE_LIMITED body (plus Retry-After).
    // The wait in seconds, in each language (the plugin's own `after` reads "59 seconds" in both).
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new AppError('RATE_LIMITED', {
        message: `${ERROR_CODES.RATE_LIMITED.message}（${seconds} 秒后重试）`,
        messageEn: `${ERROR_CODES.RATE_LIMITED.messageEn} (retry after ${seconds} s)`,
      });
    },
  });
  await app.register(authenticationPlugin, { ctx });
  await app.register(authorizationPlugin);
  await app.register(idempotencyPlugin, { ctx });
  await registerOpenApi(app);
  registerMetrics(app, () => ctx.database.statementCount());

  for (const routes of [
    healthRoutes,
    authRoutes,
    organisationRoutes,
    userRoutes,
    apiKeyRoutes,
    auditRoutes,
    enterpriseRoutes,
    projectRoutes,
    calendarRoutes,
    catalogueRoutes,
    planRoutes,
    caseRoutes,
    licenceRoutes,
    fileRoutes,
    applicationRoutes,
    notificationRoutes,
    supervisionRoutes,
    constructionRoutes,
    financeRoutes,
    intermediaryRoutes,
    investmentPlanRoutes,
  ]) {
    await app.register(routes, { ctx });
  }

  const isServingWebUi = options.serveWebUi !== false && (await registerWebUi(app, ctx.config.webDistDir));
  registerNotFoundHandler(app, { spaFallback: isServingWebUi });

  if (options.startBackgroundTasks) {
    // 等保 8.1.4.3 c / security-notes §4: signed checkpoints of the chain head, so a truncated tail is detectable.
    let timer: NodeJS.Timeout | undefined;
    const checkpoint = () =>
      createAuditCheckpoint(ctx.db, ctx.auditSigner, ctx.clock).catch((err: unknown) =>
        app.log.error({ err }, 'audit checkpoint failed'),
      );
    // Idempotency keys are kept 24 h (modules/idempotency), failures under unknown usernames 30 days (modules/auth),
    // sign-in challenges a day past their expiry; older ones are purged hourly, when staff accounts unused for
    // ACCOUNT_INACTIVE_DAYS are also disabled.
    let purgeTimer: NodeJS.Timeout | undefined;
    const purge = () =>
      Promise.all([
        purgeIdempotencyKeys(ctx.db, ctx.clock).catch((err: unknown) =>
          app.log.error({ err }, 'idempotency key purge failed'),
        ),
        purgeUnknownLoginAttempts(ctx).catch((err: unknown) =>
          app.log.error({ err }, 'unknown sign-in attempts purge failed'),
        ),
        purgeExpiredChallenges(ctx).catch((err: unknown) =>
          app.log.error({ err }, 'expired sign-in challenges purge failed'),
        ),
        disableInactiveAccounts(ctx).catch((err: unknown) =>
          app.log.error({ err }, 'disabling inactive accounts failed'),
        ),
      ]);
    // Issue 5: 补正 auto-acceptance, 容缺 deadlines, clock warnings/escalation and the SMS/e-mail outbox.
    let approvalJobs: ReturnType<typeof startApprovalJobs> | undefined;
    // ADR 0003 update 3: committed audit rows are chained by the sealer within AUDIT_SEAL_MILLISECONDS.
    let sealer: ReturnType<typeof startAuditSealer> | undefined;
    app.addHook('onReady', async () => {
      sealer = startAuditSealer(ctx.db, ctx.config.auditSealMilliseconds, (err: unknown) =>
        app.log.error({ err }, 'audit sealing failed'),
      );
      approvalJobs = startApprovalJobs(ctx, app.log);
      timer = setInterval(() => void checkpoint(), ctx.config.auditCheckpointSeconds * 1000);
      timer.unref();
      purgeTimer = setInterval(() => void purge(), 3_600_000);
      purgeTimer.unref();
    });
    app.addHook('onClose', async () => {
      await approvalJobs?.stop();
      clearInterval(timer);
      clearInterval(purgeTimer);
      await sealer?.stop(); // seals what the last requests wrote, so the final checkpoint covers them
      await checkpoint();
    });
  }
  return app;
}
