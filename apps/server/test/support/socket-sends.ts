import type pg from 'pg';

/**
 * Counts the sends (write system calls) on the socket of a pooled connection: checks a connection out of `pool`, spies
 * on its stream's `_write` / `_writev`, and releases it, so that the next checkout (or, on a shared pipelined
 * connection, every query) uses the spied connection. `written()` gives each send's bytes as text (UTF-8, so bound
 * Chinese values read as they were), to check what went together and in which order. `restore()` puts the stream's
 * own methods back.
 */
export async function spyOnSends(pool: pg.Pool): Promise<{ sends(): number; written(): string[]; restore(): void }> {
  const client = await pool.connect();
  const stream = (client as unknown as { connection: { stream: Record<string, unknown> } }).connection.stream;
  const originals = { _write: stream._write, _writev: stream._writev };
  const written: string[] = [];
  stream._write = (chunk: Buffer, ...rest: unknown[]) => {
    written.push(chunk.toString('utf8'));
    return (originals._write as (...args: unknown[]) => unknown).call(stream, chunk, ...rest);
  };
  stream._writev = (chunks: { chunk: Buffer }[], ...rest: unknown[]) => {
    written.push(chunks.map((c) => c.chunk.toString('utf8')).join(''));
    return (originals._writev as (...args: unknown[]) => unknown).call(stream, chunks, ...rest);
  };
  client.release();
  return { sends: () => written.length, written: () => [...written], restore: () => Object.assign(stream, originals) };
}
