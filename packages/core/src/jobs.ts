import type { AIProvider } from '@monimmo/ai';
import type { Database } from '@monimmo/db';
import type { FinalFailureHook, JobDefinition, JobQueue } from '@monimmo/queue';
import type { Storage } from '@monimmo/storage';
import type { Logger } from 'pino';
import { createFileJobs } from './files/jobs.ts';
import { createIntegrationJobs, type IntegrationJobDeps } from './integrations/jobs.ts';
import { createMessageJobs } from './messages/jobs.ts';
import { createRecoveryJobs } from './recovery/jobs.ts';
import type { StorageSweepSettings } from './recovery/storage-sweep.ts';
import type { RecoverySettings } from './recovery/vocals.ts';
import { queueAfterCommit } from './shared/after-commit.ts';
import type { EnqueuePort } from './shared/enqueue.ts';
import { readableFailure } from './shared/job-failure.ts';
import { createVocalJobs } from './vocals/jobs.ts';
import type { PipelineStage, VocalJobPayload } from './vocals/stages.ts';

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
  integrations: IntegrationJobDeps['integrations'];
}

/**
 * The background jobs, each defined by its domain (messages, files, vocals, integrations,
 * recovery) and gathered here for the process that consumes them; carried by @monimmo/queue,
 * run by the worker (or in-process). Services see only the enqueue port.
 */
export function createJobs(deps: JobDeps) {
  const { database } = deps;
  const messageJobs = createMessageJobs(deps);
  const fileJobs = createFileJobs(deps);
  const vocalJobs = createVocalJobs(deps);
  const { enqueueTriage } = messageJobs;
  const { enqueueClassify } = fileJobs;
  const { enqueueStage } = vocalJobs;
  const integrationJobs = createIntegrationJobs({
    ...deps,
    handOver: {
      triage: enqueueTriage,
      classify: enqueueClassify,
      transcribe: (orgId, vocalId, revision) => enqueueStage('TRANSCRIBE', { orgId, vocalId, revision }),
    },
  });
  const recoveryJobs = createRecoveryJobs({
    ...deps,
    requeue: { stage: enqueueStage, triage: enqueueTriage, classify: enqueueClassify, sync: integrationJobs.resumeSync },
  });

  /** For the job a committed write made due: an unreachable queue leaves it to the recovery pass. */
  const afterCommit =
    <A extends unknown[]>(job: string, enqueue: (...args: A) => Promise<unknown>) =>
    (...args: A): Promise<void> =>
      queueAfterCommit(deps.logger, () => enqueue(...args), { job, item: args[1] }, 'the recovery pass will queue this job');

  const enqueue: EnqueuePort = {
    triage: enqueueTriage,
    classify: enqueueClassify,
    stage: enqueueStage,
    afterCommit: {
      triage: afterCommit('triage-message', enqueueTriage),
      classify: afterCommit('classify-file', enqueueClassify),
      stage: afterCommit('vocal-stage', (stage: PipelineStage, payload: VocalJobPayload) => enqueueStage(stage, payload)),
    },
  };

  /** After the last attempt: the item goes to review with the error in words, never silently dropped. */
  const onFinalFailure: FinalFailureHook = async (job, payload, error, attempts) => {
    const p = payload as { orgId?: string; messageId?: string; fileId?: string; vocalId?: string; revision?: number };
    const orgId = p.orgId;
    if (!orgId) return;
    const failure = { error, readable: readableFailure(error, attempts), attempts };
    await database.tx(async (tx) => {
      if (job.name === messageJobs.triage.name && p.messageId) await messageJobs.triageFailed(tx, orgId, p.messageId, failure);
      else if (job.name === fileJobs.classify.name && p.fileId) await fileJobs.classifyFailed(tx, orgId, p.fileId, failure);
      else if (vocalJobs.isStage(job.name) && p.vocalId)
        await vocalJobs.stageFailed(tx, { orgId, vocalId: p.vocalId, revision: p.revision }, failure);
    });
  };

  const { triage } = messageJobs;
  const { classify } = fileJobs;
  const { vocalStages } = vocalJobs;
  const { recovery, storageSweep } = recoveryJobs;
  const { integrationSync, whatsappIngest, calendarMatch } = integrationJobs;
  return {
    triage,
    classify,
    vocalStages,
    recovery,
    storageSweep,
    /** What the services may ask of the jobs. */
    enqueue,
    integrationSync,
    whatsappIngest,
    calendarMatch,
    all: [
      triage,
      classify,
      ...Object.values(vocalStages),
      recovery,
      storageSweep,
      integrationSync,
      whatsappIngest,
      calendarMatch,
    ] as JobDefinition[],
    onFinalFailure,
  };
}

export type Jobs = ReturnType<typeof createJobs>;
