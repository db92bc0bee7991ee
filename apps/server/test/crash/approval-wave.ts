/**
 * The crash test's approval wave (issue 6 §3 for the approval stage). The project creations of crash-test.ts write one
 * row and its audit entry; an acceptance writes the most rows of any request: the application's update, one case per
 * matter with its first clock entry and history row, their audit entries and the notices. Here stage applications are
 * prepared and submitted before the load; during it, the window accepts them (each acceptance with its own
 * `Idempotency-Key`) one after another, a few at a time, and, as each acceptance is answered, the four departments
 * decide its cases in parallel (each decision with its own key), until the kill. After the restart:
 *  - every acknowledged acceptance is there with its receipt number, and every acknowledged decision with its status;
 *  - nothing is half-written: an application is either submitted with no case, or accepted with all four cases, each
 *    with exactly one first clock entry, one `dispatched` history row and one `case.dispatched` audit entry; a case is
 *    decided with exactly one `approve` row and one `case.approved` entry, or not at all; the stage is completed (with
 *    its `application.completed` entry) exactly when all four cases are decided;
 *  - retrying every acceptance and decision with its key duplicates nothing: four cases per application, one decision
 *    per case, every stage completed.
 * The stage is the bench's (bench/stage/bench-catalogue.ts): four matters at four departments, no required material.
 */
import type pg from 'pg';
import { BENCH_DEPARTMENT_USERS, BENCH_STAGE, benchCatalogue } from '../../../../bench/stage/bench-catalogue.ts';
import { codeOf, isSuccess, login, post, type Answer, type InDoubtTally } from './crash-http.ts';

const MATTERS = benchCatalogue().matters;
const DEPARTMENT_KIND_OF = new Map(MATTERS.map((m) => [m.code, m.departmentKind]));

export interface Approval {
  applicationId: string;
  acceptKey: string;
  /** The receipt number of a 2xx acceptance (received before or after the kill). */
  ackedReceipt?: string;
  /** Case ids whose decision got a 2xx. */
  ackedDecisions: Set<string>;
}

export interface ApprovalTokens {
  window: string;
  /** By department kind. */
  departments: Record<string, string>;
}

const decisionKey = (run: string, caseId: string) => `crash-${run}-decide-${caseId}`;

export async function approvalTokens(baseUrl: string): Promise<ApprovalTokens> {
  const departments: Record<string, string> = {};
  for (const [kind, username] of Object.entries(BENCH_DEPARTMENT_USERS)) {
    departments[kind] = await login(baseUrl, username);
  }
  return { window: await login(baseUrl, 'window'), departments };
}

/**
 * `count` submitted stage applications, each on a project registered and coded for it (`projectBody(i)`), 16 at a
 * time. Nothing here is killed: it is the state the wave starts from.
 */
export async function prepareApprovals(
  baseUrl: string,
  applicant: string,
  run: string,
  count: number,
  projectBody: (i: number) => Record<string, unknown>,
): Promise<Approval[]> {
  const approvals: Approval[] = [];
  let next = 0;
  const must = (what: string, answer: Answer) => {
    if (!isSuccess(answer)) throw new Error(`prepare ${what}: ${answer.status}${codeOf(answer)}`);
    return answer.json!;
  };
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < count) {
        const i = next++;
        const key = `crash-${run}-approval-${i}`;
        const project = must(
          'project',
          await post(baseUrl, '/api/projects', applicant, `${key}-project`, { ...projectBody(i), submit: true }),
        );
        const application = must(
          'application',
          await post(baseUrl, `/api/projects/${String(project.id)}/applications`, applicant, `${key}-create`, {
            stageCode: BENCH_STAGE,
            facts: [],
          }),
        );
        const applicationId = String(application.id);
        must('submit', await post(baseUrl, `/api/applications/${applicationId}/submit`, applicant, `${key}-submit`));
        approvals.push({ applicationId, acceptKey: `${key}-accept`, ackedDecisions: new Set() });
      }
    }),
  );
  return approvals;
}

/** How many acceptances are in flight at once: a few window clerks, so that the acceptances go on through the load. */
const WINDOW_CLERKS = 4;

/**
 * The wave: the window's clerks accept the applications one after another; as each acceptance is answered, the four
 * departments decide its cases in parallel — until `killed()` says the server is gone. `onAck` is called on each
 * 2xx. Returns the number of answers (of any status) received before the kill.
 */
export async function runApprovalWave(
  baseUrl: string,
  tokens: ApprovalTokens,
  run: string,
  approvals: Approval[],
  killed: () => boolean,
  onAck: () => void,
): Promise<number> {
  let answered = 0;
  let next = 0;
  const deciding: Promise<void>[] = [];
  const decideAll = async (a: Approval, cases: { id: string; matterCode: string }[]) => {
    await Promise.all(
      cases.map(async (c) => {
        const decided = await decide(baseUrl, tokens, run, c);
        if (decided.status !== 0 && !killed()) answered += 1;
        if (isSuccess(decided)) {
          a.ackedDecisions.add(c.id);
          onAck();
        }
      }),
    );
  };
  await Promise.all(
    Array.from({ length: WINDOW_CLERKS }, async () => {
      while (next < approvals.length && !killed()) {
        const a = approvals[next++]!;
        const accepted = await post(
          baseUrl,
          `/api/applications/${a.applicationId}/accept`,
          tokens.window,
          a.acceptKey,
          { mode: 'normal', opinion: '材料齐全，予以受理' },
        );
        if (accepted.status !== 0 && !killed()) answered += 1;
        if (!isSuccess(accepted)) continue;
        a.ackedReceipt = String(accepted.json!.receiptNumber);
        onAck();
        if (!killed()) deciding.push(decideAll(a, accepted.json!.cases as { id: string; matterCode: string }[]));
      }
    }),
  );
  await Promise.all(deciding);
  return answered;
}

function decide(baseUrl: string, tokens: ApprovalTokens, run: string, c: { id: string; matterCode: string }) {
  const token = tokens.departments[DEPARTMENT_KIND_OF.get(c.matterCode)!]!;
  return post(baseUrl, `/api/cases/${c.id}/decision`, token, decisionKey(run, c.id), {
    decision: 'approved',
    opinion: '同意',
  });
}

export interface StoredApplication {
  id: string;
  status: string;
  receipt_number: string | null;
  accepted_events: number;
  completed_events: number;
}

export interface StoredCase {
  id: string;
  application_id: string;
  matter_code: string;
  status: string;
  starts: number;
  dispatched: number;
  dispatched_events: number;
  approvals: number;
  approved_events: number;
}

/** The applications of the wave and their cases as stored, with the counts of their history rows and audit entries. */
export interface StoredApprovals {
  applications: Map<string, StoredApplication>;
  casesOf: Map<string, StoredCase[]>;
}

async function readStored(db: pg.Client, approvals: Approval[]): Promise<StoredApprovals> {
  const ids = approvals.map((a) => a.applicationId);
  const applications = await db.query<StoredApplication>(
    `SELECT a.id, a.status, a.receipt_number,
            (SELECT count(*) FROM audit_events e WHERE e.target_type = 'stage_application' AND e.target_id = a.id::text
               AND e.action = 'application.accepted')::int AS accepted_events,
            (SELECT count(*) FROM audit_events e WHERE e.target_type = 'stage_application' AND e.target_id = a.id::text
               AND e.action = 'application.completed')::int AS completed_events
       FROM stage_applications a WHERE a.id = ANY($1::uuid[])`,
    [ids],
  );
  const cases = await db.query<StoredCase>(
    `SELECT c.id, c.application_id, c.matter_code, c.status,
            (SELECT count(*) FROM case_clock_entries k WHERE k.case_id = c.id AND k.kind = 'start')::int AS starts,
            (SELECT count(*) FROM case_actions x WHERE x.case_id = c.id AND x.kind = 'dispatched')::int AS dispatched,
            (SELECT count(*) FROM audit_events e WHERE e.target_type = 'case' AND e.target_id = c.id::text
               AND e.action = 'case.dispatched')::int AS dispatched_events,
            (SELECT count(*) FROM case_actions x WHERE x.case_id = c.id AND x.kind = 'approve')::int AS approvals,
            (SELECT count(*) FROM audit_events e WHERE e.target_type = 'case' AND e.target_id = c.id::text
               AND e.action = 'case.approved')::int AS approved_events
       FROM cases c WHERE c.application_id = ANY($1::uuid[])`,
    [ids],
  );
  const casesOf = new Map<string, StoredCase[]>();
  for (const c of cases.rows) casesOf.set(c.application_id, [...(casesOf.get(c.application_id) ?? []), c]);
  return { applications: new Map(applications.rows.map((a) => [a.id, a])), casesOf };
}

/** What is wrong with one application as stored (empty: it is whole — submitted, accepted or completed). */
function problemsOf(app: StoredApplication | undefined, cases: StoredCase[]): string[] {
  if (!app) return ['the application is gone'];
  if (app.status === 'submitted') {
    return cases.length || app.accepted_events ? [`submitted with ${cases.length} cases`] : [];
  }
  if (app.status !== 'accepted' && app.status !== 'completed') return [`status ${app.status}`];
  const problems: string[] = [];
  if (app.accepted_events !== 1) problems.push(`${app.accepted_events} application.accepted entries`);
  if (cases.length !== MATTERS.length || new Set(cases.map((c) => c.matter_code)).size !== MATTERS.length) {
    problems.push(`${cases.length} cases`);
  }
  for (const c of cases) {
    if (c.starts !== 1 || c.dispatched !== 1 || c.dispatched_events !== 1) {
      problems.push(
        `case ${c.id}: ${c.starts} clock starts, ${c.dispatched} dispatched rows/${c.dispatched_events} entries`,
      );
    }
    const decided = c.status === 'approved';
    const decisionRows = decided ? 1 : 0;
    if (c.approvals !== decisionRows || c.approved_events !== decisionRows) {
      problems.push(`case ${c.id} (${c.status}): ${c.approvals} approve rows, ${c.approved_events} entries`);
    }
  }
  const allDecided = cases.length === MATTERS.length && cases.every((c) => c.status === 'approved');
  if (allDecided !== (app.status === 'completed') || app.completed_events !== (allDecided ? 1 : 0)) {
    problems.push(
      `${app.status} with ${allDecided ? 'every' : 'not every'} case decided, ${app.completed_events} completions`,
    );
  }
  return problems;
}

export interface ApprovalVerification {
  lost: number;
  halfWritten: number;
  notes: string[];
}

/** After the restart, before any retry: the acknowledged answers are stored, and every application is whole. */
export async function verifyApprovals(db: pg.Client, approvals: Approval[]): Promise<ApprovalVerification> {
  return judgeApprovals(approvals, await readStored(db, approvals));
}

/** The judgement of `verifyApprovals` on the rows as read (approval-wave.test.ts shows what it catches). */
export function judgeApprovals(approvals: Approval[], stored: StoredApprovals): ApprovalVerification {
  const notes: string[] = [];
  let lost = 0;
  let halfWritten = 0;
  for (const a of approvals) {
    const app = stored.applications.get(a.applicationId);
    const cases = stored.casesOf.get(a.applicationId) ?? [];
    if (a.ackedReceipt && (app?.receipt_number !== a.ackedReceipt || app.status === 'submitted')) {
      lost += 1;
      if (notes.length < 3) notes.push(`acknowledged acceptance lost: ${a.applicationId} is ${app?.status}`);
    }
    for (const caseId of a.ackedDecisions) {
      const decided = cases.find((c) => c.id === caseId);
      if (decided?.status !== 'approved') {
        lost += 1;
        if (notes.length < 3) notes.push(`acknowledged decision lost: case ${caseId} is ${decided?.status}`);
      }
    }
    const problems = problemsOf(app, cases);
    if (problems.length) {
      halfWritten += 1;
      if (notes.length < 3) notes.push(`half-written application ${a.applicationId}: ${problems.join('; ')}`);
    }
  }
  return { lost, halfWritten, notes };
}

export interface ApprovalRetry {
  /** Applications not completed, or not whole (a case or a decision twice, say), after every retry. */
  notWhole: number;
  replayMismatches: number;
  notes: string[];
}

/**
 * Every acceptance re-sent with its key, then every case's decision with its key (the cases read from the database,
 * for an acceptance whose answer was lost); then each application must be completed and whole, once.
 */
export async function retryApprovals(
  baseUrl: string,
  db: pg.Client,
  run: string,
  approvals: Approval[],
  count: (label: string) => void,
  inDoubt: InDoubtTally,
): Promise<ApprovalRetry> {
  const tokens = await approvalTokens(baseUrl);
  let replayMismatches = 0;
  await Promise.all(
    approvals.map(async (a) => {
      const again = await post(baseUrl, `/api/applications/${a.applicationId}/accept`, tokens.window, a.acceptKey, {
        mode: 'normal',
        opinion: '材料齐全，予以受理',
      });
      count(`accept ${again.status}${again.replayed ? ' replayed' : ''}${codeOf(again)}`);
      inDoubt.target(again, 'application.accepted', a.applicationId);
      if (a.ackedReceipt && isSuccess(again) && again.json?.receiptNumber !== a.ackedReceipt) replayMismatches += 1;
    }),
  );
  const { casesOf } = await readStored(db, approvals);
  await Promise.all(
    approvals.flatMap((a) =>
      (casesOf.get(a.applicationId) ?? []).map(async (c) => {
        const again = await decide(baseUrl, tokens, run, { id: c.id, matterCode: c.matter_code });
        count(`decide ${again.status}${again.replayed ? ' replayed' : ''}${codeOf(again)}`);
        inDoubt.target(again, 'case.approved', c.id);
      }),
    ),
  );
  const { applications, casesOf: finalCases } = await readStored(db, approvals);
  const notes: string[] = [];
  let notWhole = 0;
  for (const a of approvals) {
    const app = applications.get(a.applicationId);
    const problems = problemsOf(app, finalCases.get(a.applicationId) ?? []);
    if (app?.status !== 'completed') problems.push(`${app?.status} after the retries`);
    if (problems.length) {
      notWhole += 1;
      if (notes.length < 3) notes.push(`after retry, application ${a.applicationId}: ${problems.join('; ')}`);
    }
  }
  return { notWhole, replayMismatches, notes };
}
