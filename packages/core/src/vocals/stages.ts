import type { vocals } from '@monimmo/db';

export type VocalRow = typeof vocals.$inferSelect;
export type Stage = VocalRow['stage'];
export type PipelineStage = Exclude<Stage, 'DONE'>;

/** A stage's job: the revision it was queued for, so a job for an older upload does nothing. */
export interface VocalJobPayload {
  orgId: string;
  vocalId: string;
  revision: number;
}

/** The voice-note pipeline, in order; each stage is its own job. */
export const STAGES: readonly Stage[] = ['TRANSCRIBE', 'MATCH', 'DETECT_TYPE', 'EXTRACT_INITIAL_VISIT', 'EXTRACT_INSIGHTS', 'DONE'];

export const STAGE_LABELS: Record<PipelineStage, string> = {
  TRANSCRIBE: 'transcription',
  MATCH: 'rattachement à un bien',
  DETECT_TYPE: 'détection du type',
  EXTRACT_INITIAL_VISIT: 'extraction des caractéristiques du bien',
  EXTRACT_INSIGHTS: 'extraction des enseignements',
};

export const stageIndex = (stage: Stage): number => STAGES.indexOf(stage);
export const earlier = (a: Stage, b: Stage): Stage => (stageIndex(a) <= stageIndex(b) ? a : b);

type Due = Pick<VocalRow, 'propertyId' | 'propertySetBy' | 'vocalType' | 'typeSetBy'>;

/** What a stage needs done, given what is known: a person's choice or a missing input skips it. */
function isDue(stage: Stage, vocal: Due): boolean {
  // A person who said "no property" (propertyId null, set by USER) is not second-guessed either.
  if (stage === 'MATCH') return !vocal.propertyId && vocal.propertySetBy !== 'USER';
  if (stage === 'DETECT_TYPE') return vocal.typeSetBy !== 'USER' || !vocal.vocalType;
  if (stage === 'EXTRACT_INITIAL_VISIT') return vocal.vocalType === 'VISITE_INITIALE';
  return true;
}

/** The first stage from `from` on that has work to do (DONE when none). */
export function firstDue(from: Stage, vocal: Due): Stage {
  for (let i = stageIndex(from); i < STAGES.length; i++) {
    const stage = STAGES[i]!;
    if (stage === 'DONE' || isDue(stage, vocal)) return stage;
  }
  return 'DONE';
}

export const nextStage = (after: PipelineStage, vocal: Due): Stage => firstDue(STAGES[stageIndex(after) + 1]!, vocal);

/** A vocal waiting for a stage shows UPLOADED until it has a transcript. */
export const statusFor = (stage: Stage): VocalRow['status'] =>
  stage === 'TRANSCRIBE' ? 'UPLOADED' : stage === 'DONE' ? 'INSIGHTS_READY' : 'TRANSCRIBED';
