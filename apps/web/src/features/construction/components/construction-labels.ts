import type { MessageKey } from '../../../app/i18n/i18n.tsx';
import type { ConstructionStatus, ReportKind } from '../api/construction.api.ts';

export const STATUS_KEYS: Record<ConstructionStatus | 'notStarted', MessageKey> = {
  notStarted: 'construction.status.notStarted',
  underConstruction: 'construction.status.underConstruction',
  suspended: 'construction.status.suspended',
  completed: 'construction.status.completed',
};

export const STATUS_COLORS: Record<ConstructionStatus | 'notStarted', string> = {
  notStarted: 'default',
  underConstruction: 'processing',
  suspended: 'warning',
  completed: 'success',
};

export const KIND_KEYS: Record<ReportKind, MessageKey> = {
  start: 'construction.kind.start',
  progress: 'construction.kind.progress',
  suspension: 'construction.kind.suspension',
  resumption: 'construction.kind.resumption',
  completion: 'construction.kind.completion',
};

/** The button that opens each report form. */
export const ACTION_KEYS: Record<ReportKind, MessageKey> = {
  start: 'construction.action.start',
  progress: 'construction.action.progress',
  suspension: 'construction.action.suspension',
  resumption: 'construction.action.resumption',
  completion: 'construction.action.completion',
};

export { formatWan } from '../../../app/i18n/format-wan.ts';
