import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const common: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false };

/*
 * Compiled on first use, not at start (issue 6: PGlite cold start ≤ 3 s). Fastify compiles a validator for every part
 * of every route's request and a serializer for every response schema while it starts: ~0.9 s of a 3 s cold start on
 * the 2-core bench machine (CPU profile: fast-json-stringify 0.45 s, ajv 0.4 s), for routes most processes never
 * serve. Each route's own compilation now happens on its first request (a few ms, once per process). A schema mistake
 * therefore surfaces on the route's first request rather than at start: the bad-input sweep and the authorisation
 * matrix call every route in the tests.
 */

/** Once compiled, the real function; until then compiles on the first call. */
function onFirstCall<F extends (...args: never[]) => unknown>(compile: () => F): F {
  let compiled: F | undefined;
  return ((...args: Parameters<F>) => (compiled ??= compile())(...args)) as F;
}

/**
 * Two validators. Query strings, path params and headers arrive as text, so they are coerced ("?page=2" → 2). JSON
 * bodies are NOT coerced: a number where a string belongs is a client bug and gets a 400, not a silent conversion.
 * allErrors: the applicant sees every wrong field at once (一次性告知), not one per round trip.
 */
export function registerValidators(app: FastifyInstance): void {
  const coercing = addFormats(new Ajv({ ...common, coerceTypes: 'array' }));
  const strict = addFormats(new Ajv({ ...common, coerceTypes: false }));
  app.setValidatorCompiler(({ schema, httpPart }) => {
    let compiled: ValidateFunction | undefined;
    // Fastify reads a failed validation's errors from the function it was given, as ajv leaves them on its own.
    const validate = (data: unknown): boolean => {
      compiled ??= (httpPart === 'body' ? strict : coercing).compile(schema);
      const valid = compiled(data) as boolean;
      validate.errors = compiled.errors;
      return valid;
    };
    validate.errors = null as ValidateFunction['errors'];
    return validate;
  });
}

/** Fastify's own response serializer compiler (fast-json-stringify), each route's compiled on its first response. */
export const lazySerializers: NonNullable<FastifyServerOptions['schemaController']> = {
  compilersFactory: {
    buildSerializer: (externalSchemas, serializerOptions) => {
      const compilerOf = SerializerSelector()(externalSchemas as never, serializerOptions as never);
      return (routeSchema) => onFirstCall(() => compilerOf(routeSchema));
    },
  },
};
