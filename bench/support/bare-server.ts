/**
 * The stack's ceiling on this machine: bare Fastify + node-postgres, no application code, doing the two raw workloads
 * pgbench does in the same run (issue 6 cites "bare Fastify + pg reaches 68–74 % of pgbench on an insert route"):
 *
 *  - `POST /rows`: BEGIN, one ~1 KB insert, one audit insert, COMMIT (pgbench's write transaction, tables bench_rows and
 *    bench_audit created by bench/run.ts);
 *  - `GET /lookup/:code`: the public lookup's query (project_codes ⋈ projects ⟕ regions by code).
 *
 * Same pool as the server (20 connections, pipeline mode, named statements), no logging, no hooks, no validation. The
 * report gives the application's throughput as a share of this one, so what the framework and driver cost on this
 * machine is told apart from what the application adds. Usage: node --import tsx bench/support/bare-server.ts <port>
 * with DATABASE_URL set; prints "ready" when listening.
 */
import crypto from 'node:crypto';
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20, pipeline: true } as pg.PoolConfig);
const app = Fastify({ logger: false });

const LOOKUP = `SELECT c.code, p.name, p.status, p.region_code, r.name AS region_name, p.procedure, p.filed_at
  FROM project_codes c JOIN projects p ON p.id = c.project_id LEFT JOIN regions r ON r.code = p.region_code
  WHERE c.code = $1`;

app.get<{ Params: { code: string } }>('/lookup/:code', async (request, reply) => {
  const { rows } = await pool.query({ name: 'bare_lookup', text: LOOKUP, values: [request.params.code] });
  if (!rows[0]) return reply.code(404).send({ found: false });
  return { valid: true, project: rows[0] };
});

app.post<{ Body: { payload: string } }>('/rows', async (request, reply) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ id: string }>({
      name: 'bare_row',
      text: 'INSERT INTO bench_rows (payload) VALUES ($1) RETURNING id',
      values: [request.body.payload],
    });
    await client.query({
      name: 'bare_audit',
      text: 'INSERT INTO bench_audit (action, target, hash) VALUES ($1, $2, $3)',
      values: ['bench', rows[0]!.id, crypto.randomBytes(16).toString('hex')],
    });
    await client.query('COMMIT');
    return reply.code(201).send({ id: rows[0]!.id });
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
});

await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
console.log('ready');
