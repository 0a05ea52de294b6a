import { MESSAGE_PROPERTY_FLOOR, type AIProvider } from '@monimmo/ai';
import type { ReviewReason } from '@monimmo/contract';
import { messages, type Database, type MessageAiDecisionRecord, type Tx } from '@monimmo/db';
import { PermanentJobError } from '@monimmo/queue';
import { and, eq } from 'drizzle-orm';
import { publishAfterCommit } from '../events/after-commit.ts';
import { openReviewItem } from '../review-queue/service.ts';
import { selectCandidates } from '../properties/candidates.ts';
import { senderHistory } from './sender-history.ts';
import { attachMessage } from './service.ts';

const NO_CANDIDATE_REASONING = 'L’agence n’a aucun bien actif auquel rattacher ce message.';

/**
 * Triage one message: at or above the floor and unambiguous, attach it (with its documents);
 * otherwise leave it for a person with the candidates, confidence and reasoning. Either way the
 * conclusion is kept on the message. Safe to run twice: a message settled meanwhile (by a person
 * or a previous run) is left alone.
 */
export async function triageMessage(
  { database, ai }: { database: Database; ai: AIProvider },
  orgId: string,
  messageId: string,
): Promise<void> {
  const { db } = database;
  const settled = async (d: Database['db'] | Tx) => {
    const [row] = await d
      .select()
      .from(messages)
      .where(and(eq(messages.id, messageId), eq(messages.orgId, orgId)));
    if (!row) throw new PermanentJobError(`message ${messageId} no longer exists`);
    return { message: row, done: !!row.propertyId && row.aiStatus === 'PROCESSED' };
  };
  const { message, done } = await settled(db);
  if (done) return;

  // What a person decided about this sender's earlier mail is evidence, for the AI to weigh.
  const history = await senderHistory(db, orgId, message);
  const candidates = await selectCandidates(db, orgId, { ...message, senderPropertyIds: history ? [history.propertyId] : [] });
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
        ...(history && candidates.some((c) => c.id === history.propertyId) ? { senderHistory: history } : {}),
      })
    : null;
  // Only the agency's own candidates are kept: an id the AI made up names nothing.
  const known = new Set(candidates.map((c) => c.id));
  const chosen = match?.propertyId && known.has(match.propertyId) ? match.propertyId : null;
  const attachTo = chosen && !match?.ambiguous && (match?.confidence ?? 0) >= MESSAGE_PROPERTY_FLOOR ? chosen : null;
  const reason: ReviewReason = !match
    ? 'MESSAGE_NO_PROPERTY_CANDIDATE'
    : match.ambiguous
      ? 'MESSAGE_PROPERTY_AMBIGUOUS'
      : 'MESSAGE_PROPERTY_NOT_FOUND';
  const decision: MessageAiDecisionRecord = {
    attached: attachTo !== null,
    reason: attachTo ? null : reason,
    propertyId: chosen,
    confidence: match?.confidence ?? 0,
    candidates: (match?.candidates ?? []).filter((c) => known.has(c.propertyId)),
    reasoning: match?.reasoning ?? NO_CANDIDATE_REASONING,
    decidedAt: new Date().toISOString(),
  };

  await database.tx(async (tx) => {
    // A person may have filed it while the AI was thinking: their choice stands.
    if ((await settled(tx)).done) return;
    await tx
      .update(messages)
      .set({ aiDecision: decision })
      .where(and(eq(messages.id, messageId), eq(messages.orgId, orgId)));
    if (attachTo) {
      // Decided by the AI: no person resolved anything.
      await attachMessage(tx, orgId, messageId, attachTo, { userId: null, note: null });
      publishAfterCommit(tx, { orgId, type: 'message.triaged', itemId: messageId, propertyId: attachTo, to: 'PROCESSED' });
      return;
    }
    await messageToReview(tx, orgId, messageId, reason, {
      confidence: decision.confidence,
      ...(match ? { proposal: match.propertyId } : {}),
      candidates: match ? match.candidates : [],
      reasoning: decision.reasoning,
    });
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
