import {
  AppError,
  DOCUMENT_FAMILY_NAMES,
  PROPERTY_STATUSES,
  familyOf,
  notFound,
  type Actor,
  type ContactRef,
  type DocumentCounts,
  type Participant,
  type PropertiesService,
  type Property,
  type PropertyDetail,
  type Prospect,
} from '@monimmo/contract';
import {
  files,
  properties,
  propertiesFts,
  propertyEvents,
  propertyParticipants,
  propertyProspects,
  users,
  type Database,
  type Db,
  type Tx,
} from '@monimmo/db';
import { and, asc, count, desc, eq, getTableColumns, gte, lte, sql } from 'drizzle-orm';
import { uniqueViolation } from '../shared/db-errors.ts';
import { afterCursor, decodeCursor, toPage } from '../shared/pagination.ts';
import { decodeRankCursor, encodeRankCursor, rankedSearch } from '../shared/search.ts';
import { findContact, resolveContact, toContactRef } from '../users/contacts.ts';

type PropertyRow = typeof properties.$inferSelect;
type UserRow = typeof users.$inferSelect;

const RECENT_PROSPECTS = 10;

/** Maps a unique violation inside a property transaction to the conflict a caller can act on. */
function conflictFrom(error: unknown): never {
  const columns = uniqueViolation(error);
  if (columns?.includes('mandate_number')) {
    throw new AppError('CONFLICT', 'Another property already has this mandate number', { reason: 'MANDATE_NUMBER_TAKEN' });
  }
  if (columns?.includes('email')) throw new AppError('CONFLICT', 'A contact already has this e-mail: link it by id', { reason: 'EMAIL_TAKEN' });
  if (columns?.includes('property_participants')) {
    throw new AppError('CONFLICT', 'This contact is already linked to the property', { reason: 'ALREADY_PARTICIPANT' });
  }
  if (columns?.includes('property_prospects')) {
    throw new AppError('CONFLICT', 'This contact is already a prospect of the property', { reason: 'ALREADY_PROSPECT' });
  }
  throw error;
}

const toProperty = (row: PropertyRow, owners: ContactRef[]): Property => ({
  id: row.id,
  title: row.title,
  address: row.address,
  postalCode: row.postalCode,
  city: row.city,
  price: row.price,
  mandateNumber: row.mandateNumber,
  details: row.details,
  status: row.status,
  owners,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const toParticipant = (p: typeof propertyParticipants.$inferSelect, u: UserRow): Participant => ({
  id: p.id,
  role: p.role,
  contact: toContactRef(u),
  createdAt: p.createdAt,
});

const toProspect = (p: typeof propertyProspects.$inferSelect, u: UserRow): Prospect => ({
  id: p.id,
  contact: toContactRef(u),
  note: p.note,
  createdAt: p.createdAt,
});

const lastOwner = () => new AppError('INVALID_STATE', 'A property keeps at least one owner (VENDEUR)', { reason: 'LAST_OWNER' });

/**
 * The owners (VENDEUR participants) of the row's property as a JSON array of contact refs, oldest
 * link first: a page of properties and their owners in one statement. Written out with aliases,
 * since drizzle leaves columns unqualified in single-table selects (`"id"` would be ambiguous);
 * the ordered subquery rather than `json_group_array(… ORDER BY …)`, which libSQL servers refuse.
 */
const ownersJson = sql<string>`(select json_group_array(json(owner)) from (
  select json_object('id', u.id, 'accountType', u.account_type, 'firstName', u.first_name, 'lastName', u.last_name, 'email', u.email, 'phone', u.phone) as owner
  from property_participants pp inner join users u on u.id = pp.user_id
  where pp.property_id = "properties"."id" and pp.role = 'VENDEUR'
  order by pp.created_at, pp.id))`;
const listColumns = { ...getTableColumns(properties), owners: ownersJson };

type ListRow = PropertyRow & { owners: string };
const fromListRow = ({ owners, ...row }: ListRow): Property => toProperty(row, JSON.parse(owners) as ContactRef[]);

/** Filters of the list other than the agency and `q`. */
const filtered = (input: { status?: string; city?: string; postalCode?: string; minPrice?: number; maxPrice?: number }) =>
  Boolean(input.status || input.city || input.postalCode) || input.minPrice !== undefined || input.maxPrice !== undefined;

export function createPropertiesService({ database }: { database: Database }): PropertiesService {
  const { db } = database;

  async function findProperty(tx: Tx | Db, actor: Actor, id: string): Promise<PropertyRow> {
    const [row] = await tx
      .select()
      .from(properties)
      .where(and(eq(properties.id, id), eq(properties.orgId, actor.orgId)));
    if (!row) throw notFound('Property');
    return row;
  }

  async function findParticipant(tx: Tx, actor: Actor, propertyId: string, participantId: string) {
    const [row] = await tx
      .select()
      .from(propertyParticipants)
      .where(
        and(
          eq(propertyParticipants.id, participantId),
          eq(propertyParticipants.propertyId, propertyId),
          eq(propertyParticipants.orgId, actor.orgId),
        ),
      );
    if (!row) throw notFound('Participant');
    return row;
  }

  async function countOwners(tx: Tx, propertyId: string): Promise<number> {
    const [row] = await tx
      .select({ n: count() })
      .from(propertyParticipants)
      .where(and(eq(propertyParticipants.propertyId, propertyId), eq(propertyParticipants.role, 'VENDEUR')));
    return row?.n ?? 0;
  }

  // The hot reads are prepared once (building a query with drizzle costs about as much as running it).
  const idParam = sql.placeholder('id');
  const orgParam = sql.placeholder('orgId');
  const limitParam = sql.placeholder('limit');
  const newestFirst = [desc(properties.createdAt), desc(properties.id)];

  const propertyById = db
    .select()
    .from(properties)
    .where(and(eq(properties.id, idParam), eq(properties.orgId, orgParam)))
    .prepare();
  const participantsOf = db
    .select({ p: propertyParticipants, u: users })
    .from(propertyParticipants)
    .innerJoin(users, eq(users.id, propertyParticipants.userId))
    .where(eq(propertyParticipants.propertyId, idParam))
    .orderBy(asc(propertyParticipants.createdAt), asc(propertyParticipants.id))
    .prepare();
  const prospectCountOf = db.select({ n: count() }).from(propertyProspects).where(eq(propertyProspects.propertyId, idParam)).prepare();
  const recentProspectsOf = db
    .select({ p: propertyProspects, u: users })
    .from(propertyProspects)
    .innerJoin(users, eq(users.id, propertyProspects.userId))
    .where(eq(propertyProspects.propertyId, idParam))
    .orderBy(desc(propertyProspects.createdAt), desc(propertyProspects.id))
    .limit(RECENT_PROSPECTS)
    .prepare();
  const timelineOf = db
    .select({ e: propertyEvents, actor: { id: users.id, firstName: users.firstName, lastName: users.lastName } })
    .from(propertyEvents)
    .leftJoin(users, eq(users.id, propertyEvents.actorUserId))
    .where(eq(propertyEvents.propertyId, idParam))
    .orderBy(asc(propertyEvents.createdAt), asc(propertyEvents.id))
    .prepare();
  const documentsOf = db
    .select({ type: files.typeDocument, n: count() })
    .from(files)
    .where(and(eq(files.propertyId, idParam), eq(files.orgId, orgParam)))
    .groupBy(files.typeDocument)
    .prepare();

  // Unfiltered list, first page and the following ones (the row-value form seeks on the index).
  const listFirst = db.select(listColumns).from(properties).where(eq(properties.orgId, orgParam)).orderBy(...newestFirst).limit(limitParam).prepare();
  const listAfter = db
    .select(listColumns)
    .from(properties)
    .where(and(eq(properties.orgId, orgParam), sql`(${properties.createdAt}, ${properties.id}) < (${sql.placeholder('sortKey')}, ${sql.placeholder('afterId')})`))
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
          after ? sql`(${propertiesFts.rank}, ${propertiesFts.propertyId}) > (${sql.placeholder('afterRank')}, ${sql.placeholder('afterId')})` : undefined,
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

  async function detail(actor: Actor, propertyId: string): Promise<PropertyDetail> {
    const [row] = await propertyById.execute({ id: propertyId, orgId: actor.orgId });
    if (!row) throw notFound('Property');
    const [participants, [prospectTotal], recent, events, documents] = await Promise.all([
      participantsOf.execute({ id: propertyId }),
      prospectCountOf.execute({ id: propertyId }),
      recentProspectsOf.execute({ id: propertyId }),
      timelineOf.execute({ id: propertyId }),
      documentsOf.execute({ id: propertyId, orgId: actor.orgId }),
    ]);
    const documentCounts = Object.fromEntries(DOCUMENT_FAMILY_NAMES.map((f) => [f, 0])) as DocumentCounts;
    let unclassifiedDocuments = 0;
    for (const d of documents) {
      const family = d.type ? familyOf(d.type) : undefined;
      if (family) documentCounts[family] += d.n;
      else unclassifiedDocuments += d.n;
    }
    const owners = participants.filter((p) => p.p.role === 'VENDEUR').map((p) => toContactRef(p.u));
    return {
      ...toProperty(row, owners),
      participants: participants.map((p) => toParticipant(p.p, p.u)),
      prospectCount: prospectTotal?.n ?? 0,
      recentProspects: recent.map((p) => toProspect(p.p, p.u)),
      timeline: events.map(({ e, actor: who }) => ({
        id: e.id,
        type: e.type,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        actor: who ? { id: who.id, firstName: who.firstName, lastName: who.lastName } : null,
        createdAt: e.createdAt,
      })),
      documentCounts,
      unclassifiedDocuments,
    };
  }

  /** A write transaction whose unique violations become the matching CONFLICT. */
  async function write<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    try {
      return await database.tx(fn);
    } catch (error) {
      return conflictFrom(error);
    }
  }

  return {
    async list(actor, input) {
      const filters = () => [
        eq(properties.orgId, actor.orgId),
        input.status ? eq(properties.status, input.status) : undefined,
        input.city ? sql`lower(${properties.city}) = lower(${input.city})` : undefined,
        input.postalCode ? sql`${properties.postalCode} LIKE ${`${input.postalCode}%`}` : undefined,
        input.minPrice !== undefined ? gte(properties.price, input.minPrice) : undefined,
        input.maxPrice !== undefined ? lte(properties.price, input.maxPrice) : undefined,
      ];
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
            .where(and(...filters(), search.where))
            .orderBy(...search.orderBy)
            .limit(pageLimit);
        } else {
          // A bad cursor was refused by rankedSearch above.
          const after = input.cursor ? decodeRankCursor(input.cursor) : null;
          found = after
            ? await searchAfter.execute({ query: search.query, orgId: actor.orgId, afterRank: after.rank, afterId: after.id, limit: pageLimit })
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
          .where(and(...filters(), afterCursor(properties.createdAt, properties.id, input.cursor)))
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

    async create(actor, input) {
      const { id, ownerResolution } = await write(async (tx) => {
        const given = input.ownerUserId ? null : await resolveContact(tx, actor.orgId, input.owner!);
        const owner = given ? given.row : await findContact(tx, actor.orgId, input.ownerUserId!, 'ownerUserId');
        const [row] = await tx
          .insert(properties)
          .values({
            orgId: actor.orgId,
            title: input.title,
            address: input.address,
            postalCode: input.postalCode,
            city: input.city,
            price: input.price ?? null,
            mandateNumber: input.mandateNumber ?? null,
            details: input.details ?? {},
          })
          .returning({ id: properties.id });
        if (!row) throw new Error('property insert returned nothing');
        await tx.insert(propertyParticipants).values({ orgId: actor.orgId, propertyId: row.id, userId: owner.id, role: 'VENDEUR' });
        await tx
          .insert(propertyEvents)
          .values({ orgId: actor.orgId, propertyId: row.id, type: 'CREATED', toStatus: 'PROSPECTION', actorUserId: actor.userId });
        return { id: row.id, ownerResolution: given?.resolution ?? null };
      });
      return { ...(await detail(actor, id)), ownerResolution };
    },

    get: detail,

    async update(actor, input) {
      const { id, ...changes } = input;
      await write(async (tx) => {
        await findProperty(tx, actor, id);
        if (Object.keys(changes).length === 0) return;
        await tx
          .update(properties)
          .set(changes)
          .where(and(eq(properties.id, id), eq(properties.orgId, actor.orgId)));
      });
      return detail(actor, id);
    },

    async changeStatus(actor, id, status) {
      await write(async (tx) => {
        const current = await findProperty(tx, actor, id);
        // Moving to the column it is in changes nothing and records nothing.
        if (current.status === status) return;
        await tx
          .update(properties)
          .set({ status })
          .where(and(eq(properties.id, id), eq(properties.orgId, actor.orgId)));
        await tx.insert(propertyEvents).values({
          orgId: actor.orgId,
          propertyId: id,
          type: 'STATUS_CHANGED',
          fromStatus: current.status,
          toStatus: status,
          actorUserId: actor.userId,
        });
      });
      return detail(actor, id);
    },

    async addParticipant(actor, input) {
      return write(async (tx) => {
        await findProperty(tx, actor, input.id);
        const contact = await findContact(tx, actor.orgId, input.userId);
        const [row] = await tx
          .insert(propertyParticipants)
          .values({ orgId: actor.orgId, propertyId: input.id, userId: contact.id, role: input.role })
          .returning();
        if (!row) throw new Error('participant insert returned nothing');
        return toParticipant(row, contact);
      });
    },

    async updateParticipant(actor, input) {
      return write(async (tx) => {
        await findProperty(tx, actor, input.id);
        const current = await findParticipant(tx, actor, input.id, input.participantId);
        if (current.role === 'VENDEUR' && input.role !== 'VENDEUR' && (await countOwners(tx, input.id)) === 1) throw lastOwner();
        const [row] = await tx.update(propertyParticipants).set({ role: input.role }).where(eq(propertyParticipants.id, current.id)).returning();
        const contact = await findContact(tx, actor.orgId, current.userId);
        return toParticipant(row ?? current, contact);
      });
    },

    async removeParticipant(actor, input) {
      await write(async (tx) => {
        await findProperty(tx, actor, input.id);
        const current = await findParticipant(tx, actor, input.id, input.participantId);
        if (current.role === 'VENDEUR' && (await countOwners(tx, input.id)) === 1) throw lastOwner();
        await tx.delete(propertyParticipants).where(eq(propertyParticipants.id, current.id));
      });
    },

    async listProspects(actor, input) {
      await findProperty(db, actor, input.id);
      const rows = await db
        .select({ p: propertyProspects, u: users })
        .from(propertyProspects)
        .innerJoin(users, eq(users.id, propertyProspects.userId))
        .where(and(eq(propertyProspects.propertyId, input.id), afterCursor(propertyProspects.createdAt, propertyProspects.id, input.cursor)))
        .orderBy(desc(propertyProspects.createdAt), desc(propertyProspects.id))
        .limit(input.limit + 1);
      return toPage(rows, input.limit, (r) => ({ sortKey: r.p.createdAt, id: r.p.id }), (r) => toProspect(r.p, r.u));
    },

    async addProspect(actor, input) {
      return write(async (tx) => {
        await findProperty(tx, actor, input.id);
        const given = input.userId ? null : await resolveContact(tx, actor.orgId, input.contact!);
        const contact = given ? given.row : await findContact(tx, actor.orgId, input.userId!);
        const [row] = await tx
          .insert(propertyProspects)
          .values({ orgId: actor.orgId, propertyId: input.id, userId: contact.id, note: input.note ?? null })
          .returning();
        if (!row) throw new Error('prospect insert returned nothing');
        return { ...toProspect(row, contact), contactResolution: given?.resolution ?? null };
      });
    },
  };
}
