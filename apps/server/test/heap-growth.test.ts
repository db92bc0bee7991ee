import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/env.ts';

const heapGrowthModule = pathToFileURL(path.resolve(import.meta.dirname, '../src/lib/heap-growth.ts')).href;

/**
 * A server's allocation pattern in miniature: a live heap that stays, and the objects of requests in flight, which
 * outlive the young generation's collections and die in the old one. Returns the largest heap V8 reserved.
 */
const workload = `
  import v8 from 'node:v8';
  import { applyHeapGrowingPercent } from ${JSON.stringify(heapGrowthModule)};
  applyHeapGrowingPercent(Number(process.env.PERCENT));
  const live = Array.from({ length: 200_000 }, (_, i) => ({ i, s: 'live ' + i }));
  const inFlight = [];
  let peak = 0;
  for (let round = 0; round < 4000; round++) {
    inFlight.push(Array.from({ length: 2000 }, (_, i) => ({ i, s: 'request ' + i })));
    if (inFlight.length > 150) inFlight.shift();
    if (round % 25 === 0) peak = Math.max(peak, v8.getHeapStatistics().total_heap_size);
  }
  console.log(JSON.stringify({ peakMb: peak / 2 ** 20, live: live.length }));
`;

/** Runs the workload in a process of its own: V8's flags are per process, and the test runner's must stay as they are. */
function peakHeapMb(percent: number, nodeArgs: string[] = []): number {
  const child = spawnSync(process.execPath, [...nodeArgs, '--import', 'tsx', '--input-type=module', '-e', workload], {
    env: { ...process.env, PERCENT: String(percent) },
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`workload failed: ${child.stderr}`);
  return (JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { peakMb: number }).peakMb;
}

describe('HEAP_GROWING_PERCENT (V8 old-generation growth, lib/heap-growth.ts)', () => {
  it('defaults to 50, accepts 0 (V8 decides) and refuses what is not a percentage in range', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).heapGrowingPercent).toBe(50);
    expect(loadConfig({ NODE_ENV: 'test', HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    expect(loadConfig({ NODE_ENV: 'test', HEAP_GROWING_PERCENT: '120' }).heapGrowingPercent).toBe(120);
    expect(() => loadConfig({ NODE_ENV: 'test', HEAP_GROWING_PERCENT: '401' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', HEAP_GROWING_PERCENT: '1.5' })).toThrow(ConfigError);
  });

  it('keeps the old generation closer to the live heap than V8 does on its own, unless node got the flag itself', () => {
    // This Node's V8 must still honour the flag set at run time; if an upgrade stopped it, this fails.
    const ownGrowth = peakHeapMb(0);
    const paced = peakHeapMb(50);
    expect(paced).toBeLessThan(ownGrowth * 0.75);
    // A growth given on node's command line is the operator's explicit choice and is not overridden.
    const commandLine = peakHeapMb(50, ['--heap-growing-percent=300']);
    expect(commandLine).toBeGreaterThan(paced * 1.25);
  }, 60_000);
});
