export * from './holiday-calendar';
