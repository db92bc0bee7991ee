/**
 * Runs branches of one transaction's work at once, so that their statements leave together on the transaction's
 * pipelined connection (writes-per-tick.ts) instead of one round trip each — and settles only when every branch has.
 *
 * Why not `Promise.all`: it rejects as soon as one branch fails, and the transaction then ends (ROLLBACK, connection
 * back to the pool) while another branch may still be running; a statement that branch sends afterwards would run
 * outside the transaction — on PostgreSQL in autocommit, stored. Here every branch finishes first (after a failure
 * PostgreSQL refuses the rest of the transaction's statements, so they end quickly), then the error that came first in
 * time is thrown: PostgreSQL's own error rather than the "transaction is aborted" of the statements queued behind it.
 *
 * Order between branches is not defined: a branch whose statement must follow another's (a foreign key, a read of a
 * write) belongs in the same branch, or hands its statements to the connection itself in order (`execute()`).
 */
export async function concurrently<T extends readonly unknown[] | []>(
  branches: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  let firstError: { error: unknown } | null = null;
  const settled = await Promise.allSettled(
    (branches as readonly unknown[]).map((branch) =>
      Promise.resolve(branch).catch((error: unknown) => {
        firstError ??= { error };
        throw error;
      }),
    ),
  );
  if (firstError) throw (firstError as { error: unknown }).error;
  return settled.map((outcome) => (outcome as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}
