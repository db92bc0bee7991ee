import { sql, type SQLWrapper } from 'drizzle-orm';
import type { Db } from '../../src/db/database.ts';

/** A node of the plan PostgreSQL (or PGlite) picks, as EXPLAIN (FORMAT JSON) gives it. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** A plan node and every node below it. */
export const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

/** The first Limit node from the top: where a page is chosen. */
export const firstLimit = (plan: PlanNode): PlanNode | undefined =>
  planNodes(plan).find((node) => node['Node Type'] === 'Limit');

/** Whether a table is read anywhere in (or below) this node. */
export const readsTable = (node: PlanNode, table: string) => planNodes(node).some((n) => n['Relation Name'] === table);

/** The plan of a statement; `sort: false` prices sorting out (SET LOCAL enable_sort = off) to show an order is read. */
export function explainPlan(db: Db, query: SQLWrapper, { sort = true }: { sort?: boolean } = {}): Promise<PlanNode> {
  return db.transaction(async (tx) => {
    if (!sort) await tx.execute(sql`SET LOCAL enable_sort = off`);
    const { rows } = await tx.execute<{ 'QUERY PLAN': unknown }>(sql`EXPLAIN (FORMAT JSON) ${query}`);
    // node-postgres parses the json column; PGlite answers it as text.
    const raw = rows[0]!['QUERY PLAN'];
    return ((typeof raw === 'string' ? JSON.parse(raw) : raw) as [{ Plan: PlanNode }])[0].Plan;
  });
}
