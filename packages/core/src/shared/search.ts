import { invalidField } from '@monimmo/contract/errors';
import type { Db } from '@monimmo/db';
import { and, asc, desc, eq, getTableName, sql, type AnyColumn, type SQL, type Table } from 'drizzle-orm';
import { afterCursor, toPage } from './pagination.ts';

/**
 * Turns what a person typed into an FTS5 query: every word must match, each as a prefix
 * ("electri" finds "Électricité"). Words are quoted, so FTS syntax in the input is inert.
 * Returns null when nothing searchable is left (only punctuation).
 */
export function ftsQuery(text: string): string | null {
  const words = text.normalize('NFC').match(/[\p{L}\p{N}]+/gu);
  if (!words) return null;
  return words
    .slice(0, 12)
    .map((w) => `"${w}"*`)
    .join(' ');
}

/** Keyset position in a ranked list: (rank, id). bm25 ranks are negative floats, best first. */
export interface RankCursor {
  rank: number;
  id: string;
}

export function encodeRankCursor(c: RankCursor): string {
  return Buffer.from(JSON.stringify(['r', c.rank, c.id])).toString('base64url');
}

export function decodeRankCursor(raw: string): RankCursor | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    // JSON reads 1e999 as Infinity, which SQLite cannot bind: only a finite rank is a position.
    if (Array.isArray(v) && v[0] === 'r' && Number.isFinite(v[1]) && typeof v[2] === 'string') return { rank: v[1] as number, id: v[2] };
  } catch {
    // not a rank cursor
  }
  return null;
}

interface FtsTable {
  rowid: AnyColumn;
  orgId: AnyColumn;
  rank: AnyColumn;
}

/**
 * The pieces of a ranked, paged full-text query over one of the *_fts tables: join it on
 * the source row's search_rowid, match the words within the agency, order by rank then id.
 */
export function rankedSearch(
  fts: FtsTable & Table,
  searchRowid: AnyColumn,
  idColumn: AnyColumn,
  text: string,
  orgId: string,
  cursor: string | undefined,
) {
  const query = ftsQuery(text);
  const after = cursor ? decodeRankCursor(cursor) : undefined;
  if (after === null) throw invalidField('cursor', 'not a cursor from this search');
  return {
    /** Null when the text has no word in it: the answer is then an empty page. */
    query,
    join: eq(fts.rowid, searchRowid),
    where: and(
      sql`${sql.identifier(getTableName(fts))} MATCH ${query ?? '""'}`,
      eq(fts.orgId, orgId),
      after ? sql`(${fts.rank}, ${idColumn}) > (${after.rank}, ${after.id})` : undefined,
    ) as SQL,
    orderBy: [asc(fts.rank), asc(idColumn)],
  };
}

export interface ListQuery<Row> {
  table: Table;
  fts: FtsTable & Table;
  /** The source table's search_rowid and id columns. */
  searchRowid: AnyColumn;
  id: AnyColumn;
  /** Newest-first sort column of the unsearched list (created_at, received_at…). */
  sortKey: AnyColumn;
  cursorOf: (row: Row) => { sortKey: string; id: string };
  orgId: string;
  filters: (SQL | undefined)[];
  q: string | undefined;
  cursor: string | undefined;
  limit: number;
}

/**
 * One page of a list: ranked full-text results when `q` is given, else newest first. Both
 * use keyset pagination, so equal ranks or timestamps never lose or repeat a row.
 */
export async function listPage<Row>(db: Db, query: ListQuery<Row>): Promise<{ rows: Row[]; nextCursor: string | null }> {
  const { table, fts, filters, limit } = query;
  if (query.q) {
    const search = rankedSearch(fts, query.searchRowid, query.id, query.q, query.orgId, query.cursor);
    if (!search.query) return { rows: [], nextCursor: null };
    const found = (await db
      .select({ row: table as never, rank: fts.rank as never })
      .from(table as never)
      .innerJoin(fts as never, search.join)
      .where(and(...filters, search.where))
      .orderBy(...search.orderBy)
      .limit(limit + 1)) as unknown as { row: Row; rank: number }[];
    const page = found.slice(0, limit);
    const last = page.at(-1);
    return {
      rows: page.map((f) => f.row),
      nextCursor: found.length > limit && last ? encodeRankCursor({ rank: Number(last.rank), id: query.cursorOf(last.row).id }) : null,
    };
  }
  const found = (await db
    .select()
    .from(table as never)
    .where(and(...filters, afterCursor(query.sortKey, query.id, query.cursor)))
    .orderBy(desc(query.sortKey), desc(query.id))
    .limit(limit + 1)) as Row[];
  const page = toPage(found, limit, query.cursorOf, (r) => r);
  return { rows: page.items, nextCursor: page.nextCursor };
}
