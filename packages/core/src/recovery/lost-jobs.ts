import { files, messages, reviewItems, type Database } from '@monimmo/db';
import { and, asc, eq, isNull, lt, notExists } from 'drizzle-orm';

export interface LostJobsDeps {
  database: Database;
  triage(orgId: string, messageId: string): Promise<unknown>;
  classify(orgId: string, fileId: string): Promise<unknown>;
}

/**
 * Messages still PENDING and documents still waiting for a type long after they arrived lost
 * their job (the in-process queue dies with its process; Redis may be flushed): queue them
 * again. The job keys are the usual ones, so a job still waiting in the queue is not doubled.
 * A document a person already looked at (any review item) is left alone.
 */
export async function requeueLostAiJobs(
  { database, triage, classify }: LostJobsDeps,
  { staleAfterMs, batchSize }: { staleAfterMs: number; batchSize: number },
  now: Date = new Date(),
) {
  const cutoff = new Date(now.getTime() - staleAfterMs).toISOString();
  const { db } = database;
  const pending = await db
    .select({ id: messages.id, orgId: messages.orgId })
    .from(messages)
    .where(and(eq(messages.aiStatus, 'PENDING'), lt(messages.createdAt, cutoff)))
    .orderBy(asc(messages.createdAt))
    .limit(batchSize);
  const unclassified = await db
    .select({ id: files.id, orgId: files.orgId })
    .from(files)
    .where(
      and(
        eq(files.status, 'UPLOADED'),
        isNull(files.typeDocument),
        lt(files.createdAt, cutoff),
        notExists(
          db
            .select({ id: reviewItems.id })
            .from(reviewItems)
            .where(and(eq(reviewItems.itemType, 'FILE'), eq(reviewItems.itemId, files.id))),
        ),
      ),
    )
    .orderBy(asc(files.createdAt))
    .limit(batchSize);
  for (const m of pending) await triage(m.orgId, m.id);
  for (const f of unclassified) await classify(f.orgId, f.id);
  return { messages: pending.length, files: unclassified.length };
}
