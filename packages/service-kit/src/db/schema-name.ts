/** A service's Postgres schema: lower-case, starts with a letter, so it never needs quoting in a search_path. */
const schemaNamePattern = /^[a-z][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!schemaNamePattern.test(schema)) {
    throw new Error(
      `invalid Postgres schema name ${JSON.stringify(schema)}: use [a-z][a-z0-9_]*, at most 63 chars`,
    );
  }
}

/** The service's own schema first (its tables), then public (extensions such as pgcrypto live there). */
export function searchPathFor(schema: string): string {
  assertSchemaName(schema);
  return `${schema},public`;
}
