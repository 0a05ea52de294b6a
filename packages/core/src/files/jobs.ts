import type { AIProvider } from '@monimmo/ai';
import { files, type Database, type Tx } from '@monimmo/db';
import { defineJob, type JobQueue } from '@monimmo/queue';
import type { Storage } from '@monimmo/storage';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { openReviewItem } from '../review-queue/service.ts';
import type { JobFailure } from '../shared/job-failure.ts';
import { classifyFile } from './classify.ts';

const fileJob = z.object({ orgId: z.uuid(), fileId: z.uuid() });

/** A document's classification (its type, read by the AI), on the `ai` queue. */
export function createFileJobs(deps: { database: Database; ai: AIProvider; storage: Storage; queue: JobQueue }) {
  const classify = defineJob({
    name: 'classify-file',
    queue: 'ai',
    payload: fileJob,
    handler: (p) => classifyFile(deps, p.orgId, p.fileId),
  });

  /** The one key per item: while its job waits or runs, asking again queues nothing more. */
  const enqueueClassify = (orgId: string, fileId: string) =>
    deps.queue.enqueue(classify, { orgId, fileId }, { key: `classify-file:${fileId}` });

  /** After the last attempt: the document goes to review with the error in words, never silently dropped. */
  async function classifyFailed(tx: Tx, orgId: string, fileId: string, { readable, attempts }: JobFailure): Promise<void> {
    await tx
      .update(files)
      .set({ status: 'REVIEW_REQUIRED' })
      .where(and(eq(files.id, fileId), eq(files.orgId, orgId)));
    await openReviewItem(tx, {
      orgId,
      itemType: 'FILE',
      itemId: fileId,
      reason: 'FILE_PROCESSING_ERROR',
      payload: { error: readable, attempts },
    });
  }

  return { classify, enqueueClassify, classifyFailed };
}
