/**
 * The one error type the domain throws. It carries a stable machine `code` (for API responses and tests), a Chinese
 * `message` (shown to users; this platform's primary language) and an English `messageEn` (logs, developers).
 */
export class DomainError extends Error {
  override name = 'DomainError';
  /** Stable, upper-snake-case identifier, e.g. `PROJECT_CODE_INVALID_INPUT`. */
  readonly code: string;
  /** English counterpart of `message`. */
  readonly messageEn: string;

  /**
   * @param code stable machine identifier
   * @param message Chinese message
   * @param messageEn English message
   */
  constructor(code: string, message: string, messageEn: string) {
    super(message);
    this.code = code;
    this.messageEn = messageEn;
  }
}
