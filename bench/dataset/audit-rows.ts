/**
 * The dataset's audit trail — every audit row the generator writes is made here, so a change of the audit schema
 * (apps/server/src/db/schema/audit.ts) touches this file only.
 *
 * Schema as of migration 0010 (asynchronous sealing): `id` is the insertion identity, `seq`/`prev_hash`/`hash` are set
 * once by the sealer (apps/server/src/modules/audit/audit-sealer.ts). Rows: one per project (project.filed /
 * project.coded, project.created for drafts) and one per decided case (case.approved / case.denied), in time order.
 *
 * - `sealed` (default): rows are written as the sealer would leave them — contiguous `seq` after the sealed head,
 *   `prev_hash`/`hash` by the server's own `computeAuditHash` — so the server starts with nothing to seal and the
 *   benchmark measures requests, not a multi-million-row sealing backlog. Hashing is in this process (SM3, OpenSSL).
 * - unsealed: rows inserted with seq/prev_hash/hash NULL in one INSERT … SELECT, as business transactions now write
 *   them; the server's sealer then chains them (use this to measure the sealer's catch-up).
 */
import type pg from 'pg';
import { computeAuditHash, GENESIS_HASH } from '../../apps/server/src/modules/audit/audit-chain.ts';

const BATCH = 20_000;

/** Builds `bench_audit_stage` (ord → row) from the loaded projects and cases. */
async function stage(client: pg.ClientBase): Promise<number> {
  await client.query('DROP TABLE IF EXISTS bench_audit_stage');
  await client.query(`
    CREATE UNLOGGED TABLE bench_audit_stage AS
    SELECT row_number() OVER (ORDER BY occurred_at, target_id) AS ord, * FROM (
      SELECT date_trunc('milliseconds', coalesce(p.filed_at, p.coded_at, p.created_at)) AS occurred_at,
             'applicant'::text AS actor_username, 'applicant'::text AS actor_role,
             CASE WHEN p.filed_at IS NOT NULL THEN 'project.filed'
                  WHEN p.code IS NOT NULL THEN 'project.coded' ELSE 'project.created' END AS action,
             'project'::text AS target_type, p.id::text AS target_id,
             jsonb_build_object('code', p.code, 'status', p.status, 'bench', true) AS after
        FROM projects p JOIN bench_p b ON b.id = p.id
      UNION ALL
      SELECT date_trunc('milliseconds', c.decided_at), 'department', 'department',
             CASE c.decision WHEN 'approved' THEN 'case.approved' ELSE 'case.denied' END,
             'case', c.id::text,
             jsonb_build_object('caseNumber', c.case_number, 'decision', c.decision, 'bench', true)
        FROM cases c WHERE c.decided_at IS NOT NULL AND c.case_number LIKE 'SL%BJ%'
    ) rows`);
  await client.query('ALTER TABLE bench_audit_stage ADD PRIMARY KEY (ord)');
  const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM bench_audit_stage');
  return Number(rows[0]!.n);
}

interface StageRow {
  ord: string;
  occurred_at: Date;
  actor_username: string;
  actor_role: string;
  action: string;
  target_type: string;
  target_id: string;
  after: unknown;
}

/** Writes the audit rows; returns how many. */
export async function generateAuditRows(client: pg.ClientBase, options: { sealed: boolean }): Promise<number> {
  const total = await stage(client);
  const sequence = `pg_get_serial_sequence('audit_events', 'id')`;
  if (!options.sealed) {
    await client.query(`
      INSERT INTO audit_events (occurred_at, actor_username, actor_role, action, target_type, target_id, after)
      SELECT occurred_at, actor_username, actor_role, action, target_type, target_id, after
        FROM bench_audit_stage ORDER BY ord`);
  } else {
    const head = await client.query<{ seq: string; hash: string }>(
      'SELECT seq, hash FROM audit_events WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1',
    );
    const ids = await client.query<{ max: string | null }>('SELECT max(id) AS max FROM audit_events');
    let prevHash = head.rows[0]?.hash ?? GENESIS_HASH;
    const baseSeq = Number(head.rows[0]?.seq ?? 0);
    const baseId = Number(ids.rows[0]?.max ?? 0);
    for (let from = 0; from < total; from += BATCH) {
      const { rows } = await client.query<StageRow>(
        'SELECT * FROM bench_audit_stage WHERE ord > $1 AND ord <= $2 ORDER BY ord',
        [from, from + BATCH],
      );
      const cols: unknown[][] = Array.from({ length: 11 }, () => []);
      for (const row of rows) {
        const ord = Number(row.ord);
        const seq = baseSeq + ord;
        const occurredAt = row.occurred_at.toISOString();
        const hash = computeAuditHash(prevHash, {
          seq,
          occurredAt,
          actorId: null,
          actorUsername: row.actor_username,
          actorRole: row.actor_role,
          action: row.action,
          targetType: row.target_type,
          targetId: row.target_id,
          requestId: null,
          ip: null,
          before: null,
          after: row.after,
        });
        const values = [
          baseId + ord,
          seq,
          occurredAt,
          row.actor_username,
          row.actor_role,
          row.action,
          row.target_type,
          row.target_id,
          JSON.stringify(row.after),
          prevHash,
          hash,
        ];
        values.forEach((v, i) => cols[i]!.push(v));
        prevHash = hash;
      }
      await client.query(
        `INSERT INTO audit_events (id, seq, occurred_at, actor_username, actor_role, action, target_type, target_id,
                                   after, prev_hash, hash)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
                              $7::text[], $8::text[], $9::jsonb[], $10::text[], $11::text[])`,
        cols,
      );
    }
    await client.query(`SELECT setval(${sequence}, (SELECT max(id) FROM audit_events))`);
  }
  await client.query('DROP TABLE bench_audit_stage');
  return total;
}
