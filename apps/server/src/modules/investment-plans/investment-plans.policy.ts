import { roles } from '../../plugins/authorization.ts';

/** 政府投资年度计划: the supervisors (发改) of a region draw up and follow its plans; higher levels read them. */
export const investmentPlanPolicy = {
  read: roles('supervisor'),
  edit: roles('supervisor'),
} as const;
