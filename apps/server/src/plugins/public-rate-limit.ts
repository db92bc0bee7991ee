import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorResponses } from '../lib/schemas.ts';

/**
 * A per-address limit on the routes anyone may call without signing in (`policy: 'public'`): project-code and licence
 * verification, the QR marks, 公示 of filings, public progress, the guides, the region tree and the calendar.
 *
 * Those answers name enterprises and projects, and nothing else stands between them and a script that walks every
 * code. Each public route counts PUBLIC_RATE_LIMIT_PER_MINUTE requests a minute per client address (the proxy's
 * X-Forwarded-For with TRUST_PROXY=true), then answers 429 RATE_LIMITED with Retry-After (OWASP ASVS 4.0 V11.1.4:
 * anti-automation against mass data exfiltration).
 *
 * Not counted:
 * - signed-in requests (session or API key): staff pages read the guides, the region tree and the calendar through
 *   these routes all day, many clerks behind one office address;
 * - the probes, /api/health and /metrics, which monitoring polls and the reverse proxy restricts;
 * - routes with a limit of their own (sign-in, enterprise sign-up: AUTH_RATE_LIMIT_PER_MINUTE).
 *
 * Counted in each server process (SERVER_WORKERS > 1 multiplies it), like the sign-in limit.
 */
const PROBES = new Set(['/api/health', '/metrics']);

/** Must be called before `@fastify/rate-limit` is registered: its own onRoute hook reads the config set here. */
export function limitPublicRoutes(app: FastifyInstance, perMinute: number): void {
  if (perMinute === 0) return;
  app.addHook('onRoute', (route) => {
    if (route.config?.policy !== 'public' || route.config.rateLimit !== undefined || PROBES.has(route.url)) return;
    route.config.rateLimit = {
      max: perMinute,
      timeWindow: 60_000,
      allowList: (request: FastifyRequest) => request.actor !== null,
    };
    // The OpenAPI document says so (the swagger plugin reads the schema after this hook).
    if (route.schema?.response && typeof route.schema.response === 'object') {
      route.schema.response = { ...errorResponses(429), ...(route.schema.response as Record<number, unknown>) };
    }
  });
}
