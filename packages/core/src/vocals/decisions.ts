import { AppError, type Actor, type InitialVisitFields, type ResolveReviewItemInput } from '@monimmo/contract';
import type { reviewItems } from '@monimmo/db';
import { vocals, type Tx } from '@monimmo/db';
import { eq } from 'drizzle-orm';
import { findProperty } from '../properties/lookup.ts';
import { findVocal } from './service.ts';
import { applyInitialVisit } from './initial-visit.ts';
import { clearDerived, restartVocal } from './restart.ts';
import { earlier, nextStage, type Stage, type VocalRow } from './stages.ts';
import type { StoredExtraction } from './view.ts';

type ReviewRow = typeof reviewItems.$inferSelect;

const notApplicable = (message: string) => new AppError('INVALID_STATE', message, { reason: 'DECISION_NOT_APPLICABLE' });

/** The stage to queue once the resolving transaction has committed, if any. */
export type Resume = { stage: Stage; revision: number } | null;

/**
 * Applies a person's decision on a voice note under review, inside the resolving transaction:
 * the property, type or transcript they gave is theirs (the AI never changes it again), and the
 * pipeline resumes from the step that decision unblocks.
 */
export async function applyVocalDecision(tx: Tx, actor: Actor, item: ReviewRow, input: ResolveReviewItemInput): Promise<Resume> {
  const vocal = await findVocal(tx, actor.orgId, item.itemId);
  const payload = item.payload as {
    step?: string;
    proposal?: unknown;
    propertyId?: string;
    previousVocalType?: VocalRow['vocalType'];
    previousTypeSetBy?: VocalRow['typeSetBy'];
  };
  if (input.propertyId) await findProperty(tx, actor.orgId, input.propertyId);

  let changes: Partial<VocalRow> = {
    ...(input.propertyId ? { propertyId: input.propertyId, propertySetBy: 'USER' as const } : {}),
    ...(input.vocalType ? { vocalType: input.vocalType, typeSetBy: 'USER' as const } : {}),
    ...(input.transcript ? { transcript: input.transcript, transcriptSetBy: 'USER' as const, transcriptConfidence: null } : {}),
  };
  if (vocal.vocalType === 'ERREUR_TRAITEMENT' && !input.vocalType) {
    changes = { ...changes, vocalType: payload.previousVocalType ?? null, typeSetBy: payload.previousTypeSetBy ?? null };
  }
  const restart = (from: Stage) =>
    restartVocal(tx, vocal, input.transcript ? clearDerived(vocal, changes) : changes, input.transcript ? 'MATCH' : from);

  switch (input.decision) {
    case 'DISMISS':
      if (item.reason === 'VOCAL_EXTRACTION_CONFLICT') return null;
      // Nothing more to do for this note: it stays as it is, out of the pipeline.
      await tx
        .update(vocals)
        .set({
          ...changes,
          stage: 'DONE',
          status: vocal.insights ? 'INSIGHTS_READY' : vocal.transcript !== null ? 'TRANSCRIBED' : 'UPLOADED',
        })
        .where(eq(vocals.id, vocal.id));
      return null;

    case 'RETRY':
      // Transcript problems are retried from the audio; other steps from where they stopped.
      return restart(
        item.reason === 'VOCAL_EMPTY_TRANSCRIPT' || (item.reason === 'VOCAL_LOW_CONFIDENCE' && payload.step === 'TRANSCRIPT')
          ? 'TRANSCRIBE'
          : vocal.stage,
      );

    case 'ACCEPT_PROPOSAL':
      return acceptProposal(tx, vocal, item, changes, restart);

    case 'ATTACH_PROPERTY':
    case 'SET_VOCAL_TYPE':
    case 'CORRECT_TRANSCRIPT':
      // A new type or property: the steps that read them (extraction, insights) run again, even on a note that was done.
      return restart(
        input.vocalType || (input.propertyId && input.propertyId !== vocal.propertyId)
          ? earlier(vocal.stage, 'EXTRACT_INITIAL_VISIT')
          : vocal.stage,
      );

    default:
      throw notApplicable('A voice note has no document type');
  }
}

async function acceptProposal(
  tx: Tx,
  vocal: VocalRow,
  item: ReviewRow,
  changes: Partial<VocalRow>,
  restart: (from: Stage) => Promise<Resume>,
): Promise<Resume> {
  const payload = item.payload as { step?: string; proposal?: unknown; propertyId?: string };
  switch (item.reason) {
    case 'VOCAL_EXTRACTION_CONFLICT': {
      // Replace the property's values by the note's, as the person approved.
      const conflicts = (payload.proposal ?? {}) as Record<string, { proposed: unknown }>;
      const fields = Object.fromEntries(Object.entries(conflicts).map(([field, c]) => [field, c.proposed])) as InitialVisitFields;
      const outcome = await applyInitialVisit(tx, vocal.orgId, payload.propertyId!, fields, Object.keys(fields));
      const extraction = vocal.extraction as StoredExtraction | null;
      if (extraction) {
        await tx
          .update(vocals)
          .set({ extraction: { ...extraction, applied: [...extraction.applied, ...outcome.applied], conflicts: {} } })
          .where(eq(vocals.id, vocal.id));
      }
      return null;
    }
    case 'VOCAL_LOW_CONFIDENCE':
      if (payload.step === 'INSIGHTS') {
        // Accepted with another property or type: the insights were drawn for the old ones, so they run again.
        const moved =
          (changes.propertyId && changes.propertyId !== vocal.propertyId) || (changes.vocalType && changes.vocalType !== vocal.vocalType);
        if (moved) return restart('EXTRACT_INITIAL_VISIT');
        await tx
          .update(vocals)
          .set({ ...changes, stage: 'DONE', status: 'INSIGHTS_READY' })
          .where(eq(vocals.id, vocal.id));
        return null;
      }
      if (payload.step === 'INITIAL_VISIT_EXTRACTION') {
        const propertyId = changes.propertyId ?? vocal.propertyId;
        if (!propertyId) throw notApplicable('Choose the property the facts belong to');
        const fields = (payload.proposal ?? {}) as InitialVisitFields;
        const outcome = await applyInitialVisit(tx, vocal.orgId, propertyId, fields);
        const stored = vocal.extraction as StoredExtraction | null;
        await tx
          .update(vocals)
          .set({ extraction: { fields, confidence: stored?.confidence ?? 0, ...outcome } })
          .where(eq(vocals.id, vocal.id));
        return restart(nextStage('EXTRACT_INITIAL_VISIT', { ...vocal, ...changes }));
      }
      return restart(vocal.stage);
    case 'VOCAL_PROPERTY_AMBIGUOUS':
      if (!changes.propertyId && typeof payload.proposal === 'string') {
        changes.propertyId = payload.proposal;
        changes.propertySetBy = 'USER';
      }
      return restart(vocal.stage);
    case 'VOCAL_TYPE_REVIEW_REQUIRED':
      if (!changes.vocalType || changes.vocalType === 'ERREUR_TRAITEMENT') {
        if (typeof payload.proposal !== 'string') throw notApplicable('The AI proposed no type: choose one with SET_VOCAL_TYPE');
        changes.vocalType = payload.proposal as VocalRow['vocalType'];
        changes.typeSetBy = 'USER';
      }
      return restart(vocal.stage);
    case 'VOCAL_PROCESSING_ERROR':
      return restart(vocal.stage);
    default:
      // Empty transcript, no property found: there is no proposal to accept.
      if (!changes.transcript && !changes.propertyId)
        throw notApplicable('There is no proposal to accept here: give the missing transcript or property');
      return restart(vocal.stage);
  }
}
