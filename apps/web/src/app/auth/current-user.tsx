import { createContext, useContext } from 'react';
import type { Me } from '../../features/auth/api/auth.api.ts';

export const CurrentUserContext = createContext<Me | null>(null);

/** The signed-in user; only usable below the route guard, where a user is guaranteed. */
export function useCurrentUser(): Me {
  const me = useContext(CurrentUserContext);
  if (!me) throw new Error('useCurrentUser must be used below <RequireAuth>');
  return me;
}
