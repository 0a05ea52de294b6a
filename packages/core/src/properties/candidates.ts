import type { PropertyCandidate } from '@monimmo/ai';
import { properties, propertiesFts, propertyParticipants, users, type Db } from '@monimmo/db';
import { and, count, eq, inArray, ne, or, sql } from 'drizzle-orm';

export interface MessageClues {
  fromAddress: string;
  subject: string | null;
  body: string;
  /** Properties a person already tied to this sender: considered whatever the message says. */
  senderPropertyIds?: string[];
}

/** Up to this many properties, the AI sees them all; above, a pre-selection by clues. */
export const MAX_CANDIDATES = 200;

const digits = (phone: string) => phone.replace(/\D/g, '').replace(/^33/, '0');

/**
 * The row's participants, and its prospects, as JSON arrays, each in the order of its (property,
 * contact) unique index: the order the separate reads of these rows gave. Written out with
 * aliases, as drizzle leaves columns unqualified in single-table selects; ordered subqueries
 * rather than `json_group_array(… ORDER BY …)`, which libSQL servers refuse.
 */
const participantsJson = sql<string>`(select json_group_array(json(person)) from (
  select json_object('role', pp.role, 'firstName', u.first_name, 'lastName', u.last_name, 'email', u.email, 'phone', u.phone) as person
  from property_participants pp inner join users u on u.id = pp.user_id
  where pp.property_id = "properties"."id"
  order by pp.user_id))`;
const prospectsJson = sql<string>`(select json_group_array(json(person)) from (
  select json_object('role', 'PROSPECT', 'firstName', u.first_name, 'lastName', u.last_name, 'email', u.email, 'phone', u.phone) as person
  from property_prospects pr inner join users u on u.id = pr.user_id
  where pr.property_id = "properties"."id"
  order by pr.user_id))`;
const candidateColumns = {
  id: properties.id,
  title: properties.title,
  address: properties.address,
  postalCode: properties.postalCode,
  city: properties.city,
  mandateNumber: properties.mandateNumber,
  price: properties.price,
  details: properties.details,
  participants: participantsJson,
  prospects: prospectsJson,
};

/**
 * The reads of every triage, prepared once per database handle: building them with drizzle cost
 * about as much as running them. Each property comes with its people in the same statement, and
 * a pre-selection's ids go in as one JSON array rather than a few hundred parameters.
 */
function prepareReads(db: Db) {
  const live = and(eq(properties.orgId, sql.placeholder('orgId')), ne(properties.status, 'ARCHIVE'));
  return {
    count: db.select({ n: count() }).from(properties).where(live).prepare(),
    all: db.select(candidateColumns).from(properties).where(live).limit(MAX_CANDIDATES).prepare(),
    chosen: db
      .select(candidateColumns)
      .from(properties)
      .where(and(live, sql`${properties.id} in (select value from json_each(${sql.placeholder('ids')}))`))
      .limit(MAX_CANDIDATES)
      .prepare(),
  };
}
const preparedReads = new WeakMap<Db, ReturnType<typeof prepareReads>>();

/**
 * The agency's properties a message could be about (archived ones excluded). Small agencies
 * send everything; larger ones send the properties the sender takes part in, those whose
 * mandate number, postal code or words appear in the message.
 */
export async function selectCandidates(db: Db, orgId: string, clues: MessageClues): Promise<PropertyCandidate[]> {
  let reads = preparedReads.get(db);
  if (!reads) preparedReads.set(db, (reads = prepareReads(db)));
  const [total] = await reads.count.all({ orgId });
  const rows =
    (total?.n ?? 0) > MAX_CANDIDATES
      ? await reads.chosen.all({ orgId, ids: JSON.stringify(await preselect(db, orgId, clues)) })
      : await reads.all.all({ orgId });
  return rows.map(({ participants, prospects, ...r }) => ({
    ...r,
    participants: [
      ...(JSON.parse(participants) as PropertyCandidate['participants']),
      ...(JSON.parse(prospects) as PropertyCandidate['participants']),
    ],
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
  return [...new Set([...(clues.senderPropertyIds ?? []), ...[...fromPeople, ...byFields, ...byWords].map((r) => r.id)])].slice(
    0,
    MAX_CANDIDATES,
  );
}
