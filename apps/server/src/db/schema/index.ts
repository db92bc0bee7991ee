export * from './organisations.ts';
export * from './accounts.ts';
export * from './audit.ts';
