import {
  DETECTABLE_VOCAL_TYPES,
  REVIEW_REASON_LABELS,
  TYPE_DOCUMENT_LABELS,
  VOCAL_TYPE_LABELS,
  type DetectableVocalType,
  type ReviewItemType,
  type TypeDocument,
} from '@monimmo/contract/vocabulary/lists';
import type { RouterInputs, RouterOutputs } from '../../lib/api-types.ts';

export type ReviewItem = RouterOutputs['reviewQueue']['list']['items'][number];
export type ResolveInput = RouterInputs['reviewQueue']['resolve'];

/** One choice the AI weighed: a property, a document type or a voice-note type. */
export type Candidate =
  | { kind: 'property'; propertyId: string; confidence: number | null; evidence: string[] }
  | { kind: 'typeDocument'; typeDocument: TypeDocument; confidence: number | null; evidence: string[] }
  | { kind: 'vocalType'; vocalType: DetectableVocalType; confidence: number | null; evidence: string[] };

/** The controls an item offers, from its kind and why it waits. */
export interface ItemActions {
  attachProperty: boolean;
  setTypeDocument: boolean;
  setVocalType: boolean;
  correctTranscript: boolean;
  acceptProposal: boolean;
  retry: boolean;
  dismiss: true;
}

const percentFormat = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
/** « 87 % » */
export const formatConfidence = (value: number): string => percentFormat.format(value);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : []);
const isTypeDocument = (v: unknown): v is TypeDocument => typeof v === 'string' && v in TYPE_DOCUMENT_LABELS;
const isVocalType = (v: unknown): v is DetectableVocalType =>
  typeof v === 'string' && (DETECTABLE_VOCAL_TYPES as readonly string[]).includes(v);

/** Why the item waits, in French (a reason the vocabulary lacks reads as a generic sentence). */
export function reasonLabel(reason: string): string {
  return (REVIEW_REASON_LABELS as Record<string, string>)[reason] ?? 'À vérifier';
}

const payloadOf = (item: Pick<ReviewItem, 'payload'>): Record<string, unknown> => (isRecord(item.payload) ? item.payload : {});

/** What the candidates are about for this item: properties, document types or voice-note types. */
function candidateKind(item: Pick<ReviewItem, 'itemType' | 'reason'>): Candidate['kind'] | null {
  if (item.itemType === 'MESSAGE') return 'property';
  if (item.itemType === 'FILE') return 'typeDocument';
  if (item.reason === 'VOCAL_TYPE_REVIEW_REQUIRED') return 'vocalType';
  if (item.reason === 'VOCAL_PROPERTY_AMBIGUOUS') return 'property';
  return null;
}

/** The candidates, best first, the AI's proposal among them (added first when the list lacks it). */
export function candidatesOf(item: Pick<ReviewItem, 'itemType' | 'reason' | 'payload'>): Candidate[] {
  const kind = candidateKind(item);
  if (!kind) return [];
  const payload = payloadOf(item);
  const raw = Array.isArray(payload.candidates) ? payload.candidates.filter(isRecord) : [];
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const push = (value: unknown, confidence: number | null, evidence: string[]) => {
    if (typeof value !== 'string' || seen.has(value)) return;
    if (kind === 'property') out.push({ kind, propertyId: value, confidence, evidence });
    else if (kind === 'typeDocument' && isTypeDocument(value)) out.push({ kind, typeDocument: value, confidence, evidence });
    else if (kind === 'vocalType' && isVocalType(value)) out.push({ kind, vocalType: value, confidence, evidence });
    else return;
    seen.add(value);
  };
  const key = kind === 'property' ? 'propertyId' : kind;
  const proposal = payload.proposal;
  if (typeof proposal === 'string' && !raw.some((c) => c[key] === proposal)) push(proposal, num(payload.confidence), []);
  for (const c of raw) push(c[key], num(c.confidence), strings(c.evidence));
  return out;
}

const candidateValue = (c: Candidate): string =>
  c.kind === 'property' ? c.propertyId : c.kind === 'typeDocument' ? c.typeDocument : c.vocalType;
export { candidateValue };

/** The decision that picks this candidate. */
export function decisionFor(itemId: string, c: Candidate): ResolveInput {
  if (c.kind === 'property') return { id: itemId, decision: 'ATTACH_PROPERTY', propertyId: c.propertyId };
  if (c.kind === 'typeDocument') return { id: itemId, decision: 'SET_TYPE_DOCUMENT', typeDocument: c.typeDocument };
  return { id: itemId, decision: 'SET_VOCAL_TYPE', vocalType: c.vocalType };
}

/** A candidate's name when it needs no lookup (types); properties are named by the screen. */
export function candidateTypeLabel(c: Candidate): string | null {
  if (c.kind === 'typeDocument') return TYPE_DOCUMENT_LABELS[c.typeDocument];
  if (c.kind === 'vocalType') return VOCAL_TYPE_LABELS[c.vocalType];
  return null;
}

/** Which decisions fit: the API refuses the others (documents and messages take no voice-note decision). */
export function actionsOf(item: Pick<ReviewItem, 'itemType' | 'reason' | 'payload'>): ItemActions {
  const none = {
    attachProperty: false,
    setTypeDocument: false,
    setVocalType: false,
    correctTranscript: false,
    acceptProposal: false,
    retry: false,
    dismiss: true,
  } as const;
  if (item.itemType === 'MESSAGE') return { ...none, attachProperty: true };
  if (item.itemType === 'FILE') return { ...none, setTypeDocument: true };
  const payload = payloadOf(item);
  const step = payload.step;
  const reason = item.reason;
  const hasProposal = payload.proposal !== undefined && payload.proposal !== null;
  return {
    ...none,
    attachProperty:
      ['VOCAL_PROPERTY_AMBIGUOUS', 'VOCAL_PROPERTY_NOT_FOUND', 'VOCAL_INITIAL_VISIT_NO_PROPERTY', 'VOCAL_PROCESSING_ERROR'].includes(
        reason,
      ) ||
      (reason === 'VOCAL_LOW_CONFIDENCE' && step === 'INITIAL_VISIT_EXTRACTION'),
    setVocalType: reason === 'VOCAL_TYPE_REVIEW_REQUIRED' || reason === 'VOCAL_PROCESSING_ERROR',
    correctTranscript: reason === 'VOCAL_EMPTY_TRANSCRIPT' || (reason === 'VOCAL_LOW_CONFIDENCE' && step === 'TRANSCRIPT'),
    acceptProposal:
      hasProposal &&
      ['VOCAL_LOW_CONFIDENCE', 'VOCAL_PROPERTY_AMBIGUOUS', 'VOCAL_TYPE_REVIEW_REQUIRED', 'VOCAL_EXTRACTION_CONFLICT'].includes(reason),
    retry: reason !== 'VOCAL_EXTRACTION_CONFLICT',
  };
}

/** Open items of each kind, for the filter's counts. */
export function countByType(items: Pick<ReviewItem, 'itemType'>[]): Record<ReviewItemType, number> {
  const counts: Record<ReviewItemType, number> = { MESSAGE: 0, FILE: 0, VOCAL: 0 };
  for (const item of items) counts[item.itemType] += 1;
  return counts;
}

/** The item to show once `currentId` leaves the list: the one after it, else the one before. */
export function neighbourAfterRemoval(ids: string[], currentId: string): string | null {
  const index = ids.indexOf(currentId);
  if (index < 0) return ids[0] ?? null;
  return ids[index + 1] ?? ids[index - 1] ?? null;
}

export type ShortcutAction =
  | { type: 'next' }
  | { type: 'previous' }
  | { type: 'pick'; index: number }
  | { type: 'confirm' }
  | { type: 'retry' }
  | { type: 'dismiss' }
  | { type: 'help' };

/** A field where keys type text: the queue's shortcuts stay out of it. */
function isTyping(target: EventTarget | null): boolean {
  if (!target || typeof (target as Element).closest !== 'function') return false;
  const el = target as HTMLElement;
  if (el.isContentEditable) return true;
  return el.closest('input, textarea, select, [contenteditable="true"], [role="combobox"], [role="listbox"]') !== null;
}

/** The queue's keyboard: j/k or arrows, 1–9, Entrée, r, x or Suppr, ?. Null when the key is not ours. */
export function shortcutFor(event: Pick<KeyboardEvent, 'key' | 'target' | 'ctrlKey' | 'metaKey' | 'altKey'>): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return null;
  const key = event.key;
  if (key === 'j' || key === 'ArrowDown') return { type: 'next' };
  if (key === 'k' || key === 'ArrowUp') return { type: 'previous' };
  if (/^[1-9]$/.test(key)) return { type: 'pick', index: Number(key) - 1 };
  if (key === 'Enter') {
    // Entrée on a button or link activates it, as everywhere else; on a chosen candidate it confirms.
    const el = event.target as HTMLElement | null;
    const control = el && typeof el.closest === 'function' ? el.closest('button, a, summary') : null;
    if (control && !control.hasAttribute('data-review-candidate')) return null;
    return { type: 'confirm' };
  }
  if (key === 'r' || key === 'R') return { type: 'retry' };
  if (key === 'x' || key === 'X' || key === 'Delete') return { type: 'dismiss' };
  if (key === '?') return { type: 'help' };
  return null;
}
