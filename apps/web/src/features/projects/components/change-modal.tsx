import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import { ApiError } from '../../../app/api/http.ts';
import { nestedFieldErrorsFor, useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useChangeProject, type Project } from '../api/projects.api.ts';
import { toFormValues, toProjectInput, type ProjectFormValues } from './project-form.ts';
import {
  AddressItem,
  FlagsItem,
  FundSourcesItem,
  IndustryCodeItem,
  NameItem,
  NatureItem,
  PlannedEndItem,
  PlannedStartItem,
  ProjectTypeItem,
  RegionItem,
  ScaleItem,
  TotalInvestmentItem,
} from './project-fields.tsx';
import { fieldLabelKey, type ProjectField } from './project-labels.ts';

/** The items a 项目信息变更 may touch (the code and the enterprise never change). */
const CHANGEABLE: readonly ProjectField[] = [
  'name',
  'regionCode',
  'address',
  'scaleAndContent',
  'plannedStart',
  'plannedEnd',
  'totalInvestment',
  'fundSources',
  'investmentNature',
  'industryCode',
  'projectType',
  'flags',
];

interface ChangeFormValues extends ProjectFormValues {
  fields?: ProjectField[];
  reason?: string;
}

/** 项目信息变更: pick the items, give their new values and the reason. 备案 applies at once; 核准/审批 goes for review. */
export function ChangeModal({ project, open, onClose }: { project: Project; open: boolean; onClose: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<ChangeFormValues>();
  const [formError, setFormError] = useState<string | null>(null);
  const change = useChangeProject(project.id);
  const chosen = Form.useWatch('fields', form) ?? [];
  const projectForm = form as unknown as Parameters<typeof FundSourcesItem>[0]['form'];

  useEffect(() => {
    if (open) {
      form.resetFields();
      form.setFieldsValue({ ...toFormValues(project), fields: [], reason: '' });
      setFormError(null);
    }
  }, [open, project, form]);

  const submit = async () => {
    setFormError(null);
    let values: ChangeFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const all = form.getFieldsValue(true) as ChangeFormValues;
    const input = toProjectInput(all) as Record<string, unknown>;
    const changes: Record<string, unknown> = {};
    const fields = new Set(values.fields ?? []);
    // A new total needs fund sources that add up to it, so they travel together.
    if (fields.has('totalInvestment')) fields.add('fundSources');
    for (const field of fields) changes[field] = input[field];
    try {
      const result = await change.mutateAsync({ changes, reason: (values.reason ?? '').trim() });
      message.success(
        result.change.status === 'applied'
          ? t('project.change.appliedMessage')
          : result.change.status === 'pending'
            ? t('project.change.pendingMessage')
            : t('project.change.rejected'),
      );
      onClose();
    } catch (error) {
      const fieldErrors = nestedFieldErrorsFor(error, locale).map((entry) => ({
        ...entry,
        name: entry.name[0] === 'changes' ? entry.name.slice(1) : entry.name,
      }));
      form.setFields(
        fieldErrors.filter((entry) => entry.name.length > 0).map((e) => ({ name: e.name as never, errors: e.errors })),
      );
      const fieldsText =
        error instanceof ApiError && error.body?.fields?.length
          ? ` ${fieldErrors.map((entry) => entry.errors.join('；')).join('；')}`
          : '';
      setFormError(errorText(error) + fieldsText);
    }
  };

  const show = (field: ProjectField) => chosen.includes(field);
  return (
    <Modal
      title={t('project.change.title')}
      open={open}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('project.change.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={change.isPending}
      forceRender
      width={640}
      okButtonProps={{ 'data-testid': 'change-submit' } as never}
    >
      <Alert
        type="info"
        showIcon
        className="form-alert"
        title={project.procedure === 'filing' ? t('project.change.filingNote') : t('project.change.reviewNote')}
      />
      {formError ? (
        <Alert type="error" showIcon title={formError} className="form-alert" data-testid="change-error" />
      ) : null}
      <Form<ChangeFormValues> form={form} name="change" layout="vertical" data-testid="change-form">
        <Form.Item
          name="fields"
          label={t('project.change.fields')}
          rules={[{ required: true, type: 'array', min: 1, message: t('project.change.fieldsRequired') }]}
        >
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            options={CHANGEABLE.map((field) => ({ value: field, label: t(fieldLabelKey(field)) }))}
            data-testid="change-fields"
          />
        </Form.Item>
        {show('name') ? <NameItem /> : null}
        {show('regionCode') ? <RegionItem required /> : null}
        {show('address') ? <AddressItem required /> : null}
        {show('scaleAndContent') ? <ScaleItem required /> : null}
        {show('plannedStart') ? <PlannedStartItem required form={projectForm} /> : null}
        {show('plannedEnd') ? <PlannedEndItem required /> : null}
        {show('totalInvestment') ? <TotalInvestmentItem required form={projectForm} /> : null}
        {show('fundSources') || show('totalInvestment') ? <FundSourcesItem required form={projectForm} /> : null}
        {show('investmentNature') ? <NatureItem required /> : null}
        {show('industryCode') ? <IndustryCodeItem required /> : null}
        {show('projectType') ? <ProjectTypeItem required /> : null}
        {show('flags') ? <FlagsItem /> : null}
        <Form.Item
          name="reason"
          label={t('project.change.reason')}
          rules={[{ required: true, whitespace: true, message: t('project.change.reasonRequired') }, { max: 500 }]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} showCount data-testid="change-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
