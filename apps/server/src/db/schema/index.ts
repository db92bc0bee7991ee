export * from './organisations.ts';
export * from './accounts.ts';
export * from './audit.ts';
export * from './enterprises.ts';
export * from './projects.ts';
export * from './calendar.ts';
export * from './catalogue.ts';
export * from './approval.ts';
