import net from 'node:net';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { testDatabaseKind } from './test-app.ts';

/**
 * The embedded PGlite's wire server (db/pglite-wire-server.mjs) and its pipelined one-connection pool
 * (db/shared-connection-pool.ts; issue 6, ADR 0001 eleventh-session update). PGlite only: PostgreSQL has neither.
 */
describe.skipIf(testDatabaseKind !== 'pglite')('PGlite: pipelined connection and wire server', () => {
  describe('the shared connection', () => {
    let database: Database;
    const table = `wire_rows_${process.pid}`;

    beforeAll(async () => {
      database = await openDatabase({ dataDir: undefined });
      await database.db.execute(sql.raw(`CREATE TABLE ${table} (id int PRIMARY KEY)`));
    });
    afterAll(() => database.close());

    it('answers 300 queries issued at once each with its own result; a failing one fails alone', async () => {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 300 }, (_, i) =>
          i % 7 === 3
            ? database.db.execute(sql`SELECT 1 / (${i}::int - ${i}::int) AS n`) // division by zero
            : database.db.execute<{ n: number }>(sql`SELECT ${i}::int * 2 AS n`),
        ),
      );
      outcomes.forEach((outcome, i) => {
        if (i % 7 === 3) {
          expect(outcome.status).toBe('rejected');
          const reason = (outcome as PromiseRejectedResult).reason as { cause?: unknown };
          expect(String(reason.cause ?? reason)).toMatch(/division by zero/);
        } else {
          expect(outcome.status).toBe('fulfilled');
          expect(Number((outcome as PromiseFulfilledResult<{ rows: { n: number }[] }>).value.rows[0]!.n)).toBe(i * 2);
        }
      });
    });

    it('keeps queries outside a transaction out of it: they wait until it has ended', async () => {
      const order: string[] = [];
      let outside: Promise<number> | undefined;
      await database.db
        .transaction(async (tx) => {
          await tx.execute(sql.raw(`INSERT INTO ${table} VALUES (1)`));
          // Issued while the transaction is open. Had it gone into the transaction (one backend behind the socket),
          // it would see the uncommitted row.
          outside = database.db.execute<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)).then((r) => {
            order.push('outside answered');
            return Number(r.rows[0]!.n);
          });
          await new Promise((resolve) => setTimeout(resolve, 50));
          const inside = await tx.execute<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`));
          expect(Number(inside.rows[0]!.n)).toBe(1);
          order.push('transaction ending');
          throw new Error('roll back');
        })
        .catch((error: unknown) => {
          if (!(error instanceof Error) || error.message !== 'roll back') throw error;
        });
      expect(await outside).toBe(0);
      expect(order).toEqual(['transaction ending', 'outside answered']);
    });

    it('lets a transaction in behind queries already sent, and runs queries issued after it in order', async () => {
      // drizzle sends a query when it is awaited (or `then` is called), so each is started here in this order.
      const count = () =>
        database.db
          .execute<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))
          .then((r) => Number(r.rows[0]!.n));
      const before = count();
      const transaction = database.db.transaction(async (tx) => {
        await tx.execute(sql.raw(`INSERT INTO ${table} VALUES (2)`));
      });
      const after = count();
      await transaction;
      expect(await before).toBe(0);
      expect(await after).toBe(1);
      await database.db.execute(sql.raw(`DELETE FROM ${table}`));
    });

    it('replaces a connection that was released as broken, and the next query runs on a new one', async () => {
      // The client a transaction sees is a view of the pool's connection (its prototype), so two checkouts on the same
      // connection share it, and a replaced connection shows as another.
      const connectionOf = async () => {
        const client = await database.pool.connect();
        const connection = Object.getPrototypeOf(client) as object;
        return { client, connection };
      };
      const first = await connectionOf();
      first.client.release();
      const second = await connectionOf();
      expect(second.connection).toBe(first.connection);
      second.client.release(true);
      const answers = await Promise.all(
        [1, 2, 3].map((i) => database.pool.query<{ n: number }>('SELECT $1::int AS n', [i])),
      );
      expect(answers.map((a) => a.rows[0]!.n)).toEqual([1, 2, 3]);
      const third = await connectionOf();
      third.client.release();
      expect(third.connection).not.toBe(first.connection);
    });
  });

  describe('the wire server', () => {
    let embedded: EmbeddedPostgres;
    const simpleQuery = (text: string) => {
      const body = Buffer.from(`${text}\0`, 'utf8');
      const message = Buffer.alloc(5 + body.length);
      message[0] = 0x51; // 'Q'
      message.writeInt32BE(4 + body.length, 1);
      body.copy(message, 5);
      return message;
    };
    /** The protocol 3.0 startup message for user and database postgres. */
    const startupMessage = () => {
      const params = Buffer.from('user\0postgres\0database\0postgres\0\0', 'latin1');
      const startup = Buffer.alloc(8 + params.length);
      startup.writeInt32BE(startup.length, 0);
      startup.writeInt32BE(196608, 4);
      params.copy(startup, 8);
      return startup;
    };
    /** A raw socket past its startup (ReadyForQuery received). */
    const rawStartedConnection = async () => {
      const socket = net.createConnection(path.join(embedded.connectionConfig.host, '.s.PGSQL.5432'));
      let received = Buffer.alloc(0);
      const ready = new Promise<void>((resolve) =>
        socket.on('data', (d) => {
          received = Buffer.concat([received, d]);
          if (received.includes(Buffer.from([0x5a, 0, 0, 0, 5]))) resolve();
        }),
      );
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(startupMessage());
      await ready;
      return socket;
    };
    const table = 'wire_clients';
    const client = async () => {
      const c = new pg.Client(embedded.connectionConfig);
      await c.connect();
      return c;
    };

    beforeAll(async () => {
      embedded = await startEmbeddedPostgres(undefined);
      const c = await client();
      await c.query(`CREATE TABLE ${table} (id int PRIMARY KEY)`);
      await c.end();
    });
    afterAll(() => embedded.stop());

    it('serves a connection in a transaction alone, and rolls back a transaction whose client went away', async () => {
      const a = await client();
      a.on('error', () => {}); // its connection is cut below
      const b = await client();
      await a.query('BEGIN');
      await a.query(`INSERT INTO ${table} VALUES (1)`);
      let bDone = false;
      const bInsert = b.query(`INSERT INTO ${table} VALUES (2)`).then(() => (bDone = true));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(bDone).toBe(false); // waits for a's transaction
      // a goes away without COMMIT (its socket is destroyed, as by a crash of its process).
      (a as unknown as { connection: { stream: net.Socket } }).connection.stream.destroy();
      await bInsert;
      await b.end();
      const c = await client();
      // b's insert committed on its own; a's was rolled back, not continued by b.
      expect((await c.query<{ id: number }>(`SELECT id FROM ${table} ORDER BY id`)).rows).toEqual([{ id: 2 }]);
      await c.end();
    });

    it('runs what a client sent before it disconnected, even when it is served after the disconnect', async () => {
      // a opens an exchange (a Parse with no Sync yet), so the server serves no one else. Meanwhile b sends BEGIN, an
      // INSERT and COMMIT in one write and disconnects: both arrive before b's turn. When a's Sync ends its exchange,
      // b is served — as on PostgreSQL, what b sent before disconnecting runs, and its COMMIT commits.
      const a = await rawStartedConnection();
      const b = await rawStartedConnection();
      const parse = Buffer.concat([
        Buffer.from('P'),
        Buffer.alloc(4),
        Buffer.from('\0SELECT 1\0', 'latin1'),
        Buffer.alloc(2),
      ]);
      parse.writeInt32BE(parse.length - 1, 1);
      a.write(parse);
      await new Promise((resolve) => setTimeout(resolve, 50));
      b.end(
        Buffer.concat([simpleQuery('BEGIN'), simpleQuery(`INSERT INTO ${table} VALUES (3)`), simpleQuery('COMMIT')]),
      );
      await new Promise((resolve) => b.once('close', resolve));
      await new Promise((resolve) => setTimeout(resolve, 50));
      a.write(Buffer.from([0x53, 0, 0, 0, 4])); // Sync
      a.end(Buffer.from([0x58, 0, 0, 0, 4])); // Terminate
      const c = await client();
      for (let i = 0; i < 50; i++) {
        if ((await c.query(`SELECT 1 FROM ${table} WHERE id = 3`)).rowCount) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect((await c.query<{ id: number }>(`SELECT id FROM ${table} WHERE id = 3`)).rows).toEqual([{ id: 3 }]);
      await c.end();
    });

    it('declines SSL, and answers a query that arrives one byte at a time', async () => {
      const socket = net.createConnection(path.join(embedded.connectionConfig.host, '.s.PGSQL.5432'));
      const received: Buffer[] = [];
      socket.on('data', (d) => received.push(d));
      await new Promise((resolve) => socket.once('connect', resolve));
      const waitFor = async (test: (all: Buffer) => boolean) => {
        for (let i = 0; i < 200 && !test(Buffer.concat(received)); i++) await new Promise((r) => setTimeout(r, 10));
        return Buffer.concat(received);
      };
      const ssl = Buffer.alloc(8);
      ssl.writeInt32BE(8, 0);
      ssl.writeInt32BE(80877103, 4);
      socket.write(ssl);
      expect((await waitFor((all) => all.length >= 1)).toString('latin1')).toBe('N');
      received.length = 0;

      socket.write(startupMessage());
      const readyForQuery = (all: Buffer) => all.includes(Buffer.from([0x5a, 0, 0, 0, 5])); // 'Z'
      await waitFor(readyForQuery);
      received.length = 0;

      const text = Buffer.from("SELECT 'split ' || 21 * 2 AS answer\0", 'utf8');
      const query = Buffer.alloc(5 + text.length);
      query[0] = 0x51; // 'Q'
      query.writeInt32BE(4 + text.length, 1);
      text.copy(query, 5);
      for (const byte of query) {
        socket.write(Buffer.from([byte]));
        await new Promise((r) => setImmediate(r));
      }
      const answer = await waitFor(readyForQuery);
      expect(answer.toString('utf8')).toContain('split 42');
      socket.end(Buffer.from([0x58, 0, 0, 0, 4])); // Terminate
    });
  });
});
