/**
 * Canonical JSON: object keys sorted, no whitespace. The audit chain hashes this form, so a row read back from jsonb
 * (which reorders keys) hashes exactly as it did when written.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value);
}

/** The value as jsonb will give it back (dates become ISO strings, undefined properties vanish). */
export function toJsonValue<T>(value: T): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}
