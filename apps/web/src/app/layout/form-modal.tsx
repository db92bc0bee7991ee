import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { fieldErrorsFor, useErrorText } from '../api/error-text.ts';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * A dialog holding one form: validates on OK, sends, and on a refusal puts the server's field errors on the fields and
 * its message above the form (zh or en); closes on success, and forgets what was typed once closed.
 */
export function FormModal<V extends object>({
  open,
  title,
  okText,
  form,
  name,
  initialValues,
  onSubmit,
  onClose,
  pending,
  okTestId,
  intro,
  children,
}: {
  open: boolean;
  title: ReactNode;
  okText: string;
  form: FormInstance<V>;
  /** The form's name: antd prefixes the fields' ids with it (`<name>_<field>`). */
  name: string;
  initialValues?: Partial<V>;
  /** Sends the validated values; a rejection is shown, a resolution closes the dialog. */
  onSubmit: (values: V) => Promise<unknown>;
  onClose: () => void;
  pending: boolean;
  okTestId?: string;
  /** Shown above the form (what is being answered, a legal note). */
  intro?: ReactNode;
  children: ReactNode;
}) {
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    let values: V;
    try {
      values = await form.validateFields();
    } catch {
      return; // the fields say what is missing
    }
    setError(null);
    try {
      await onSubmit(values);
      onClose();
    } catch (err) {
      form.setFields(fieldErrorsFor(err, locale).map((f) => ({ name: f.name as never, errors: f.errors })));
      setError(errorText(err));
    }
  };
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={pending}
      okButtonProps={okTestId ? ({ 'data-testid': okTestId } as never) : {}}
      afterClose={() => {
        form.resetFields();
        setError(null);
      }}
      forceRender
    >
      {intro}
      {error ? (
        <Alert type="error" showIcon className="form-alert" title={error} data-testid="form-modal-error" />
      ) : null}
      <Form<V> form={form} layout="vertical" name={name} initialValues={initialValues}>
        {children}
      </Form>
    </Modal>
  );
}
