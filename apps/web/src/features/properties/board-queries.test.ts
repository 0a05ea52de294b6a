import { describe, expect, it } from 'vitest';
import { withCountsMoved, withoutProperty, withProperty, type ColumnData, type PropertyItem } from './board-queries.ts';

const item = (id: string, createdAt: string): PropertyItem =>
  ({ id, title: id, createdAt, updatedAt: createdAt, status: 'OFFRES', owners: [] }) as unknown as PropertyItem;
const column = (...pages: PropertyItem[][]): ColumnData => ({
  pages: pages.map((items, i) => ({ items, nextCursor: i < pages.length - 1 ? `c${i}` : null })),
  pageParams: pages.map((_, i) => (i === 0 ? undefined : `c${i - 1}`)),
});
const ids = (data: ColumnData | undefined) => data?.pages.map((page) => page.items.map((p) => p.id));

describe('board cache edits', () => {
  const a = item('a', '2026-12-05T10:00:00.000Z');
  const b = item('b', '2026-12-03T10:00:00.000Z');
  const c = item('c', '2026-12-01T10:00:00.000Z');

  it('inserts a card where the API lists it, newest first, across pages', () => {
    expect(ids(withProperty(column([a], [c]), b))).toEqual([['a'], ['b', 'c']]);
    expect(ids(withProperty(column([b, c]), a))).toEqual([['a', 'b', 'c']]);
    expect(ids(withProperty(column([a, b]), c))).toEqual([['a', 'b', 'c']]);
    // Equal creation times: the larger id first, as the API's keyset does.
    expect(ids(withProperty(column([item('z', a.createdAt)]), item('y', a.createdAt)))).toEqual([['z', 'y']]);
  });

  it('never shows a card twice, and leaves a column not loaded alone', () => {
    expect(ids(withProperty(column([a, b]), a))).toEqual([['a', 'b']]);
    expect(withProperty(undefined, a)).toBeUndefined();
    expect(ids(withoutProperty(column([a], [b, c]), 'b'))).toEqual([['a'], ['c']]);
  });

  it('moves one from a column’s count to another’s', () => {
    const pipeline = {
      total: 2,
      columns: [
        { status: 'PROSPECTION' as const, count: 2 },
        { status: 'OFFRES' as const, count: 0 },
      ],
    };
    expect(withCountsMoved(pipeline, 'PROSPECTION', 'OFFRES')?.columns.map((col) => col.count)).toEqual([1, 1]);
  });
});
