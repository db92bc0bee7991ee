import type { MessageKey } from '../../../app/i18n/i18n.tsx';

/** Labels for the functional kinds the demo data uses; `kind` is free text on the server, so others show as stored. */
export const DEPARTMENT_KIND_LABELS: Record<string, MessageKey> = {
  ndrc: 'org.kind.ndrc',
  approvalService: 'org.kind.approvalService',
  naturalResources: 'org.kind.naturalResources',
  housing: 'org.kind.housing',
  ecology: 'org.kind.ecology',
  fireRescue: 'org.kind.fireRescue',
  water: 'org.kind.water',
  civilAirDefence: 'org.kind.civilAirDefence',
};
