/**
 * Remembers that the last session ended by a 401 (idle timeout, revoked, disabled) so the login page can say so. A
 * module flag rather than router state: the route guard may redirect first and would drop the state.
 */
let hasExpired = false;

export function markSessionExpired(): void {
  hasExpired = true;
}

export function isSessionExpired(): boolean {
  return hasExpired;
}

export function clearSessionExpired(): void {
  hasExpired = false;
}
