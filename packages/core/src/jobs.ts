import type { AIProvider } from '@monimmo/ai';
import type { IntegrationProvider } from '@monimmo/contract';
import type { Connectors } from '@monimmo/connectors';
import { files, messages, vocals, type Database } from '@monimmo/db';
import { defineJob, PermanentJobError, type FinalFailureHook, type JobDefinition, type JobQueue } from '@monimmo/queue';
import type { Storage } from '@monimmo/storage';
import { and, eq, ne } from 'drizzle-orm';
import type { Logger } from 'pino';
import { z } from 'zod';
import { classifyFile } from './files/classify.ts';
import type { CredentialsBox } from './integrations/credentials.ts';
import { calendarMatchPayload, createSyncRunner, pullsProvider, syncJobKey, syncPayload, syncScheduleId, webhookJobKey, webhookPayload, type SyncSettings } from './integrations/sync.ts';
import { triageMessage } from './messages/triage.ts';
import { openReviewItem } from './review-queue/service.ts';
import { createVocalPipeline, giveUpVocal, type VocalJobPayload } from './vocals/pipeline.ts';
import { queueAfterCommit } from './shared/after-commit.ts';
import { requeueStalledSyncs } from './recovery/integrations.ts';
import { requeueLostAiJobs } from './recovery/lost-jobs.ts';
import { sweepStorage, type StorageSweepSettings } from './recovery/storage-sweep.ts';
import { purgeOldEmails } from './recovery/outbox.ts';
import { recoverVocals, type RecoverySettings } from './recovery/vocals.ts';
import type { PipelineStage } from './vocals/stages.ts';

export interface JobDeps {
  database: Database;
  ai: AIProvider;
  storage: Storage;
  /** Where the pipeline queues its next steps. */
  queue: JobQueue;
  vocalRecovery: RecoverySettings;
  storageSweep: StorageSweepSettings;
  /** Where a job that could not be queued after a commit is reported. */
  logger: Logger;
  /** Days an e-mail stays in the outbox once sent (or written, when never sent). */
  outboxRetentionDays: number;
  integrations: {
    connectors: Connectors;
    box: CredentialsBox;
    logger: Logger;
    settings: SyncSettings;
    /** INTEGRATION_SYNC_INTERVAL_MS: the periodic sync the recovery pass restores. */
    syncIntervalMs: number;
  };
}

const messageJob = z.object({ orgId: z.uuid(), messageId: z.uuid() });
const fileJob = z.object({ orgId: z.uuid(), fileId: z.uuid() });
const vocalJob = z.object({ orgId: z.uuid(), vocalId: z.uuid(), revision: z.number().int().min(0) });

const STAGE_JOB_NAMES: Record<PipelineStage, string> = {
  TRANSCRIBE: 'vocal-transcribe',
  MATCH: 'vocal-match',
  DETECT_TYPE: 'vocal-detect-type',
  EXTRACT_INITIAL_VISIT: 'vocal-extract-initial-visit',
  EXTRACT_INSIGHTS: 'vocal-extract-insights',
};

/**
 * What an agent reads about a failure, in French only: a final error says why in its own words;
 * anything else is a provider's or a library's (often English) text, kept for the logs.
 */
const readableFailure = (error: Error, attempts: number) =>
  `Le traitement automatique a échoué après ${attempts} tentative${attempts > 1 ? 's' : ''} : ${
    error instanceof PermanentJobError ? error.message : "le service est momentanément indisponible ou n'a pas répondu."
  }`;

/** The background jobs: defined here, carried by @monimmo/queue, run by the worker (or in-process). */
export function createJobs(deps: JobDeps) {
  const { database, queue } = deps;
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

  /** One job per stage: a stage's key names its vocal and revision, so a job still waiting is never queued twice. */
  const enqueueStage = (stage: PipelineStage, payload: VocalJobPayload) =>
    queue.enqueue(vocalStages[stage], payload, { key: `${STAGE_JOB_NAMES[stage]}:${payload.vocalId}:${payload.revision}` });
  const runStage = createVocalPipeline({ ...deps, enqueueStage });
  const vocalStages = Object.fromEntries(
    (Object.entries(STAGE_JOB_NAMES) as [PipelineStage, string][]).map(([stage, name]) => [
      stage,
      defineJob({ name, queue: 'ai', payload: vocalJob, handler: (p) => runStage(stage, p) }),
    ]),
  ) as Record<PipelineStage, JobDefinition<typeof vocalJob>>;
  const vocalByName = new Map(Object.values(vocalStages).map((job) => [job.name, job]));

  /** The one key per item: while its job waits or runs, asking again queues nothing more. */
  const enqueueTriage = (orgId: string, messageId: string) => queue.enqueue(triage, { orgId, messageId }, { key: `triage-message:${messageId}` });
  const enqueueClassify = (orgId: string, fileId: string) => queue.enqueue(classify, { orgId, fileId }, { key: `classify-file:${fileId}` });

  /** For the job a committed write made due: an unreachable queue leaves it to the recovery pass. */
  const afterCommit =
    <A extends unknown[]>(job: string, enqueue: (...args: A) => Promise<unknown>) =>
    (...args: A): Promise<void> =>
      queueAfterCommit(deps.logger, () => enqueue(...args), { job, item: args[1] }, 'the recovery pass will queue this job');

  /** The periodic pass: voice notes stuck at a step, messages, documents and syncs whose job was lost, old outbox e-mails. */
  const recovery = defineJob({
    name: 'recovery-pass',
    queue: 'ai',
    payload: z.object({}),
    handler: async (_p, ctx) => {
      const vocals = await recoverVocals({ database, enqueueStage }, deps.vocalRecovery);
      const lost = await requeueLostAiJobs({ database, triage: enqueueTriage, classify: enqueueClassify }, deps.vocalRecovery);
      const syncs = await requeueStalledSyncs({ database, resume: resumeSync }, deps.vocalRecovery);
      const purgedEmails = await purgeOldEmails(database, deps.outboxRetentionDays);
      if (vocals.requeued || vocals.gaveUp || lost.messages || lost.files || syncs || purgedEmails) {
        ctx.log.info({ vocals, lost, syncs, purgedEmails }, 'recovery pass');
      }
    },
  });

  /** The periodic sweep of storage: bytes no row names (a crash between the two) and parts of cut uploads. */
  const storageSweep = defineJob({
    name: 'storage-sweep',
    queue: 'ai',
    payload: z.object({}),
    handler: async (_p, ctx) => {
      const swept = await sweepStorage({ database, storage: deps.storage }, deps.storageSweep);
      if (swept.removed || swept.parts) ctx.log.info(swept, 'storage sweep');
    },
  });

  // Imports run on the `ingest` queue, so a mailbox backlog never delays AI work (nor the reverse);
  // the AI work they hand over (triage, classification, transcription, matching) stays on `ai`.
  const integrationSync = defineJob({ name: 'integration-sync', queue: 'ingest', payload: syncPayload, handler: (p, ctx) => syncRunner.sync(p, ctx) });
  const whatsappIngest = defineJob({ name: 'whatsapp-ingest', queue: 'ingest', payload: webhookPayload, handler: (p, ctx) => syncRunner.ingestWebhook(p, ctx) });
  /** A sync due again, with its periodic schedule (lost too when the queue was unreachable at connection). */
  async function resumeSync({ orgId, integrationId, provider }: { orgId: string; integrationId: string; provider: IntegrationProvider }) {
    const payload = { orgId, integrationId };
    if (pullsProvider(deps.integrations.connectors, provider)) {
      await queue.schedule(integrationSync, payload, { id: syncScheduleId(integrationId), everyMs: deps.integrations.syncIntervalMs });
    }
    await queue.enqueue(integrationSync, payload, { key: syncJobKey(integrationId) });
  }
  const calendarMatch = defineJob({ name: 'calendar-event-match', queue: 'ai', payload: calendarMatchPayload, handler: (p) => syncRunner.matchEvent(p.orgId, p.eventId) });
  const syncRunner = createSyncRunner({
    database,
    storage: deps.storage,
    ai: deps.ai,
    ...deps.integrations,
    queues: {
      triage: enqueueTriage,
      classify: enqueueClassify,
      transcribe: (orgId, vocalId, revision) => enqueueStage('TRANSCRIBE', { orgId, vocalId, revision }),
      matchEvent: (orgId, eventId) => queue.enqueue(calendarMatch, { orgId, eventId }, { key: `calendar-event-match:${eventId}` }),
    },
    // Its own key: the running sync holds `integration-sync:<id>` until it ends.
    requeueSync: (payload, delayMs) => queue.enqueue(integrationSync, payload, { key: `integration-sync-retry:${payload.integrationId}`, delayMs }),
    requeueWebhook: (payload, delayMs) =>
      queue.enqueue(whatsappIngest, payload, { key: `${webhookJobKey(payload.integrationId, payload.messages.map((m) => m.id))}:retry`, delayMs }),
    unschedule: (integrationId) => queue.unschedule(syncScheduleId(integrationId)),
  });

  /** After the last attempt: the item goes to review with the error in words, never silently dropped. */
  const onFinalFailure: FinalFailureHook = async (job, payload, error, attempts) => {
    const p = payload as { orgId?: string; messageId?: string; fileId?: string; vocalId?: string; revision?: number };
    if (!p.orgId) return;
    const readable = readableFailure(error, attempts);
    await database.tx(async (tx) => {
      if (job.name === triage.name && p.messageId) {
        await tx.update(messages).set({ aiStatus: 'REVIEW_REQUIRED' }).where(and(eq(messages.id, p.messageId), eq(messages.orgId, p.orgId!)));
        await openReviewItem(tx, { orgId: p.orgId!, itemType: 'MESSAGE', itemId: p.messageId, reason: 'MESSAGE_PROCESSING_ERROR', payload: { error: readable, attempts } });
      } else if (job.name === classify.name && p.fileId) {
        await tx.update(files).set({ status: 'REVIEW_REQUIRED' }).where(and(eq(files.id, p.fileId), eq(files.orgId, p.orgId!)));
        await openReviewItem(tx, { orgId: p.orgId!, itemType: 'FILE', itemId: p.fileId, reason: 'FILE_PROCESSING_ERROR', payload: { error: readable, attempts } });
      } else if (vocalByName.has(job.name) && p.vocalId) {
        const current = and(eq(vocals.id, p.vocalId), eq(vocals.orgId, p.orgId!), eq(vocals.revision, p.revision ?? -1), ne(vocals.status, 'REVIEW_REQUIRED'));
        const [vocal] = await tx.select().from(vocals).where(current);
        if (!vocal) return;
        // Trying again cannot help: give up now. Otherwise the recovery pass re-queues the stage later.
        if (error instanceof PermanentJobError) await giveUpVocal(tx, vocal, error.message, attempts);
        else await tx.update(vocals).set({ processingError: `${readable} Un nouvel essai aura lieu automatiquement.` }).where(current);
      }
    });
  };

  return {
    triage,
    classify,
    vocalStages,
    recovery,
    storageSweep,
    enqueueStage,
    enqueueTriage,
    enqueueClassify,
    /** The same, after a commit: an unreachable queue leaves the job to the recovery pass. */
    afterCommit: {
      triage: afterCommit('triage-message', enqueueTriage),
      classify: afterCommit('classify-file', enqueueClassify),
      stage: afterCommit('vocal-stage', (stage: PipelineStage, payload: VocalJobPayload) => enqueueStage(stage, payload)),
    },
    integrationSync,
    whatsappIngest,
    calendarMatch,
    all: [triage, classify, ...Object.values(vocalStages), recovery, storageSweep, integrationSync, whatsappIngest, calendarMatch] as JobDefinition[],
    onFinalFailure,
  };
}

export type Jobs = ReturnType<typeof createJobs>;
