// Builds the server for `npm start`: an ES module bundle of our TypeScript (apps/server/src + packages/domain; main.mjs
// and the chunks it loads on first use), with every npm dependency left external (loaded from node_modules as usual).
// Running plain JavaScript instead of transpiling hundreds of files through tsx's loader at every start is what brings a
// cold start within seconds (issue 6: embedded PGlite cold start ≤ 3 s). Tests, the bench and `npm run dev` still run
// the sources through tsx.
//
// The bundle lives at apps/server/dist/server/main.mjs — two levels below apps/server, like every source file that
// resolves a path from its own location (src/config/env.ts, src/db/database.ts, src/documents/cjk-font.ts) — so those
// relative paths (repo root, drizzle/, assets/) resolve the same from the bundle.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { drizzleIsMemoPlugin } from './drizzle-is-memo.mjs';

const repoRoot = path.resolve(import.meta.dirname, '..');
const serverDir = path.join(repoRoot, 'apps/server');
const dependencyNames = (dir) =>
  Object.keys(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies ?? {});
// drizzle-orm is bundled, so that its entity check can be rewritten (drizzle-is-memo.mjs).
const external = [...dependencyNames(serverDir), ...dependencyNames(path.join(repoRoot, 'packages/domain'))]
  .filter((name) => !name.startsWith('@yiwang/') && name !== 'drizzle-orm')
  .flatMap((name) => [name, `${name}/*`]);

const started = Date.now();
// A fresh output directory: chunk names carry content hashes, so an earlier build's chunks would otherwise pile up.
fs.rmSync(path.join(serverDir, 'dist/server'), { recursive: true, force: true });
await build({
  entryPoints: { main: path.join(serverDir, 'src/main.ts') },
  outdir: path.join(serverDir, 'dist/server'),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  // Code splitting: a module the server imports dynamically (the PDF documents, whose pdf-lib + fontkit take ~0.35 s to
  // load) becomes a chunk of its own beside main.mjs, loaded on first use instead of at every start.
  splitting: true,
  chunkNames: '[name]-[hash]', // beside main.mjs: same depth, so paths resolved from a module's location still hold
  target: 'node20',
  sourcemap: true,
  external,
  logLevel: 'warning',
  // JSON data imported from a dependency (the domain's holiday table from chinese-days) is bundled: Node 20 would
  // demand an import attribute for it, which the sources (run through tsx) do not carry.
  plugins: [
    drizzleIsMemoPlugin,
    {
      name: 'bundle-json-data',
      setup(pluginBuild) {
        pluginBuild.onResolve({ filter: /\.json$/ }, (args) => ({
          path: createRequire(args.importer).resolve(args.path),
        }));
      },
    },
  ],
  // CommonJS dependencies imported by bundled code still need `require` in an ES module.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
console.log(`server bundle built in ${Date.now() - started} ms → apps/server/dist/server/main.mjs`);
