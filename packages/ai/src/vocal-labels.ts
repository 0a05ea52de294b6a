import type { DetectableVocalType } from '@monimmo/contract/vocabulary';

/** Each voice-note type as an agent reads it in a reasoning or a review item. */
export const VOCAL_TYPE_LABELS: Record<DetectableVocalType, string> = {
  VISITE_INITIALE: 'visite initiale',
  VISITE_SUIVI: 'visite de suivi',
  COMPTE_RENDU_VISITE_CLIENT: 'compte rendu de visite client',
};
