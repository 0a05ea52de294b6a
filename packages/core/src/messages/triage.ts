import { MESSAGE_PROPERTY_FLOOR, type AIProvider } from '@monimmo/ai';
import { messages, type Database, type Tx } from '@monimmo/db';
import { PermanentJobError } from '@monimmo/queue';
import { and, eq } from 'drizzle-orm';
import { publishAfterCommit } from '../events/after-commit.ts';
import { openReviewItem } from '../review-queue/service.ts';
import { selectCandidates } from '../properties/candidates.ts';
import { attachMessage } from './service.ts';

/**
 * Triage one message: at or above the floor and unambiguous, attach it (with its documents);
 * otherwise leave it for a person with the candidates, confidence and reasoning. Safe to run
 * twice: a message settled meanwhile (by a person or a previous run) is left alone.
 */
export async function triageMessage(
  { database, ai }: { database: Database; ai: AIProvider },
  orgId: string,
  messageId: string,
): Promise<void> {
  const { db } = database;
  const [message] = await db
    .select()
    .from(messages)
    .where(and(eq(messages.id, messageId), eq(messages.orgId, orgId)));
  if (!message) throw new PermanentJobError(`message ${messageId} no longer exists`);
  if (message.propertyId && message.aiStatus === 'PROCESSED') return;

  const candidates = await selectCandidates(db, orgId, message);
  const isEmail = message.fromAddress.includes('@');
  const match = candidates.length
    ? await ai.matchProperty({
        subject: message.subject ?? undefined,
        text: message.body,
        sender: {
          ...(isEmail ? { email: message.fromAddress } : { phone: message.fromAddress }),
          ...(message.fromName ? { name: message.fromName } : {}),
        },
        candidates,
      })
    : null;

  await database.tx(async (tx) => {
    if (
      match?.propertyId &&
      !match.ambiguous &&
      match.confidence >= MESSAGE_PROPERTY_FLOOR &&
      candidates.some((c) => c.id === match.propertyId)
    ) {
      // Decided by the AI: no person resolved anything.
      await attachMessage(tx, orgId, messageId, match.propertyId, { userId: null, note: null });
      publishAfterCommit(tx, { orgId, type: 'message.triaged', itemId: messageId, propertyId: match.propertyId, to: 'PROCESSED' });
      return;
    }
    const reason = !match ? 'MESSAGE_NO_PROPERTY_CANDIDATE' : match.ambiguous ? 'MESSAGE_PROPERTY_AMBIGUOUS' : 'MESSAGE_PROPERTY_NOT_FOUND';
    await messageToReview(
      tx,
      orgId,
      messageId,
      reason,
      match
        ? { confidence: match.confidence, proposal: match.propertyId, candidates: match.candidates, reasoning: match.reasoning }
        : { confidence: 0, candidates: [], reasoning: "L'agence n'a aucun bien actif auquel rattacher ce message." },
    );
    publishAfterCommit(tx, { orgId, type: 'message.triaged', itemId: messageId, to: 'REVIEW_REQUIRED' });
  });
}

/** A message a person must look at: REVIEW_REQUIRED, with its review item. */
export async function messageToReview(
  tx: Tx,
  orgId: string,
  messageId: string,
  reason: string,
  payload: Record<string, unknown>,
): Promise<void> {
  await tx
    .update(messages)
    .set({ aiStatus: 'REVIEW_REQUIRED' })
    .where(and(eq(messages.id, messageId), eq(messages.orgId, orgId)));
  await openReviewItem(tx, { orgId, itemType: 'MESSAGE', itemId: messageId, reason, payload });
}
