import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { ROLES, type Role } from '../db/schema/index.ts';
import { AppError } from '../lib/app-error.ts';

/**
 * Route-level authorization, declared on each route as `config: { policy }`:
 *  - 'public'         anyone, no login;
 *  - 'authenticated'  any signed-in account;
 *  - a list of roles  only those roles.
 * Policies live next to each module (`<feature>.policy.ts`). A route registered without one makes the app refuse to
 * boot, so nothing is reachable by accident. Object-level and data-scope checks (region subtree, department) happen in
 * the services, which answer 404 for what the actor may not see.
 */
export type RoutePolicy = 'public' | 'authenticated' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
    /**
     * The route serves a session whose password must be changed first (the profile, the password change, sign-out);
     * every other signed-in route answers such a session 403 AUTH_PASSWORD_CHANGE_REQUIRED (等保 8.1.4.1 a).
     */
    passwordChangeDueAllowed?: boolean;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  policy: RoutePolicy;
}

/** Infrastructure routes registered by third-party plugins (docs UI assets, static web files), served to anyone. */
const INFRASTRUCTURE_PREFIXES = ['/api/docs'];
const isInfrastructureRoute = (url: string) =>
  INFRASTRUCTURE_PREFIXES.some((p) => url === p || url.startsWith(`${p}/`)) || url === '/*' || url === '/';

/** Helper for policy files: a typed role list. */
export function roles<const T extends readonly Role[]>(...list: T): T {
  for (const role of list) if (!ROLES.includes(role)) throw new Error(`unknown role ${role}`);
  return list;
}

export const authorizationPlugin = fp(
  async (app: FastifyInstance) => {
    const registry: RegisteredRoute[] = [];
    app.decorate('routeRegistry', registry);

    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (isInfrastructureRoute(route.url)) return;
      const policy = route.config?.policy;
      if (!policy) {
        throw new Error(`route ${methods.join(',')} ${route.url} has no authorization policy (config.policy)`);
      }
      for (const method of methods) if (method !== 'HEAD') registry.push({ method, url: route.url, policy });
    });

    // Runs after authentication (also an onRequest hook, registered first) and before body parsing and validation, so a
    // refused request is refused whatever its body, and touches nothing.
    app.addHook('onRequest', async (request) => {
      const policy = request.routeOptions.config?.policy;
      if (!policy || policy === 'public') return;
      if (!request.actor) throw new AppError('AUTH_REQUIRED');
      if (request.actor.passwordChangeDue && !request.routeOptions.config?.passwordChangeDueAllowed) {
        throw new AppError('AUTH_PASSWORD_CHANGE_REQUIRED');
      }
      if (policy === 'authenticated') return;
      if (!policy.includes(request.actor.role)) {
        request.log.warn(
          { actor: request.actor.username, role: request.actor.role, route: request.routeOptions.url },
          'authorization denied',
        );
        throw new AppError('FORBIDDEN');
      }
    });
  },
  { name: 'authorization', dependencies: ['authentication'] },
);

declare module 'fastify' {
  interface FastifyInstance {
    routeRegistry: RegisteredRoute[];
  }
}
