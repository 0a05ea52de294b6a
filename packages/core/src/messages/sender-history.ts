import { CONFIDENT_ATTACHMENT, type SenderHistory } from '@monimmo/ai';
import type { PropertyStatus } from '@monimmo/contract/vocabulary';
import { messages, properties, users, type Db } from '@monimmo/db';
import { and, desc, eq, gte, isNotNull, ne, notExists, or, sql } from 'drizzle-orm';

/** A sold or archived property takes no more mail by habit: what a person decided about it is forgotten. */
const CLOSED_STATUSES: readonly PropertyStatus[] = ['VENDU', 'ARCHIVE'];

/** Who reads « rattaché par … » when the person's name is gone. */
const UNNAMED = 'un agent';

/**
 * The sender's latest attached message, with its property, found through messages_org_sender_idx.
 * What a person attached counts; what the AI attached counts only on a clear cue, so a guess never
 * breeds more guesses. Prepared once per database handle, as candidates.ts does.
 */
function prepareRead(db: Db) {
  return db
    .select({
      propertyId: messages.propertyId,
      receivedAt: messages.receivedAt,
      status: properties.status,
      setBy: messages.propertySetBy,
      firstName: users.firstName,
    })
    .from(messages)
    .innerJoin(properties, and(eq(properties.orgId, messages.orgId), eq(properties.id, messages.propertyId)))
    .leftJoin(users, and(eq(users.orgId, messages.orgId), eq(users.id, messages.propertySetByUserId)))
    .where(
      and(
        eq(messages.orgId, sql.placeholder('orgId')),
        eq(messages.senderKey, sql.placeholder('senderKey')),
        or(
          eq(messages.propertySetBy, 'USER'),
          and(eq(messages.propertySetBy, 'AI'), gte(sql`json_extract(${messages.aiDecision}, '$.confidence')`, CONFIDENT_ATTACHMENT)),
        ),
        isNotNull(messages.propertyId),
        ne(messages.id, sql.placeholder('messageId')),
        // A colleague writes about every property: their last message says nothing of the next.
        notExists(
          db
            .select({ one: sql`1` })
            .from(users)
            .where(and(eq(users.orgId, messages.orgId), eq(users.accountType, 'AGENT'), eq(users.emailNormalized, messages.senderKey))),
        ),
      ),
    )
    .orderBy(desc(messages.receivedAt), desc(messages.id))
    .limit(1)
    .prepare();
}
const preparedReads = new WeakMap<Db, ReturnType<typeof prepareRead>>();

/**
 * Where this agency last filed the sender of a message: the property the sender's most recent
 * attached message went to (by a person, or by the AI on a clear cue), while it is still for sale. The sender is
 * the same when the e-mail address is (ignoring case) or the phone number is (whatever its
 * formatting): messages.sender_key. A decision about a property since sold or archived is
 * forgotten, not replaced by an older one: the sender's latest business with the agency is over.
 */
export async function senderHistory(
  db: Db,
  orgId: string,
  message: { id: string; senderKey: string | null },
): Promise<SenderHistory | null> {
  if (!message.senderKey) return null;
  let read = preparedReads.get(db);
  if (!read) preparedReads.set(db, (read = prepareRead(db)));
  const [row] = await read.all({ orgId, senderKey: message.senderKey, messageId: message.id });
  if (!row?.propertyId || CLOSED_STATUSES.includes(row.status)) return null;
  const decidedBy = row.setBy === 'USER' ? (row.firstName ?? UNNAMED) : null;
  return { propertyId: row.propertyId, messageReceivedAt: row.receivedAt, decidedBy };
}
