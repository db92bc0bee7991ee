import { Alert, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import { useCaseAction, type CaseActionInput } from '../api/cases.api.ts';
import { SPECIAL_PROCEDURE_KINDS, type CaseStep, type SpecialProcedureView } from '../api/cases.types.ts';

export type CaseModalKind =
  'advance' | 'sign' | 'return' | 'approve' | 'deny' | 'extension' | 'specialStart' | 'specialEnd';

interface Values {
  opinion?: string;
  toStep?: string;
  workingDays?: number;
  reason?: string;
  kind?: (typeof SPECIAL_PROCEDURE_KINDS)[number];
  expectedWorkingDays?: number;
  result?: string;
}

interface CaseActionModalProps {
  caseId: string;
  kind: CaseModalKind | null;
  /** Steps one may return to (before the current one). */
  returnSteps: CaseStep[];
  procedure: SpecialProcedureView | null;
  onClose: () => void;
}

function toInput(kind: CaseModalKind, v: Values, procedure: SpecialProcedureView | null): CaseActionInput {
  switch (kind) {
    case 'advance':
    case 'sign':
      return { action: kind, opinion: v.opinion ?? '' };
    case 'return':
      return { action: 'return', toStep: v.toStep ?? '', opinion: v.opinion ?? '' };
    case 'approve':
    case 'deny':
      return { action: 'decision', decision: kind === 'approve' ? 'approved' : 'denied', opinion: v.opinion ?? '' };
    case 'extension':
      return { action: 'extension', workingDays: v.workingDays ?? 0, reason: v.reason ?? '' };
    case 'specialStart':
      return {
        action: 'specialStart',
        kind: v.kind ?? 'expertReview',
        reason: v.reason ?? '',
        expectedWorkingDays: v.expectedWorkingDays ?? 0,
      };
    case 'specialEnd':
      return { action: 'specialEnd', procedureId: procedure?.id ?? '', result: v.result ?? '' };
  }
}

/** One modal for every case action: the fields the action needs (opinion, step, days, reason, kind, result). */
export function CaseActionModal({ caseId, kind, returnSteps, procedure, onClose }: CaseActionModalProps) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const [form] = Form.useForm<Values>();
  const action = useCaseAction(caseId);
  const [error, setError] = useState<string | null>(null);
  const required = [{ required: true, message: t('common.required') }];
  const withOpinion =
    kind === 'advance' || kind === 'sign' || kind === 'return' || kind === 'approve' || kind === 'deny';

  const onOk = () => {
    if (!kind) return;
    form
      .validateFields()
      .then((values) => {
        setError(null);
        action.mutate(toInput(kind, values, procedure), {
          onSuccess: onClose,
          onError: (err) => setError(errorText(err)),
        });
      })
      .catch(() => undefined);
  };

  return (
    <Modal
      open={kind !== null}
      title={kind ? t(`case.modal.${kind}`) : ''}
      okText={t('common.ok')}
      okButtonProps={
        { loading: action.isPending, danger: kind === 'deny', 'data-testid': 'case-action-confirm' } as never
      }
      onOk={onOk}
      onCancel={onClose}
      afterClose={() => {
        form.resetFields();
        setError(null);
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        {kind === 'return' ? (
          <Form.Item name="toStep" label={t('case.returnTo')} rules={required}>
            <Select
              data-testid="case-return-step"
              options={returnSteps.map((s) => ({ value: s.code, label: s.name }))}
            />
          </Form.Item>
        ) : null}
        {kind === 'specialStart' ? (
          <>
            <Form.Item name="kind" label={t('special.kindLabel')} rules={required}>
              <Select
                data-testid="special-procedure-kind"
                options={SPECIAL_PROCEDURE_KINDS.map((k) => ({ value: k, label: t(`special.kind.${k}`) }))}
              />
            </Form.Item>
            <Form.Item name="expectedWorkingDays" label={t('special.expectedDays')} rules={required}>
              <InputNumber
                min={1}
                max={365}
                precision={0}
                className="full-width"
                data-testid="special-procedure-days"
              />
            </Form.Item>
          </>
        ) : null}
        {kind === 'extension' ? (
          <Form.Item name="workingDays" label={t('case.extensionDays')} rules={required}>
            <InputNumber min={1} max={60} precision={0} className="full-width" data-testid="case-extension-days" />
          </Form.Item>
        ) : null}
        {kind === 'specialStart' || kind === 'extension' ? (
          <Form.Item name="reason" label={t('case.reason')} rules={required}>
            <Input.TextArea autoSize={{ minRows: 2 }} data-testid="case-action-reason" />
          </Form.Item>
        ) : null}
        {kind === 'specialEnd' ? (
          <Form.Item name="result" label={t('special.resultLabel')} rules={required}>
            <Input.TextArea autoSize={{ minRows: 2 }} data-testid="special-procedure-result" />
          </Form.Item>
        ) : null}
        {withOpinion ? (
          <Form.Item name="opinion" label={t('case.opinion')} rules={required}>
            <Input.TextArea autoSize={{ minRows: 3 }} data-testid="case-opinion" />
          </Form.Item>
        ) : null}
      </Form>
      {error ? <Alert type="error" showIcon title={error} data-testid="case-action-error" /> : null}
    </Modal>
  );
}
