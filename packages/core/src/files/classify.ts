import { FILE_CLASSIFICATION_FLOOR, type AIProvider } from '@monimmo/ai';
import { files, reviewItems, type Database } from '@monimmo/db';
import { PermanentJobError } from '@monimmo/queue';
import type { Storage } from '@monimmo/storage';
import { and, eq } from 'drizzle-orm';
import { publishAfterCommit } from '../events/after-commit.ts';
import { openReviewItem } from '../review-queue/service.ts';

/** Content read for classification; beyond it the file name alone is used (huge scans, videos). */
export const CLASSIFY_MAX_BYTES = 25 * 1024 * 1024;

async function readAll(stream: NodeJS.ReadableStream, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) {
      (stream as { destroy?: () => void }).destroy?.();
      return Buffer.alloc(0);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/**
 * Classify one document: at or above the floor, set its type (CLASSIFIED); otherwise leave it
 * for a person with the proposal. Safe to run twice: the outcome is written, not accumulated.
 */
export async function classifyFile(
  { database, ai, storage }: { database: Database; ai: AIProvider; storage: Storage },
  orgId: string,
  fileId: string,
): Promise<void> {
  const [file] = await database.db
    .select()
    .from(files)
    .where(and(eq(files.id, fileId), eq(files.orgId, orgId)));
  if (!file) throw new PermanentJobError(`file ${fileId} no longer exists`);
  const content = file.size <= CLASSIFY_MAX_BYTES ? await readAll(await storage.get(file.storageKey), CLASSIFY_MAX_BYTES) : Buffer.alloc(0);
  const result = await ai.classifyDocument({ fileName: file.fileName, mimeType: file.mimeType, content });

  await database.tx(async (tx) => {
    const where = and(eq(files.id, fileId), eq(files.orgId, orgId));
    const classified = (to: string) =>
      publishAfterCommit(tx, {
        orgId,
        type: 'file.classified',
        itemId: fileId,
        to,
        ...(file.propertyId ? { propertyId: file.propertyId } : {}),
      });
    if (result.typeDocument && result.confidence >= FILE_CLASSIFICATION_FLOOR) {
      await tx.update(files).set({ typeDocument: result.typeDocument, status: 'CLASSIFIED' }).where(where);
      await tx
        .update(reviewItems)
        .set({
          status: 'RESOLVED',
          resolution: { decision: 'SET_TYPE_DOCUMENT', typeDocument: result.typeDocument, by: 'AI' },
          resolvedAt: new Date().toISOString(),
        })
        .where(
          and(
            eq(reviewItems.orgId, orgId),
            eq(reviewItems.itemType, 'FILE'),
            eq(reviewItems.itemId, fileId),
            eq(reviewItems.status, 'OPEN'),
          ),
        );
      classified('CLASSIFIED');
      return;
    }
    await tx.update(files).set({ status: 'REVIEW_REQUIRED' }).where(where);
    await openReviewItem(tx, {
      orgId,
      itemType: 'FILE',
      itemId: fileId,
      reason: 'FILE_CLASSIFICATION_REVIEW_REQUIRED',
      payload: { confidence: result.confidence, proposal: result.typeDocument, candidates: result.candidates, reasoning: result.reasoning },
    });
    classified('REVIEW_REQUIRED');
  });
}
