import { Button, Form, Input, Space } from 'antd';
import type { Role } from '../../../app/auth/roles.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { RoleSelect } from './role-select.tsx';

interface FilterValues {
  q?: string;
  role?: Role;
}

export function UsersFilterBar({ onSearch }: { onSearch: (q: string, role: Role | undefined) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<FilterValues>();
  return (
    <Form<FilterValues>
      form={form}
      layout="inline"
      className="filter-bar"
      onFinish={(values) => onSearch(values.q ?? '', values.role)}
    >
      <Form.Item name="q">
        <Input allowClear placeholder={t('users.searchPlaceholder')} data-testid="users-search" />
      </Form.Item>
      <Form.Item name="role">
        <RoleSelect allowClear placeholder={t('users.roleFilter')} style={{ minWidth: 160 }} />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              onSearch('', undefined);
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
