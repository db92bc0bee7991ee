/**
 * Whether a request's `Accept-Encoding` (RFC 9110 §12.5.3) allows gzip: listed as `gzip` (or `x-gzip`) or covered by
 * `*`, with a q-value above 0. `gzip;q=0` refuses it even when `*` is listed. No header: identity only (RFC 9110 lets
 * a server assume any coding then, but a client that says nothing is safest answered plainly).
 *
 * Not @fastify/accept-negotiator (which @fastify/static uses for the web UI's files): tried on the cases of
 * accept-encoding.test.ts, it takes `GZIP` and `x-gzip` for no gzip and `gzip; q=0.0, *` for gzip.
 */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  if (header === undefined) return false;
  let gzip: number | undefined;
  let any: number | undefined;
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [token = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    if (token.trim() === 'gzip' || token.trim() === 'x-gzip') gzip = weight;
    else if (token.trim() === '*') any = weight;
  }
  return (gzip ?? any ?? 0) > 0;
}
