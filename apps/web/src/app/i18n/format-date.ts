import dayjs from 'dayjs';

/** `2025-05-06 14:03:22` (or without seconds) in the browser's time zone; empty input gives an em dash. */
export function formatDateTime(value: string | null | undefined, withSeconds = true): string {
  if (!value) return '—';
  const date = dayjs(value);
  return date.isValid() ? date.format(withSeconds ? 'YYYY-MM-DD HH:mm:ss' : 'YYYY-MM-DD HH:mm') : value;
}
