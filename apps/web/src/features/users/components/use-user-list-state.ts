import { useState } from 'react';
import type { Role } from '../../../app/auth/roles.ts';
import type { UsersQuery } from '../api/users.api.ts';

/** Search, role filter and paging of a users table; a new search goes back to page 1. */
export function useUserListState(initialPageSize = 20) {
  const [query, setQuery] = useState<UsersQuery>({ page: 1, pageSize: initialPageSize, q: '', role: undefined });
  return {
    query,
    search: (q: string, role: Role | undefined) => setQuery((current) => ({ ...current, q, role, page: 1 })),
    changePage: (page: number, pageSize: number) =>
      setQuery((current) => ({ ...current, page: pageSize === current.pageSize ? page : 1, pageSize })),
  };
}
