import { Readable } from 'node:stream';
import { AppError, notFound, type Actor, type VocalsService, type VocalUpload, type VocalView } from '@monimmo/contract';
import { vocals, type Database, type Db, type Tx } from '@monimmo/db';
import { newStorageKey, type Storage } from '@monimmo/storage';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { publishAfterCommit } from '../events/after-commit.ts';
import type { EnqueuePort } from '../shared/enqueue.ts';
import { findProperty } from '../properties/lookup.ts';
import { decodeBase64Upload, withLateFields } from '../shared/base64-upload.ts';
import { afterCursor, toPage } from '../shared/pagination.ts';
import { sniffAudio } from './audio.ts';
import { clearDerived, restartVocal } from './restart.ts';
import { earlier, stageIndex, type Stage, type VocalRow } from './stages.ts';
import { toVocalSummary, toVocalView } from './view.ts';

export interface VocalsSettings {
  /** Streaming uploads (multipart, raw body). */
  maxUploadBytes: number;
  /** The base64 compatibility form, decoded size. */
  maxBase64UploadBytes: number;
  signedUrlTtlSeconds: number;
}

export interface VocalsDeps {
  database: Database;
  storage: Storage;
  enqueue: Pick<EnqueuePort, 'stage' | 'afterCommit'>;
  settings: VocalsSettings;
}

export async function findVocal(tx: Tx | Db, orgId: string, id: string): Promise<VocalRow> {
  const [row] = await tx
    .select()
    .from(vocals)
    .where(and(eq(vocals.id, id), eq(vocals.orgId, orgId)));
  if (!row) throw notFound('Vocal');
  return row;
}

export function createVocalsService({ database, storage, enqueue, settings }: VocalsDeps): VocalsService {
  const { db } = database;

  const view = async (row: VocalRow): Promise<VocalView> =>
    toVocalView(
      row,
      await storage.signedDownloadUrl(row.storageKey, {
        expiresInSeconds: settings.signedUrlTtlSeconds,
        fileName: row.fileName,
        contentType: row.mimeType,
      }),
    );

  /** Queues the stage a change made due (after its transaction committed). */
  async function queueStage(orgId: string, vocalId: string, { stage, revision }: { stage: Stage; revision: number }) {
    if (stage === 'DONE') return null;
    const { jobId } = await enqueue.stage(stage, { orgId, vocalId, revision });
    return { jobId, status: 'QUEUED' as const };
  }

  /**
   * Sniff, stream to storage (size, hash and duration on the way), then record and queue the
   * transcription. Whatever fails, nothing is left behind.
   */
  async function store(actor: Actor, sent: VocalUpload, maxBytes: number): Promise<VocalView> {
    if (sent.propertyId) await findProperty(db, actor.orgId, sent.propertyId);
    const { mimeType, body, durationSeconds, checked } = await sniffAudio(sent.body, sent.declaredMimeType);
    const key = newStorageKey(actor.orgId, 'vocals');
    let row: VocalRow;
    try {
      const stored = await storage.put({ key, body, contentType: mimeType, maxBytes });
      // A video or a truncated recording is refused now, not after a round of failed transcriptions.
      await checked;
      const upload = await withLateFields(sent);
      const duration = await durationSeconds;
      row = await database.tx(async (tx) => {
        // Checked again inside the transaction: the property may have gone while the bytes streamed.
        if (upload.propertyId) await findProperty(tx, actor.orgId, upload.propertyId);
        const [inserted] = await tx
          .insert(vocals)
          .values({
            orgId: actor.orgId,
            propertyId: upload.propertyId ?? null,
            propertySetBy: upload.propertyId ? 'USER' : null,
            createdByUserId: actor.userId,
            fileName: upload.fileName,
            mimeType,
            size: stored.size,
            sha256: stored.sha256,
            storageKey: key,
            durationSeconds: duration,
          })
          .returning();
        if (!inserted) throw new Error('vocal insert returned nothing');
        publishAfterCommit(tx, {
          orgId: actor.orgId,
          type: 'vocal.stage_changed',
          itemId: inserted.id,
          to: inserted.stage,
          ...(inserted.propertyId ? { propertyId: inserted.propertyId } : {}),
        });
        return inserted;
      });
    } catch (error) {
      await durationSeconds;
      await storage.delete(key);
      throw error;
    }
    await enqueue.afterCommit.stage('TRANSCRIBE', { orgId: actor.orgId, vocalId: row.id, revision: row.revision });
    return view(row);
  }

  return {
    async list(actor, input) {
      const filters: (SQL | undefined)[] = [
        eq(vocals.orgId, actor.orgId),
        input.status ? eq(vocals.status, input.status) : undefined,
        input.vocalType ? eq(vocals.vocalType, input.vocalType) : undefined,
        input.propertyId ? eq(vocals.propertyId, input.propertyId) : undefined,
        afterCursor(vocals.createdAt, vocals.id, input.cursor),
      ];
      const rows = await db
        .select()
        .from(vocals)
        .where(and(...filters))
        .orderBy(desc(vocals.createdAt), desc(vocals.id))
        .limit(input.limit + 1);
      return toPage(rows, input.limit, (r) => ({ sortKey: r.createdAt, id: r.id }), toVocalSummary);
    },

    async uploadBase64(actor, input) {
      const bytes = decodeBase64Upload(input.contentBase64, input.size, settings.maxBase64UploadBytes);
      return store(
        actor,
        { body: Readable.from([bytes]), fileName: input.fileName, declaredMimeType: input.mimeType, propertyId: input.propertyId },
        settings.maxBase64UploadBytes,
      );
    },

    uploadStream(actor, upload) {
      return store(actor, upload, settings.maxUploadBytes);
    },

    async get(actor, id) {
      return view(await findVocal(db, actor.orgId, id));
    },

    async update(actor, input) {
      const { id, propertyId, vocalType, transcript, summary } = input;
      const restarted = await database.tx(async (tx) => {
        const vocal = await findVocal(tx, actor.orgId, id);
        if (propertyId) await findProperty(tx, actor.orgId, propertyId);
        let changes: Partial<VocalRow> = {
          ...(propertyId !== undefined ? { propertyId, propertySetBy: 'USER' as const } : {}),
          ...(vocalType ? { vocalType, typeSetBy: 'USER' as const } : {}),
          ...(transcript && transcript !== vocal.transcript
            ? { transcript, transcriptSetBy: 'USER' as const, transcriptConfidence: null }
            : {}),
        };
        // The earliest step the change affects; the pipeline runs again from there (or from where it stands, if earlier).
        let affected: Stage | null = null;
        if (changes.transcript) {
          changes = clearDerived(vocal, changes);
          affected = 'MATCH';
        } else if (changes.vocalType && changes.vocalType !== vocal.vocalType) affected = 'EXTRACT_INITIAL_VISIT';
        else if (changes.propertyId !== undefined && changes.propertyId !== vocal.propertyId)
          affected = vocal.typeSetBy === 'USER' ? 'EXTRACT_INITIAL_VISIT' : 'DETECT_TYPE';
        if (summary) Object.assign(changes, { summary, summarySetBy: 'USER' as const });
        // A step may be running on what it read before: it must not write over this change, so it goes stale and runs again.
        if (!affected && Object.keys(changes).length && vocal.stage !== 'DONE' && vocal.status !== 'REVIEW_REQUIRED')
          affected = vocal.stage;
        if (!affected) {
          if (Object.keys(changes).length) await tx.update(vocals).set(changes).where(eq(vocals.id, vocal.id));
          return null;
        }
        return restartVocal(tx, vocal, changes, vocal.stage === 'DONE' ? affected : earlier(vocal.stage, affected));
      });
      if (restarted && restarted.stage !== 'DONE')
        await enqueue.afterCommit.stage(restarted.stage, { orgId: actor.orgId, vocalId: id, revision: restarted.revision });
      return view(await findVocal(db, actor.orgId, id));
    },

    async transcribe(actor, id) {
      const restarted = await database.tx(async (tx) => {
        const vocal = await findVocal(tx, actor.orgId, id);
        return restartVocal(tx, vocal, clearDerived(vocal, {}), 'TRANSCRIBE');
      });
      return (await queueStage(actor.orgId, id, restarted))!;
    },

    async extractInsights(actor, id) {
      const restarted = await database.tx(async (tx) => {
        const vocal = await findVocal(tx, actor.orgId, id);
        if (!vocal.transcript || !vocal.vocalType || vocal.vocalType === 'ERREUR_TRAITEMENT') {
          throw new AppError('INVALID_STATE', 'Insights need a transcript and a voice-note type: transcribe it or choose its type first', {
            reason: 'VOCAL_NOT_READY',
            status: vocal.status,
            vocalType: vocal.vocalType,
          });
        }
        // Waiting for a person (property, type, facts): running insights now would close that review and guess.
        if (vocal.status === 'REVIEW_REQUIRED' && vocal.stage !== 'DONE') {
          throw new AppError('INVALID_STATE', 'This voice note is waiting for a review decision: resolve its review item first', {
            reason: 'VOCAL_IN_REVIEW',
            status: vocal.status,
          });
        }
        // Still on an earlier step: jumping to insights would skip it; they come when it is done.
        if (stageIndex(vocal.stage) < stageIndex('EXTRACT_INSIGHTS')) {
          throw new AppError('INVALID_STATE', 'This voice note is still being processed: its insights follow', {
            reason: 'VOCAL_NOT_READY',
            status: vocal.status,
            vocalType: vocal.vocalType,
          });
        }
        return restartVocal(tx, vocal, {}, 'EXTRACT_INSIGHTS');
      });
      return (await queueStage(actor.orgId, id, restarted))!;
    },
  };
}
