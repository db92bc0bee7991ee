// drizzle-orm's `is(value, type)` (drizzle-orm/entity.js) decides whether a value is an instance of a drizzle class. It
// is called many times for every query built and every row mapped, and most calls answer "no" — after walking the
// value's class chain looking for a matching entity kind. A CPU profile of the server under the bench's write load
// (issue 6) put 10.8 % of all busy time in `is` alone.
//
// The answer depends only on the value's prototype and on `type` (both are classes fixed at load), so it can be
// remembered per (prototype, type). The server bundle (build-server.mjs) bundles drizzle-orm and rewrites entity.js
// with this wrapper around drizzle's own function, unchanged; a value without a prototype goes to it directly, and so
// does every call whose answer was an error (nothing is remembered then). Tests and `npm run dev` run drizzle as
// published; server/test/drizzle-is-memo.test.ts checks that the rewritten function answers as drizzle's own.

import fs from 'node:fs';

const ORIGINAL = 'function is(value, type) {';

/** The files the plugin rewrites (exported so that the test can check that drizzle's entity.js is one). */
export const DRIZZLE_ENTITY_FILE = /[\\/]node_modules[\\/]drizzle-orm[\\/]entity\.js$/;

/** The esbuild plugin build-server.mjs applies: drizzle-orm/entity.js loaded through memoizeDrizzleIs. */
export const drizzleIsMemoPlugin = {
  name: 'drizzle-is-memo',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: DRIZZLE_ENTITY_FILE }, (args) => ({
      contents: memoizeDrizzleIs(fs.readFileSync(args.path, 'utf8')),
      loader: 'js',
    }));
  },
};

/** entity.js's source with `is` remembered per (prototype, type). Throws if drizzle's entity.js no longer matches. */
export function memoizeDrizzleIs(source) {
  if (source.split(ORIGINAL).length !== 2 || !/export\s*\{[^}]*\bis\b[^}]*\}/.test(source)) {
    throw new Error(
      'drizzle-orm/entity.js does not define `function is(value, type)` as expected: update drizzle-is-memo.mjs',
    );
  }
  return `${source.replace(ORIGINAL, 'function isUncached(value, type) {')}
const isAnswers = new WeakMap();
function is(value, type) {
  if (!value || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  if (prototype === null) return isUncached(value, type);
  let byType = isAnswers.get(prototype);
  if (byType === undefined) isAnswers.set(prototype, (byType = new Map()));
  let answer = byType.get(type);
  if (answer === undefined) byType.set(type, (answer = isUncached(value, type)));
  return answer;
}
`;
}
