const wan = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });

/** An amount in 万元 as shown in lists: grouped, at most two decimals, "—" when unknown. */
export function formatWan(value: number | null): string {
  return value === null ? '—' : wan.format(value);
}
