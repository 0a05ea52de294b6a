import { TYPE_DOCUMENTS, type TypeDocument } from '@monimmo/contract/vocabulary';
import { TYPE_DOCUMENT_LABELS } from '../document-labels.ts';
import type { Evidence, Scores } from './document-evidence.ts';

/** A score from which a type is named outright (one naming phrase). */
export const STRONG = 3;
/** Below this, what matched is incidental vocabulary. */
export const WEAK = 2;

/** Each type's place in TYPE_DOCUMENTS: the tie-breaker. */
export const ORDER = new Map(TYPE_DOCUMENTS.map((t, i) => [t, i]));

/** Best first; ties in TYPE_DOCUMENTS order, so the answer never depends on anything else. */
export const ranked = (scores: Scores): [TypeDocument, Evidence][] =>
  [...scores].sort((a, b) => b[1].score - a[1].score || ORDER.get(a[0])! - ORDER.get(b[0])!);

export const label = (type: TypeDocument) => `« ${TYPE_DOCUMENT_LABELS[type]} »`;

/** What a classifier (of a document's text, or of a photo's name and metadata) concludes. */
export interface Decision {
  type: TypeDocument | null;
  confidence: number;
  reasoning: string;
  /**
   * Set when the paper's own title named the type (or titles made one paper the clear main one of
   * a bundle) with no close rival: what a model-backed provider may take without asking.
   */
  titled?: boolean;
}
