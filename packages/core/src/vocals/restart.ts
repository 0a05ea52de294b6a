import { reviewItems, vocals, type Tx } from '@monimmo/db';
import { and, eq, ne } from 'drizzle-orm';
import { publishAfterCommit } from '../events/after-commit.ts';
import { earlier, firstDue, statusFor, type Stage, type VocalRow } from './stages.ts';

/** An item about the property's facts, not the note: it outlives a re-run of the pipeline. */
const OUTLIVES_RERUN = 'VOCAL_EXTRACTION_CONFLICT';

/**
 * A person changed what the pipeline works from: write the changes, bump the revision (jobs of
 * the old one then change nothing), point the vocal at the first stage due from `from`, and close
 * what was waiting for review about it. The caller queues the returned stage after commit.
 */
export async function restartVocal(
  tx: Tx,
  vocal: VocalRow,
  changes: Partial<VocalRow>,
  from: Stage,
): Promise<{ stage: Stage; revision: number }> {
  const merged = { ...vocal, ...changes };
  if (vocal.vocalType === 'ERREUR_TRAITEMENT' && changes.vocalType === undefined) {
    // Back from a give-up: the type it had before, and a fresh count of attempts.
    merged.vocalType = null;
    merged.typeSetBy = null;
    changes = { ...changes, vocalType: null, typeSetBy: null };
  }
  // A step never runs without what an earlier one gives: no transcript, transcribe; no type, detect it.
  if (!merged.transcript) from = 'TRANSCRIBE';
  else if (!merged.vocalType || merged.vocalType === 'ERREUR_TRAITEMENT') from = earlier(from, 'DETECT_TYPE');
  const stage = firstDue(from, merged);
  const revision = vocal.revision + 1;
  await tx
    .update(vocals)
    .set({
      ...changes,
      stage,
      status: statusFor(stage),
      revision,
      attempts: 0,
      processingError: null,
      stageUpdatedAt: new Date().toISOString(),
    })
    .where(and(eq(vocals.id, vocal.id), eq(vocals.orgId, vocal.orgId)));
  await tx
    .update(reviewItems)
    .set({ status: 'RESOLVED', resolution: { decision: 'SUPERSEDED' }, resolvedAt: new Date().toISOString() })
    .where(
      and(
        eq(reviewItems.orgId, vocal.orgId),
        eq(reviewItems.itemType, 'VOCAL'),
        eq(reviewItems.itemId, vocal.id),
        eq(reviewItems.status, 'OPEN'),
        ne(reviewItems.reason, OUTLIVES_RERUN),
      ),
    );
  publishAfterCommit(tx, { orgId: vocal.orgId, type: 'vocal.stage_changed', itemId: vocal.id, from: vocal.stage, to: stage });
  return { stage, revision };
}

/** Changing the transcript invalidates what the AI derived from it, never what a person chose. */
export function clearDerived(vocal: VocalRow, changes: Partial<VocalRow>): Partial<VocalRow> {
  return {
    ...(vocal.propertySetBy === 'AI' && changes.propertyId === undefined ? { propertyId: null, propertySetBy: null } : {}),
    ...(vocal.typeSetBy !== 'USER' && changes.vocalType === undefined ? { vocalType: null, typeSetBy: null } : {}),
    ...changes,
  };
}
