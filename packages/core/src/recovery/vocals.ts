import { vocals, type Database } from '@monimmo/db';
import { and, asc, eq, inArray, lt, ne } from 'drizzle-orm';
import { giveUpVocal, stageLabel, type VocalJobPayload } from '../vocals/pipeline.ts';
import type { PipelineStage } from '../vocals/stages.ts';

export interface RecoverySettings {
  staleAfterMs: number;
  maxAttempts: number;
  batchSize: number;
}

export interface RecoveryDeps {
  database: Database;
  enqueueStage(stage: PipelineStage, payload: VocalJobPayload): Promise<{ jobId: string }>;
}

/**
 * The periodic recovery pass: a vocal whose stage has not moved for `staleAfterMs` lost its
 * job (a crash, a lost queue), so the stage is queued again; past `maxAttempts` it is given up.
 * Each vocal is claimed with a conditional update on the values just read, so two passes at once
 * (two workers) re-queue it once; the job key is the stage's own, so a job still waiting is not doubled.
 */
export async function recoverVocals(
  { database, enqueueStage }: RecoveryDeps,
  settings: RecoverySettings,
  now: Date = new Date(),
): Promise<{ requeued: number; gaveUp: number }> {
  const cutoff = new Date(now.getTime() - settings.staleAfterMs).toISOString();
  const stale = await database.db
    .select({
      id: vocals.id,
      orgId: vocals.orgId,
      stage: vocals.stage,
      revision: vocals.revision,
      attempts: vocals.attempts,
      vocalType: vocals.vocalType,
      typeSetBy: vocals.typeSetBy,
      stageUpdatedAt: vocals.stageUpdatedAt,
      processingError: vocals.processingError,
    })
    .from(vocals)
    .where(and(inArray(vocals.status, ['UPLOADED', 'TRANSCRIBED']), ne(vocals.stage, 'DONE'), lt(vocals.stageUpdatedAt, cutoff)))
    .orderBy(asc(vocals.stageUpdatedAt))
    .limit(settings.batchSize);

  let requeued = 0;
  let gaveUp = 0;
  for (const vocal of stale) {
    const unchanged = and(
      eq(vocals.id, vocal.id),
      eq(vocals.attempts, vocal.attempts),
      eq(vocals.stageUpdatedAt, vocal.stageUpdatedAt),
      eq(vocals.revision, vocal.revision),
      ne(vocals.status, 'REVIEW_REQUIRED'),
    );
    if (vocal.attempts >= settings.maxAttempts) {
      const lastError = vocal.processingError ? ` Dernière erreur : ${vocal.processingError}` : '';
      const error = `Le traitement a été abandonné après ${vocal.attempts} relance${vocal.attempts > 1 ? 's' : ''} : l’étape « ${stageLabel(vocal.stage)} » ne s’est jamais terminée.${lastError}`;
      const done = await database.tx(async (tx) => {
        const [claimed] = await tx.update(vocals).set({ attempts: vocal.attempts }).where(unchanged).returning({ id: vocals.id });
        if (!claimed) return false;
        await giveUpVocal(tx, vocal, error, vocal.attempts);
        return true;
      });
      if (done) gaveUp++;
      continue;
    }
    const [claimed] = await database.tx((tx) =>
      tx
        .update(vocals)
        .set({ attempts: vocal.attempts + 1, stageUpdatedAt: now.toISOString() })
        .where(unchanged)
        .returning({ id: vocals.id }),
    );
    if (!claimed) continue;
    await enqueueStage(vocal.stage as PipelineStage, { orgId: vocal.orgId, vocalId: vocal.id, revision: vocal.revision });
    requeued++;
  }
  return { requeued, gaveUp };
}
