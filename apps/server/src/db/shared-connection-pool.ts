import pg from 'pg';

/**
 * One connection, on which every statement outside a transaction is pipelined (issue 6): the embedded PGlite's pool,
 * and on PostgreSQL the connection of the point reads (database.ts `pointReadPool`, prepared.ts), which is never given
 * a transaction.
 *
 * PGlite is one backend that runs one statement at a time, so its pool has one connection (database.ts). As a plain
 * `pg.Pool` with `max: 1`, that connection went to one query at a time: check out, send, wait for the answer, parse,
 * release, and only then the next query was sent — PGlite idled while the server turned the answer into a response,
 * and the server idled while PGlite worked. Here the connection stays checked out and runs in node-postgres pipeline
 * mode: a query outside a transaction is written at once, behind those still in flight, and the wire server
 * (pglite-wire-server.mjs) takes whatever has arrived into PGlite in one call. Answers come back in order, each query
 * has its own Sync, so one query's error fails that query alone.
 *
 * A transaction has the connection to itself: `connect()` (drizzle's `transaction()`, the migrator) waits until the
 * transaction before it has been released, and from then until its own release every other query waits. Queries
 * already written before its BEGIN are unaffected (they run before it, in order). Waiting work goes in arrival order.
 * So a transaction callback must use its `tx`, never the pool, or it would wait for itself — as with `max: 1` before.
 *
 * A connection that fails (its socket closed) is dropped; the queries on it fail, and the next query opens a new one.
 */
export class SharedConnectionPool extends pg.Pool {
  #client: pg.PoolClient | undefined;
  #connecting = false;
  #transactionOpen = false;
  #closed = false;
  readonly #waiting: Waiter[] = [];

  constructor(config: pg.PoolConfig) {
    super({ ...config, max: 1, idleTimeoutMillis: 0 });
  }

  // node-postgres's overloads cannot be restated one by one; callers get its declared types (pg.Pool['query']).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const callback =
      typeof args.at(-1) === 'function' ? (args.pop() as (error: unknown, result?: unknown) => void) : null;
    const answer = new Promise<pg.QueryResult>((resolve, reject) => {
      const send = (client: pg.PoolClient) => {
        (client.query as (...a: unknown[]) => Promise<pg.QueryResult>)(...args).then(resolve, reject);
      };
      const client = this.#client;
      if (client && !this.#transactionOpen && this.#waiting.length === 0) send(client);
      else this.#wait({ kind: 'query', start: send, fail: reject });
    });
    if (!callback) return answer;
    answer.then(
      (result) => callback(undefined, result),
      (error: unknown) => callback(error),
    );
    return undefined;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override connect(callback?: any): any {
    const transaction = new Promise<pg.PoolClient>((resolve, reject) => {
      this.#wait({ kind: 'transaction', start: (client) => resolve(this.#transactionClient(client)), fail: reject });
    });
    if (typeof callback !== 'function') return transaction;
    transaction.then(
      (client) => callback(undefined, client, () => client.release()),
      (error: unknown) => callback(error),
    );
    return undefined;
  }

  override async end(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter.fail(poolClosed());
    this.#client?.release();
    this.#client = undefined;
    await super.end();
  }

  #wait(waiter: Waiter): void {
    if (this.#closed) {
      waiter.fail(poolClosed());
      return;
    }
    this.#waiting.push(waiter);
    this.#startWaiting();
  }

  /** Starts waiting work in arrival order: queries until a transaction, which then has the connection alone. */
  #startWaiting(): void {
    while (!this.#transactionOpen && this.#waiting.length > 0) {
      const client = this.#client;
      if (!client) {
        this.#openConnection();
        return;
      }
      const waiter = this.#waiting.shift()!;
      if (waiter.kind === 'transaction') this.#transactionOpen = true;
      waiter.start(client); // a query is written here, synchronously, before anything that waited behind it
    }
  }

  #openConnection(): void {
    if (this.#connecting) return;
    this.#connecting = true;
    super.connect().then(
      (client) => {
        this.#connecting = false;
        const drop = () => this.#dropConnection(client);
        client.on('error', drop);
        client.on('end', drop);
        this.#client = client;
        this.#startWaiting();
      },
      (error: unknown) => {
        this.#connecting = false;
        for (const waiter of this.#waiting.splice(0)) waiter.fail(error);
      },
    );
  }

  #dropConnection(client: pg.PoolClient): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.release(true); // closed, not pooled
  }

  /**
   * The connection as a transaction sees it: its statements go to the connection; release lets the others in. As with
   * node-postgres, `release(error)` or `release(true)` says the connection is not to be used again: it is closed, and
   * the next query opens a new one.
   */
  #transactionClient(client: pg.PoolClient): pg.PoolClient {
    let released = false;
    const release = (destroy?: Error | boolean) => {
      if (released) return;
      released = true;
      if (destroy && this.#client === client) this.#dropConnection(client);
      this.#transactionOpen = false;
      this.#startWaiting();
    };
    return Object.assign(Object.create(client) as pg.PoolClient, { release });
  }
}

const poolClosed = () => new Error('the database pool is closed / 数据库连接池已关闭');

interface Waiter {
  kind: 'query' | 'transaction';
  /** Called with the connection when it is this waiter's turn (synchronously, in arrival order). */
  start(client: pg.PoolClient): void;
  fail(error: unknown): void;
}
