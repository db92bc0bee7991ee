#!/usr/bin/env node
// `npm test`: lint, typecheck, unit + integration tests on the embedded PGlite, the same integration suite on a real
// PostgreSQL when DATABASE_URL is set, then the browser journeys when Chromium is present. With CI=true a missing
// database or browser is a failure, not a skip.
import { spawnSync } from 'node:child_process';

const isCi = process.env.CI === 'true';
const steps = [];

function run(name, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  steps.push(`${result.status === 0 ? '✓' : '✗'} ${name} (${seconds} s)`);
  if (result.status !== 0) {
    console.error(`\n✗ ${name} failed`);
    summary();
    process.exit(result.status ?? 1);
  }
}

function skip(name, reason) {
  const line = `SKIPPED: ${name} — ${reason}`;
  console.log(`\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}`);
  steps.push(`- ${line}`);
  if (isCi) {
    console.error('CI=true: a skipped suite is a failure');
    summary();
    process.exit(1);
  }
}

function summary() {
  console.log(`\nSummary:\n${steps.map((s) => `  ${s}`).join('\n')}`);
}

run('lint (eslint + prettier)', 'npm', ['run', 'lint', '--silent']);
run('typecheck', 'npm', ['run', 'typecheck', '--silent']);
run('unit + integration tests on PGlite', 'npx', ['vitest', 'run'], { TEST_DB: 'pglite' });
if (process.env.DATABASE_URL) {
  run('integration tests on PostgreSQL', 'npx', ['vitest', 'run', '--project', 'server'], { TEST_DB: 'postgres' });
} else {
  skip('integration tests on PostgreSQL', 'DATABASE_URL is not set');
}
run('browser journeys', 'npm', ['run', 'test:e2e', '--silent']);
summary();
