/**
 * The plans of the staff search over a dataset, as the server runs it (issue 6): for each search mix, the filter is
 * drawn by the search service (`searchFilter`) and the page and count statements are built by the repository
 * (`searchPageQuery`, `searchCountQuery`), so what is EXPLAINed is the SQL the server sends, not a copy of it.
 *
 * The server names its parameterised statements (apps/server/src/db/statement-names.ts): PostgreSQL plans each of the
 * first five executions for its values, then may keep one generic plan for every value. A plan seen once with literal
 * values can therefore differ from the one the server runs under load. Each statement is prepared here the same way,
 * executed six times, then EXPLAINed through EXECUTE, and the report says which plan that was (custom or generic).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import * as schema from '../../apps/server/src/db/schema/index.ts';
import type { SearchQuery } from '../../apps/server/src/modules/projects/project-search.service.ts';
import { searchFilter } from '../../apps/server/src/modules/projects/project-search.service.ts';
import {
  searchCountQuery,
  searchCountSettings,
  searchPageQuery,
  type SearchSort,
} from '../../apps/server/src/modules/projects/projects.repository.ts';
import { SEARCH_MIXES, searchPath, type SearchMix } from './scenarios.ts';

export interface SearchPlanTiming {
  label: string;
  pageMs: number;
  countMs: number;
  /** 'custom' or 'generic': the plan PostgreSQL used at the EXPLAINed (seventh) execution of each statement. */
  pagePlan: string;
  countPlan: string;
}

/** The bench supervisor's scope (the generator's province). */
const SUPERVISOR_REGION = '330000';
const PAGE_SIZE = 20;

/** A mix's query parameters as the route's schema hands them to the service (numbers coerced, defaults filled in). */
function searchQuery(mix: SearchMix): SearchQuery {
  const p = mix.params;
  const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  return {
    q: p.q,
    code: p.code,
    regionCode: p.regionCode,
    industryCode: p.industryCode,
    procedure: p.procedure as SearchQuery['procedure'],
    status: p.status as SearchQuery['status'],
    investmentMin: number(p.investmentMin),
    investmentMax: number(p.investmentMax),
    flag: p.flag as SearchQuery['flag'],
    createdFrom: p.createdFrom,
    createdTo: p.createdTo,
    page: number(p.page) ?? 1,
    pageSize: PAGE_SIZE,
    sort: (p.sort ?? '-createdAt') as SearchSort,
  };
}

/** Prepares `statement` under `name`, runs it six times, and EXPLAINs the seventh execution. */
async function explainAsPrepared(
  client: pg.Client,
  name: string,
  statement: { sql: string; params: unknown[] },
): Promise<{ plan: string[]; ms: number; kind: string }> {
  for (let i = 0; i < 6; i++) await client.query({ name, text: statement.sql, values: statement.params });
  // EXECUTE takes its arguments as SQL literals (a utility statement has no parameters); each is coerced to the type
  // PostgreSQL inferred for the prepared statement's parameter.
  const args = statement.params.map((value) => {
    if (value !== null && typeof value === 'object') throw new Error(`unexpected parameter ${JSON.stringify(value)}`);
    return value === null ? 'NULL' : client.escapeLiteral(String(value));
  });
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN (ANALYZE, BUFFERS) EXECUTE ${name}${args.length ? `(${args.join(', ')})` : ''}`,
  );
  const plan = rows.map((r) => r['QUERY PLAN']);
  const counts = await client.query<{ generic_plans: string; custom_plans: string }>(
    'SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1',
    [name],
  );
  const generic = Number(counts.rows[0]?.generic_plans ?? 0);
  await client.query(`DEALLOCATE ${name}`);
  return {
    plan,
    ms: Number(/Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1] ?? NaN),
    // generic_plans counts the executions that used the generic plan; the EXPLAINed one is the last.
    kind: generic > 0 ? `generic (${generic} of 7 executions)` : 'custom',
  };
}

/** EXPLAIN (ANALYZE, BUFFERS) of every mix's page and count statements into `file`; returns per-mix timings. */
export async function explainSearchPlans(
  databaseUrl: string,
  file: string,
  header: string,
): Promise<SearchPlanTiming[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const db = drizzle(client, { schema });
  const out: string[] = [header, ''];
  const summary: SearchPlanTiming[] = [];
  try {
    for (const [i, mix] of SEARCH_MIXES.entries()) {
      const query = searchQuery(mix);
      const { filter } = await searchFilter(db, { regionCode: SUPERVISOR_REGION }, query);
      if (!filter) throw new Error(`search mix ${mix.label}: outside the supervisor's scope`);
      const offset = (query.page - 1) * query.pageSize;
      out.push(`=== ${mix.label}   ${searchPath(mix)}`);
      const page = searchPageQuery(db, filter, query.sort, { limit: query.pageSize, offset }).toSQL();
      const pageRun = await explainAsPrepared(client, `bench_page_${i}`, page);
      out.push(`--- page (${pageRun.kind} plan):`, page.sql, `params: ${JSON.stringify(page.params)}`, '');
      out.push(...pageRun.plan, '');
      const count = searchCountQuery(db, filter).toSQL();
      await client.query('BEGIN');
      let countRun: Awaited<ReturnType<typeof explainAsPrepared>>;
      try {
        await db.execute(searchCountSettings(filter));
        countRun = await explainAsPrepared(client, `bench_count_${i}`, count);
      } finally {
        await client.query('COMMIT');
      }
      out.push(
        `--- count (${countRun.kind} plan; under the server's count settings: enable_seqscan off, and for a walked name custom plans only):`,
        count.sql,
      );
      out.push(`params: ${JSON.stringify(count.params)}`, '', ...countRun.plan, '');
      summary.push({
        label: mix.label,
        pageMs: pageRun.ms,
        countMs: countRun.ms,
        pagePlan: pageRun.kind,
        countPlan: countRun.kind,
      });
    }
  } finally {
    await client.end();
  }
  out.push(
    '=== summary (execution ms, page / count)',
    ...summary.map((s) => `${s.pageMs.toFixed(1).padStart(9)} / ${s.countMs.toFixed(1).padStart(9)}  ${s.label}`),
  );
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const previous = fs.existsSync(file) ? `\n\n${fs.readFileSync(file, 'utf8')}` : '';
  fs.writeFileSync(file, `${out.join('\n')}\n${previous}`);
  return summary;
}
