import { Alert, Checkbox, Input, Modal, Segmented, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useErrorText } from '../../../app/api/error-text.ts';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type { ApplicationDetail } from '../../applications/api/applications.types.ts';
import { useFieldLabel } from '../../applications/components/stage-form-fields.tsx';
import { useRequestCorrection, type CorrectionItemInput } from '../api/window.api.ts';

interface Entry {
  kind: 'material' | 'field';
  code: string;
  name: string;
  missing: boolean;
}

interface Choice {
  problem: 'missing' | 'invalid';
  reason: string;
}

/** 一次性补正: every material and field of the application as a checklist; each checked item needs a reason. */
export function CorrectionModal({
  application,
  open,
  onClose,
}: {
  application: ApplicationDetail;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const labelOf = useFieldLabel();
  const send = useRequestCorrection(application.id);
  const [chosen, setChosen] = useState<Record<string, Choice>>({});
  const [error, setError] = useState<string | null>(null);

  const entries: Entry[] = [
    ...application.materials.map((m) => ({
      kind: 'material' as const,
      code: m.materialCode,
      name: m.name,
      missing: m.status === 'missing',
    })),
    ...application.form.fields.map((f) => ({
      kind: 'field' as const,
      code: f.code,
      name: labelOf(f),
      missing: application.formData[f.code] === null || application.formData[f.code] === undefined,
    })),
  ];
  const keyOf = (e: Entry) => `${e.kind}:${e.code}`;

  const toggle = (entry: Entry, checked: boolean) =>
    setChosen(({ [keyOf(entry)]: _dropped, ...rest }) =>
      checked ? { ...rest, [keyOf(entry)]: { problem: entry.missing ? 'missing' : 'invalid', reason: '' } } : rest,
    );
  const update = (entry: Entry, patch: Partial<Choice>) =>
    setChosen((prev) => {
      const current = prev[keyOf(entry)];
      return current ? { ...prev, [keyOf(entry)]: { ...current, ...patch } } : prev;
    });

  const onSend = () => {
    const items: CorrectionItemInput[] = entries.flatMap((e) => {
      const choice = chosen[keyOf(e)];
      if (!choice) return [];
      const item: CorrectionItemInput = { problem: choice.problem, reason: choice.reason.trim() };
      if (e.kind === 'material') item.materialCode = e.code;
      else item.fieldCode = e.code;
      return [item];
    });
    if (items.length === 0) return setError(t('correction.pickOne'));
    if (items.some((i) => !i.reason)) return setError(t('correction.reasonRequired'));
    setError(null);
    send.mutate({ items }, { onSuccess: onClose, onError: (err) => setError(errorText(err)) });
  };

  return (
    <Modal
      open={open}
      width={720}
      title={t('correction.modalTitle')}
      okText={t('correction.send')}
      okButtonProps={{ loading: send.isPending, 'data-testid': 'correction-send' } as never}
      onOk={onSend}
      onCancel={onClose}
      afterClose={() => {
        setChosen({});
        setError(null);
      }}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('correction.modalHint')}</Typography.Paragraph>
      <ul className="correction-checklist">
        {entries.map((e) => {
          const choice = chosen[keyOf(e)];
          return (
            <li key={keyOf(e)} className={choice ? 'correction-check correction-check-on' : 'correction-check'}>
              <Checkbox
                checked={Boolean(choice)}
                onChange={(ev) => toggle(e, ev.target.checked)}
                data-testid={`correction-item-${e.code}`}
              >
                <Tag>{t(e.kind === 'material' ? 'correction.kindMaterial' : 'correction.kindField')}</Tag>
                {e.name}
                {e.missing ? (
                  <Tag color="orange" className="inline-tag">
                    {t('material.status.missing')}
                  </Tag>
                ) : null}
              </Checkbox>
              {choice ? (
                <div className="correction-check-detail">
                  <Segmented
                    size="small"
                    value={choice.problem}
                    onChange={(value) => update(e, { problem: value as Choice['problem'] })}
                    options={[
                      { value: 'missing', label: t('correction.problem.missing') },
                      { value: 'invalid', label: t('correction.problem.invalid') },
                    ]}
                  />
                  <Input
                    value={choice.reason}
                    onChange={(ev) => update(e, { reason: ev.target.value })}
                    placeholder={t('correction.reasonPlaceholder')}
                    maxLength={500}
                    data-testid={`correction-reason-${e.code}`}
                  />
                </div>
              ) : null}
            </li>
          );
        })}
      </ul>
      {error ? <Alert type="error" showIcon title={error} data-testid="correction-error" /> : null}
    </Modal>
  );
}
