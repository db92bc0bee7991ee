import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * `Prefer: return=minimal` (RFC 7240 §4.2) on state-changing routes that otherwise answer with the changed resource's
 * full view. A caller that does not need the view — a system integrating by API, or a client that refetches the
 * resource anyway — asks for none, and the server skips building it: for a case, the view is a dozen reads (clock
 * ledger, history, signatures, consultations, licence, application summary) after the change has committed.
 *
 * The change itself is the same either way (one audited transaction); only the answer differs: 204 No Content with
 * `Preference-Applied: return=minimal`. Without the preference, or with `return=representation`, the full view is sent
 * as before. An `Idempotency-Key` retry replays whichever answer the first request got.
 */
export const PREFERENCE_APPLIED_HEADER = 'preference-applied';

/** The headers schema of such a route: documents the preference in the OpenAPI document. */
export const PreferHeaders = Type.Object({
  prefer: Type.Optional(
    Type.String({
      maxLength: 200,
      description:
        'return=minimal：不返回办理后的详情，以 204 应答（RFC 7240）/ return=minimal: answer 204 without the view',
    }),
  ),
});

/** The 204 answer of `return=minimal`, for the route's response schema. */
export const MinimalAnswer = Type.Null({
  description:
    'Prefer: return=minimal — 已办理，不返回详情 / done; no view returned (Preference-Applied: return=minimal)',
});

/**
 * Whether the request prefers `return=minimal`. RFC 7240 §2: preferences are comma-separated tokens, possibly over
 * several header lines, token names case-insensitive, values possibly quoted; parameters after `;` are ignored. When
 * a request states `return` more than once, the first one counts.
 */
export function prefersMinimal(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  const lines = Array.isArray(header) ? header : [header];
  for (const preference of lines.flatMap((line) => line.split(','))) {
    const [nameValue] = preference.split(';');
    const eq = nameValue!.indexOf('=');
    const name = (eq < 0 ? nameValue! : nameValue!.slice(0, eq)).trim().toLowerCase();
    if (name !== 'return') continue;
    const value =
      eq < 0
        ? ''
        : nameValue!
            .slice(eq + 1)
            .trim()
            .replace(/^"(.*)"$/, '$1')
            .toLowerCase();
    return value === 'minimal';
  }
  return false;
}

/**
 * The answer of a change that has committed: its view (200, or 201 for a creation, with `Location`), or — when the
 * request prefers `return=minimal` — none, without building it: 204, or 201 with only `Location`.
 */
export async function answerChange<V>(
  request: FastifyRequest,
  reply: FastifyReply,
  view: () => Promise<V>,
  created?: { location: string },
): Promise<FastifyReply> {
  if (created) reply.header('location', created.location);
  const status = created ? 201 : 200;
  if (!prefersMinimal(request.headers.prefer)) return reply.code(status).send(await view());
  return reply
    .header(PREFERENCE_APPLIED_HEADER, 'return=minimal')
    .code(created ? 201 : 204)
    .send();
}

/**
 * A change that has committed, and how to build its view: the route builds it only when the caller wants it (not for
 * `Prefer: return=minimal`). The view reads the state after the commit, as a GET would.
 */
export interface Changed<V> {
  id: string;
  view: () => Promise<V>;
}
