// The PostgreSQL wire protocol in front of the embedded PGlite, on a unix socket (ADR 0001, eleventh-session update).
//
// It replaces @electric-sql/pglite-socket, which handed PGlite one protocol message at a time: a parameterised query
// (Parse, Bind, Describe, Execute, Sync) went through five queue entries, five entries into WASM and up to five socket
// writes, and a client could never have more than one query on the wire. Here every complete message a connection has
// sent goes into PGlite in one call (PostgreSQL's own main loop reads them in order, skipping to the next Sync after an
// error, as a server does), and the answers go back in one write. So node-postgres can pipeline on this socket as it
// does on PostgreSQL's: BEGIN with the first statement, an audit row with its COMMIT, the statements of one tick in one
// send (database.ts).
//
// PGlite is one backend session, shared by every connection. A connection is served alone from the first message of
// an exchange until it ends: its Sync (or simple Query) has been processed and no transaction is open. A connection
// that goes away inside a transaction has it rolled back, so that the next one does not continue it.
//
// Plain JavaScript: it runs in the worker thread (pglite-worker.mjs), which has no TypeScript loader.
import fs from 'node:fs';
import net from 'node:net';

const PROTOCOL_3 = 196608;
const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const TERMINATE = 0x58; // 'X'
const SYNC = 0x53; // 'S'
const SIMPLE_QUERY = 0x51; // 'Q'

/**
 * @param {import('@electric-sql/pglite').PGlite} db
 * @param {{ path: string }} options the socket's path
 * @returns {{ start(): Promise<void>, stop(): Promise<void> }}
 */
export function createPgliteWireServer(db, { path: socketPath }) {
  /** Connections with complete messages waiting, oldest first. */
  const waiting = new Set();
  const connections = new Set();
  /** The connection in the middle of an exchange or a transaction: no other is served until it is done. */
  let owner = null;
  let pumping = null;

  const server = net.createServer((socket) => {
    const connection = { socket, buffer: Buffer.alloc(0), started: false, closed: false };
    connections.add(connection);
    socket.on('data', (chunk) => {
      connection.buffer = connection.buffer.length ? Buffer.concat([connection.buffer, chunk]) : chunk;
      if (hasCompleteMessage(connection)) schedule(connection);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      connection.closed = true;
      connections.delete(connection);
      schedule(connection); // its turn ends the exchange it left open
    });
  });

  function schedule(connection) {
    waiting.add(connection);
    pumping ??= pump().finally(() => {
      pumping = null;
      if (nextConnection()) schedule(nextConnection());
    });
  }

  function nextConnection() {
    if (owner) return waiting.has(owner) ? owner : null;
    for (const connection of waiting) return connection;
    return null;
  }

  async function pump() {
    for (let connection = nextConnection(); connection; connection = nextConnection()) {
      waiting.delete(connection);
      try {
        await serve(connection);
      } catch {
        // A failure of PGlite itself (not an SQL error, which is answered on the wire): this client is cut off.
        connection.socket.destroy();
        connection.closed = true;
        await endExchange(connection).catch(() => {});
      }
      if (!connection.closed && hasCompleteMessage(connection)) waiting.add(connection);
    }
  }

  /**
   * Serves what the connection has sent. A connection that has closed still has the messages it sent before closing
   * run (a COMMIT followed by a disconnect commits, as on PostgreSQL); then the exchange it left open is ended.
   */
  async function serve(connection) {
    if (hasCompleteMessage(connection)) {
      if (connection.started) await serveMessages(connection);
      else await serveStartup(connection);
    }
    if (connection.closed) await endExchange(connection);
  }

  async function serveMessages(connection) {
    const { buffer } = connection;
    let end = 0;
    let lastType = 0;
    let terminate = false;
    while (end + 5 <= buffer.length) {
      const type = buffer[end];
      const length = buffer.readInt32BE(end + 1);
      if (length < 4) return protocolViolation(connection);
      if (end + 1 + length > buffer.length) break;
      if (type === TERMINATE) {
        terminate = true;
        break;
      }
      lastType = type;
      end += 1 + length;
    }
    // A copy: the buffer's memory may be reused by the next data event, and PGlite reads it during the call.
    const batch = new Uint8Array(buffer.subarray(0, end));
    connection.buffer = buffer.subarray(end);
    if (end > 0) {
      send(connection, await execute(batch));
      const exchangeOpen = db.isInTransaction() || (lastType !== SYNC && lastType !== SIMPLE_QUERY);
      owner = exchangeOpen ? connection : null;
    }
    if (terminate) {
      connection.buffer = Buffer.alloc(0); // nothing after a Terminate is read
      connection.socket.end();
      connection.closed = true;
    }
  }

  /**
   * The first message: SSL and GSS encryption are declined (a local socket); a CancelRequest (80877102) or an unknown
   * protocol version closes the connection — PGlite cannot interrupt a statement it is running.
   */
  async function serveStartup(connection) {
    const { buffer } = connection;
    const length = buffer.readInt32BE(0);
    const code = buffer.readInt32BE(4);
    if (length < 8) return protocolViolation(connection);
    const message = new Uint8Array(buffer.subarray(0, length));
    connection.buffer = buffer.subarray(length);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      connection.socket.write('N');
    } else if (code === PROTOCOL_3) {
      connection.started = true;
      send(connection, await execute(message));
    } else {
      connection.socket.destroy(); // CancelRequest, or an unknown protocol
    }
  }

  function protocolViolation(connection) {
    connection.socket.destroy();
    connection.closed = true;
  }

  /** The connection is gone: an exchange or transaction it left open is ended, so that the next client starts clean. */
  async function endExchange(connection) {
    if (owner !== connection) return;
    owner = null;
    if (db.isInTransaction()) await db.exec('ROLLBACK');
  }

  async function execute(message) {
    const chunks = [];
    await db.runExclusive(() =>
      db.execProtocolRawStream(message, { onRawData: (data) => chunks.push(Buffer.from(data)) }),
    );
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  }

  function send(connection, answer) {
    if (answer.length > 0 && !connection.closed && connection.socket.writable) connection.socket.write(answer);
  }

  return {
    start() {
      fs.rmSync(socketPath, { force: true });
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(socketPath, () => {
          server.off('error', reject);
          resolve();
        });
      });
    },
    async stop() {
      const closed = new Promise((resolve) => server.close(() => resolve()));
      for (const connection of connections) connection.socket.destroy();
      await closed;
      while (pumping) await pumping;
    },
  };
}

/** Whether the connection's buffer holds a whole message (the startup message has no type byte). */
function hasCompleteMessage(connection) {
  const { buffer } = connection;
  if (!connection.started) return buffer.length >= 8 && buffer.length >= buffer.readInt32BE(0);
  return buffer.length >= 5 && buffer.length >= 1 + buffer.readInt32BE(1);
}
