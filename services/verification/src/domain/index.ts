/**
 * The pure domain of household economic verification (核对): no framework, no I/O, time passed in.
 * Importable by the audit replay tool.
 */
export * from './calendar';
export * from './money';
export * from './sources';
export * from './errors';
export * from './records';
export * from './consent';
export * from './aggregation';
export * from './verification';
export * from './verification.decide';
export * from './verification.decider';
