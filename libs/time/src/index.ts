/**
 * @sa/time: the clock and civil-time helpers every service shares (framework-free).
 */
export * from './clock';
export * from './clock-from-env';
export * from './shanghai';
export * from './calendar-errors';
export * from './calendar-date';
export * from './calendar';
export * from './chinese-days';
export * from './holiday-schedule';
export * from './holiday-schedule-example';
