import type pg from 'pg';

/**
 * Counts the sends (write system calls) on the socket of a pooled connection: checks a connection out of `pool`, spies
 * on its stream's `_write` / `_writev`, and releases it, so that the next checkout (or, on a shared pipelined
 * connection, every query) uses the spied connection. `restore()` puts the stream's own methods back.
 */
export async function spyOnSends(pool: pg.Pool): Promise<{ sends(): number; restore(): void }> {
  const client = await pool.connect();
  const stream = (client as unknown as { connection: { stream: Record<string, unknown> } }).connection.stream;
  const originals = { _write: stream._write, _writev: stream._writev };
  let sends = 0;
  for (const key of ['_write', '_writev'] as const) {
    const original = originals[key] as (...args: unknown[]) => unknown;
    stream[key] = (...args: unknown[]) => {
      sends += 1;
      return original.apply(stream, args);
    };
  }
  client.release();
  return { sends: () => sends, restore: () => Object.assign(stream, originals) };
}
