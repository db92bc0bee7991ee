import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  DEPARTMENT_KINDS,
  FORM_FIELD_TYPES,
  SIGN_MODES,
  STEP_KINDS,
  type Catalogue,
  type FormField,
  type InternalStep,
  type Material,
  type Matter,
  type Stage,
} from '@yiwang/domain';
import { Button, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Switch, Typography } from 'antd';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { ruleText, useDepartmentName } from './catalogue-labels.tsx';

function useDepartmentOptions() {
  const name = useDepartmentName();
  return DEPARTMENT_KINDS.map((kind) => ({ value: kind, label: name(kind) }));
}

interface MatterForm {
  name: string;
  departmentKind: Matter['departmentKind'];
  promisedLimitWorkingDays: number;
  statutoryLimitWorkingDays: number | null;
  limitIsConfirmed: boolean;
  limitNote: string | null;
  clockStoppable: boolean;
  dependsOn: string[];
  materialCodes: string[];
  steps: InternalStep[];
  formFields: FormField[];
}

/** Trims a form field's texts; a blank unit is null (the server refuses an empty string). */
function cleanFormField(f: FormField): FormField {
  return {
    code: f.code.trim(),
    label: f.label.trim(),
    labelEn: f.labelEn.trim(),
    type: f.type,
    required: f.required === true,
    unit: f.unit?.trim() ? f.unit.trim() : null,
  };
}

/** Edits one matter of a draft in memory; 保存 on the page sends the whole catalogue. */
export function MatterEditor({
  catalogue,
  matter,
  onOk,
  onCancel,
}: {
  catalogue: Catalogue;
  matter: Matter;
  onOk: (matter: Matter) => void;
  onCancel: () => void;
}) {
  const { t, locale } = useI18n();
  const [form] = Form.useForm<MatterForm>();
  const departments = useDepartmentOptions();
  const submit = async () => {
    await form.validateFields();
    // All values, including those not rendered as fields (a step's code), not only the registered ones.
    const v = form.getFieldsValue(true) as MatterForm;
    const { formFields: rawFields, ...rest } = v;
    const formFields = (rawFields ?? []).map(cleanFormField);
    onOk({
      ...matter,
      ...rest,
      limitNote: v.limitNote?.trim() ? v.limitNote.trim() : null,
      statutoryLimitWorkingDays: v.statutoryLimitWorkingDays ?? null,
      steps: v.steps.map((s) => ({ ...s, participants: s.signMode === 'single' ? [] : (s.participants ?? []) })),
      // A matter that had no form and still has none keeps the key absent.
      ...(formFields.length > 0 || matter.formFields !== undefined ? { formFields } : {}),
    });
  };
  const fieldRule = { required: true, whitespace: true };
  return (
    <Modal
      open
      width={720}
      title={t('catalogue.editMatter', { code: matter.code })}
      onCancel={onCancel}
      onOk={() => void submit()}
      okText={t('catalogue.apply')}
      okButtonProps={{ 'data-testid': 'matter-editor-ok' } as never}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          name: matter.name,
          departmentKind: matter.departmentKind,
          promisedLimitWorkingDays: matter.promisedLimitWorkingDays,
          statutoryLimitWorkingDays: matter.statutoryLimitWorkingDays,
          limitIsConfirmed: matter.limitIsConfirmed,
          limitNote: matter.limitNote,
          clockStoppable: matter.clockStoppable,
          dependsOn: matter.dependsOn,
          materialCodes: matter.materialCodes,
          steps: matter.steps,
          formFields: matter.formFields ?? [],
        }}
        data-testid="matter-editor"
      >
        <Form.Item name="name" label={t('catalogue.col.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="departmentKind" label={t('catalogue.col.department')} rules={[{ required: true }]}>
          <Select options={departments} />
        </Form.Item>
        <Space wrap align="start" size={16}>
          <Form.Item
            name="promisedLimitWorkingDays"
            label={t('catalogue.promised')}
            rules={[{ required: true, type: 'integer', min: 0 }]}
          >
            <InputNumber min={0} max={999} precision={0} id="promisedLimitWorkingDays" />
          </Form.Item>
          <Form.Item
            name="statutoryLimitWorkingDays"
            label={t('catalogue.statutory')}
            extra={t('catalogue.statutoryHint')}
          >
            <InputNumber min={0} max={999} precision={0} id="statutoryLimitWorkingDays" />
          </Form.Item>
          <Form.Item name="limitIsConfirmed" label={t('catalogue.confirmed')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="clockStoppable" label={t('guide.clockStoppableShort')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="limitNote" label={t('catalogue.limitNote')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="dependsOn" label={t('catalogue.col.dependsOn')}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={catalogue.matters
              .filter((m) => m.code !== matter.code)
              .map((m) => ({ value: m.code, label: `${m.name}（${m.code}）` }))}
          />
        </Form.Item>
        <Form.Item name="materialCodes" label={t('catalogue.col.materials')}>
          <Select
            mode="multiple"
            optionFilterProp="label"
            options={catalogue.materials.map((m) => ({ value: m.code, label: m.name }))}
          />
        </Form.Item>
        <Typography.Text strong>{t('catalogue.steps')}</Typography.Text>
        <Form.List name="steps">
          {(fields, { add, remove }) => (
            <div className="steps-editor">
              {fields.map((field) => (
                <Space key={field.key} wrap align="start" className="step-row">
                  <Form.Item name={[field.name, 'name']} rules={[{ required: true, whitespace: true }]}>
                    <Input placeholder={t('catalogue.col.name')} className="step-name" />
                  </Form.Item>
                  <Form.Item name={[field.name, 'kind']}>
                    <Select
                      className="step-select"
                      options={STEP_KINDS.map((k) => ({ value: k, label: t(`catalogue.stepKind.${k}`) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'signMode']}>
                    <Select
                      className="step-select"
                      options={SIGN_MODES.map((k) => ({ value: k, label: t(`catalogue.signMode.${k}`) }))}
                    />
                  </Form.Item>
                  <Form.Item noStyle shouldUpdate>
                    {() =>
                      form.getFieldValue(['steps', field.name, 'signMode']) === 'single' ? null : (
                        <Form.Item name={[field.name, 'participants']}>
                          <Select
                            mode="multiple"
                            className="step-participants"
                            placeholder={t('catalogue.participants')}
                            options={departments}
                          />
                        </Form.Item>
                      )
                    }
                  </Form.Item>
                  <Button type="text" icon={<MinusCircleOutlined />} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() =>
                  add({
                    code: `step${fields.length + 1}`,
                    name: '',
                    kind: 'review',
                    signMode: 'single',
                    participants: [],
                  })
                }
              >
                {t('catalogue.addStep')}
              </Button>
            </div>
          )}
        </Form.List>
        <Typography.Text strong>{t('catalogue.formFields')}</Typography.Text>
        <Form.List name="formFields">
          {(fields, { add, remove }) => (
            <div className="steps-editor" data-testid="form-fields-editor">
              {fields.map((field) => (
                <Space key={field.key} wrap align="start" className="step-row">
                  <Form.Item
                    name={[field.name, 'code']}
                    rules={[
                      fieldRule,
                      {
                        validator: async (_, value: unknown) => {
                          const code = typeof value === 'string' ? value.trim() : '';
                          const all = (form.getFieldValue('formFields') as FormField[] | undefined) ?? [];
                          if (code && all.filter((f) => f?.code?.trim() === code).length > 1)
                            throw new Error(t('catalogue.fieldDuplicate'));
                        },
                      },
                    ]}
                  >
                    <Input placeholder={t('catalogue.fieldCode')} className="step-name mono" maxLength={60} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'label']} rules={[fieldRule]}>
                    <Input placeholder={t('catalogue.fieldLabel')} className="step-name" maxLength={100} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'labelEn']} rules={[fieldRule]}>
                    <Input placeholder={t('catalogue.fieldLabelEn')} className="step-name" maxLength={100} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'type']} rules={[{ required: true }]}>
                    <Select
                      className="step-select"
                      options={FORM_FIELD_TYPES.map((k) => ({ value: k, label: t(`catalogue.fieldType.${k}`) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'unit']}>
                    <Input placeholder={t('catalogue.fieldUnit')} style={{ width: 90 }} maxLength={20} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'required']} valuePropName="checked">
                    <Checkbox>{t('catalogue.fieldRequired')}</Checkbox>
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    aria-label={t('catalogue.removeField')}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ code: '', label: '', labelEn: '', type: 'text', required: false, unit: null })}
              >
                {t('catalogue.addField')}
              </Button>
              {fields.length > 0 ? (
                <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                  {t('catalogue.formFieldsHint')}
                </Typography.Paragraph>
              ) : null}
            </div>
          )}
        </Form.List>
        <Typography.Text strong>{t('catalogue.applicability')}</Typography.Text>
        <ul className="rule-list">
          {matter.applicability.map((rule, i) => (
            <li key={i}>{ruleText(rule, t, locale === 'en-US')}</li>
          ))}
        </ul>
      </Form>
    </Modal>
  );
}

/** Edits one material of a draft in memory. */
export function MaterialEditor({
  material,
  onOk,
  onCancel,
}: {
  material: Material;
  onOk: (material: Material) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Material>();
  const submit = async () => {
    await form.validateFields();
    // All values, including those not rendered as fields (a step's code), not only the registered ones.
    const v = form.getFieldsValue(true) as Material;
    onOk({
      ...material,
      name: v.name,
      required: v.required,
      main: v.main,
      tolerable: v.tolerable,
      commitmentText: v.commitmentText?.trim() ? v.commitmentText.trim() : null,
    });
  };
  return (
    <Modal
      open
      title={t('catalogue.editMaterial', { code: material.code })}
      onCancel={onCancel}
      onOk={() => void submit()}
      okText={t('catalogue.apply')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={material}>
        <Form.Item name="name" label={t('catalogue.col.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="required" valuePropName="checked">
            <Checkbox>{t('catalogue.required')}</Checkbox>
          </Form.Item>
          <Form.Item name="main" valuePropName="checked">
            <Checkbox>{t('guide.main')}</Checkbox>
          </Form.Item>
          <Form.Item name="tolerable" valuePropName="checked">
            <Checkbox>{t('guide.tolerable')}</Checkbox>
          </Form.Item>
        </Space>
        <Form.Item name="commitmentText" label={t('guide.commitmentText')} extra={t('catalogue.commitmentHint')}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Edits one stage of a draft in memory. */
export function StageEditor({
  stage,
  onOk,
  onCancel,
}: {
  stage: Stage;
  onOk: (stage: Stage) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Stage>();
  const departments = useDepartmentOptions();
  const submit = async () => {
    await form.validateFields();
    // All values, including those not rendered as fields (a step's code), not only the registered ones.
    const v = form.getFieldsValue(true) as Stage;
    onOk({ ...stage, ...v });
  };
  return (
    <Modal
      open
      title={t('catalogue.editStage', { code: stage.code })}
      onCancel={onCancel}
      onOk={() => void submit()}
      okText={t('catalogue.apply')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={stage}>
        <Form.Item name="name" label={t('catalogue.col.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="order" label={t('catalogue.col.order')} rules={[{ required: true, type: 'integer', min: 1 }]}>
          <InputNumber min={1} max={99} precision={0} />
        </Form.Item>
        <Form.Item name="leadDepartmentKind" label={t('catalogue.col.lead')} rules={[{ required: true }]}>
          <Select options={departments} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
