import { DomainError } from '@yiwang/domain';
import { AppError, type ErrorCode } from './app-error.ts';

/**
 * Runs a domain rule and turns a {@link DomainError} into the given 4xx {@link AppError}, keeping the domain's precise
 * Chinese/English message and its rule code (`extra.rule`), so the client learns exactly which rule refused.
 */
export function withDomainRule<T>(code: ErrorCode, rule: () => T): T {
  try {
    return rule();
  } catch (error) {
    if (error instanceof DomainError) {
      throw new AppError(code, { message: error.message, messageEn: error.messageEn, extra: { rule: error.code } });
    }
    throw error;
  }
}
