import { buildWav } from '@monimmo/ai/testing';
import type { Actor } from '@monimmo/contract';
import { reviewItems, vocals } from '@monimmo/db';
import { newStorageKey } from '@monimmo/storage';
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createCoreHarness, requestInfo, type CoreHarness } from '../../test/harness.ts';
import type { VocalJobPayload } from '../vocals/pipeline.ts';
import { recoverVocals } from './vocals.ts';
import type { PipelineStage } from '../vocals/stages.ts';

let h: CoreHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const SETTINGS = { staleAfterMs: 5 * 60_000, maxAttempts: 3, batchSize: 100 };
const MINUTE = 60_000;

async function agency(harness: CoreHarness): Promise<Actor> {
  const s = await harness.services.auth.register(
    {
      organizationName: 'Agence Reprise',
      firstName: 'Inès',
      lastName: 'Roy',
      email: `ines-${Date.now()}-${Math.random()}@reprise.fr`,
      password: 'mot-de-passe-ines',
    },
    requestInfo(),
  );
  return harness.services.auth.authenticate(s.accessToken);
}

/** Vocals as a crash leaves them: rows at a stage whose job never ran, last moved at `at`. */
async function abandoned(
  harness: CoreHarness,
  actor: Actor,
  rows: { stage: PipelineStage; status: 'UPLOADED' | 'TRANSCRIBED'; at: Date; transcript?: string; attempts?: number }[],
) {
  const ids: string[] = [];
  for (const [i, row] of rows.entries()) {
    const [inserted] = await harness.database.db
      .insert(vocals)
      .values({
        orgId: actor.orgId,
        fileName: `v${i}.wav`,
        mimeType: 'audio/wav',
        size: 44,
        sha256: 'x',
        storageKey: newStorageKey(actor.orgId, 'vocals'),
        stage: row.stage,
        status: row.status,
        transcript: row.transcript ?? null,
        attempts: row.attempts ?? 0,
        stageUpdatedAt: row.at.toISOString(),
      })
      .returning({ id: vocals.id });
    ids.push(inserted!.id);
  }
  return ids;
}

function recorder() {
  const calls: { stage: PipelineStage; payload: VocalJobPayload }[] = [];
  return {
    calls,
    enqueueStage: async (stage: PipelineStage, payload: VocalJobPayload) => {
      calls.push({ stage, payload });
      return { jobId: `job-${calls.length}` };
    },
  };
}

describe('voice-note recovery pass', () => {
  it('re-queues stale uploads and typeless transcripts, leaves fresh and settled ones, counts each retry', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const now = new Date('2026-11-25T10:00:00.000Z');
    const [staleUpload, staleTyping, fresh] = await abandoned(h, actor, [
      { stage: 'TRANSCRIBE', status: 'UPLOADED', at: new Date(now.getTime() - 6 * MINUTE) },
      { stage: 'DETECT_TYPE', status: 'TRANSCRIBED', at: new Date(now.getTime() - 10 * MINUTE), transcript: 'Visite de suivi.' },
      { stage: 'TRANSCRIBE', status: 'UPLOADED', at: new Date(now.getTime() - 4 * MINUTE) },
    ]);
    const queue = recorder();
    expect(await recoverVocals({ database: h.database, enqueueStage: queue.enqueueStage }, SETTINGS, now)).toEqual({
      requeued: 2,
      gaveUp: 0,
    });
    // Oldest first.
    expect(queue.calls.map((c) => [c.stage, c.payload.vocalId])).toEqual([
      ['DETECT_TYPE', staleTyping],
      ['TRANSCRIBE', staleUpload],
    ]);
    const rows = await h.database.db.select().from(vocals).where(eq(vocals.orgId, actor.orgId));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(staleUpload!)).toMatchObject({ attempts: 1, stageUpdatedAt: now.toISOString() });
    expect(byId.get(fresh!)).toMatchObject({ attempts: 0 });

    // Just re-queued: not stale again until the delay has passed once more.
    expect(
      await recoverVocals({ database: h.database, enqueueStage: queue.enqueueStage }, SETTINGS, new Date(now.getTime() + 2 * MINUTE)),
    ).toEqual({ requeued: 1, gaveUp: 0 });
    expect(queue.calls.at(-1)?.payload.vocalId).toBe(fresh);
  });

  it('past the attempts limit: ERREUR_TRAITEMENT, a French processingError and one review item', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    let now = new Date('2026-11-25T10:00:00.000Z');
    const [id] = await abandoned(h, actor, [{ stage: 'TRANSCRIBE', status: 'UPLOADED', at: new Date(now.getTime() - 6 * MINUTE) }]);
    const queue = recorder();
    const pass = () => recoverVocals({ database: h!.database, enqueueStage: queue.enqueueStage }, SETTINGS, now);
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(await pass()).toEqual({ requeued: 1, gaveUp: 0 });
      now = new Date(now.getTime() + 6 * MINUTE);
    }
    expect(await pass()).toEqual({ requeued: 0, gaveUp: 1 });
    expect(await pass()).toEqual({ requeued: 0, gaveUp: 0 });
    expect(queue.calls).toHaveLength(3);
    const vocal = await h.services.vocals.get(actor, id!);
    expect(vocal).toMatchObject({ vocalType: 'ERREUR_TRAITEMENT', status: 'REVIEW_REQUIRED', attempts: 3 });
    expect(vocal.processingError).toBe(
      'Le traitement a été abandonné après 3 relances : l’étape « transcription » ne s’est jamais terminée.',
    );
    const items = await h.database.db
      .select()
      .from(reviewItems)
      .where(and(eq(reviewItems.itemId, id!), eq(reviewItems.status, 'OPEN')));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ reason: 'VOCAL_PROCESSING_ERROR', payload: { attempts: 3, stage: 'TRANSCRIBE' } });
  });

  it('two passes at once re-queue each vocal once', async () => {
    h = await createCoreHarness();
    const actor = await agency(h);
    const now = new Date('2026-11-25T10:00:00.000Z');
    const ids = await abandoned(
      h,
      actor,
      Array.from({ length: 12 }, (_, i) => ({
        stage: 'TRANSCRIBE' as const,
        status: 'UPLOADED' as const,
        at: new Date(now.getTime() - (10 + i) * MINUTE),
        attempts: i % 4,
      })),
    );
    const queue = recorder();
    const run = () => recoverVocals({ database: h!.database, enqueueStage: queue.enqueueStage }, SETTINGS, now);
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.requeued + b.requeued).toBe(9);
    expect(a.gaveUp + b.gaveUp).toBe(3);
    expect(queue.calls.map((c) => c.payload.vocalId).sort()).toEqual(ids.filter((_, i) => i % 4 !== 3).sort());
    const items = await h.database.db.select().from(reviewItems).where(eq(reviewItems.reason, 'VOCAL_PROCESSING_ERROR'));
    expect(items).toHaveLength(3);
  });

  it('as a job: an upload whose job was lost is recovered and reaches INSIGHTS_READY', async () => {
    h = await createCoreHarness({ RECOVERY_STALE_AFTER_MS: '1000' });
    const actor = await agency(h);
    const bytes = buildWav({
      comment:
        'Deuxième visite de la maison : depuis la dernière visite, la toiture a été refaite et le vendeur baisse le prix à 250 000 euros.',
      seconds: 1,
    });
    const uploaded = await h.services.vocals.uploadBase64(actor, {
      fileName: 'perdu.wav',
      mimeType: 'audio/wav',
      size: bytes.length,
      contentBase64: bytes.toString('base64'),
    });
    await h.queue.idle();
    // As if the worker had died before transcribing: back to UPLOADED, long ago.
    await h.database.db
      .update(vocals)
      .set({
        stage: 'TRANSCRIBE',
        status: 'UPLOADED',
        transcript: null,
        vocalType: null,
        typeSetBy: null,
        summary: null,
        insights: null,
        stageUpdatedAt: '2026-01-01T00:00:00.000Z',
      })
      .where(eq(vocals.id, uploaded.id));
    await h.queue.enqueue(h.services.jobs.recovery, {}, { key: 'recovery-test' });
    await h.queue.idle();
    const vocal = await h.services.vocals.get(actor, uploaded.id);
    expect(vocal).toMatchObject({ attempts: 1, transcript: expect.stringContaining('toiture') });
    expect(vocal.status).not.toBe('UPLOADED');
  });
});
