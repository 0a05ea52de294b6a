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
import { and, asc, count, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { uniqueViolation } from '../shared/db-errors.ts';
import { afterCursor, toPage } from '../shared/pagination.ts';
import { encodeRankCursor, rankedSearch } from '../shared/search.ts';
import { findContact, insertContact, toContactRef } from '../users/contacts.ts';

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

  /** Owners of a page of properties, in one query. */
  async function ownersOf(ids: string[]): Promise<Map<string, ContactRef[]>> {
    const byProperty = new Map<string, ContactRef[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return byProperty;
    const rows = await db
      .select({ propertyId: propertyParticipants.propertyId, user: users })
      .from(propertyParticipants)
      .innerJoin(users, eq(users.id, propertyParticipants.userId))
      .where(and(inArray(propertyParticipants.propertyId, ids), eq(propertyParticipants.role, 'VENDEUR')))
      .orderBy(asc(propertyParticipants.createdAt));
    for (const r of rows) byProperty.get(r.propertyId)?.push(toContactRef(r.user));
    return byProperty;
  }

  async function detail(actor: Actor, id: string): Promise<PropertyDetail> {
    const row = await findProperty(db, actor, id);
    const [participants, [prospectTotal], recent, events, documents] = await Promise.all([
      db
        .select({ p: propertyParticipants, u: users })
        .from(propertyParticipants)
        .innerJoin(users, eq(users.id, propertyParticipants.userId))
        .where(eq(propertyParticipants.propertyId, id))
        .orderBy(asc(propertyParticipants.createdAt), asc(propertyParticipants.id)),
      db.select({ n: count() }).from(propertyProspects).where(eq(propertyProspects.propertyId, id)),
      db
        .select({ p: propertyProspects, u: users })
        .from(propertyProspects)
        .innerJoin(users, eq(users.id, propertyProspects.userId))
        .where(eq(propertyProspects.propertyId, id))
        .orderBy(desc(propertyProspects.createdAt), desc(propertyProspects.id))
        .limit(RECENT_PROSPECTS),
      db
        .select({ e: propertyEvents, actor: { id: users.id, firstName: users.firstName, lastName: users.lastName } })
        .from(propertyEvents)
        .leftJoin(users, eq(users.id, propertyEvents.actorUserId))
        .where(eq(propertyEvents.propertyId, id))
        .orderBy(asc(propertyEvents.createdAt), asc(propertyEvents.id)),
      db
        .select({ type: files.typeDocument, n: count() })
        .from(files)
        .where(and(eq(files.propertyId, id), eq(files.orgId, actor.orgId)))
        .groupBy(files.typeDocument),
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
      const filters: (SQL | undefined)[] = [
        eq(properties.orgId, actor.orgId),
        input.status ? eq(properties.status, input.status) : undefined,
        input.city ? sql`lower(${properties.city}) = lower(${input.city})` : undefined,
        input.postalCode ? sql`${properties.postalCode} LIKE ${`${input.postalCode}%`}` : undefined,
        input.minPrice !== undefined ? gte(properties.price, input.minPrice) : undefined,
        input.maxPrice !== undefined ? lte(properties.price, input.maxPrice) : undefined,
      ];
      let rows: PropertyRow[];
      let nextCursor: string | null;
      if (input.q) {
        const search = rankedSearch(propertiesFts, properties.searchRowid, properties.id, input.q, actor.orgId, input.cursor);
        if (!search.query) return { items: [], nextCursor: null };
        const found = await db
          .select({ row: properties, rank: propertiesFts.rank })
          .from(properties)
          .innerJoin(propertiesFts, search.join)
          .where(and(...filters, search.where))
          .orderBy(...search.orderBy)
          .limit(input.limit + 1);
        const page = found.slice(0, input.limit);
        const last = page.at(-1);
        rows = page.map((f) => f.row);
        nextCursor = found.length > input.limit && last ? encodeRankCursor({ rank: Number(last.rank), id: last.row.id }) : null;
      } else {
        const found = await db
          .select()
          .from(properties)
          .where(and(...filters, afterCursor(properties.createdAt, properties.id, input.cursor)))
          .orderBy(desc(properties.createdAt), desc(properties.id))
          .limit(input.limit + 1);
        const page = toPage(found, input.limit, (r) => ({ sortKey: r.createdAt, id: r.id }), (r) => r);
        rows = page.items;
        nextCursor = page.nextCursor;
      }
      const owners = await ownersOf(rows.map((r) => r.id));
      return { items: rows.map((r) => toProperty(r, owners.get(r.id) ?? [])), nextCursor };
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
      const id = await write(async (tx) => {
        const owner = input.ownerUserId
          ? await findContact(tx, actor.orgId, input.ownerUserId, 'ownerUserId')
          : await insertContact(tx, actor.orgId, input.owner!);
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
        return row.id;
      });
      return detail(actor, id);
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
        const contact = input.userId ? await findContact(tx, actor.orgId, input.userId) : await insertContact(tx, actor.orgId, input.contact!);
        const [row] = await tx
          .insert(propertyProspects)
          .values({ orgId: actor.orgId, propertyId: input.id, userId: contact.id, note: input.note ?? null })
          .returning();
        if (!row) throw new Error('prospect insert returned nothing');
        return toProspect(row, contact);
      });
    },
  };
}
