import { Button, Space } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../../app/i18n/i18n.tsx';
import type { CaseModalKind } from './case-action-modal.tsx';

/** Server action names (allowedActions) → the buttons they enable; a few spellings are accepted. */
const ACTION_NAMES: Record<Exclude<CaseModalKind, 'specialEnd'>, string[]> = {
  advance: ['advance'],
  sign: ['sign'],
  return: ['return'],
  specialStart: ['specialProcedure', 'startSpecialProcedure', 'specialProcedureStart', 'special-procedures'],
  extension: ['extension', 'extend'],
  approve: ['decision', 'decide', 'approve'],
  deny: ['decision', 'decide', 'deny'],
};

export function allowed(allowedActions: string[], kind: CaseModalKind): boolean {
  if (kind === 'specialEnd') {
    return allowedActions.some((a) => ['endSpecialProcedure', 'specialProcedureEnd'].includes(a));
  }
  return ACTION_NAMES[kind].some((name) => allowedActions.includes(name));
}

const BUTTONS: { kind: Exclude<CaseModalKind, 'specialEnd'>; testId: string; primary?: boolean; danger?: boolean }[] = [
  { kind: 'advance', testId: 'case-advance', primary: true },
  { kind: 'sign', testId: 'case-sign', primary: true },
  { kind: 'approve', testId: 'case-decision-approve', primary: true },
  { kind: 'deny', testId: 'case-decision-deny', danger: true },
  { kind: 'return', testId: 'case-return' },
  { kind: 'specialStart', testId: 'special-procedure-start' },
  { kind: 'extension', testId: 'case-extension' },
];

/**
 * The buttons of the actions the server allows this user on this case now. 转办 and 征求意见 have their own modals
 * (a colleague list, a department list) and come in as `extra`.
 */
export function CaseActionBar({
  allowedActions,
  onAction,
  extra,
}: {
  allowedActions: string[];
  onAction: (kind: CaseModalKind) => void;
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  const shown = BUTTONS.filter((b) => allowed(allowedActions, b.kind));
  if (shown.length === 0 && !extra) return null;
  return (
    <Space wrap data-testid="case-actions">
      {shown.map((b) => (
        <Button
          key={b.kind}
          type={b.primary ? 'primary' : 'default'}
          danger={b.danger ?? false}
          onClick={() => onAction(b.kind)}
          data-testid={b.testId}
        >
          {t(`case.button.${b.kind}`)}
        </Button>
      ))}
      {extra}
    </Space>
  );
}
