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
