export * from './postgres-event-store';
export { migrate, MIGRATIONS, notifyChannel, quoteIdent, assertSchemaName, type Migration } from './migrations';
export { ChangeNotifier } from './notifier';
export { PgSubscription } from './subscription';
