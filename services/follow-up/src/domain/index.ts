/** The pure core of the follow-up context (动态管理): no framework, no I/O, time passed in as data. */
export * from './calendar';
export * from './follow-up-rule-error';
export * from './review-schedule';
export * from './welfare-visits';
export * from './age-out';
export * from './data-feeds';
export * from './follow-up-case';
export * from './follow-up-case.decide';
export * from './complaint';
