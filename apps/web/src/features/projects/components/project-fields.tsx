import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  TreeSelect,
  Typography,
  type FormInstance,
  type FormRule,
} from 'antd';
import { useMemo } from 'react';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useRegions } from '../../org/api/org.api.ts';
import { buildRegionTree } from '../../org/components/region-tree-data.ts';
import {
  FUND_SOURCE_KINDS,
  INDUSTRY_CODE_RE,
  INVESTMENT_NATURES,
  PROJECT_FLAGS,
  PROJECT_TYPES,
} from '../api/projects.api.ts';
import {
  fieldLabelKey,
  flagLabelKey,
  formatWan,
  fundKindLabelKey,
  natureLabelKey,
  projectTypeLabelKey,
} from './project-labels.ts';
import { fundSourcesTotalCents, hasAtMostTwoDecimals, toCents, type ProjectFormValues } from './project-form.ts';

/** Form.Items of the project's information items, shared by the wizard and the change modal. */

interface ItemProps {
  /** Required for submission (the wizard's 下一步 and 提交 check it; 保存草稿 does not). */
  required?: boolean;
}

function useRequired(required: boolean | undefined): FormRule[] {
  const { t } = useI18n();
  return required ? [{ required: true, message: t('project.required') }] : [];
}

function useTwoDecimals(): FormRule {
  const { t } = useI18n();
  return {
    validator: async (_, value: unknown) => {
      if (typeof value === 'number' && !hasAtMostTwoDecimals(value)) throw new Error(t('project.twoDecimals'));
    },
  };
}

export function NameItem({ required = true }: ItemProps) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="name"
      label={t(fieldLabelKey('name'))}
      rules={[...useRequired(required), { whitespace: true, message: t('project.required') }, { max: 100 }]}
    >
      <Input maxLength={100} showCount data-testid="field-name" />
    </Form.Item>
  );
}

export function RegionItem({ required }: ItemProps) {
  const { t } = useI18n();
  const regions = useRegions();
  const tree = useMemo(() => buildRegionTree(regions.data ?? []), [regions.data]);
  return (
    <Form.Item name="regionCode" label={t(fieldLabelKey('regionCode'))} rules={useRequired(required)}>
      <TreeSelect
        treeData={tree}
        loading={regions.isPending}
        showSearch
        treeNodeFilterProp="title"
        treeDefaultExpandAll
        placeholder={t('project.regionPlaceholder')}
        data-testid="field-regionCode"
      />
    </Form.Item>
  );
}

export function AddressItem({ required }: ItemProps) {
  const { t } = useI18n();
  return (
    <Form.Item name="address" label={t(fieldLabelKey('address'))} rules={[...useRequired(required), { max: 200 }]}>
      <Input maxLength={200} data-testid="field-address" />
    </Form.Item>
  );
}

export function ScaleItem({ required }: ItemProps) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="scaleAndContent"
      label={t(fieldLabelKey('scaleAndContent'))}
      rules={[...useRequired(required), { max: 4000 }]}
      extra={t('project.scaleHint')}
    >
      <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} maxLength={4000} showCount data-testid="field-scale" />
    </Form.Item>
  );
}

export function PlannedStartItem({ required, form }: ItemProps & { form: FormInstance<ProjectFormValues> }) {
  const { t } = useI18n();
  return (
    <Form.Item name="plannedStart" label={t(fieldLabelKey('plannedStart'))} rules={useRequired(required)}>
      <DatePicker
        className="full-width"
        data-testid="field-plannedStart"
        onChange={() => {
          if (form.getFieldValue('plannedEnd')) void form.validateFields(['plannedEnd']).catch(() => undefined);
        }}
      />
    </Form.Item>
  );
}

export function PlannedEndItem({ required }: ItemProps) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="plannedEnd"
      label={t(fieldLabelKey('plannedEnd'))}
      dependencies={['plannedStart']}
      rules={[
        ...useRequired(required),
        ({ getFieldValue }) => ({
          validator: async (_, end: ProjectFormValues['plannedEnd']) => {
            const start = getFieldValue('plannedStart') as ProjectFormValues['plannedStart'];
            if (start && end && end.isBefore(start, 'day')) throw new Error(t('project.endBeforeStart'));
          },
        }),
      ]}
    >
      <DatePicker className="full-width" data-testid="field-plannedEnd" />
    </Form.Item>
  );
}

export function TotalInvestmentItem({ required, form }: ItemProps & { form: FormInstance<ProjectFormValues> }) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="totalInvestment"
      label={t(fieldLabelKey('totalInvestment'))}
      rules={[
        ...useRequired(required),
        { type: 'number', min: 0.01, message: t('project.positiveAmount') },
        useTwoDecimals(),
      ]}
    >
      <InputNumber<number>
        className="full-width"
        min={0}
        step={1}
        suffix={t('project.unitWan')}
        data-testid="field-totalInvestment"
        onChange={() => {
          if ((form.getFieldValue('fundSources') as unknown[] | undefined)?.length) {
            void form.validateFields([['fundSources']]).catch(() => undefined);
          }
        }}
      />
    </Form.Item>
  );
}

/** 资金来源: rows of kind + amount; the rows must add up to the total investment (checked as you type). */
export function FundSourcesItem({ required, form }: ItemProps & { form: FormInstance<ProjectFormValues> }) {
  const { t } = useI18n();
  const twoDecimals = useTwoDecimals();
  const sources = Form.useWatch('fundSources', form);
  const total = Form.useWatch('totalInvestment', form);
  const sumCents = fundSourcesTotalCents(sources);
  return (
    <Form.List
      name="fundSources"
      rules={[
        {
          validator: async (_, value: ProjectFormValues['fundSources']) => {
            if (!value || value.length === 0) {
              if (required) throw new Error(t('project.fundSourcesRequired'));
              return;
            }
            const totalNow = form.getFieldValue('totalInvestment') as number | null | undefined;
            if (typeof totalNow === 'number' && fundSourcesTotalCents(value) !== toCents(totalNow)) {
              throw new Error(
                t('project.fundSourcesMismatch', {
                  sum: formatWan(t, fundSourcesTotalCents(value) / 100),
                  total: formatWan(t, totalNow),
                }),
              );
            }
          },
        },
      ]}
    >
      {(fields, { add, remove }, { errors }) => (
        <div className="fund-sources" data-testid="fund-sources">
          <Typography.Text className="fund-sources-label">{t(fieldLabelKey('fundSources'))}</Typography.Text>
          {fields.map((field) => (
            <div key={field.key} className="fund-source-row" data-testid="fund-source-row">
              <Form.Item
                name={[field.name, 'kind']}
                rules={[{ required: true, message: t('project.fundKindRequired') }]}
                className="fund-source-kind"
              >
                <Select
                  placeholder={t('project.fundKind')}
                  options={FUND_SOURCE_KINDS.map((kind) => ({ value: kind, label: t(fundKindLabelKey(kind)) }))}
                  data-testid="fund-source-kind"
                />
              </Form.Item>
              <Form.Item
                name={[field.name, 'amount']}
                rules={[
                  { required: true, message: t('project.amountRequired') },
                  { type: 'number', min: 0, message: t('project.nonNegativeAmount') },
                  twoDecimals,
                ]}
                className="fund-source-amount"
              >
                <InputNumber<number>
                  className="full-width"
                  min={0}
                  suffix={t('project.unitWan')}
                  placeholder={t('project.amount')}
                  data-testid="fund-source-amount"
                  onChange={() => void form.validateFields([['fundSources']]).catch(() => undefined)}
                />
              </Form.Item>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('project.removeFundSource')}
                onClick={() => remove(field.name)}
              />
            </div>
          ))}
          <Space wrap className="fund-sources-foot">
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => add({ kind: fields.length === 0 ? 'selfRaised' : undefined })}
              data-testid="add-fund-source"
            >
              {t('project.addFundSource')}
            </Button>
            <Typography.Text type={typeof total === 'number' && sumCents !== toCents(total) ? 'warning' : 'secondary'}>
              {t('project.fundSourcesSum', {
                sum: formatWan(t, sumCents / 100),
                total: formatWan(t, typeof total === 'number' ? total : null),
              })}
            </Typography.Text>
          </Space>
          <Form.ErrorList errors={errors} />
        </div>
      )}
    </Form.List>
  );
}

export function IndustryCodeItem({ required }: ItemProps) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="industryCode"
      label={t(fieldLabelKey('industryCode'))}
      normalize={(value: string | undefined) => value?.toUpperCase().replace(/\s+/g, '')}
      rules={[...useRequired(required), { pattern: INDUSTRY_CODE_RE, message: t('project.industryCodeFormat') }]}
      extra={t('project.industryCodeHint')}
    >
      <Input maxLength={5} placeholder="E4710" data-testid="field-industryCode" />
    </Form.Item>
  );
}

export function ProjectTypeItem({ required }: ItemProps) {
  const { t } = useI18n();
  return (
    <Form.Item name="projectType" label={t(fieldLabelKey('projectType'))} rules={useRequired(required)}>
      <Select
        options={PROJECT_TYPES.map((type) => ({ value: type, label: `${type} ${t(projectTypeLabelKey(type))}` }))}
        data-testid="field-projectType"
      />
    </Form.Item>
  );
}

export function NatureItem({ required }: ItemProps) {
  const { t } = useI18n();
  return (
    <Form.Item name="investmentNature" label={t(fieldLabelKey('investmentNature'))} rules={useRequired(required)}>
      <Radio.Group
        optionType="button"
        options={INVESTMENT_NATURES.map((nature) => ({ value: nature, label: t(natureLabelKey(nature)) }))}
        data-testid="field-investmentNature"
      />
    </Form.Item>
  );
}

export function FlagsItem() {
  const { t } = useI18n();
  return (
    <Form.Item name="flags" label={t(fieldLabelKey('flags'))}>
      <Checkbox.Group
        options={PROJECT_FLAGS.map((flag) => ({ value: flag, label: t(flagLabelKey(flag)) }))}
        data-testid="field-flags"
      />
    </Form.Item>
  );
}
