import { Alert, App, Checkbox, Form, Input, Modal, Select, TreeSelect, type SelectProps } from 'antd';
import { useMemo, useState } from 'react';
import { fieldErrorsFor, useErrorText } from '../../../app/api/error-text.ts';
import { DEPARTMENT_STEPS, ROLES, stepLabelKey, type Role } from '../../../app/auth/roles.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useDepartments, useRegions, type Department } from '../../org/api/org.api.ts';
import { buildRegionTree } from '../../org/components/region-tree-data.ts';
import { useCreateUser, type CreateUserInput } from '../api/users.api.ts';
import { RoleSelect } from './role-select.tsx';

interface FormValues {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  regionCode: string;
  departmentId?: string;
  departmentSteps?: string[];
}

// 三员 accounts are provisioned by the operator on the command line; the API refuses them, so the form does not offer them.
const CREATABLE_ROLES = ROLES.filter((role) => role !== 'sysAdmin' && role !== 'secAdmin' && role !== 'auditAdmin');
// Staff roles belong to a department; the server refuses them without one.
const ROLES_WITH_DEPARTMENT: readonly Role[] = ['window', 'department', 'supervisor'];

const FORM_FIELDS: ReadonlySet<string> = new Set<keyof FormValues>([
  'username',
  'displayName',
  'password',
  'role',
  'regionCode',
  'departmentId',
  'departmentSteps',
]);

export function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<FormValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const role = Form.useWatch('role', form);
  const regionCode = Form.useWatch('regionCode', form);
  const regions = useRegions();
  const departments = useDepartments(regionCode, open && Boolean(regionCode));
  const createUser = useCreateUser();
  const regionTree = useMemo(() => buildRegionTree(regions.data ?? []), [regions.data]);
  const required = [{ required: true, message: t('users.required') }];

  const close = () => {
    form.resetFields();
    setFormError(null);
    onClose();
  };

  const submit = async (values: FormValues) => {
    setFormError(null);
    const input: CreateUserInput = {
      username: values.username.trim(),
      displayName: values.displayName.trim(),
      password: values.password,
      role: values.role,
      regionCode: values.regionCode,
      ...(values.departmentId ? { departmentId: values.departmentId } : {}),
      ...(values.role === 'department' ? { departmentSteps: values.departmentSteps ?? [] } : {}),
    };
    try {
      await createUser.mutateAsync(input);
      message.success(t('users.created'));
      close();
    } catch (error) {
      const fieldErrors = fieldErrorsFor(error, locale);
      form.setFields(
        fieldErrors
          .filter((field) => FORM_FIELDS.has(field.name))
          .map((field) => ({ name: field.name as keyof FormValues, errors: field.errors })),
      );
      // The summary stays visible too: it carries errors for fields that have no input of their own.
      setFormError(errorText(error));
    }
  };

  return (
    <Modal
      title={t('users.create')}
      open={open}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={createUser.isPending}
      forceRender
    >
      {formError ? <Alert type="error" showIcon title={formError} className="form-alert" /> : null}
      <Form<FormValues> form={form} layout="vertical" onFinish={submit} data-testid="create-user-form">
        <Form.Item name="username" label={t('users.col.username')} rules={required}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('users.col.displayName')} rules={required}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="password" label={t('users.field.password')} rules={required}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="role" label={t('users.col.role')} rules={required}>
          <RoleSelect roles={CREATABLE_ROLES} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('users.field.region')} rules={required}>
          <TreeSelect
            treeData={regionTree}
            loading={regions.isPending}
            showSearch
            treeNodeFilterProp="title"
            treeDefaultExpandAll
            onChange={() => form.setFieldValue('departmentId', undefined)}
          />
        </Form.Item>
        <Form.Item
          name="departmentId"
          label={t('users.field.department')}
          rules={role && ROLES_WITH_DEPARTMENT.includes(role) ? required : []}
        >
          <Select
            allowClear
            disabled={!regionCode}
            loading={departments.isFetching}
            showSearch={{ optionFilterProp: 'label' }}
            options={departmentOptions(departments.data ?? [])}
          />
        </Form.Item>
        {role === 'department' ? (
          <Form.Item name="departmentSteps" label={t('users.field.departmentSteps')} rules={required}>
            <Checkbox.Group options={DEPARTMENT_STEPS.map((step) => ({ value: step, label: t(stepLabelKey(step)) }))} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

/**
 * The departments of the chosen region's subtree, grouped by their region when there are several (a province lists
 * about a hundred): the groups follow the list's order (regions in tree order). Searchable by name.
 */
function departmentOptions(list: readonly Department[]): NonNullable<SelectProps['options']> {
  const flat = list.map((department) => ({ value: department.id, label: department.name }));
  const regionNames = [...new Set(list.map((department) => department.regionName ?? ''))];
  if (regionNames.length <= 1) return flat;
  return regionNames.map((regionName) => ({
    label: regionName,
    options: list
      .filter((department) => (department.regionName ?? '') === regionName)
      .map((department) => ({ value: department.id, label: department.name })),
  }));
}
