import { Alert, Card } from 'antd';
import type { ReactNode } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useUsers, type UserRow } from '../api/users.api.ts';
import { UsersFilterBar } from './users-filter-bar.tsx';
import { UsersTable } from './users-table.tsx';
import { useUserListState } from './use-user-list-state.ts';

/** Search bar + paged users table, shared by 用户管理 (sysAdmin) and 用户与角色 (secAdmin). */
export function UsersPanel({ renderActions }: { renderActions?: (user: UserRow) => ReactNode }) {
  const errorText = useErrorText();
  const { query, search, changePage } = useUserListState();
  const users = useUsers(query);
  return (
    <Card>
      <UsersFilterBar onSearch={search} />
      {users.isError ? <Alert type="error" showIcon title={errorText(users.error)} className="form-alert" /> : null}
      <UsersTable
        rows={users.data?.items ?? []}
        total={users.data?.total ?? 0}
        loading={users.isFetching}
        query={query}
        onPageChange={changePage}
        {...(renderActions ? { renderActions } : {})}
      />
    </Card>
  );
}
