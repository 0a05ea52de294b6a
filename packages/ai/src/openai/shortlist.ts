import type { MatchPropertyInput, PropertyCandidate, PropertyMatch } from '../types.ts';

/** The most the model is shown: enough for every plausible property, few enough to read each closely. */
export const MAX_SHORTLIST = 10;

export interface Shortlist {
  /** Best first, as the rules ranked them. */
  candidates: PropertyCandidate[];
  /** What the rules found for each, to show the model (empty when they found nothing). */
  evidence: Map<string, string[]>;
  /** True when the rules found no clue at all and the shortlist is the whole (small) agency. */
  blind: boolean;
}

/**
 * What the model sees when the rules are unsure: only properties with some evidence, in the
 * rules' order (their proposal, then the candidates they list, best first, then the property a
 * person attached this sender's earlier message to), at most MAX_SHORTLIST. Never padded with
 * properties nothing points at: they only give the model room for a confident wrong guess.
 * When the rules found nothing, a small agency (MAX_SHORTLIST properties or fewer) is shown
 * whole, nothing hidden; a larger one gets no shortlist (null) and the message goes to review
 * without a call, as any ten of its properties would be an arbitrary choice.
 */
export function shortlistFor(input: MatchPropertyInput, rules: PropertyMatch): Shortlist | null {
  const byId = new Map(input.candidates.map((c) => [c.id, c]));
  const evidence = new Map(rules.candidates.map((c) => [c.propertyId, c.evidence]));
  const ranked = [rules.propertyId, ...rules.candidates.map((c) => c.propertyId), input.senderHistory?.propertyId];
  const candidates = [...new Set(ranked)].flatMap((id) => (id && byId.has(id) ? [byId.get(id)!] : [])).slice(0, MAX_SHORTLIST);
  if (candidates.length > 0) return { candidates, evidence, blind: false };
  if (input.candidates.length <= MAX_SHORTLIST) return { candidates: input.candidates, evidence, blind: true };
  return null;
}
