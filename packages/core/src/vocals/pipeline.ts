import {
  AudioTooLargeError,
  AudioUnreadableError,
  INITIAL_VISIT_EXTRACTION_FLOOR,
  INSIGHTS_FLOOR,
  MESSAGE_PROPERTY_FLOOR,
  TRANSCRIPT_FLOOR,
  VOCAL_TYPE_FLOOR,
  type AIProvider,
  type VocalPropertyContext,
} from '@monimmo/ai';
import type { DetectableVocalType } from '@monimmo/contract';
import { properties, vocals, type Database, type Db, type Tx } from '@monimmo/db';
import { PermanentJobError } from '@monimmo/queue';
import type { Storage } from '@monimmo/storage';
import { and, eq, ne } from 'drizzle-orm';
import { publishAfterCommit } from '../events/after-commit.ts';
import { selectCandidates } from '../properties/candidates.ts';
import { openReviewItem } from '../review-queue/service.ts';
import { applyInitialVisit } from './initial-visit.ts';
import { nextStage, statusFor, STAGE_LABELS, type PipelineStage, type Stage, type VocalJobPayload, type VocalRow } from './stages.ts';

export type { VocalJobPayload } from './stages.ts';

export interface PipelineDeps {
  database: Database;
  ai: AIProvider;
  storage: Storage;
  /** Queues a stage's job; called after the transaction that made it due has committed. */
  enqueueStage(stage: PipelineStage, payload: VocalJobPayload): Promise<{ jobId: string }>;
}

interface ReviewRequest {
  reason: string;
  payload: Record<string, unknown>;
}

/** What a step decided: the columns it sets, the stage due next (the one to resume at after a review). */
interface StepOutcome {
  set: Partial<VocalRow>;
  next: Stage;
  /** Stops the pipeline until a person decides. */
  review?: ReviewRequest;
  /** Work inside the step's transaction (writing into the property); may set more columns. */
  apply?: (tx: Tx) => Promise<{ set?: Partial<VocalRow>; notice?: ReviewRequest }>;
}

const percent = (confidence: number) => `${Math.round(confidence * 100)} %`;

async function readAudio(storage: Storage, key: string, size: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of (await storage.get(key)) as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks, size);
}

export async function propertyContext(db: Db | Tx, orgId: string, propertyId: string | null): Promise<VocalPropertyContext | null> {
  if (!propertyId) return null;
  const [row] = await db
    .select({
      title: properties.title,
      address: properties.address,
      postalCode: properties.postalCode,
      city: properties.city,
      price: properties.price,
      details: properties.details,
      status: properties.status,
    })
    .from(properties)
    .where(and(eq(properties.id, propertyId), eq(properties.orgId, orgId)));
  return row ?? null;
}

function requireTranscript(vocal: VocalRow): string {
  if (!vocal.transcript)
    throw new PermanentJobError('Le vocal n’a pas encore de transcription : relancez la transcription ou saisissez-la.');
  return vocal.transcript;
}

/** The steps of the voice-note pipeline (docs/domain.md). Each reads the vocal, asks the AI, and says what to write. */
function steps({ database, ai, storage }: PipelineDeps): Record<PipelineStage, (vocal: VocalRow) => Promise<StepOutcome>> {
  const { db } = database;
  return {
    async TRANSCRIBE(vocal) {
      if (vocal.size > ai.maxAudioBytes) {
        const mb = (n: number) => `${Math.round(n / 1024 / 1024)} Mo`;
        throw new PermanentJobError(
          `L’enregistrement fait ${mb(vocal.size)}, au-delà des ${mb(ai.maxAudioBytes)} acceptés par le service de transcription : découpez-le en plusieurs vocaux plus courts.`,
        );
      }
      const result = await ai
        .transcribeAudio({
          audio: await readAudio(storage, vocal.storageKey, vocal.size),
          fileName: vocal.fileName,
          mimeType: vocal.mimeType,
        })
        .catch((error: unknown) => {
          // Unreadable or too large stays so: to review at once. Anything else (provider down, timeout) is retried.
          if (error instanceof AudioUnreadableError || error instanceof AudioTooLargeError)
            throw new PermanentJobError(error.message, { cause: error });
          throw error;
        });
      const text = result.text.trim();
      const set: Partial<VocalRow> = {
        transcript: text,
        transcriptSetBy: 'AI',
        transcriptConfidence: result.confidence,
        confidence: result.confidence,
        durationSeconds: vocal.durationSeconds ?? result.durationSeconds,
      };
      const next = nextStage('TRANSCRIBE', vocal);
      if (!text) {
        return {
          set,
          next,
          review: {
            reason: 'VOCAL_EMPTY_TRANSCRIPT',
            payload: {
              confidence: result.confidence,
              reasoning: 'Aucune parole n’a été reconnue dans l’enregistrement : saisissez la transcription ou relancez-la.',
            },
          },
        };
      }
      if (result.confidence < TRANSCRIPT_FLOOR) {
        return {
          set,
          next,
          review: {
            reason: 'VOCAL_LOW_CONFIDENCE',
            payload: {
              step: 'TRANSCRIPT',
              confidence: result.confidence,
              proposal: text,
              reasoning: `La transcription est peu sûre (confiance ${percent(result.confidence)}) : relisez-la et corrigez-la si besoin.`,
            },
          },
        };
      }
      return { set, next };
    },

    async MATCH(vocal) {
      const transcript = requireTranscript(vocal);
      const candidates = await selectCandidates(db, vocal.orgId, { fromAddress: '', subject: null, body: transcript });
      const after = nextStage('MATCH', vocal);
      if (candidates.length === 0) return { set: {}, next: after };
      const match = await ai.matchProperty({ text: transcript, candidates });
      if (
        match.propertyId &&
        !match.ambiguous &&
        match.confidence >= MESSAGE_PROPERTY_FLOOR &&
        candidates.some((c) => c.id === match.propertyId)
      ) {
        const attached = { ...vocal, propertyId: match.propertyId };
        return {
          set: { propertyId: match.propertyId, propertySetBy: 'AI', confidence: match.confidence },
          next: nextStage('MATCH', attached),
        };
      }
      if (match.ambiguous) {
        return {
          set: { confidence: match.confidence },
          next: after,
          review: {
            reason: 'VOCAL_PROPERTY_AMBIGUOUS',
            payload: { confidence: match.confidence, proposal: match.propertyId, candidates: match.candidates, reasoning: match.reasoning },
          },
        };
      }
      // No property named clearly: maybe a property the agency does not have yet (an initial visit); the type decides.
      return { set: {}, next: after };
    },

    async DETECT_TYPE(vocal) {
      const transcript = requireTranscript(vocal);
      const detection = await ai.detectVocalType({ transcript, property: await propertyContext(db, vocal.orgId, vocal.propertyId) });
      if (!detection.vocalType || detection.confidence < VOCAL_TYPE_FLOOR) {
        // Maybe a first visit: its facts are read now, kept as a proposal (written nowhere), so the
        // person choosing the type sees them; choosing a type reads them again.
        const maybeFirstVisit = detection.candidates.some((c) => c.vocalType === 'VISITE_INITIALE');
        const extraction = maybeFirstVisit ? await ai.extractInitialVisit({ transcript }) : null;
        return {
          set: {
            confidence: detection.confidence,
            ...(extraction
              ? { extraction: { fields: extraction.fields, applied: [], conflicts: {}, confidence: extraction.confidence } }
              : {}),
          },
          next: 'EXTRACT_INITIAL_VISIT',
          review: {
            reason: 'VOCAL_TYPE_REVIEW_REQUIRED',
            payload: {
              confidence: detection.confidence,
              proposal: detection.vocalType,
              candidates: detection.candidates,
              reasoning: detection.reasoning,
              ...(extraction ? { initialVisit: { fields: extraction.fields, evidence: extraction.evidence } } : {}),
            },
          },
        };
      }
      const typed = { ...vocal, vocalType: detection.vocalType, typeSetBy: 'AI' as const };
      const set: Partial<VocalRow> = { vocalType: detection.vocalType, typeSetBy: 'AI', confidence: detection.confidence };
      const next = nextStage('DETECT_TYPE', typed);
      if (detection.vocalType !== 'VISITE_INITIALE' && !vocal.propertyId) {
        return {
          set,
          next,
          review: {
            reason: 'VOCAL_PROPERTY_NOT_FOUND',
            payload: {
              confidence: 0,
              candidates: [],
              reasoning:
                'Ce vocal parle d’un bien déjà suivi, mais aucun bien de l’agence n’y est reconnu avec assez de certitude : choisissez le bien concerné.',
            },
          },
        };
      }
      return { set, next };
    },

    async EXTRACT_INITIAL_VISIT(vocal) {
      const extraction = await ai.extractInitialVisit({ transcript: requireTranscript(vocal) });
      const proposal = {
        confidence: extraction.confidence,
        proposal: extraction.fields,
        evidence: extraction.evidence,
        reasoning: extraction.reasoning,
      };
      const stored = { fields: extraction.fields, applied: [] as string[], conflicts: {}, confidence: extraction.confidence };
      if (!vocal.propertyId) {
        return {
          set: { extraction: stored, confidence: extraction.confidence },
          next: 'EXTRACT_INITIAL_VISIT',
          review: {
            reason: 'VOCAL_INITIAL_VISIT_NO_PROPERTY',
            payload: {
              ...proposal,
              reasoning: `Première visite d’un bien inconnu de l’agence : choisissez le bien ou créez-le à partir des informations relevées. ${extraction.reasoning}`,
            },
          },
        };
      }
      if (extraction.confidence < INITIAL_VISIT_EXTRACTION_FLOOR) {
        return {
          set: { extraction: stored, confidence: extraction.confidence },
          next: 'EXTRACT_INITIAL_VISIT',
          review: { reason: 'VOCAL_LOW_CONFIDENCE', payload: { step: 'INITIAL_VISIT_EXTRACTION', ...proposal } },
        };
      }
      const propertyId = vocal.propertyId;
      return {
        set: { confidence: extraction.confidence },
        next: nextStage('EXTRACT_INITIAL_VISIT', vocal),
        apply: async (tx) => {
          const outcome = await applyInitialVisit(tx, vocal.orgId, propertyId, extraction.fields);
          const conflicting = Object.keys(outcome.conflicts);
          return {
            set: { extraction: { ...stored, ...outcome } },
            notice: conflicting.length
              ? {
                  reason: 'VOCAL_EXTRACTION_CONFLICT',
                  payload: {
                    propertyId,
                    confidence: extraction.confidence,
                    proposal: outcome.conflicts,
                    reasoning: `Le vocal donne d’autres valeurs que la fiche du bien pour : ${conflicting.join(', ')}. La fiche n’a pas été modifiée.`,
                  },
                }
              : undefined,
          };
        },
      };
    },

    async EXTRACT_INSIGHTS(vocal) {
      const transcript = requireTranscript(vocal);
      if (!vocal.vocalType || vocal.vocalType === 'ERREUR_TRAITEMENT')
        throw new PermanentJobError('Le vocal n’a pas de type, les enseignements ne peuvent pas en être tirés : choisissez son type.');
      const result = await ai.extractInsights({
        transcript,
        vocalType: vocal.vocalType as DetectableVocalType,
        property: await propertyContext(db, vocal.orgId, vocal.propertyId),
      });
      // A summary a person wrote stays; the AI's is only a default.
      const set: Partial<VocalRow> = {
        ...(vocal.summarySetBy === 'USER' ? {} : { summary: result.summary, summarySetBy: 'AI' as const }),
        insights: result.insights,
        confidence: result.confidence,
      };
      if (result.confidence < INSIGHTS_FLOOR) {
        return {
          set,
          next: 'DONE',
          review: {
            reason: 'VOCAL_LOW_CONFIDENCE',
            payload: {
              step: 'INSIGHTS',
              confidence: result.confidence,
              proposal: { summary: result.summary, insights: result.insights },
              reasoning: result.reasoning,
            },
          },
        };
      }
      return { set, next: 'DONE' };
    },
  };
}

/**
 * Runs one stage of one vocal. A job that is stale (the vocal moved on, or a person changed what
 * it works from) changes nothing, and the stage is claimed by a conditional update, so two runs
 * of the same job write once and queue the next stage once.
 */
export function createVocalPipeline(deps: PipelineDeps) {
  const { database } = deps;
  const run = steps(deps);

  return async function runStage(stage: PipelineStage, { orgId, vocalId, revision }: VocalJobPayload): Promise<void> {
    const [vocal] = await database.db
      .select()
      .from(vocals)
      .where(and(eq(vocals.id, vocalId), eq(vocals.orgId, orgId)));
    if (!vocal) throw new PermanentJobError(`vocal ${vocalId} no longer exists`);
    if (vocal.stage !== stage || vocal.revision !== revision || vocal.status === 'REVIEW_REQUIRED') return;

    const outcome = await run[stage](vocal);
    const advanced = await database.tx(async (tx) => {
      const [claimed] = await tx
        .update(vocals)
        .set({
          ...outcome.set,
          stage: outcome.next,
          status: outcome.review ? 'REVIEW_REQUIRED' : statusFor(outcome.next),
          processingError: null,
          stageUpdatedAt: new Date().toISOString(),
        })
        .where(
          and(
            eq(vocals.id, vocalId),
            eq(vocals.orgId, orgId),
            eq(vocals.stage, stage),
            eq(vocals.revision, revision),
            ne(vocals.status, 'REVIEW_REQUIRED'),
          ),
        )
        .returning({ id: vocals.id });
      if (!claimed) return false;
      publishAfterCommit(tx, { orgId, type: 'vocal.stage_changed', itemId: vocalId, from: stage, to: outcome.next });
      const applied = outcome.apply ? await outcome.apply(tx) : {};
      if (applied.set) await tx.update(vocals).set(applied.set).where(eq(vocals.id, vocalId));
      for (const review of [outcome.review, applied.notice]) {
        if (review) await openReviewItem(tx, { orgId, itemType: 'VOCAL', itemId: vocalId, reason: review.reason, payload: review.payload });
      }
      return true;
    });
    if (advanced && !outcome.review && outcome.next !== 'DONE') await deps.enqueueStage(outcome.next, { orgId, vocalId, revision });
  };
}

/**
 * Processing gave up on a vocal: ERREUR_TRAITEMENT, the reason in French, and a
 * review item from which a person can retry. The stage is kept so a retry resumes there.
 */
export async function giveUpVocal(
  tx: Tx,
  vocal: Pick<VocalRow, 'id' | 'orgId' | 'stage' | 'vocalType' | 'typeSetBy'>,
  error: string,
  attempts: number,
): Promise<void> {
  await tx
    .update(vocals)
    .set({ vocalType: 'ERREUR_TRAITEMENT', status: 'REVIEW_REQUIRED', processingError: error, stageUpdatedAt: new Date().toISOString() })
    .where(and(eq(vocals.id, vocal.id), eq(vocals.orgId, vocal.orgId)));
  publishAfterCommit(tx, { orgId: vocal.orgId, type: 'vocal.stage_changed', itemId: vocal.id, from: vocal.stage, to: 'REVIEW_REQUIRED' });
  await openReviewItem(tx, {
    orgId: vocal.orgId,
    itemType: 'VOCAL',
    itemId: vocal.id,
    reason: 'VOCAL_PROCESSING_ERROR',
    payload: {
      error,
      attempts,
      stage: vocal.stage,
      previousVocalType: vocal.vocalType === 'ERREUR_TRAITEMENT' ? null : vocal.vocalType,
      previousTypeSetBy: vocal.typeSetBy,
    },
  });
}

export const stageLabel = (stage: Stage): string => (stage === 'DONE' ? 'fin du traitement' : STAGE_LABELS[stage]);
