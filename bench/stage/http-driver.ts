/**
 * Drives whole stage lifecycles against the real server over HTTP, from its own process (issue 6 §5 (d)):
 *
 *   node --import tsx bench/stage/http-driver.ts <input.json>
 *
 * input: `{ base, seconds, concurrency, projectIds, tokens: { applicant, window, [departmentKind]: token },
 *           departmentOfMatter: { [matterCode]: departmentKind }, stageCode }`.
 *
 * `concurrency` stages are in flight; each: applicant creates the application (POST /api/projects/:id/applications) and
 * submits it, the window accepts it (normal 受理 → four cases dispatched with their clock ledgers), then the four
 * department users decide their cases in parallel (POST /api/cases/:id/decision — the matters have the single 签发 step),
 * the last decision completing the stage. Every request is one audited transaction: 7 per stage. Prints one JSON line:
 * completed stages, stages/s, and p50/p99 per request kind.
 */
import fs from 'node:fs';

interface Input {
  base: string;
  seconds: number;
  concurrency: number;
  projectIds: string[];
  tokens: Record<string, string>;
  departmentOfMatter: Record<string, string>;
  stageCode: string;
  /**
   * Every request but the acceptance (whose answer lists the dispatched cases the driver needs) asks
   * `Prefer: return=minimal` — no view in the answer — as a system integrating by API may.
   */
  preferMinimal?: boolean;
}

const input = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as Input;
const latencies: Record<string, number[]> = { create: [], submit: [], accept: [], decision: [] };
let errors = 0;
let firstError: string | null = null;

async function call<T>(...request: Parameters<typeof exchange>): Promise<T> {
  return (await exchange<T>(...request)).body;
}

/** One request, timed; its JSON answer (undefined when empty) and its Location header. */
async function exchange<T>(
  kind: string,
  method: string,
  url: string,
  token: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ body: T; location: string | null }> {
  const t0 = performance.now();
  const response = await fetch(`${input.base}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  latencies[kind]!.push(performance.now() - t0);
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 300)}`);
  return { body: (text === '' ? undefined : JSON.parse(text)) as T, location: response.headers.get('location') };
}

async function stage(projectId: string): Promise<void> {
  const t = input.tokens;
  const minimal: Record<string, string> = input.preferMinimal ? { prefer: 'return=minimal' } : {};
  const created = await exchange<{ id: string } | undefined>(
    'create',
    'POST',
    `/api/projects/${projectId}/applications`,
    t.applicant!,
    { stageCode: input.stageCode, facts: [] },
    minimal,
  );
  const app = { id: created.body?.id ?? created.location!.split('/').at(-1)! };
  await call('submit', 'POST', `/api/applications/${app.id}/submit`, t.applicant!, undefined, minimal);
  const accepted = await call<{ cases: { id: string; matterCode: string }[] }>(
    'accept',
    'POST',
    `/api/applications/${app.id}/accept`,
    t.window!,
    { mode: 'normal', opinion: '材料齐全，予以受理' },
  );
  if (accepted.cases.length !== 4) throw new Error(`expected 4 cases, got ${accepted.cases.length}`);
  await Promise.all(
    accepted.cases.map((c) =>
      call(
        'decision',
        'POST',
        `/api/cases/${c.id}/decision`,
        t[input.departmentOfMatter[c.matterCode]!]!,
        { decision: 'approved', opinion: '同意' },
        minimal,
      ),
    ),
  );
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 10) / 10;
}

async function main(): Promise<void> {
  let next = 0;
  let stages = 0;
  const started = performance.now();
  const deadlineAt = started + input.seconds * 1000;
  let exhausted = false;
  const worker = async () => {
    while (performance.now() < deadlineAt) {
      const projectId = input.projectIds[next++];
      if (!projectId) {
        exhausted = true;
        return;
      }
      try {
        await stage(projectId);
        stages += 1;
      } catch (error) {
        errors += 1;
        firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: input.concurrency }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const all = Object.values(latencies)
    .flat()
    .sort((a, b) => a - b);
  const byKind = Object.fromEntries(
    Object.entries(latencies).map(([k, v]) => {
      const s = [...v].sort((a, b) => a - b);
      return [k, { count: s.length, p50Ms: percentile(s, 50), p99Ms: percentile(s, 99) }];
    }),
  );
  process.stdout.write(
    `${JSON.stringify({
      stages,
      seconds: elapsed,
      perSecond: stages / elapsed,
      requests: all.length,
      requestsPerSecond: all.length / elapsed,
      p50Ms: percentile(all, 50),
      p99Ms: percentile(all, 99),
      byKind,
      errors,
      firstError,
      projectsUsed: Math.min(next, input.projectIds.length),
      exhausted,
    })}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
