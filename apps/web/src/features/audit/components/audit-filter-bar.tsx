import { Button, Form, Input, Select, Space } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { AUDIT_ACTION_LABELS } from './audit-actions.ts';

interface FilterValues {
  action?: string;
  actor?: string;
}

export function AuditFilterBar({ onSearch }: { onSearch: (action: string, actor: string) => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<FilterValues>();
  return (
    <Form<FilterValues>
      form={form}
      layout="inline"
      className="filter-bar"
      onFinish={(values) => onSearch(values.action ?? '', values.actor ?? '')}
    >
      <Form.Item name="action" label={t('audit.action')}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('audit.actionPlaceholder')}
          style={{ minWidth: 220 }}
          data-testid="audit-action-filter"
          options={Object.entries(AUDIT_ACTION_LABELS).map(([action, key]) => ({
            value: action,
            label: `${t(key)} · ${action}`,
          }))}
        />
      </Form.Item>
      <Form.Item name="actor" label={t('audit.actor')}>
        <Input allowClear placeholder={t('audit.actorPlaceholder')} />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              onSearch('', '');
            }}
          >
            {t('common.reset')}
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
