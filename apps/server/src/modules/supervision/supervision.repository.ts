/**
 * The supervision aggregates (ADR 0006): `case_figures` / `project_figures`, fed by the triggers of migration 0011
 * through the insert-only `*_deltas` tables. Readers always add the deltas not yet folded, in the same statement, so a
 * figure is exact as of that statement's snapshot (the fold moves deltas into the aggregates in one transaction, so a
 * snapshot sees every delta exactly once: either still in the delta table or already in the aggregate).
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/database.ts';

type Reader = Db | Tx;

/** One process folds at a time (transaction-scoped advisory lock; another folder skips its pass). */
const FOLD_LOCK_KEY = 7_319_011;

export async function tryLockFolder(tx: Tx): Promise<boolean> {
  const result = await tx.execute<{ locked: boolean }>(
    sql`SELECT pg_try_advisory_xact_lock(${FOLD_LOCK_KEY}) AS locked`,
  );
  return result.rows[0]?.locked === true;
}

/**
 * Moves every committed case delta into `case_figures` in one statement: DELETE … RETURNING (under READ COMMITTED it
 * takes the rows committed when the statement started; later ones stay for the next fold), summed per key, upserted.
 * Returns the number of delta rows folded.
 */
export async function foldCaseDeltas(tx: Tx): Promise<number> {
  const result = await tx.execute<{ folded: string }>(sql`
    WITH moved AS (DELETE FROM case_figure_deltas RETURNING *),
    summed AS (
      SELECT department_id, status, clock_running, clock_level, deadline, decided_on_time, urged, sum(n) AS n
      FROM moved GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(n) <> 0
    ),
    upserted AS (
      INSERT INTO case_figures AS f
        (department_id, status, clock_running, clock_level, deadline, decided_on_time, urged, n)
      SELECT * FROM summed
      ON CONFLICT ON CONSTRAINT case_figures_key_uq DO UPDATE SET n = f.n + EXCLUDED.n
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM moved) AS folded, (SELECT count(*) FROM upserted) AS groups`);
  return Number(result.rows[0]?.folded ?? 0);
}

export async function foldProjectDeltas(tx: Tx): Promise<number> {
  const result = await tx.execute<{ folded: string }>(sql`
    WITH moved AS (DELETE FROM project_figure_deltas RETURNING *),
    summed AS (
      SELECT region_code, status, procedure, sum(n) AS n FROM moved GROUP BY 1, 2, 3 HAVING sum(n) <> 0
    ),
    upserted AS (
      INSERT INTO project_figures AS f (region_code, status, procedure, n)
      SELECT * FROM summed
      ON CONFLICT ON CONSTRAINT project_figures_key_uq DO UPDATE SET n = f.n + EXCLUDED.n
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM moved) AS folded, (SELECT count(*) FROM upserted) AS groups`);
  return Number(result.rows[0]?.folded ?? 0);
}

/**
 * Removes the dead rows the folds left in the delta tables (supervision-fold.ts, VACUUM_AFTER_FOLDED_ROWS). Outside any
 * transaction (VACUUM refuses one). SKIP_LOCKED: a table that another VACUUM holds is left to it.
 */
export async function vacuumDeltaTables(db: Db): Promise<void> {
  await db.execute(sql`VACUUM (SKIP_LOCKED) case_figure_deltas, project_figure_deltas`);
}

/** Groups whose count fell to zero are dropped, so the aggregates stay as small as the live groups. */
export async function dropEmptyGroups(tx: Tx): Promise<void> {
  await tx.execute(sql`DELETE FROM case_figures WHERE n = 0`);
  await tx.execute(sql`DELETE FROM project_figures WHERE n = 0`);
}

export type ScopeRegion = {
  code: string;
  name: string;
  path: string;
};

export type DepartmentInScope = {
  id: string;
  name: string;
  regionCode: string;
  regionPath: string;
};

export async function findDepartmentInScope(
  db: Reader,
  id: string,
  scopePath: string,
): Promise<DepartmentInScope | undefined> {
  const result = await db.execute<DepartmentInScope>(sql`
    SELECT d.id, d.name, d.region_code AS "regionCode", r.path AS "regionPath"
    FROM departments d JOIN regions r ON r.code = d.region_code
    WHERE d.id = ${id} AND (r.path = ${scopePath} OR r.path LIKE ${`${scopePath}/%`})`);
  return result.rows[0];
}

/** Counts of one department (or region, or total) — every figure the dashboard and 办件统计 show. */
export interface CaseCounts {
  pending: number;
  inProgress: number;
  suspended: number;
  approved: number;
  denied: number;
  /** Open (pending, inProgress, suspended). */
  open: number;
  /** Open and overdue today: a running clock past its deadline, or a stopped clock that was already overdue. */
  overdue: number;
  /** Open, running, not overdue, at most CLOCK_YELLOW_WORKING_DAYS working days left today. */
  nearDeadline: number;
  /** The level the warning sweep last stored (the existing 办件统计's yellow / red). */
  storedYellow: number;
  storedRed: number;
  decidedOnTime: number;
  urged: number;
}

export interface DepartmentCaseCounts extends CaseCounts {
  departmentId: string;
  departmentName: string;
  regionCode: string;
  regionPath: string;
}

/**
 * Per-department counts of the departments in a region subtree (optionally one department), from the aggregates plus
 * the unfolded deltas. `today` and `yellowBefore` make overdue/yellow a query-time derivation: a running case is
 * overdue when its deadline < today, yellow when today ≤ deadline < yellowBefore (the first day with more than
 * CLOCK_YELLOW_WORKING_DAYS working days left). Departments without cases are left out.
 */
export async function departmentCaseCounts(
  db: Reader,
  input: { scopePath: string; departmentId?: string; today: string; yellowBefore: string },
): Promise<DepartmentCaseCounts[]> {
  const { scopePath, departmentId, today, yellowBefore } = input;
  const result = await db.execute<Record<string, string | number>>(sql`
    WITH scoped AS (
      SELECT d.id, d.name, d.region_code, r.path
      FROM departments d JOIN regions r ON r.code = d.region_code
      WHERE (r.path = ${scopePath} OR r.path LIKE ${`${scopePath}/%`})
        ${departmentId ? sql`AND d.id = ${departmentId}` : sql``}
    ),
    f AS (
      SELECT department_id, status, clock_running, clock_level, deadline, decided_on_time, urged, n FROM case_figures
      WHERE department_id IN (SELECT id FROM scoped)
      UNION ALL
      SELECT department_id, status, clock_running, clock_level, deadline, decided_on_time, urged, n
      FROM case_figure_deltas WHERE department_id IN (SELECT id FROM scoped)
    ),
    g AS (
      SELECT department_id,
        coalesce(sum(n) FILTER (WHERE status = 'pending'), 0) AS pending,
        coalesce(sum(n) FILTER (WHERE status = 'inProgress'), 0) AS in_progress,
        coalesce(sum(n) FILTER (WHERE status = 'suspended'), 0) AS suspended,
        coalesce(sum(n) FILTER (WHERE status = 'approved'), 0) AS approved,
        coalesce(sum(n) FILTER (WHERE status = 'denied'), 0) AS denied,
        coalesce(sum(n) FILTER (WHERE status IN ('pending', 'inProgress', 'suspended') AND (
          (clock_running AND deadline < ${today}::date) OR (NOT clock_running AND clock_level = 'red'))), 0) AS overdue,
        coalesce(sum(n) FILTER (WHERE status IN ('pending', 'inProgress', 'suspended') AND clock_running
          AND deadline >= ${today}::date AND deadline < ${yellowBefore}::date), 0) AS near_deadline,
        coalesce(sum(n) FILTER (WHERE status IN ('pending', 'inProgress', 'suspended') AND clock_level = 'yellow'), 0)
          AS stored_yellow,
        coalesce(sum(n) FILTER (WHERE status IN ('pending', 'inProgress', 'suspended') AND clock_level = 'red'), 0)
          AS stored_red,
        coalesce(sum(n) FILTER (WHERE decided_on_time), 0) AS decided_on_time,
        coalesce(sum(n) FILTER (WHERE urged), 0) AS urged,
        sum(n) AS total
      FROM f GROUP BY department_id
    )
    SELECT s.id AS department_id, s.name AS department_name, s.region_code, s.path AS region_path, g.*
    FROM g JOIN scoped s ON s.id = g.department_id
    WHERE g.total <> 0
    ORDER BY s.region_code, s.name`);
  return result.rows.map((r) => {
    const n = (k: string) => Number(r[k]);
    return {
      departmentId: String(r.department_id),
      departmentName: String(r.department_name),
      regionCode: String(r.region_code),
      regionPath: String(r.region_path),
      pending: n('pending'),
      inProgress: n('in_progress'),
      suspended: n('suspended'),
      approved: n('approved'),
      denied: n('denied'),
      open: n('pending') + n('in_progress') + n('suspended'),
      overdue: n('overdue'),
      nearDeadline: n('near_deadline'),
      storedYellow: n('stored_yellow'),
      storedRed: n('stored_red'),
      decidedOnTime: n('decided_on_time'),
      urged: n('urged'),
    };
  });
}

export interface RegionProjectCounts {
  regionCode: string | null;
  regionPath: string | null;
  status: string;
  procedure: string | null;
  n: number;
}

/** Project counts per (region, status, procedure) in a region subtree, from the aggregates plus unfolded deltas. */
export async function projectCounts(db: Reader, scopePath: string): Promise<RegionProjectCounts[]> {
  const result = await db.execute<{
    region_code: string;
    path: string;
    status: string;
    procedure: string | null;
    n: string;
  }>(sql`
    WITH f AS (
      SELECT region_code, status, procedure, n FROM project_figures
      UNION ALL
      SELECT region_code, status, procedure, n FROM project_figure_deltas
    )
    SELECT f.region_code, r.path, f.status, f.procedure, sum(f.n) AS n
    FROM f JOIN regions r ON r.code = f.region_code
    WHERE r.path = ${scopePath} OR r.path LIKE ${`${scopePath}/%`}
    GROUP BY 1, 2, 3, 4
    HAVING sum(f.n) <> 0`);
  return result.rows.map((r) => ({
    regionCode: r.region_code,
    regionPath: r.path,
    status: r.status,
    procedure: r.procedure,
    n: Number(r.n),
  }));
}
