import type { FastifyInstance } from 'fastify';
import { Type } from '@fastify/type-provider-typebox';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * Prometheus metrics at /metrics: process metrics, request durations labelled by route pattern (not raw URL), and the
 * statements sent to the database.
 */
export function registerMetrics(app: FastifyInstance, statementCount: () => number): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Counter({
    name: 'yiwang_db_statements_total',
    help: 'Statements sent to the database (background jobs included)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(statementCount());
    },
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.get(
    '/metrics',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Prometheus metrics (restrict at the reverse proxy in production)',
        response: {
          200: { description: 'Prometheus text format', content: { 'text/plain': { schema: Type.String() } } },
        },
      },
    },
    async (_request, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );
}
