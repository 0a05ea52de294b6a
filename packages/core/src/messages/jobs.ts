import type { AIProvider } from '@monimmo/ai';
import type { Database, Tx } from '@monimmo/db';
import { defineJob, type JobQueue } from '@monimmo/queue';
import { z } from 'zod';
import type { JobFailure } from '../shared/job-failure.ts';
import { messageToReview, triageMessage } from './triage.ts';

const messageJob = z.object({ orgId: z.uuid(), messageId: z.uuid() });

/** A message's triage (candidates, then the AI's match), on the `ai` queue. */
export function createMessageJobs(deps: { database: Database; ai: AIProvider; queue: JobQueue }) {
  const triage = defineJob({
    name: 'triage-message',
    queue: 'ai',
    payload: messageJob,
    handler: (p) => triageMessage(deps, p.orgId, p.messageId),
  });

  /** The one key per item: while its job waits or runs, asking again queues nothing more. */
  const enqueueTriage = (orgId: string, messageId: string) =>
    deps.queue.enqueue(triage, { orgId, messageId }, { key: `triage-message:${messageId}` });

  /** After the last attempt: the message goes to review with the error in words, never silently dropped. */
  async function triageFailed(tx: Tx, orgId: string, messageId: string, { readable, attempts }: JobFailure): Promise<void> {
    await messageToReview(tx, orgId, messageId, 'MESSAGE_PROCESSING_ERROR', { error: readable, attempts });
  }

  return { triage, enqueueTriage, triageFailed };
}
