import fs from 'node:fs';

/**
 * What one operation costs, measured around a scenario (issue 6): statements the server sent to the database (its
 * `yiwang_db_statements_total` counter — a count, steady from run to run), CPU time of the server process, and CPU time
 * of all PostgreSQL processes on this machine (backends and background workers; /proc). The CPU figures move with the
 * machine's load like any timing; they say where a throughput ratio goes — e.g. how much of the gap to pgbench is
 * PostgreSQL's own work per operation and how much is the server's.
 */
export interface OperationCost {
  statementsPerOp: number | null;
  serverCpuMsPerOp: number | null;
  postgresCpuMsPerOp: number | null;
}

interface Sample {
  statements: number | null;
  serverCpuMs: number | null;
  postgresCpuMs: number | null;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/**
 * utime + stime of a process in ms (with `children`: plus cutime + cstime, the CPU of its children that have exited and
 * been waited for), or null when /proc cannot tell.
 */
export function processCpuMs(pid: number, children = false): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + (children ? Number(fields[13]) + Number(fields[14]) : 0);
    return (ticks * 1000) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * CPU ms of the PostgreSQL cluster on this machine: every live process named postgres, plus what the postmaster's
 * exited children used (a backend that closes moves its CPU into its parent's cutime/cstime, so the total never drops
 * when a pooled connection or a pgbench client goes away).
 */
function postgresCpuMs(): number | null {
  let total = 0;
  let seen = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (!stat.includes(' (postgres) ')) continue;
      const ms = processCpuMs(Number(entry), true);
      if (ms !== null) {
        total += ms;
        seen += 1;
      }
    } catch {
      // the process ended meanwhile
    }
  }
  return seen > 0 ? total : null;
}

async function statementsSent(base: string): Promise<number | null> {
  try {
    const body = await (await fetch(`${base}/metrics`)).text();
    const value = /^yiwang_db_statements_total (\d+)$/m.exec(body)?.[1];
    return value === undefined ? null : Number(value);
  } catch {
    return null;
  }
}

async function sample(server: { base: string; pid: number | undefined } | null): Promise<Sample> {
  return {
    statements: server ? await statementsSent(server.base) : null,
    serverCpuMs: server?.pid ? processCpuMs(server.pid) : null,
    postgresCpuMs: postgresCpuMs(),
  };
}

/**
 * Starts measuring; `perOperation(n)` ends it and divides by the n operations the scenario completed. Pass no server
 * for pgbench (PostgreSQL CPU only).
 */
export async function startCostMeter(
  server: { base: string; pid: number | undefined } | null,
): Promise<{ perOperation(operations: number): Promise<OperationCost> }> {
  const before = await sample(server);
  return {
    async perOperation(operations: number): Promise<OperationCost> {
      const after = await sample(server);
      const per = (a: number | null, b: number | null, digits: number) =>
        a === null || b === null || operations <= 0 ? null : Number(((b - a) / operations).toFixed(digits));
      return {
        statementsPerOp: per(before.statements, after.statements, 1),
        serverCpuMsPerOp: per(before.serverCpuMs, after.serverCpuMs, 2),
        postgresCpuMsPerOp: per(before.postgresCpuMs, after.postgresCpuMs, 2),
      };
    },
  };
}
