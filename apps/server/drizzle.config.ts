import { defineConfig } from 'drizzle-kit';

// Only `drizzle-kit generate` uses this (it needs no database). Migrations are applied by the app itself
// (src/db/migrate.ts), because drizzle-kit's own PGlite has no extensions (see docs/adr/0001-database.md).
export default defineConfig({
  dialect: 'postgresql',
  schema: './apps/server/src/db/schema/index.ts',
  out: './apps/server/drizzle',
});
