/** Quotes a PostgreSQL identifier (schema names come from configuration, never from users). */
export function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`Invalid SQL identifier: ${JSON.stringify(name)}`);
  return `"${name}"`;
}
