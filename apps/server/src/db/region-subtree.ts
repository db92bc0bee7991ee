import { eq, or, sql, type SQL } from 'drizzle-orm';
import { regions } from './schema/index.ts';

/**
 * The rows whose joined `regions` row is the region at `path` or lies under it: the data scope of staff, banks and plans
 * (a region's path is its ancestors' codes and its own, slash-separated).
 */
export function inRegionSubtree(path: string): SQL {
  return or(eq(regions.path, path), sql`${regions.path} LIKE ${`${path}/%`}`)!;
}
