import type { AIProvider } from '@monimmo/ai';
import { vocals, type Database, type Tx } from '@monimmo/db';
import { defineJob, PermanentJobError, type JobDefinition, type JobQueue } from '@monimmo/queue';
import type { Storage } from '@monimmo/storage';
import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import type { JobFailure } from '../shared/job-failure.ts';
import { createVocalPipeline, giveUpVocal } from './pipeline.ts';
import type { PipelineStage, VocalJobPayload } from './stages.ts';

const vocalJob = z.object({ orgId: z.uuid(), vocalId: z.uuid(), revision: z.number().int().min(0) });

const STAGE_JOB_NAMES: Record<PipelineStage, string> = {
  TRANSCRIBE: 'vocal-transcribe',
  MATCH: 'vocal-match',
  DETECT_TYPE: 'vocal-detect-type',
  EXTRACT_INITIAL_VISIT: 'vocal-extract-initial-visit',
  EXTRACT_INSIGHTS: 'vocal-extract-insights',
};

/** A voice note's pipeline: one job per stage on the `ai` queue, each queuing the next. */
export function createVocalJobs(deps: { database: Database; ai: AIProvider; storage: Storage; queue: JobQueue }) {
  /** A stage's key names its vocal and revision, so a job still waiting is never queued twice. */
  const enqueueStage = (stage: PipelineStage, payload: VocalJobPayload) =>
    deps.queue.enqueue(vocalStages[stage], payload, { key: `${STAGE_JOB_NAMES[stage]}:${payload.vocalId}:${payload.revision}` });
  const runStage = createVocalPipeline({ ...deps, enqueueStage });
  const vocalStages = Object.fromEntries(
    (Object.entries(STAGE_JOB_NAMES) as [PipelineStage, string][]).map(([stage, name]) => [
      stage,
      defineJob({ name, queue: 'ai', payload: vocalJob, handler: (p) => runStage(stage, p) }),
    ]),
  ) as Record<PipelineStage, JobDefinition<typeof vocalJob>>;
  const vocalByName = new Map(Object.values(vocalStages).map((job) => [job.name, job]));

  /** After a stage's last attempt, on the revision it ran for (a newer upload is left alone). */
  async function stageFailed(
    tx: Tx,
    { orgId, vocalId, revision }: { orgId: string; vocalId: string; revision?: number },
    { error, readable, attempts }: JobFailure,
  ): Promise<void> {
    const current = and(
      eq(vocals.id, vocalId),
      eq(vocals.orgId, orgId),
      eq(vocals.revision, revision ?? -1),
      ne(vocals.status, 'REVIEW_REQUIRED'),
    );
    const [vocal] = await tx.select().from(vocals).where(current);
    if (!vocal) return;
    // Trying again cannot help: give up now. Otherwise the recovery pass re-queues the stage later.
    if (error instanceof PermanentJobError) await giveUpVocal(tx, vocal, error.message, attempts);
    else
      await tx
        .update(vocals)
        .set({ processingError: `${readable} Un nouvel essai aura lieu automatiquement.` })
        .where(current);
  }

  return { vocalStages, enqueueStage, isStage: (name: string) => vocalByName.has(name), stageFailed };
}
