import { AppError } from '../lib/app-error.ts';

/**
 * The operator commands' one way of reporting a refusal: an AppError is printed in both languages, with its fields,
 * and the process exits 1; anything else is a fault and propagates (with its stack).
 */
export function reportAppError(error: unknown): void {
  if (!(error instanceof AppError)) throw error;
  console.error(`${error.messageZh} / ${error.messageEn}`);
  for (const f of error.fields ?? []) console.error(`  ${f.field}: ${f.message} / ${f.messageEn}`);
  process.exitCode = 1;
}
