import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Column, is, Param, Placeholder, SQL, sql, Subquery, Table, View } from 'drizzle-orm';
import { integer, PgColumn, PgTable, pgTable, PgText, text } from 'drizzle-orm/pg-core';
import { DRIZZLE_ENTITY_FILE, memoizeDrizzleIs } from '../../../scripts/drizzle-is-memo.mjs';

/**
 * The server bundle rewrites drizzle-orm's entity check to remember its answers per (prototype, type)
 * (scripts/drizzle-is-memo.mjs). The rewritten function must answer exactly as drizzle's own, on the first call and
 * from memory.
 */
const entityPath = path.join(import.meta.dirname, '../../../node_modules/drizzle-orm/entity.js');
const entitySource = fs.readFileSync(entityPath, 'utf8');

async function memoizedIs(): Promise<typeof is> {
  const source = memoizeDrizzleIs(entitySource);
  const module = (await import(`data:text/javascript,${encodeURIComponent(source)}`)) as { is: typeof is };
  return module.is;
}

/** The answer, or the error thrown (drizzle's own `is` throws for an object without a prototype). */
function outcome(check: () => boolean): boolean | string {
  try {
    return check();
  } catch (error) {
    return `throws ${(error as Error).name}`;
  }
}

describe('drizzle entity check remembered per prototype (server bundle)', () => {
  const projects = pgTable('bench_projects', { id: integer('id').primaryKey(), name: text('name') });
  const values: unknown[] = [
    projects,
    projects.id,
    projects.name,
    sql`select ${projects.id}`,
    sql`x`.as('x'),
    sql.placeholder('p'),
    new Param(1),
    new Subquery(sql`select 1`, {}, 'sq'),
    { id: projects.id },
    [projects.id],
    Object.create(null),
    new Date(),
    'text',
    42,
    null,
    undefined,
  ];
  const types = [Table, PgTable, Column, PgColumn, PgText, SQL, SQL.Aliased, Param, Placeholder, View, Subquery];

  it('answers as drizzle does for every value and entity class, first time and from memory', async () => {
    const remembered = await memoizedIs();
    let positives = 0;
    for (const round of [1, 2]) {
      for (const value of values) {
        for (const type of types) {
          const expected = outcome(() => is(value, type as never));
          const actual = outcome(() => remembered(value, type as never));
          expect(actual, `${typeof value} is ${type.name}, round ${round}`).toBe(expected);
          if (expected === true && round === 1) positives++;
        }
      }
    }
    // The matrix holds both answers: a column is a Column, a PgColumn and a PgText, a table a Table and a PgTable, …
    expect(positives).toBeGreaterThan(8);
  });

  it('still refuses a class that is not a drizzle entity, every time', async () => {
    const remembered = await memoizedIs();
    class NotAnEntity {}
    for (let i = 0; i < 2; i++) {
      expect(() => remembered(projects.id, NotAnEntity as never)).toThrow(/doesn't look like a Drizzle entity/);
    }
  });

  it('is applied by the bundle to the entity.js that drizzle resolves to', () => {
    // The module drizzle-orm's own files import `is` from: the file the plugin must rewrite (if drizzle moved it, the
    // bundle would silently run the unremembered check).
    const resolved = fileURLToPath(import.meta.resolve('drizzle-orm/entity'));
    expect(fs.realpathSync(resolved)).toBe(fs.realpathSync(entityPath));
    expect(resolved).toMatch(DRIZZLE_ENTITY_FILE);
    expect(entityPath).toMatch(DRIZZLE_ENTITY_FILE);
  });

  it('fails the build when drizzle changes entity.js', () => {
    expect(() => memoizeDrizzleIs('export function is(a, b) { return false }')).toThrow(/update drizzle-is-memo/);
  });
});
