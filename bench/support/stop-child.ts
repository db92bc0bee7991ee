import type { ChildProcess } from 'node:child_process';

/**
 * Stops a child process and waits until it has exited. A child already gone returns at once: `exitCode` is set after a
 * normal exit, `signalCode` after a signal — its 'exit' event has fired and will not come again, so waiting for it
 * would hang the benchmark (it did, in run.ts's `finally`, after a child had been stopped once).
 */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}
