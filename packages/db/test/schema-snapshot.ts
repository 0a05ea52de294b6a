import type { Database } from '../src/index.ts';

/** The applied migrations and every schema object: equal before and after a no-op migrateDb. */
export async function schemaSnapshot({ client }: Database) {
  const applied = await client.execute('SELECT hash, created_at FROM __drizzle_migrations ORDER BY id');
  const objects = await client.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name");
  return { applied: applied.rows, objects: objects.rows, tables: objects.rows.filter((o) => o.type === 'table').map((o) => o.name) };
}
