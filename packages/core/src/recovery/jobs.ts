import type { Database } from '@monimmo/db';
import { defineJob } from '@monimmo/queue';
import type { Storage } from '@monimmo/storage';
import { z } from 'zod';
import { requeueStalledSyncs, type StalledSyncsDeps } from './integrations.ts';
import { requeueLostAiJobs, type LostJobsDeps } from './lost-jobs.ts';
import { purgeOldEmails } from './outbox.ts';
import { sweepStorage, type StorageSweepSettings } from './storage-sweep.ts';
import { recoverVocals, type RecoveryDeps, type RecoverySettings } from './vocals.ts';

export interface RecoveryJobDeps {
  database: Database;
  storage: Storage;
  vocalRecovery: RecoverySettings;
  storageSweep: StorageSweepSettings;
  /** Days an e-mail stays in the outbox once sent (or written, when never sent). */
  outboxRetentionDays: number;
  /** How the passes queue again what they find stuck or lost. */
  requeue: {
    stage: RecoveryDeps['enqueueStage'];
    triage: LostJobsDeps['triage'];
    classify: LostJobsDeps['classify'];
    sync: StalledSyncsDeps['resume'];
  };
}

/** The periodic passes, each scheduled by the process that consumes jobs and safe to run twice. */
export function createRecoveryJobs(deps: RecoveryJobDeps) {
  const { database, requeue } = deps;
  /** Voice notes stuck at a step, messages, documents and syncs whose job was lost, old outbox e-mails. */
  const recovery = defineJob({
    name: 'recovery-pass',
    queue: 'ai',
    payload: z.object({}),
    handler: async (_p, ctx) => {
      const vocals = await recoverVocals({ database, enqueueStage: requeue.stage }, deps.vocalRecovery);
      const lost = await requeueLostAiJobs({ database, triage: requeue.triage, classify: requeue.classify }, deps.vocalRecovery);
      const syncs = await requeueStalledSyncs({ database, resume: requeue.sync }, deps.vocalRecovery);
      const purgedEmails = await purgeOldEmails(database, deps.outboxRetentionDays);
      if (vocals.requeued || vocals.gaveUp || lost.messages || lost.files || syncs || purgedEmails) {
        ctx.log.info({ vocals, lost, syncs, purgedEmails }, 'recovery pass');
      }
    },
  });

  /** Storage: bytes no row names (a crash between the two) and parts of cut uploads. */
  const storageSweep = defineJob({
    name: 'storage-sweep',
    queue: 'ai',
    payload: z.object({}),
    handler: async (_p, ctx) => {
      const swept = await sweepStorage({ database, storage: deps.storage }, deps.storageSweep);
      if (swept.removed || swept.parts) ctx.log.info(swept, 'storage sweep');
    },
  });

  return { recovery, storageSweep };
}
