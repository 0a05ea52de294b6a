import { is } from 'drizzle-orm';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Database } from './client.ts';
import * as schema from './schema/index.ts';

/** A column that names a row of another table, paired with `org_id` in a composite foreign key. */
export interface OrgReference {
  table: string;
  column: string;
  target: string;
}

/** Read from the schema's composite foreign keys, so a new one is covered without being listed here. */
export const ORG_REFERENCES: readonly OrgReference[] = (Object.values(schema) as unknown[])
  .flatMap((value) => (is(value, SQLiteTable) ? [value] : []))
  .flatMap((table) => {
    const config = getTableConfig(table);
    return config.foreignKeys.flatMap((fk) => {
      const { columns, foreignColumns, foreignTable } = fk.reference();
      if (columns.length !== 2 || columns[0]!.name !== 'org_id' || foreignColumns[0]!.name !== 'org_id') return [];
      return [{ table: config.name, column: columns[1]!.name, target: getTableConfig(foreignTable).name }];
    });
  });

/** review_items.item_id names a row of the table its item_type says: triggers guard it, not a key. */
export const REVIEW_ITEM_TARGETS = { MESSAGE: 'messages', FILE: 'files', VOCAL: 'vocals' } as const;

export interface CrossAgencyReference extends OrgReference {
  rowId: string;
  orgId: string;
  referencedId: string;
  /** Null when the row it names does not exist at all. */
  referencedOrgId: string | null;
}

/**
 * Rows naming a row of another agency (or, through a foreign key, a missing one). The composite
 * foreign keys and the review items' triggers keep this empty; it checks a database they do
 * not guard yet, and the tests.
 */
export async function findCrossAgencyReferences({ client }: Pick<Database, 'client'>): Promise<CrossAgencyReference[]> {
  // An older database lacks the columns later migrations add: only what it has can be checked.
  const present = new Set(
    (
      await client.execute(
        "SELECT m.name || '.' || p.name AS name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'",
      )
    ).rows.map((r) => String(r.name)),
  );
  const selects = ORG_REFERENCES.filter(({ table, column }) => present.has(`${table}.${column}`)).map(
    ({ table, column, target }) =>
      `SELECT '${table}' AS "table", '${column}' AS "column", '${target}' AS target, c.id AS row_id, c.org_id, c."${column}" AS referenced_id, t.org_id AS referenced_org_id
       FROM "${table}" c LEFT JOIN "${target}" t ON t.id = c."${column}"
       WHERE c."${column}" IS NOT NULL AND t.org_id IS NOT c.org_id`,
  );
  for (const [itemType, target] of Object.entries(REVIEW_ITEM_TARGETS)) {
    selects.push(
      `SELECT 'review_items', 'item_id', '${target}', c.id, c.org_id, c.item_id, t.org_id
       FROM review_items c JOIN "${target}" t ON t.id = c.item_id
       WHERE c.item_type = '${itemType}' AND t.org_id <> c.org_id`,
    );
  }
  const { rows } = await client.execute(selects.join('\nUNION ALL\n'));
  return rows.map((r) => ({
    table: String(r.table),
    column: String(r.column),
    target: String(r.target),
    rowId: String(r.row_id),
    orgId: String(r.org_id),
    referencedId: String(r.referenced_id),
    referencedOrgId: r.referenced_org_id === null ? null : String(r.referenced_org_id),
  }));
}

export interface TenancyMismatch {
  table: string;
  rowId: string;
  column: string;
  orgId: string;
  referencedId: string;
  referencedOrgId: string | null;
  /** NULLED: the reference was cleared; DELETED: the row itself was removed (its data kept in rowData). */
  action: 'NULLED' | 'DELETED';
  rowData: string | null;
  recordedAt: string;
}

/**
 * What the migration to composite foreign keys found pointing across agencies and took out of
 * the way (see that migration). Empty unless a person has something to look at.
 */
export async function recordedTenancyMismatches({ client }: Pick<Database, 'client'>): Promise<TenancyMismatch[]> {
  const exists = await client.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tenancy_mismatches'");
  if (exists.rows.length === 0) return [];
  const { rows } = await client.execute('SELECT * FROM tenancy_mismatches ORDER BY id');
  return rows.map((r) => ({
    table: String(r.table_name),
    rowId: String(r.row_id),
    column: String(r.column_name),
    orgId: String(r.org_id),
    referencedId: String(r.referenced_id),
    referencedOrgId: r.referenced_org_id === null ? null : String(r.referenced_org_id),
    action: r.action as TenancyMismatch['action'],
    rowData: r.row_data === null ? null : String(r.row_data),
    recordedAt: String(r.recorded_at),
  }));
}
