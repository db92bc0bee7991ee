/** entity.js's source with `is` remembered per (prototype, type). Throws if drizzle's entity.js no longer matches. */
export function memoizeDrizzleIs(source: string): string;
