/**
 * The stage lifecycle as plain SQL transactions, for pgbench (issue 6 §5 (a)). Tables mirror the real ones
 * (apps/server/src/db/schema/approval.ts, audit.ts) with their indexes, in a scratch database of their own. One pgbench
 * "transaction" is one whole stage = the same 7 transactions the server commits: create the draft application (+ its
 * material link), submit, accept (4 cases + 4 clock-start rows + 4 dispatch actions), 4 decisions (case row, action,
 * completion check that completes the application on the last one); each with its audit row.
 *
 * `chained`: each audit insert also takes the transaction-scoped advisory lock and reads the chain head, as
 * runAuditedTransaction does (ADR 0003) — the serialisation cost without the Node work. The plain variant is the ceiling.
 */
export const SQL_STAGE_SCHEMA = `
CREATE TABLE stage_applications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(), project_id uuid NOT NULL, stage_code text NOT NULL,
  catalogue_version text NOT NULL, status text NOT NULL DEFAULT 'draft', facts text[] NOT NULL DEFAULT '{}',
  form_data jsonb NOT NULL DEFAULT '{}', matter_codes text[] NOT NULL DEFAULT '{}', region_code text NOT NULL,
  acceptance_mode text, priority boolean NOT NULL DEFAULT false, submitted_at timestamptz, submitted_on date,
  correction_due_on date, accepted_at timestamptz, accepted_on date, deemed_accepted boolean NOT NULL DEFAULT false,
  accepted_by uuid, receipt_number text, completed_at timestamptz, created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
CREATE UNIQUE INDEX stage_applications_live_uq ON stage_applications (project_id, stage_code) WHERE status NOT IN ('rejected', 'withdrawn');
CREATE UNIQUE INDEX stage_applications_receipt_uq ON stage_applications (receipt_number);
CREATE INDEX stage_applications_inbox_idx ON stage_applications (status, region_code, priority, submitted_at);
CREATE INDEX stage_applications_project_idx ON stage_applications (project_id);
CREATE INDEX stage_applications_correction_due_idx ON stage_applications (correction_due_on) WHERE status = 'submitted';
CREATE TABLE application_materials (
  application_id uuid NOT NULL REFERENCES stage_applications(id), material_code text NOT NULL, provision text NOT NULL,
  status text NOT NULL, updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (application_id, material_code));
CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(), case_number text NOT NULL,
  application_id uuid NOT NULL REFERENCES stage_applications(id), project_id uuid NOT NULL, matter_code text NOT NULL,
  matter_name text NOT NULL, department_kind text NOT NULL, department_id uuid NOT NULL, status text NOT NULL,
  current_step text NOT NULL, steps jsonb NOT NULL, depends_on text[] NOT NULL DEFAULT '{}', limit_working_days integer NOT NULL,
  max_extension_working_days integer NOT NULL, deadline date, clock_running boolean NOT NULL DEFAULT true,
  clock_level text NOT NULL DEFAULT 'normal', decision text, decision_opinion text, decided_at timestamptz, decided_on date,
  decided_by uuid, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz NOT NULL DEFAULT now());
CREATE UNIQUE INDEX cases_application_matter_uq ON cases (application_id, matter_code);
CREATE UNIQUE INDEX cases_number_uq ON cases (case_number);
CREATE INDEX cases_inbox_idx ON cases (department_id, status, current_step, deadline);
CREATE INDEX cases_project_idx ON cases (project_id);
CREATE INDEX cases_open_deadline_idx ON cases (deadline) WHERE status IN ('pending', 'inProgress', 'suspended');
CREATE TABLE case_clock_entries (
  id bigserial PRIMARY KEY, case_id uuid NOT NULL REFERENCES cases(id), seq integer NOT NULL, kind text NOT NULL,
  date date NOT NULL, working_days integer, reason text NOT NULL, legal_basis text NOT NULL, recorded_by uuid,
  recorded_at timestamptz NOT NULL);
CREATE UNIQUE INDEX case_clock_entries_seq_uq ON case_clock_entries (case_id, seq);
CREATE TABLE case_actions (
  id bigserial PRIMARY KEY, case_id uuid NOT NULL REFERENCES cases(id), kind text NOT NULL, from_step text, to_step text,
  opinion text, data jsonb NOT NULL DEFAULT '{}', actor_id uuid, at timestamptz NOT NULL);
CREATE INDEX case_actions_case_idx ON case_actions (case_id, at);
CREATE SEQUENCE audit_seq;
CREATE TABLE audit_events (
  seq bigint PRIMARY KEY, occurred_at timestamptz NOT NULL, actor_id uuid, actor_username text, actor_role text,
  action text NOT NULL, target_type text NOT NULL, target_id text, request_id text, ip text, before jsonb, after jsonb,
  prev_hash text NOT NULL, hash text NOT NULL);
CREATE INDEX audit_events_action_idx ON audit_events (action);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_username);
CREATE INDEX audit_events_target_idx ON audit_events (target_type, target_id);
`;

const MATTERS: [string, string][] = [
  ['bench.ndrc', 'ndrc'],
  ['bench.naturalResources', 'naturalResources'],
  ['bench.ecology', 'ecology'],
  ['bench.housing', 'housing'],
];

/** One audit insert; chained = advisory lock + head read, as runAuditedTransaction does. */
function audit(action: string, target: string, after: string, chained: boolean): string {
  const head = chained
    ? `SELECT pg_advisory_xact_lock(7001);
INSERT INTO audit_events (seq, occurred_at, actor_username, actor_role, action, target_type, target_id, after, prev_hash, hash)
SELECT coalesce(max(seq), 0) + 1, now(), 'bench', 'department', '${action}', '${target}', :app_id::text, '${after}'::jsonb,
  coalesce((SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1), ''), md5(random()::text) FROM audit_events;`
    : `INSERT INTO audit_events (seq, occurred_at, actor_username, actor_role, action, target_type, target_id, after, prev_hash, hash)
VALUES (nextval('audit_seq'), now(), 'bench', 'department', '${action}', '${target}', :app_id::text, '${after}'::jsonb, md5(random()::text), md5(random()::text));`;
  return head;
}

/** pgbench script (-M prepared): one execution = one whole stage in 7 transactions. */
export function sqlStageScript(chained: boolean): string {
  const steps = `'[{"code":"issue","name":"签发","kind":"issue","signMode":"single","participants":[]}]'`;
  const decision = (matter: string) => `BEGIN;
UPDATE cases SET status = 'approved', decision = 'approved', decision_opinion = '同意', decided_at = now(),
  decided_on = current_date, decided_by = gen_random_uuid(), updated_at = now()
  WHERE application_id = :app_id AND matter_code = '${matter}' AND status = 'inProgress';
INSERT INTO case_actions (case_id, kind, from_step, opinion, at)
  SELECT id, 'approve', 'issue', '同意', now() FROM cases WHERE application_id = :app_id AND matter_code = '${matter}';
UPDATE stage_applications SET status = 'completed', completed_at = now(), updated_at = now()
  WHERE id = :app_id AND status = 'accepted'
  AND NOT EXISTS (SELECT 1 FROM cases WHERE application_id = :app_id AND decision IS NULL);
${audit('case.decided', 'case', '{"decision":"approved"}', chained)}
COMMIT;`;
  return `BEGIN;
INSERT INTO stage_applications (project_id, stage_code, catalogue_version, region_code, matter_codes, created_by)
  VALUES (gen_random_uuid(), 'benchStage', 'bench-1', '330302', '{${MATTERS.map((m) => m[0]).join(',')}}', gen_random_uuid())
  RETURNING id AS app_id \\gset
INSERT INTO application_materials (application_id, material_code, provision, status) VALUES (:app_id, 'bench.sitePlan', 'upload', 'missing');
${audit('application.created', 'stageApplication', '{"status":"draft"}', chained)}
COMMIT;
BEGIN;
UPDATE stage_applications SET status = 'submitted', submitted_at = now(), submitted_on = current_date,
  correction_due_on = current_date + 7, updated_at = now() WHERE id = :app_id AND status = 'draft';
${audit('application.submitted', 'stageApplication', '{"status":"submitted"}', chained)}
COMMIT;
BEGIN;
UPDATE stage_applications SET status = 'accepted', acceptance_mode = 'normal', accepted_at = now(),
  accepted_on = current_date, accepted_by = gen_random_uuid(), receipt_number = 'SL' || :app_id::text, updated_at = now()
  WHERE id = :app_id AND status = 'submitted';
INSERT INTO cases (case_number, application_id, project_id, matter_code, matter_name, department_kind, department_id,
  status, current_step, steps, limit_working_days, max_extension_working_days, deadline)
  SELECT 'BJ' || :app_id::text || '-' || m.n, :app_id, gen_random_uuid(), m.code, m.code, m.kind, gen_random_uuid(),
    'inProgress', 'issue', ${steps}::jsonb, 20, 10, current_date + 28
  FROM (VALUES ${MATTERS.map((m, i) => `(${i + 1}, '${m[0]}', '${m[1]}')`).join(', ')}) AS m(n, code, kind);
INSERT INTO case_clock_entries (case_id, seq, kind, date, working_days, reason, legal_basis, recorded_at)
  SELECT id, 1, 'start', current_date, 20, '受理', '《行政许可法》第四十二条', now() FROM cases WHERE application_id = :app_id;
INSERT INTO case_actions (case_id, kind, to_step, at)
  SELECT id, 'dispatched', 'issue', now() FROM cases WHERE application_id = :app_id;
${audit('application.accepted', 'stageApplication', '{"status":"accepted","cases":4}', chained)}
COMMIT;
${MATTERS.map((m) => decision(m[0])).join('\n')}
`;
}
