/** Name of the service schema. */
export const DISBURSEMENT_SCHEMA = Symbol('DISBURSEMENT_SCHEMA');
/** Resolves once the schema migrations ran. */
export const DISBURSEMENT_MIGRATED = Symbol('DISBURSEMENT_MIGRATED');
