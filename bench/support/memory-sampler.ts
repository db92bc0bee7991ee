import fs from 'node:fs';

/**
 * The server's memory during a scenario (issue 6: "server RSS ≤ 230 MB under load with the full dataset"): its resident
 * set read from /proc every `everyMs`, and at each sample the V8 heap and the memory outside it from the server's own
 * Prometheus metrics (prom-client's `nodejs_heap_size_*` and `nodejs_external_memory_bytes`), so a peak can be told
 * apart: live objects, garbage not yet collected (heap total − used), buffers outside the heap, or native memory
 * (RSS − heap total − external: code, stacks, malloc's arenas).
 *
 * The metrics are read over HTTP only when the RSS reaches a new peak: a handful of requests per run among thousands a
 * second, which the cost figures (support/cost.ts) include.
 */
export interface MemoryPeak {
  /** The highest RSS seen, MB. */
  peakRssMb: number;
  /** At that sample: V8's heap reserved / in use (live and not yet collected), and memory outside the heap, MB. */
  heapTotalMb: number | null;
  heapUsedMb: number | null;
  externalMb: number | null;
}

const MB = 1024 * 1024;

/** A process's resident set now, in whole MB (/proc), or null when /proc cannot tell (no pid, process gone). */
export function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
  } catch {
    return null;
  }
}

function metric(text: string, name: string): number | null {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text);
  return match ? Number(match[1]) / MB : null;
}

/** Starts sampling; `stop()` ends it and returns the peak (null when no sample could be read). */
export function startMemorySampler(o: { base: string; pid: number | undefined; everyMs?: number }): {
  stop(): Promise<MemoryPeak | null>;
} {
  let peak: MemoryPeak | null = null;
  let stopped = false;
  const sampleOnce = async () => {
    const rss = rssMb(o.pid);
    if (rss === null || (peak !== null && rss <= peak.peakRssMb)) return;
    let text = '';
    try {
      text = await (await fetch(`${o.base}/metrics`)).text();
    } catch {
      // metrics unavailable: keep the RSS alone
    }
    peak = {
      peakRssMb: rss,
      heapTotalMb: metric(text, 'nodejs_heap_size_total_bytes'),
      heapUsedMb: metric(text, 'nodejs_heap_size_used_bytes'),
      externalMb: metric(text, 'nodejs_external_memory_bytes'),
    };
  };
  const loop = (async () => {
    while (!stopped) {
      await sampleOnce();
      await new Promise((resolve) => setTimeout(resolve, o.everyMs ?? 250));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return peak;
    },
  };
}

/** "212 (heap 120 of 150, external 9)" — the peak and its parts, MB. */
export function formatMemoryPeak(peak: MemoryPeak | null): string {
  if (!peak) return '—';
  const mb = (n: number | null) => (n === null ? '?' : n.toFixed(0));
  return `${mb(peak.peakRssMb)} (heap ${mb(peak.heapUsedMb)} of ${mb(peak.heapTotalMb)}, external ${mb(peak.externalMb)})`;
}
