import {
  DOCUMENT_FAMILY_NAMES,
  familyOf,
  notFound,
  type Actor,
  type DocumentCounts,
  type PropertiesService,
  type PropertyDetail,
} from '@monimmo/contract';
import { files, properties, propertyEvents, propertyParticipants, propertyProspects, users, type Database, type Db } from '@monimmo/db';
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { toContactRef } from '../users/contacts.ts';
import { toParticipant, toProperty, toProspect } from './views.ts';

const RECENT_PROSPECTS = 10;

export type DetailReader = (actor: Actor, propertyId: string) => Promise<PropertyDetail>;

/**
 * A property with its participants, prospects, timeline and document counts. Its reads are
 * prepared once (building a query with drizzle costs about as much as running it).
 */
export function createDetailReader(db: Db): DetailReader {
  const idParam = sql.placeholder('id');
  const orgParam = sql.placeholder('orgId');
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

  return async function detail(actor, propertyId) {
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
  };
}

/** What the write operations share: the database, and the read that answers each of them. */
export interface PropertyContext {
  database: Database;
  detail: DetailReader;
}

/** A service operation written as a function of that context: `(ctx, actor, …input)`. */
export type PropertyOperation<K extends keyof PropertiesService> = PropertiesService[K] extends (actor: Actor, ...args: infer A) => infer R
  ? (ctx: PropertyContext, actor: Actor, ...args: A) => R
  : never;
