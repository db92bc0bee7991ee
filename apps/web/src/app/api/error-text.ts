import { useCallback } from 'react';
import { useI18n, type Locale } from '../i18n/i18n.tsx';
import { ApiError, NetworkError } from './http.ts';

/** The server sends every message in both languages; pick the one for the current UI language. */
export function pickMessage(message: { message: string; messageEn: string }, locale: Locale): string {
  return locale === 'en-US' ? message.messageEn || message.message : message.message || message.messageEn;
}

/** A human sentence for any error thrown by the API layer, in the current language. */
export function useErrorText(): (error: unknown) => string {
  const { locale, t } = useI18n();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.body) return pickMessage(error.body, locale);
      if (error instanceof NetworkError) return t('error.network');
      return t('error.unknown');
    },
    [locale, t],
  );
}

/** `username`, `/username` and `body.username` all name the form field `username`. */
export function formFieldName(serverField: string): string {
  return (
    serverField
      .replace(/^\/+/, '')
      .replace(/^body[./]/, '')
      .split(/[./[]/)[0] ?? serverField
  );
}

/** Server field errors in the shape antd's `form.setFields` takes. */
export function fieldErrorsFor(error: unknown, locale: Locale): { name: string; errors: string[] }[] {
  if (!(error instanceof ApiError) || !error.body?.fields) return [];
  const byField = new Map<string, string[]>();
  for (const field of error.body.fields) {
    const name = formFieldName(field.field);
    const list = byField.get(name) ?? [];
    list.push(pickMessage(field, locale));
    byField.set(name, list);
  }
  return [...byField].map(([name, errors]) => ({ name, errors }));
}

/** `account.username` → `['account', 'username']`, `fundSources.0.amount` → `['fundSources', 0, 'amount']`. */
export function fieldNamePath(serverField: string): (string | number)[] {
  return serverField
    .replace(/^\/+/, '')
    .replace(/^body[./]/, '')
    .replace(/\[(\d+)\]/g, '.$1')
    .split(/[./]/)
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Server field errors with nested name paths, for forms whose fields are nested (`account.username`, lists). */
export function nestedFieldErrorsFor(
  error: unknown,
  locale: Locale,
): { name: (string | number)[]; errors: string[] }[] {
  if (!(error instanceof ApiError) || !error.body?.fields) return [];
  const byField = new Map<string, { name: (string | number)[]; errors: string[] }>();
  for (const field of error.body.fields) {
    const name = fieldNamePath(field.field);
    const key = name.join('.');
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(pickMessage(field, locale));
    byField.set(key, entry);
  }
  return [...byField.values()];
}
