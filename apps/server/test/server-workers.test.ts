import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/env.ts';
import { testDatabaseKind, TEST_PASSWORD } from './test-app.ts';

const repoRoot = path.resolve(import.meta.dirname, '../../..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('SERVER_WORKERS (several server processes sharing the port)', () => {
  it('is refused on the embedded database, which allows one process', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', SERVER_WORKERS: '2' })).toThrow(ConfigError);
    expect(
      loadConfig({ NODE_ENV: 'test', SERVER_WORKERS: '2', DATABASE_URL: 'postgres://x@localhost/y' }),
    ).toMatchObject({
      serverWorkers: 2,
    });
    expect(loadConfig({ NODE_ENV: 'test' }).serverWorkers).toBe(1);
  });

  it.runIf(testDatabaseKind === 'postgresql')(
    'migrates and seeds once in the primary, serves from two workers, and stops them all on SIGTERM',
    async () => {
      const serverUrl = process.env.DATABASE_URL!;
      const name = `yiwang_workers_${crypto.randomBytes(4).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const port = await freePort();
      const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
        cwd: repoRoot,
        env: {
          ...process.env,
          NODE_ENV: 'development',
          DATABASE_URL: url.toString(),
          SERVER_WORKERS: '2',
          PORT: String(port),
          HOST: '127.0.0.1',
          DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'yiwang-workers-')),
          DEMO_PASSWORD: TEST_PASSWORD,
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      try {
        for (let i = 0; i < 240 && !output.includes('2 workers'); i++) await new Promise((r) => setTimeout(r, 500));
        expect(output).toContain('2 workers');
        // Both workers answer (the kernel spreads connections); every sign-in works whichever worker takes it.
        for (let i = 0; i < 6; i++) {
          const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', connection: 'close' },
            body: JSON.stringify({ username: 'applicant', password: TEST_PASSWORD }),
          });
          expect(login.status).toBe(200);
        }
        const db = new pg.Client({ connectionString: url.toString() });
        await db.connect();
        try {
          // The seed ran once, in the primary: one demo.seeded audit row, one demo applicant.
          const seeded = await db.query<{ n: string }>(
            `SELECT count(*) AS n FROM audit_events WHERE action = 'demo.seeded'`,
          );
          expect(Number(seeded.rows[0]!.n)).toBe(1);
          const applicants = await db.query<{ n: string }>(
            `SELECT count(*) AS n FROM users WHERE lower(username) = 'applicant'`,
          );
          expect(Number(applicants.rows[0]!.n)).toBe(1);
        } finally {
          await db.end();
        }
        child.kill('SIGTERM');
        expect(await exited).toBe(0);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    },
    180_000,
  );
});
