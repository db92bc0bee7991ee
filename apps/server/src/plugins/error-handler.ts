import crypto from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERROR_CODES, type ErrorCode } from '../lib/app-error.ts';
import { translateValidationErrors } from '../lib/validation-messages.ts';
import { IdempotentReplay } from '../modules/idempotency/idempotency.service.ts';
import { sendReplay } from './idempotency.ts';
import { isSpaRequest } from './web-ui.ts';

/**
 * The one place errors become HTTP. AppError → its status and bilingual body; Fastify validation errors → 400 with
 * field-level messages; framework 4xx (bad JSON, wrong content type, body too large) → their documented codes; anything
 * else → 500 with a request id and nothing internal (the stack goes to the log only).
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | AppError, request: FastifyRequest, reply: FastifyReply) => {
    // A duplicate that lost the race for its Idempotency-Key: the first request's answer, not an error.
    if (error instanceof IdempotentReplay) {
      void sendReplay(reply, error.response);
      return;
    }
    const body = toErrorBody(error, request);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    if (body.status === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '60');
    const { status, ...payload } = body;
    void reply.status(status).send(payload);
  });
}

/**
 * Unknown routes: 404 with the standard body; when the web UI is served, non-API GETs get index.html instead so the
 * client-side router can take deep links.
 */
export function registerNotFoundHandler(app: FastifyInstance, options: { spaFallback: boolean }): void {
  app.setNotFoundHandler((request, reply) => {
    if (options.spaFallback && isSpaRequest(request.method, request.url)) {
      return reply.type('text/html').sendFile('index.html');
    }
    const { status, ...payload } = fromCode('NOT_FOUND', request);
    return reply.status(status).send(payload);
  });
}

interface ErrorBody {
  status: number;
  code: ErrorCode;
  message: string;
  messageEn: string;
  fields?: { field: string; message: string; messageEn: string }[];
  requestId: string;
  [extra: string]: unknown;
}

function fromCode(code: ErrorCode, request: FastifyRequest): ErrorBody {
  const def = ERROR_CODES[code];
  return { status: def.status, code, message: def.message, messageEn: def.messageEn, requestId: request.id };
}

function toErrorBody(error: FastifyError | AppError, request: FastifyRequest): ErrorBody {
  if (error instanceof AppError) {
    return {
      ...error.extra,
      status: error.status,
      code: error.code,
      message: error.messageZh,
      messageEn: error.messageEn,
      ...(error.fields ? { fields: error.fields } : {}),
      requestId: request.id,
    };
  }
  const fastifyError = error as FastifyError;
  // PostgreSQL class 22 (data exception: a NUL byte, an out-of-range number or date the schema let through) is the
  // client's bad input, not a server fault: answer 400 and log it, so the schema can be tightened.
  // drizzle wraps driver errors (DrizzleQueryError) with the PostgreSQL error as `cause`.
  const dbError = (error as { cause?: unknown }).cause ?? error;
  const sqlState = (dbError as { code?: unknown; severity?: unknown }).severity
    ? (dbError as { code?: unknown }).code
    : null;
  if (typeof sqlState === 'string' && /^22[0-9A-Z]{3}$/.test(sqlState)) {
    request.log.warn({ err: error }, 'database rejected input the schema accepted');
    return {
      ...fromCode('VALIDATION_FAILED', request),
      fields: [
        { field: 'body', message: '数据格式或取值超出允许范围', messageEn: 'a value is malformed or out of range' },
      ],
    };
  }
  if (fastifyError.validation) {
    return {
      ...fromCode('VALIDATION_FAILED', request),
      fields: translateValidationErrors(fastifyError.validation, fastifyError.validationContext),
    };
  }
  const status = fastifyError.statusCode ?? 500;
  if (status === 413) return fromCode('PAYLOAD_TOO_LARGE', request);
  if (status === 415) return fromCode('UNSUPPORTED_MEDIA_TYPE', request);
  if (status === 429) return fromCode('RATE_LIMITED', request);
  if (status === 404) return fromCode('NOT_FOUND', request);
  if (status >= 400 && status < 500) {
    // Malformed JSON, an empty body with a JSON content type, bad headers: the client's fault, said plainly.
    return {
      ...fromCode('VALIDATION_FAILED', request),
      fields: [{ field: 'body', message: '请求体格式不正确', messageEn: 'malformed request body' }],
    };
  }
  return fromCode('INTERNAL_ERROR', request);
}

/**
 * Errors Fastify raises before routing (an undecodable URL, an over-long path parameter) never reach the error handler;
 * this gives them the same structured body.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const code: ErrorCode = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'URI_TOO_LONG' : 'VALIDATION_FAILED';
  const { status, ...payload } = fromCode(code, request);
  const fields =
    code === 'VALIDATION_FAILED'
      ? [{ field: 'url', message: '请求地址无法解析', messageEn: 'malformed URL' }]
      : undefined;
  void reply.status(status).send(fields ? { ...payload, fields } : payload);
}

/**
 * A request Node's HTTP parser refuses before Fastify sees it — a request line with raw (not percent-encoded) Chinese
 * characters, a malformed header, headers over the size limit, a request not finished in time — gets the same
 * structured, bilingual body as every other error, instead of Fastify's bare `{"error":"Bad Request","message":"Client
 * Error"}`. Then the connection is closed, as Node and Fastify do: the parser cannot tell where the next request starts.
 */
export function clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return; // the client has gone: nothing to answer
  const code: ErrorCode =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? 'REQUEST_TIMEOUT'
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? 'HEADERS_TOO_LARGE'
        : 'VALIDATION_FAILED';
  const def = ERROR_CODES[code];
  const body = JSON.stringify({
    code,
    message: def.message,
    messageEn: def.messageEn,
    ...(code === 'VALIDATION_FAILED' && {
      fields: [
        {
          field: 'request',
          message: '请求行或请求头格式不正确（地址中的中文等字符须经 URL 编码）',
          messageEn:
            'malformed request line or headers (characters such as Chinese must be percent-encoded in the URL)',
        },
      ],
    }),
    requestId: crypto.randomUUID(),
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${def.status} ${STATUS_CODES[def.status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
