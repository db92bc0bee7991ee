import { Alert, App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useVoidProject, type Project } from '../api/projects.api.ts';

/** 撤销项目: with a reason; the code stays in the history and is never issued again. */
export function VoidModal({ project, open, onClose }: { project: Project; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<{ reason: string }>();
  const [formError, setFormError] = useState<string | null>(null);
  const voidProject = useVoidProject(project.id);

  const close = () => {
    form.resetFields();
    setFormError(null);
    onClose();
  };

  const submit = async () => {
    setFormError(null);
    let reason: string;
    try {
      reason = (await form.validateFields()).reason.trim();
    } catch {
      return;
    }
    try {
      await voidProject.mutateAsync(reason);
      message.success(t('project.void.done'));
      close();
    } catch (error) {
      setFormError(errorText(error));
    }
  };

  return (
    <Modal
      title={t('project.void.title')}
      open={open}
      onCancel={close}
      onOk={() => void submit()}
      okText={t('project.void.confirm')}
      okButtonProps={{ danger: true, 'data-testid': 'void-submit' } as never}
      cancelText={t('common.cancel')}
      confirmLoading={voidProject.isPending}
      forceRender
    >
      <Alert
        type="warning"
        showIcon
        className="form-alert"
        title={t('project.void.warning', { code: project.code ?? '—' })}
      />
      {formError ? (
        <Alert type="error" showIcon title={formError} className="form-alert" data-testid="void-error" />
      ) : null}
      <Form form={form} name="void" layout="vertical">
        <Form.Item
          name="reason"
          label={t('project.void.reason')}
          rules={[{ required: true, whitespace: true, message: t('project.void.reasonRequired') }, { max: 500 }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={500} showCount data-testid="void-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
