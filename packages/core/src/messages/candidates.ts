import type { PropertyCandidate } from '@monimmo/ai';
import { properties, propertiesFts, propertyParticipants, propertyProspects, users, type Db } from '@monimmo/db';
import { and, count, eq, inArray, ne, or, sql } from 'drizzle-orm';

export interface MessageClues {
  fromAddress: string;
  subject: string | null;
  body: string;
}

/** Up to this many properties, the AI sees them all; above, a pre-selection by clues. */
export const MAX_CANDIDATES = 200;

const digits = (phone: string) => phone.replace(/\D/g, '').replace(/^33/, '0');

/**
 * The agency's properties a message could be about (archived ones excluded). Small agencies
 * send everything; larger ones send the properties the sender takes part in, those whose
 * mandate number, postal code or words appear in the message.
 */
export async function selectCandidates(db: Db, orgId: string, clues: MessageClues): Promise<PropertyCandidate[]> {
  const live = and(eq(properties.orgId, orgId), ne(properties.status, 'ARCHIVE'));
  const [total] = await db.select({ n: count() }).from(properties).where(live);
  let ids: string[] | undefined;
  if ((total?.n ?? 0) > MAX_CANDIDATES) ids = await preselect(db, orgId, clues);
  const rows = await db
    .select()
    .from(properties)
    .where(and(live, ids ? inArray(properties.id, ids.length ? ids : ['']) : undefined))
    .limit(MAX_CANDIDATES);
  if (rows.length === 0) return [];
  const propertyIds = rows.map((r) => r.id);
  const person = { firstName: users.firstName, lastName: users.lastName, email: users.email, phone: users.phone };
  const [links, prospects] = await Promise.all([
    db
      .select({ propertyId: propertyParticipants.propertyId, role: propertyParticipants.role, ...person })
      .from(propertyParticipants)
      .innerJoin(users, eq(users.id, propertyParticipants.userId))
      .where(inArray(propertyParticipants.propertyId, propertyIds)),
    db
      .select({ propertyId: propertyProspects.propertyId, ...person })
      .from(propertyProspects)
      .innerJoin(users, eq(users.id, propertyProspects.userId))
      .where(inArray(propertyProspects.propertyId, propertyIds)),
  ]);
  const byProperty = new Map<string, PropertyCandidate['participants']>(propertyIds.map((id) => [id, []]));
  for (const { propertyId, ...p } of links) byProperty.get(propertyId)?.push(p);
  for (const { propertyId, ...p } of prospects) byProperty.get(propertyId)?.push({ ...p, role: 'PROSPECT' });
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    address: r.address,
    postalCode: r.postalCode,
    city: r.city,
    mandateNumber: r.mandateNumber,
    participants: byProperty.get(r.id) ?? [],
  }));
}

async function preselect(db: Db, orgId: string, clues: MessageClues): Promise<string[]> {
  const text = `${clues.subject ?? ''}\n${clues.body}`;
  const sender = clues.fromAddress.toLowerCase();
  const senderDigits = sender.includes('@') ? null : digits(sender);
  const fromPeople = await db
    .selectDistinct({ id: propertyParticipants.propertyId })
    .from(propertyParticipants)
    .innerJoin(users, eq(users.id, propertyParticipants.userId))
    .where(
      and(
        eq(users.orgId, orgId),
        senderDigits
          ? sql`replace(replace(replace(replace(${users.phone}, ' ', ''), '.', ''), '-', ''), '+33', '0') = ${senderDigits}`
          : eq(users.emailNormalized, sender),
      ),
    );
  const postalCodes = [...new Set(text.match(/\b\d{5}\b/g) ?? [])];
  const byFields = await db
    .select({ id: properties.id })
    .from(properties)
    .where(
      and(
        eq(properties.orgId, orgId),
        or(
          postalCodes.length ? inArray(properties.postalCode, postalCodes) : undefined,
          sql`${properties.mandateNumber} IS NOT NULL AND instr(${text.toLowerCase()}, lower(${properties.mandateNumber})) > 0`,
        ),
      ),
    )
    .limit(MAX_CANDIDATES);
  // Any significant word of the message, ranked: the best-matching properties first.
  const words = [...new Set(text.normalize('NFC').match(/[\p{L}\p{N}]{4,}/gu) ?? [])].slice(0, 40);
  const byWords = words.length
    ? await db
        .select({ id: properties.id })
        .from(properties)
        .innerJoin(propertiesFts, eq(propertiesFts.rowid, properties.searchRowid))
        .where(and(eq(propertiesFts.orgId, orgId), sql`properties_fts MATCH ${words.map((w) => `"${w}"`).join(' OR ')}`))
        .orderBy(propertiesFts.rank)
        .limit(MAX_CANDIDATES)
    : [];
  return [...new Set([...fromPeople, ...byFields, ...byWords].map((r) => r.id))].slice(0, MAX_CANDIDATES);
}
