import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from './app-context.ts';
import { fileTooLarge } from '../modules/files/files.service.ts';

/**
 * Reads a raw upload body up to `limit` bytes. A declared or actual size above the limit is refused with 413
 * FILE_TOO_LARGE as soon as it is known (nothing is buffered beyond the limit, nothing stored).
 */
export function readLimited(limit: number) {
  return (_request: unknown, payload: IncomingMessage, done: (err: Error | null, body?: Buffer) => void) => {
    const declared = Number(payload.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      payload.resume();
      done(fileTooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    payload.on('data', (chunk: Buffer) => {
      if (finished) return;
      size += chunk.length;
      if (size > limit) {
        finished = true;
        payload.resume();
        done(fileTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    payload.on('end', () => {
      if (finished) return;
      finished = true;
      done(null, Buffer.concat(chunks));
    });
    payload.on('error', (error) => {
      if (finished) return;
      finished = true;
      done(error);
    });
  };
}

/**
 * Makes `child` (an encapsulated plugin context holding only upload routes) read any Content-Type as a raw body within
 * UPLOAD_MAX_BYTES; every other route keeps the JSON parser and the global 1 MB limit.
 */
export function acceptRawUploads(child: FastifyInstance, ctx: AppContext): void {
  child.removeAllContentTypeParsers();
  child.addContentTypeParser('*', { bodyLimit: ctx.config.uploadMaxBytes + 1 }, readLimited(ctx.config.uploadMaxBytes));
}
