/**
 * For a (possibly wrapped) UNIQUE constraint violation, the columns SQLite names
 * (e.g. `properties.org_id, properties.mandate_number`); null for any other error.
 */
export function uniqueViolation(error: unknown): string | null {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const match = /UNIQUE constraint failed: ([\w., ]+)/.exec(e.message);
    if (match?.[1]) return match[1];
    if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') return '';
  }
  return null;
}

export const isUniqueViolation = (error: unknown): boolean => uniqueViolation(error) !== null;
