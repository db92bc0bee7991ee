import { Alert, Card, Form, type FormInstance } from 'antd';
import { useEffect } from 'react';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type { ApplicationDetail } from '../api/applications.types.ts';
import { StageFormFields, toEditorValues } from './stage-form-fields.tsx';

/** The ONE form of the stage (fields of all the stage's matters, each once). The page owns the antd form. */
export function ApplicationFormCard({
  application,
  form,
  editable,
}: {
  application: ApplicationDetail;
  form: FormInstance;
  editable: boolean;
}) {
  const { t } = useI18n();
  const fields = application.form.fields;
  useEffect(() => {
    form.setFieldsValue(toEditorValues(fields, application.formData));
  }, [form, fields, application.formData]);
  return (
    <Card title={t('application.formTitle')} data-testid="application-form-card">
      {fields.length === 0 ? <Alert type="info" showIcon title={t('application.noFields')} /> : null}
      <Form form={form} layout="vertical" className="stage-form" disabled={!editable}>
        <StageFormFields fields={fields} disabled={!editable} />
      </Form>
    </Card>
  );
}
