import v8 from 'node:v8';

/**
 * Paces V8's full garbage collections by the live heap (HEAP_GROWING_PERCENT, config/env.ts).
 *
 * After each full collection V8 lets the old generation grow by a factor of its own choosing before the next one: up to
 * 4× the live heap when the process allocates fast. A server under load allocates fast, and the objects of a request
 * still in flight survive the young generation's collections and die in the old one, so with a live heap of ~40 MB
 * the old generation filled with garbage up to ~200 MB and the process's RSS reached up to 308 MB under searches on the
 * 1M-project dataset (issue 6's target: 230 MB). A fixed growth of 50 % kept it at 167–182 MB, and the extra full
 * collections cost no server CPU per search measurable in alternated runs (ADR 0008).
 *
 * `--heap-growing-percent` is read by V8 each time it sets the next limit, so setting it at start-up, before the
 * server's modules load, works like the command-line flag (Node accepts few V8 flags in NODE_OPTIONS; this way the
 * setting also reaches the cluster's workers and any process manager, which each run main.ts). It is no hard cap: a
 * live heap that grows (a burst of PDFs) is never refused memory, only collected sooner.
 */
export function applyHeapGrowingPercent(percent: number, execArgv: readonly string[] = process.execArgv): void {
  // The flag on node's own command line is an explicit choice (e.g. bench:ab's --a-node-args): it wins.
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return;
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
