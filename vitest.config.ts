import { defineConfig } from 'vitest/config';

// One Vitest run, three projects: pure domain rules, the server's integration tests (real database through
// app.inject), and the web's component tests. TZ is pinned: every date rule in this platform is Asia/Shanghai.
process.env.TZ = 'Asia/Shanghai';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'domain', root: 'packages/domain', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'server',
          root: 'apps/server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
