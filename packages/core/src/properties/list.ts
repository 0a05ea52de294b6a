import { PROPERTY_STATUSES, type PropertiesService } from '@monimmo/contract';
import { properties, propertiesFts, type Db } from '@monimmo/db';
import { and, asc, count, desc, eq, gte, lte, sql } from 'drizzle-orm';
import { afterCursor, decodeCursor, toPage } from '../shared/pagination.ts';
import { decodeRankCursor, encodeRankCursor, rankedSearch } from '../shared/search.ts';
import { fromListRow, listColumns, type ListRow } from './views.ts';

type ListInput = Parameters<PropertiesService['list']>[1];

/** Filters of the list other than the agency and `q`. */
const filtered = (input: { status?: string; city?: string; postalCode?: string; minPrice?: number; maxPrice?: number }) =>
  Boolean(input.status || input.city || input.postalCode) || input.minPrice !== undefined || input.maxPrice !== undefined;

const newestFirst = [desc(properties.createdAt), desc(properties.id)];

/** The agency's properties, newest first or ranked by a search, and the pipeline's column counts. */
export function createPropertyList(db: Db): Pick<PropertiesService, 'list' | 'pipeline'> {
  const orgParam = sql.placeholder('orgId');
  const limitParam = sql.placeholder('limit');

  // Unfiltered list, first page and the following ones (the row-value form seeks on the index).
  const listFirst = db
    .select(listColumns)
    .from(properties)
    .where(eq(properties.orgId, orgParam))
    .orderBy(...newestFirst)
    .limit(limitParam)
    .prepare();
  const listAfter = db
    .select(listColumns)
    .from(properties)
    .where(
      and(
        eq(properties.orgId, orgParam),
        sql`(${properties.createdAt}, ${properties.id}) < (${sql.placeholder('sortKey')}, ${sql.placeholder('afterId')})`,
      ),
    )
    .orderBy(...newestFirst)
    .limit(limitParam)
    .prepare();

  /**
   * Search without other filters: ranked within the FTS table alone (it stores the property id,
   * so ties break on it as on properties.id), then only the page's rows are read. Joining every
   * match to its property before sorting cost about twice as much at a few hundred matches.
   */
  function searchStatement(after: boolean) {
    const hits = db
      .select({ propertyId: propertiesFts.propertyId, rank: propertiesFts.rank })
      .from(propertiesFts)
      .where(
        and(
          sql`${propertiesFts} MATCH ${sql.placeholder('query')}`,
          eq(propertiesFts.orgId, orgParam),
          after
            ? sql`(${propertiesFts.rank}, ${propertiesFts.propertyId}) > (${sql.placeholder('afterRank')}, ${sql.placeholder('afterId')})`
            : undefined,
        ),
      )
      .orderBy(asc(propertiesFts.rank), asc(propertiesFts.propertyId))
      .limit(limitParam)
      .as('hits');
    // A cross join keeps the page as the outer loop: with an inner join SQLite scans the agency's properties.
    return db
      .select({ ...listColumns, rank: hits.rank })
      .from(hits)
      .crossJoin(properties)
      .where(and(eq(properties.id, hits.propertyId), eq(properties.orgId, orgParam)))
      .orderBy(asc(hits.rank), asc(hits.propertyId))
      .prepare();
  }
  const searchFirst = searchStatement(false);
  const searchAfter = searchStatement(true);

  const filters = (orgId: string, input: ListInput) => [
    eq(properties.orgId, orgId),
    input.status ? eq(properties.status, input.status) : undefined,
    input.city ? sql`lower(${properties.city}) = lower(${input.city})` : undefined,
    input.postalCode ? sql`${properties.postalCode} LIKE ${`${input.postalCode}%`}` : undefined,
    input.minPrice !== undefined ? gte(properties.price, input.minPrice) : undefined,
    input.maxPrice !== undefined ? lte(properties.price, input.maxPrice) : undefined,
  ];

  return {
    async list(actor, input) {
      const pageLimit = input.limit + 1;
      if (input.q) {
        const search = rankedSearch(propertiesFts, properties.searchRowid, properties.id, input.q, actor.orgId, input.cursor);
        if (!search.query) return { items: [], nextCursor: null };
        let found: (ListRow & { rank: number | null })[];
        if (filtered(input)) {
          found = await db
            .select({ ...listColumns, rank: propertiesFts.rank })
            .from(properties)
            .innerJoin(propertiesFts, search.join)
            .where(and(...filters(actor.orgId, input), search.where))
            .orderBy(...search.orderBy)
            .limit(pageLimit);
        } else {
          // A bad cursor was refused by rankedSearch above.
          const after = input.cursor ? decodeRankCursor(input.cursor) : null;
          found = after
            ? await searchAfter.execute({
                query: search.query,
                orgId: actor.orgId,
                afterRank: after.rank,
                afterId: after.id,
                limit: pageLimit,
              })
            : await searchFirst.execute({ query: search.query, orgId: actor.orgId, limit: pageLimit });
        }
        const page = found.slice(0, input.limit);
        const last = page.at(-1);
        return {
          items: page.map(fromListRow),
          nextCursor: found.length > input.limit && last ? encodeRankCursor({ rank: Number(last.rank), id: last.id }) : null,
        };
      }
      let found: ListRow[];
      if (filtered(input)) {
        found = await db
          .select(listColumns)
          .from(properties)
          .where(and(...filters(actor.orgId, input), afterCursor(properties.createdAt, properties.id, input.cursor)))
          .orderBy(...newestFirst)
          .limit(pageLimit);
      } else if (input.cursor) {
        const after = decodeCursor(input.cursor);
        found = await listAfter.execute({ orgId: actor.orgId, sortKey: after.sortKey, afterId: after.id, limit: pageLimit });
      } else {
        found = await listFirst.execute({ orgId: actor.orgId, limit: pageLimit });
      }
      return toPage(found, input.limit, (r) => ({ sortKey: r.createdAt, id: r.id }), fromListRow);
    },

    async pipeline(actor) {
      const rows = await db
        .select({ status: properties.status, n: count() })
        .from(properties)
        .where(eq(properties.orgId, actor.orgId))
        .groupBy(properties.status);
      const counts = new Map(rows.map((r) => [r.status, r.n]));
      const columns = PROPERTY_STATUSES.map((status) => ({ status, count: counts.get(status) ?? 0 }));
      return { columns, total: columns.reduce((sum, c) => sum + c.count, 0) };
    },
  };
}
