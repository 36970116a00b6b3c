export * from './failure-report.js';
export * from './disposition-table.js';
export * from './failure-disposition.js';
export * from './default-disposition-table.js';
export * from './supplier-return.js';
