import pg from 'pg';
import { SharedConnectionPool } from './shared-connection-pool.ts';

/** How long a connection's oldest read may wait before the connection counts as held up (a short page takes ~1 ms). */
const HELD_UP_MS = 50;

/**
 * A few shared pipelined connections (shared-connection-pool.ts) for reads that end after a short page (database.ts
 * `shortPagePool`, page-reads.ts): each query goes to the connection with the fewest queries in flight.
 *
 * One shared connection is one backend, which runs its statements one after another on one core: with the search's
 * pages on one connection the short ones reached 2,068–2,426 searches/s where the pool did 1,244–1,622, but slower
 * pages (5 ms each) then stopped at one core's 190–211/s (issue 6, bench/results/search-2026-11-23.md, fourteenth session). Two connections keep
 * both of a two-core machine's cores at work.
 *
 * Each read goes to the connection with the fewest reads in flight, not to each in turn, so that the reads of one
 * turn of the event loop are split evenly. A connection whose oldest read in flight has waited HELD_UP_MS is held up
 * (a statement slower than a short page should be): it is given no more reads while another connection is not.
 *
 * Reads only: `connect()` (a transaction) is refused — a transaction on one of these connections would hold up every
 * request's reads queued behind it.
 */
export class SharedConnectionSpread extends pg.Pool {
  readonly connections: readonly SharedConnectionPool[];
  /** Per connection, when each of its reads in flight was sent (performance.now()), oldest first. */
  readonly #sentAt: number[][];

  constructor(config: pg.PoolConfig, count: number) {
    super({ ...config, max: 1 });
    if (!Number.isInteger(count) || count < 1) throw new Error(`connection count must be 1 or more, got ${count}`);
    this.connections = Array.from({ length: count }, () => new SharedConnectionPool(config));
    this.#sentAt = this.connections.map(() => []);
  }

  // node-postgres's overloads cannot be restated one by one; callers get its declared types (pg.Pool['query']).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    if (typeof args.at(-1) === 'function') throw new Error('SharedConnectionSpread.query takes no callback');
    const now = performance.now();
    const rank = (sentAt: number[]) => (now - (sentAt[0] ?? now) >= HELD_UP_MS ? 1_000_000 : 0) + sentAt.length;
    let chosen = 0;
    for (let i = 1; i < this.#sentAt.length; i++) if (rank(this.#sentAt[i]!) < rank(this.#sentAt[chosen]!)) chosen = i;
    const sentAt = this.#sentAt[chosen]!;
    sentAt.push(now);
    const answer = (this.connections[chosen]!.query as (...a: unknown[]) => Promise<pg.QueryResult>)(...args);
    const settled = () => {
      sentAt.splice(sentAt.indexOf(now), 1);
    };
    answer.then(settled, settled);
    return answer;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override connect(): any {
    return Promise.reject(new Error('the short-page connections take reads only, no transaction'));
  }

  override async end(): Promise<void> {
    await Promise.all(this.connections.map((connection) => connection.end()));
    await super.end();
  }
}
