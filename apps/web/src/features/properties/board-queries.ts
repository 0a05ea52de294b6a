import type { InfiniteData } from '@tanstack/react-query';
import type { PropertyStatus } from '@monimmo/contract/vocabulary/lists';
import type { RouterOutputs } from '../../lib/api-types.ts';

export type PropertyItem = RouterOutputs['properties']['list']['items'][number];
export type PropertyPage = RouterOutputs['properties']['list'];
export type Pipeline = RouterOutputs['properties']['pipeline'];
export type ColumnData = InfiniteData<PropertyPage, string | null | undefined>;

/** Cards a column loads at a time; « Voir plus » pages further on the keyset cursor. */
export const COLUMN_PAGE_SIZE = 20;

/** The list query behind one board column (the pipeline itself only gives counts). */
export const columnInput = (status: PropertyStatus) => ({ status, limit: COLUMN_PAGE_SIZE });

export const nextCursorOf = (last: PropertyPage): string | null => last.nextCursor;

/** The column without the property (every page). */
export function withoutProperty(data: ColumnData | undefined, id: string): ColumnData | undefined {
  if (!data) return data;
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== id) })) };
}

/**
 * The column with the property where the API will list it (newest first by creation), within
 * the pages loaded; after them if it is older than all of them.
 */
export function withProperty(data: ColumnData | undefined, property: PropertyItem): ColumnData | undefined {
  if (!data || data.pages.length === 0) return data;
  const cleaned = withoutProperty(data, property.id)!;
  const newer = (a: PropertyItem, b: PropertyItem) => a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id);
  let placed = false;
  const pages = cleaned.pages.map((page) => {
    if (placed) return page;
    const index = page.items.findIndex((item) => newer(property, item));
    if (index === -1) return page;
    placed = true;
    return { ...page, items: [...page.items.slice(0, index), property, ...page.items.slice(index)] };
  });
  if (!placed) {
    const last = pages.length - 1;
    pages[last] = { ...pages[last]!, items: [...pages[last]!.items, property] };
  }
  return { ...cleaned, pages };
}

/** The pipeline's counts after a card left one column for another. */
export function withCountsMoved(pipeline: Pipeline | undefined, from: PropertyStatus, to: PropertyStatus): Pipeline | undefined {
  if (!pipeline) return pipeline;
  return {
    ...pipeline,
    columns: pipeline.columns.map((column) =>
      column.status === from
        ? { ...column, count: Math.max(0, column.count - 1) }
        : column.status === to
          ? { ...column, count: column.count + 1 }
          : column,
    ),
  };
}
