import type { AIProvider } from '@monimmo/ai';
import { files, messages, type Database } from '@monimmo/db';
import { defineJob, type FinalFailureHook, type JobDefinition } from '@monimmo/queue';
import type { Storage } from '@monimmo/storage';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { classifyFile } from './files/classify.ts';
import { triageMessage } from './messages/triage.ts';
import { openReviewItem } from './review-queue/service.ts';

export interface JobDeps {
  database: Database;
  ai: AIProvider;
  storage: Storage;
}

const messageJob = z.object({ orgId: z.uuid(), messageId: z.uuid() });
const fileJob = z.object({ orgId: z.uuid(), fileId: z.uuid() });

/** The background jobs: defined here, carried by @monimmo/queue, run by the worker (or in-process). */
export function createJobs(deps: JobDeps) {
  const triage = defineJob({
    name: 'triage-message',
    queue: 'ai',
    payload: messageJob,
    handler: (p) => triageMessage(deps, p.orgId, p.messageId),
  });
  const classify = defineJob({
    name: 'classify-file',
    queue: 'ai',
    payload: fileJob,
    handler: (p) => classifyFile(deps, p.orgId, p.fileId),
  });

  /** After the last attempt: the item goes to review with the error in words, never silently dropped. */
  const onFinalFailure: FinalFailureHook = async (job, payload, error, attempts) => {
    const p = payload as { orgId?: string; messageId?: string; fileId?: string };
    if (!p.orgId) return;
    const readable = `Le traitement automatique a échoué après ${attempts} tentative${attempts > 1 ? 's' : ''} : ${error.message}`;
    await deps.database.tx(async (tx) => {
      if (job.name === triage.name && p.messageId) {
        await tx.update(messages).set({ aiStatus: 'REVIEW_REQUIRED' }).where(and(eq(messages.id, p.messageId), eq(messages.orgId, p.orgId!)));
        await openReviewItem(tx, { orgId: p.orgId!, itemType: 'MESSAGE', itemId: p.messageId, reason: 'MESSAGE_PROCESSING_ERROR', payload: { error: readable, attempts } });
      } else if (job.name === classify.name && p.fileId) {
        await tx.update(files).set({ status: 'REVIEW_REQUIRED' }).where(and(eq(files.id, p.fileId), eq(files.orgId, p.orgId!)));
        await openReviewItem(tx, { orgId: p.orgId!, itemType: 'FILE', itemId: p.fileId, reason: 'FILE_PROCESSING_ERROR', payload: { error: readable, attempts } });
      }
    });
  };

  return { triage, classify, all: [triage, classify] as JobDefinition[], onFinalFailure };
}

export type Jobs = ReturnType<typeof createJobs>;
