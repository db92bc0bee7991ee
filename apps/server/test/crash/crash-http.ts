/**
 * The crash test's HTTP client (crash-test.ts, approval-wave.ts): a sign-in, and a POST with an `Idempotency-Key` that
 * reports "no answer" (status 0) instead of throwing when the server is killed under it.
 */

/** The demo accounts' password in the crash test's servers (`DEMO_PASSWORD`). */
export const PASSWORD = 'Crash@Test2026';

export async function login(baseUrl: string, username: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`login ${username}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

export interface Answer {
  /** 0: no answer (connection refused or reset: the server was killed). */
  status: number;
  json: Record<string, unknown> | null;
  replayed: boolean;
}

export async function post(baseUrl: string, url: string, token: string, key: string, body?: unknown): Promise<Answer> {
  try {
    const response = await fetch(`${baseUrl}${url}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'idempotency-key': key,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return {
      status: response.status,
      json: json as Record<string, unknown> | null,
      replayed: response.headers.has('idempotency-replayed'),
    };
  } catch {
    return { status: 0, json: null, replayed: false }; // connection refused / reset: no answer
  }
}

export const isSuccess = (answer: Answer) => answer.status >= 200 && answer.status < 300;

/** The error code of a refused answer, for the retry tallies. */
export const codeOf = (answer: Answer) =>
  answer.status >= 300 && typeof answer.json?.code === 'string' ? ` ${answer.json.code}` : '';

/**
 * For a 409 IDEMPOTENCY_KEY_IN_DOUBT (the request with this key committed, its answer was never recorded): the target
 * of the change with this action that the answer's `changes` lists — null if it lists none. Undefined for any other
 * answer.
 */
export function inDoubtTarget(answer: Answer, action: string): string | null | undefined {
  if (answer.status !== 409 || answer.json?.code !== 'IDEMPOTENCY_KEY_IN_DOUBT') return undefined;
  const changes = Array.isArray(answer.json.changes)
    ? (answer.json.changes as { action?: unknown; targetId?: unknown }[])
    : [];
  const change = changes.find((c) => c.action === action && typeof c.targetId === 'string');
  return change ? String(change.targetId) : null;
}

/** Tallies in-doubt answers, and those whose `changes` do not name what the request did. */
export class InDoubtTally {
  inDoubt = 0;
  unexplained = 0;
  readonly notes: string[] = [];

  /** The target an in-doubt answer names for `action` (checked against `expected` when given), else undefined. */
  target(answer: Answer, action: string, expected?: string): string | undefined {
    const target = inDoubtTarget(answer, action);
    if (target === undefined) return undefined;
    this.inDoubt += 1;
    if (target === null || (expected !== undefined && target !== expected)) {
      this.unexplained += 1;
      if (this.notes.length < 3)
        this.notes.push(`in doubt without ${action} of ${expected ?? 'its target'}: ${JSON.stringify(answer.json)}`);
      return undefined;
    }
    return target;
  }
}
