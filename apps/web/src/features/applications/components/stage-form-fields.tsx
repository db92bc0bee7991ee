import { DatePicker, Descriptions, Form, Input, InputNumber, Radio } from 'antd';
import type { StageFormField } from '@yiwang/domain';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type { FormData, FormValue } from '../api/applications.types.ts';

type EditorValue = string | number | boolean | Dayjs | null | undefined;

/** The form's values as antd holds them (dates as Dayjs), under `formData` so server errors `formData.<code>` map. */
export function toEditorValues(fields: StageFormField[], data: FormData): { formData: Record<string, EditorValue> } {
  const values: Record<string, EditorValue> = {};
  for (const field of fields) {
    const value = data[field.code];
    values[field.code] =
      field.type === 'date' && typeof value === 'string' && value ? dayjs(value) : (value ?? undefined);
  }
  return { formData: values };
}

/** Back to the JSON the server stores; empty answers become null. */
export function fromEditorValues(fields: StageFormField[], values: Record<string, EditorValue> | undefined): FormData {
  const data: FormData = {};
  for (const field of fields) {
    const value = values?.[field.code];
    let out: FormValue = null;
    if (dayjs.isDayjs(value)) out = value.format('YYYY-MM-DD');
    else if (typeof value === 'string') out = value.trim() === '' ? null : value;
    else if (typeof value === 'number' || typeof value === 'boolean') out = value;
    data[field.code] = out;
  }
  return data;
}

export function useFieldLabel() {
  const { locale } = useI18n();
  return (field: Pick<StageFormField, 'label' | 'labelEn' | 'unit'>) => {
    const label = locale === 'en-US' ? field.labelEn || field.label : field.label;
    return field.unit && !label.includes(field.unit) ? `${label}（${field.unit}）` : label;
  };
}

/**
 * The input for one field. Form.Item injects `value`, `onChange` and `id` into its direct child — this component — so
 * they must be passed on to the antd control, or the form never sees what was typed.
 */
function FieldInput({
  field,
  disabled,
  ...bound
}: {
  field: StageFormField;
  disabled: boolean;
  value?: never;
  onChange?: never;
  id?: string;
}) {
  const { t } = useI18n();
  const testId = `form-field-${field.code}`;
  const props = { ...bound, disabled, 'data-testid': testId };
  switch (field.type) {
    case 'textarea':
      return <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} {...props} />;
    case 'number':
      return <InputNumber className="full-width" {...props} />;
    case 'date':
      return <DatePicker className="full-width" {...props} />;
    case 'boolean':
      return (
        <Radio.Group
          {...props}
          options={[
            { value: true, label: t('common.yes') },
            { value: false, label: t('common.no') },
          ]}
        />
      );
    default:
      return <Input {...props} />;
  }
}

/** The ONE form of the stage: every field once, typed, with required marks. The parent owns the antd Form. */
export function StageFormFields({ fields, disabled }: { fields: StageFormField[]; disabled: boolean }) {
  const { t } = useI18n();
  const labelOf = useFieldLabel();
  return (
    <>
      {fields.map((field) => (
        <Form.Item
          key={field.code}
          name={['formData', field.code]}
          label={labelOf(field)}
          required={field.required}
          rules={field.required ? [{ required: true, message: t('application.fieldRequired') }] : []}
          className="stage-form-item"
        >
          <FieldInput field={field} disabled={disabled} />
        </Form.Item>
      ))}
    </>
  );
}

function display(value: FormValue | undefined, yes: string, no: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? yes : no;
  return String(value);
}

/** Read-only form data (window, department): labels from the form when known, else the field codes. */
export function FormDataView({ data, fields }: { data: FormData; fields?: StageFormField[] | undefined }) {
  const { t } = useI18n();
  const labelOf = useFieldLabel();
  const known = fields ?? [];
  const codes = [...known.map((f) => f.code), ...Object.keys(data).filter((c) => !known.some((f) => f.code === c))];
  if (codes.length === 0) return <span>{t('application.noFields')}</span>;
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      data-testid="form-data-view"
      items={codes.map((code) => {
        const field = known.find((f) => f.code === code);
        return {
          key: code,
          label: field ? labelOf(field) : code,
          children: (
            <span data-testid={`form-value-${code}`}>{display(data[code], t('common.yes'), t('common.no'))}</span>
          ),
        };
      })}
    />
  );
}
