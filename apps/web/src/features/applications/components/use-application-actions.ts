import { App, type FormInstance } from 'antd';
import { useState } from 'react';
import { nestedFieldErrorsFor, useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useSaveApplication, useSubmitApplication, useSupplementApplication } from '../api/applications.api.ts';
import type { ApplicationDetail } from '../api/applications.types.ts';
import { fromEditorValues } from './stage-form-fields.tsx';

/** Save / submit / 提交补正 of the one form; submit and supplement save the form first so no answer is lost. */
export function useApplicationActions(application: ApplicationDetail, form: FormInstance, formEditable: boolean) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const save = useSaveApplication(application.id);
  const submit = useSubmitApplication(application.id);
  const supplement = useSupplementApplication(application.id);
  const [error, setError] = useState<string | null>(null);
  const fields = application.form.fields;

  const showError = (err: unknown) => {
    setError(errorText(err));
    const fieldErrors = nestedFieldErrorsFor(err, locale);
    if (fieldErrors.length > 0) {
      form.setFields(fieldErrors);
      const first = fieldErrors[0];
      if (first) form.scrollToField(first.name);
    }
  };

  const saveForm = async () => {
    if (!formEditable) return;
    const values = form.getFieldsValue(true) as { formData?: Record<string, never> };
    await save.mutateAsync({ formData: fromEditorValues(fields, values.formData) });
  };

  const run = (then: (() => Promise<unknown>) | null, done: string) => {
    setError(null);
    saveForm()
      .then(() => (then ? then() : undefined))
      .then(() => void message.success(done))
      .catch(showError);
  };

  return {
    error,
    busy: save.isPending || submit.isPending || supplement.isPending,
    saving: save.isPending,
    submitting: submit.isPending,
    supplementing: supplement.isPending,
    save: () => run(null, t('application.saved')),
    submit: () => run(() => submit.mutateAsync(), t('application.submitted')),
    supplement: () => run(() => supplement.mutateAsync(), t('application.supplemented')),
  };
}
