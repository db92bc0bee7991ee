/** entity.js's source with `is` remembered per (prototype, type). Throws if drizzle's entity.js no longer matches. */
export function memoizeDrizzleIs(source: string): string;

/** The files the plugin rewrites: drizzle-orm/entity.js. */
export const DRIZZLE_ENTITY_FILE: RegExp;
/** The esbuild plugin build-server.mjs applies. */
export const drizzleIsMemoPlugin: { name: string; setup(build: unknown): void };
