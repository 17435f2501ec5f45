/** The audit's pure core: no framework, no I/O. Folds with each context's own decider. */
export * from './audit-event';
export * from './history';
export * from './replay';
export * from './explanation';
export * from './checkpoint';
export * from './report-html';
export * from './case-report';
export * from './case-timeline';
export * from './statistics';
export * from './paging';
export * from './reason-labels';
export * from './statistics-facts';
