/**
 * Okapi BM25, the weighting of a word by how rare it is among the documents and how often a
 * document says it. Here the documents are the agency's properties described in a few words
 * (see describing-words.ts), so the usual settings are changed for short fact lists:
 * - k1 = 1.2: a word said twice (« terrasse » in the title and the features) is what the agency
 *   puts forward, worth a little more, but never twice as much;
 * - b = 0.3: a property described in more words matches more messages by chance, yet its length
 *   is mostly more facts, not more verbosity, so the length counts for little.
 */
export const K1 = 1.2;
export const B = 0.3;
/** From this many properties on, "more than half of them" is a meaningful share. */
const MOST_OF = 4;

/**
 * How much finding a word among `total` properties tells, when `holders` of them have it: BM25's
 * smoothed ln(total / holders), less what a word every property has would be worth (so such a
 * word is worth exactly nothing), on a scale where a word only one property has is worth
 * `unique` whatever the agency's size: among 6 properties or 300, one property alone having a
 * terrace tells the same. A word most properties share (« Toulouse » in a Toulouse agency) tells
 * nothing, as in Robertson and Spärck Jones' weight, once "most" means something.
 */
export function idf(holders: number, total: number, unique = 3): number {
  if (holders <= 0 || total <= 1 || holders > total || (total >= MOST_OF && holders > total / 2)) return 0;
  const smoothed = (n: number) => Math.log(1 + (total - n + 0.5) / (n + 0.5));
  return (unique * (smoothed(holders) - smoothed(total))) / (smoothed(1) - smoothed(total));
}

/** BM25's saturation of a word said `tf` times by a document of `length` words (average `average`): 1 for once in an average one. */
export function termFrequencyWeight(tf: number, length: number, average: number): number {
  if (tf <= 0) return 0;
  const norm = 1 - B + (B * length) / (average || 1);
  return (tf * (K1 + 1)) / (tf + K1 * norm);
}
