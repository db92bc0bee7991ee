import type { MessageKey } from '../../../app/i18n/i18n.tsx';
import type { Engagement, ServiceType } from '../api/intermediary.api.ts';

export const TYPE_KEYS: Record<ServiceType, MessageKey> = {
  eia: 'intermediary.type.eia',
  energy: 'intermediary.type.energy',
  surveying: 'intermediary.type.surveying',
  soilConservation: 'intermediary.type.soilConservation',
  safety: 'intermediary.type.safety',
  costConsulting: 'intermediary.type.costConsulting',
  design: 'intermediary.type.design',
  supervision: 'intermediary.type.supervision',
  feasibility: 'intermediary.type.feasibility',
  other: 'intermediary.type.other',
};

export const ENGAGEMENT_STATUS: Record<Engagement['status'], { key: MessageKey; color: string }> = {
  requested: { key: 'intermediary.status.requested', color: 'processing' },
  accepted: { key: 'intermediary.status.accepted', color: 'blue' },
  declined: { key: 'intermediary.status.declined', color: 'default' },
  completed: { key: 'intermediary.status.completed', color: 'success' },
};
