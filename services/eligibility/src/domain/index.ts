/**
 * The eligibility context's pure rule engine (审核确认): policy parameters, money, working-day
 * calendar and the rules for 低保, 低保边缘/单人保, 特困, 临时救助 and 渐退. No framework, no I/O,
 * no clock: time is passed in, so the audit replay tool can import it and re-run any decision.
 */
export * from './errors';
export * from './money';
export * from './calendar-date';
export * from './calendar';
export * from './explanation';
export * from './household';
export * from './age-groups';
export * from './policy';
export * from './rules/income';
export * from './rules/assets';
export * from './rules/supplements';
export * from './rules/minimum-living-allowance';
export * from './rules/extreme-poverty';
export * from './rules/temporary-assistance';
export * from './rules/taper';
// Deciders of the context (policy lines, review cases), built on the rule engine above.
export * from './policy-catalogue';
export * from './review-case';
export * from './migration/caseload-ledger';
export * from './holiday-calendar';
