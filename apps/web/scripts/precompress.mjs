/**
 * After `vite build`: a brotli (.br) and a gzip (.gz) copy beside each text file of the build, which the server sends
 * as is to a browser that accepts them (@fastify/static `preCompressed`, apps/server/src/plugins/web-ui.ts). The UI's
 * JavaScript is ~1.8 MB as built, ~0.45 MB brotli and ~0.55 MB gzip: on a phone (掌上办) or a slow county network the
 * first load moves a quarter to a third of the bytes, and the server compresses nothing at request time.
 *
 * `node scripts/precompress.mjs [dir]` (default: dist beside this script's package). Files under 1 KB are left alone
 * (no gain worth a second request path), and so is a compressed copy that would not be smaller.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;
const MIN_BYTES = 1024;

function precompressDir(dir) {
  const written = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !COMPRESSIBLE.test(entry.name)) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    const source = fs.readFileSync(file);
    if (source.length < MIN_BYTES) continue;
    const variants = [
      [
        '.br',
        zlib.brotliCompressSync(source, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length,
          },
        }),
      ],
      ['.gz', zlib.gzipSync(source, { level: zlib.constants.Z_BEST_COMPRESSION })],
    ];
    for (const [suffix, compressed] of variants) {
      if (compressed.length >= source.length) continue;
      fs.writeFileSync(file + suffix, compressed);
      written.push({ file: file + suffix, bytes: compressed.length, of: source.length });
    }
  }
  return written;
}

// Run as a script (not imported); pathToFileURL so that a checkout under a path with spaces or 汉字 still matches.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', 'dist'));
  const written = precompressDir(dir);
  const total = (suffix) => written.filter((w) => w.file.endsWith(suffix)).reduce((n, w) => n + w.bytes, 0);
  const original = written.filter((w) => w.file.endsWith('.gz')).reduce((n, w) => n + w.of, 0);
  console.log(
    `precompressed ${written.length} files in ${path.relative(process.cwd(), dir) || '.'}: ` +
      `${Math.round(original / 1024)} KB → br ${Math.round(total('.br') / 1024)} KB, gz ${Math.round(total('.gz') / 1024)} KB`,
  );
}
