import { invalidField } from '@monimmo/contract/errors';
import { sql, type SQL, type AnyColumn } from 'drizzle-orm';

export interface Cursor {
  sortKey: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sortKey, c.id])).toString('base64url');
}

export function decodeCursor(raw: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return { sortKey: value[0] as string, id: value[1] as string };
    }
  } catch {
    // fall through: any undecodable cursor is the client's mistake
  }
  throw invalidField('cursor', 'not a cursor from this list');
}

/** Rows strictly after the cursor in (sortKey DESC, id DESC) order; the row-value form uses the index. */
export function afterCursor(sortColumn: AnyColumn, idColumn: AnyColumn, cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const c = decodeCursor(cursor);
  return sql`(${sortColumn}, ${idColumn}) < (${c.sortKey}, ${c.id})`;
}

/** Takes `limit + 1` rows and turns them into a page. */
export function toPage<R, T>(rows: R[], limit: number, cursorOf: (row: R) => Cursor, map: (row: R) => T) {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(map),
    nextCursor: hasMore && last ? encodeCursor(cursorOf(last)) : null,
  };
}
