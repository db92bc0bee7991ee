import crypto from 'node:crypto';
import type pg from 'pg';

/**
 * Server-side prepared statements for every parameterised query (issue 6).
 *
 * drizzle sends its queries as UNNAMED extended-protocol statements, so PostgreSQL parses and plans each one afresh on
 * every execution. Measured under load (pg_stat_statements with track_planning): planning took 0.23 ms of the 0.27 ms a
 * lookup by code costs the database, and a third of the database time of register + 赋码 — the tables carry many
 * indexes, and planning weighs each. Naming a statement lets node-postgres parse it once per connection and
 * PostgreSQL reuse the plan (plan_cache_mode auto: custom plans for the first five executions, then the generic plan
 * only where it is not costlier). This is what postgres.js does by default (`prepare: true`).
 *
 * The name is derived from the SQL text (different texts never share a name — node-postgres refuses a name reused
 * with another text). Queries whose text varies with their input — IN lists, multi-row inserts — would grow the set
 * without bound, so a statement with more than MAX_NAMED_PARAMETERS parameters runs unnamed, and a connection names at
 * most MAX_NAMED_STATEMENTS distinct texts (later ones run unnamed). A cached plan takes 2–20 KB of the backend's
 * memory (measured with pg_log_backend_memory_contexts: 37 plans, 1.8 MB over three backends), so the cap bounds it
 * at a few MB per connection.
 *
 * On the embedded PGlite, the wire server puts one backend session behind every connection, so a statement named by one
 * pooled client would already exist for the next client, which fails with "prepared statement … already exists". There
 * each client names its statements with a prefix of its own (`perClientNames`), and the pool keeps its one connection
 * open (database.ts): a replaced connection's statements stay behind in the backend, at most MAX_NAMED_STATEMENTS each.
 */
const MAX_NAMED_STATEMENTS = 200;
const MAX_NAMED_PARAMETERS = 64;

interface QueryConfigLike {
  text?: unknown;
  name?: unknown;
  values?: unknown;
  submit?: unknown;
}

export function nameStatementsOnConnect(pool: pg.Pool, options: { perClientNames?: boolean } = {}): void {
  pool.on('connect', (client) => {
    const named = new Map<string, string>();
    // PGlite (see below): names unique to this client, so that no other client's statement can collide with them.
    const prefix = options.perClientNames ? `yw${crypto.randomBytes(4).toString('hex')}_` : 'yw_';
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]): unknown => {
      const config = args[0] as QueryConfigLike | null;
      if (
        config !== null &&
        typeof config === 'object' &&
        typeof config.text === 'string' &&
        !config.name && // drizzle passes undefined, or '' for its prepared queries (see prepared.ts)
        config.submit === undefined && // a Submittable (cursor, stream) is passed through as it is
        worthNaming(config.values ?? args[1]) // drizzle passes the values as the second argument
      ) {
        let name = named.get(config.text);
        if (name === undefined && named.size < MAX_NAMED_STATEMENTS) {
          name = `${prefix}${crypto.createHash('sha1').update(config.text).digest('hex').slice(0, 24)}`;
          named.set(config.text, name);
        }
        if (name !== undefined) args[0] = { ...config, name };
      }
      return query(...args);
    };
  });
}

/** Worth naming: parameterised (else it goes by the simple protocol) and not a long, input-shaped list. */
function worthNaming(values: unknown): boolean {
  return Array.isArray(values) && values.length > 0 && values.length <= MAX_NAMED_PARAMETERS;
}
