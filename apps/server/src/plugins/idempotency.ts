import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../lib/app-context.ts';
import {
  findRecordedResponse,
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENCY_REPLAYED_HEADER,
  IDEMPOTENT_METHODS,
  parseIdempotencyKey,
  recordIdempotentResponse,
  REPLAYED_HEADERS,
  requestHashOf,
  type IdempotencyBinding,
  type RecordedResponse,
} from '../modules/idempotency/idempotency.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's `Idempotency-Key` binding; auditContextOf(request) carries it into runAuditedTransaction. */
    idempotency: IdempotencyBinding | null;
  }
}

/** Answers with a recorded response: same status and body as the first time, marked `Idempotency-Replayed: true`. */
export function sendReplay(reply: FastifyReply, recorded: RecordedResponse): FastifyReply {
  reply.code(recorded.statusCode).header(IDEMPOTENCY_REPLAYED_HEADER, 'true');
  for (const [name, value] of Object.entries(recorded.headers)) reply.header(name, value);
  if (recorded.body === null || recorded.body === undefined) return reply.send();
  // A string with a JSON content type is sent as is: the body was serialised by the route's schema the first time.
  return reply.type('application/json; charset=utf-8').send(JSON.stringify(recorded.body));
}

/**
 * `Idempotency-Key` on state-changing requests of authenticated actors (modules/idempotency explains the contract).
 * preHandler (after authentication, authorization and body validation): a key already bound to a committed request is
 * answered from the record (or 422 when the request differs); otherwise the binding rides on the request into the
 * audited transaction, which claims it. onSend: once that transaction committed, the response is recorded before it is
 * sent, so a client that saw an answer will get the same answer on retry. Public routes (no actor) ignore the header.
 */
export const idempotencyPlugin = fp(
  async (app: FastifyInstance, options: { ctx: AppContext }) => {
    const { ctx } = options;
    app.decorateRequest('idempotency', null);

    app.addHook('preHandler', async (request, reply) => {
      if (!IDEMPOTENT_METHODS.has(request.method) || !request.actor) return;
      const key = parseIdempotencyKey(request.headers[IDEMPOTENCY_KEY_HEADER]);
      if (key === null) return;
      const binding: IdempotencyBinding = {
        actorId: request.actor.id,
        key,
        method: request.method,
        route: request.routeOptions.url ?? request.url,
        requestHash: requestHashOf(request.method, request.url, request.body),
        committed: false,
      };
      const recorded = await findRecordedResponse(ctx.db, binding);
      if (recorded) return sendReplay(reply, recorded);
      request.idempotency = binding;
    });

    app.addHook('onSend', async (request, reply, payload) => {
      const binding = request.idempotency;
      if (!binding?.committed) return payload;
      const contentType = String(reply.getHeader('content-type') ?? '');
      let body: unknown = null;
      if (typeof payload === 'string' && contentType.includes('json')) {
        try {
          body = JSON.parse(payload);
        } catch {
          body = null;
        }
      }
      try {
        const headers: Record<string, string> = {};
        for (const name of REPLAYED_HEADERS) {
          const value = reply.getHeader(name);
          if (value !== undefined) headers[name] = String(value);
        }
        await recordIdempotentResponse(ctx.db, binding, { statusCode: reply.statusCode, body, headers });
      } catch (err) {
        // The change committed; a retry will answer 409 IDEMPOTENCY_KEY_IN_DOUBT rather than repeat it.
        request.log.error({ err }, 'recording the idempotent response failed');
      }
      return payload;
    });
  },
  { name: 'idempotency', dependencies: ['authentication'] },
);
