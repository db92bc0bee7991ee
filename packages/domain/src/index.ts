/** @yiwang/domain — pure domain rules of the 投资项目在线审批监管平台 (no I/O, no clock, no Node built-ins). */
export * from './errors.ts';
export * from './civil-date.ts';
export * from './project-code.ts';
export * from './credit-code.ts';
export * from './calendar.ts';
export * from './masking.ts';
export * from './catalogue/catalogue-types.ts';
export * from './catalogue/applicability.ts';
export * from './catalogue/validate-catalogue.ts';
export * from './catalogue/default-catalogue.ts';
export * from './plan/project-plan.ts';
export * from './approval/stage-form.ts';
export * from './approval/application-lifecycle.ts';
export * from './approval/case-lifecycle.ts';
export * from './approval/clock-ledger.ts';
export * from './approval/credit-policy.ts';
export * from './approval/licence-record.ts';
