import { AppError } from '@monimmo/contract';
import { and, asc, eq, getTableName, sql, type AnyColumn, type SQL, type Table } from 'drizzle-orm';

/**
 * Turns what a person typed into an FTS5 query: every word must match, each as a prefix
 * ("electri" finds "Électricité"). Words are quoted, so FTS syntax in the input is inert.
 * Returns null when nothing searchable is left (only punctuation).
 */
export function ftsQuery(text: string): string | null {
  const words = text.normalize('NFC').match(/[\p{L}\p{N}]+/gu);
  if (!words) return null;
  return words.slice(0, 12).map((w) => `"${w}"*`).join(' ');
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
    if (Array.isArray(v) && v[0] === 'r' && typeof v[1] === 'number' && typeof v[2] === 'string') return { rank: v[1], id: v[2] };
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
export function rankedSearch(fts: FtsTable & Table, searchRowid: AnyColumn, idColumn: AnyColumn, text: string, orgId: string, cursor: string | undefined) {
  const query = ftsQuery(text);
  const after = cursor ? decodeRankCursor(cursor) : undefined;
  if (after === null) throw new AppError('BAD_REQUEST', 'Invalid cursor', { issues: [{ path: 'cursor', code: 'invalid', message: 'not a cursor from this search' }] });
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
