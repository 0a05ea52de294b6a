import type { SenderHistory } from '@monimmo/ai';
import type { PropertyStatus } from '@monimmo/contract/vocabulary';
import { messages, properties, users, type Db } from '@monimmo/db';
import { and, desc, eq, isNotNull, ne, sql } from 'drizzle-orm';

/** A sold or archived property takes no more mail by habit: what a person decided about it is forgotten. */
const CLOSED_STATUSES: readonly PropertyStatus[] = ['VENDU', 'ARCHIVE'];

/** Who reads « rattaché par … » when the person's name is gone. */
const UNNAMED = 'un agent';

/**
 * The sender's latest message a person attached (the AI's own attachments never count: they would
 * reinforce its mistakes), with its property, found through messages_org_sender_idx. Prepared once
 * per database handle, as candidates.ts does.
 */
function prepareRead(db: Db) {
  return db
    .select({
      propertyId: messages.propertyId,
      receivedAt: messages.receivedAt,
      status: properties.status,
      firstName: users.firstName,
    })
    .from(messages)
    .innerJoin(properties, and(eq(properties.orgId, messages.orgId), eq(properties.id, messages.propertyId)))
    .leftJoin(users, and(eq(users.orgId, messages.orgId), eq(users.id, messages.propertySetByUserId)))
    .where(
      and(
        eq(messages.orgId, sql.placeholder('orgId')),
        eq(messages.senderKey, sql.placeholder('senderKey')),
        eq(messages.propertySetBy, 'USER'),
        isNotNull(messages.propertyId),
        ne(messages.id, sql.placeholder('messageId')),
      ),
    )
    .orderBy(desc(messages.receivedAt), desc(messages.id))
    .limit(1)
    .prepare();
}
const preparedReads = new WeakMap<Db, ReturnType<typeof prepareRead>>();

/**
 * What a person of this agency last decided about the sender of a message: the property they
 * attached the sender's most recent such message to, while it is still for sale. The sender is
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
  return { propertyId: row.propertyId, messageReceivedAt: row.receivedAt, decidedBy: row.firstName ?? UNNAMED };
}
