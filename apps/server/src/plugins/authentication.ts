import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../lib/actor.ts';
import { AppError } from '../lib/app-error.ts';
import type { AppContext } from '../lib/app-context.ts';
import { authenticateApiKey, authenticateToken } from '../modules/auth/auth.service.ts';
import type { AuditContext } from '../modules/audit/audit.service.ts';

export const SESSION_COOKIE = 'yiwang_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

/**
 * Resolves the caller from `Authorization: Bearer <token|api key>`, `X-API-Key`, or the session cookie. Credentials
 * that are present but invalid are refused even on public routes, so a client learns at once that its session ended.
 *
 * CSRF (ASVS 3.5.2): a state-changing request authenticated by the cookie must carry `X-Requested-With:
 * XMLHttpRequest`, a header a cross-site form cannot send and a cross-site script cannot add without a CORS preflight we
 * never grant. Bearer and API-key clients are not exposed to CSRF.
 */
export const authenticationPlugin = fp(
  async (app: FastifyInstance, options: { ctx: AppContext }) => {
    const { ctx } = options;
    app.decorateRequest('actor', null);
    app.addHook('onRequest', async (request) => {
      const header = request.headers.authorization;
      const apiKeyHeader = request.headers['x-api-key'];
      if (typeof header === 'string' && header.length > 0) {
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        if (!match?.[1]) throw new AppError('AUTH_REQUIRED');
        request.actor = await authenticateToken(ctx, match[1], 'bearer');
        return;
      }
      if (typeof apiKeyHeader === 'string' && apiKeyHeader.length > 0) {
        request.actor = await authenticateApiKey(ctx, apiKeyHeader);
        return;
      }
      const cookie = request.cookies[SESSION_COOKIE];
      if (!cookie) return;
      if (request.routeOptions.config?.policy === 'public') {
        // Public routes act for nobody in particular: a stale cookie must not block the login page, and a cross-site
        // request gains nothing here. The actor is still resolved for display where it is valid.
        request.actor = await authenticateToken(ctx, cookie, 'session').catch(() => null);
        return;
      }
      if (!SAFE_METHODS.has(request.method) && request.headers['x-requested-with'] !== 'XMLHttpRequest') {
        throw new AppError('CSRF_CHECK_FAILED');
      }
      request.actor = await authenticateToken(ctx, cookie, 'session');
    });
  },
  { name: 'authentication' },
);

/** The audit context of a request: who, from where, under which request id. */
export function auditContextOf(request: FastifyRequest): AuditContext {
  return {
    actorId: request.actor?.id ?? null,
    actorUsername: request.actor?.username ?? null,
    actorRole: request.actor?.role ?? null,
    requestId: request.id,
    ip: request.ip,
    idempotency: request.idempotency ?? undefined,
  };
}
