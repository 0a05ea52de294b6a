// What the evaluation counts, from the outcomes read back through the services. A confident wrong
// answer is the worst outcome; below the floor, review is the right one.
import type { DocumentOutcome } from './documents.ts';
import type { MessageOutcome } from './messages.ts';
import type { VocalOutcome } from './vocals.ts';

const NO_PROPERTY = new Set(['NONE', 'AMBIGUOUS']);

export interface Ratio {
  n: number;
  of: number;
}
export const ratio = (n: number, of: number): Ratio => ({ n, of });
export const percent = ({ n, of }: Ratio) => (of ? `${((100 * n) / of).toFixed(1).replace('.', ',')} %` : '—');
export const cell = (r: Ratio) => `${r.n}/${r.of} (${percent(r)})`;

const count = <T>(items: T[], test: (item: T) => boolean) => items.filter(test).length;

/** Categories in alphabetical order, so tables read the same every run. */
function byCategory<T extends { item: { category: string } }>(outcomes: T[]): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const o of outcomes) groups.set(o.item.category, [...(groups.get(o.item.category) ?? []), o]);
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export const messageRight = (o: MessageOutcome) =>
  NO_PROPERTY.has(o.item.expected) ? o.attached === null : o.attached === o.item.expected;
export const messageWrong = (o: MessageOutcome) => o.attached !== null && o.attached !== o.item.expected;

export function messageMeasures(outcomes: MessageOutcome[]) {
  const meant = outcomes.filter((o) => !NO_PROPERTY.has(o.item.expected));
  const none = outcomes.filter((o) => NO_PROPERTY.has(o.item.expected));
  const described = meant.filter((o) => o.item.category === 'description-only');
  return {
    total: outcomes.length,
    wronglyAttached: ratio(count(outcomes, messageWrong), outcomes.length),
    attachedWhenMeant: ratio(count(meant, messageRight), meant.length),
    descriptionOnly: ratio(count(described, messageRight), described.length),
    noPropertyToReview: ratio(
      count(none, (o) => o.review),
      none.length,
    ),
    categories: byCategory(outcomes).map(([category, list]) => ({
      category,
      n: list.length,
      right: count(list, messageRight),
      review: count(list, (o) => o.review),
      wrong: count(list, messageWrong),
    })),
  };
}

export const documentRight = (o: DocumentOutcome) =>
  o.item.expected === 'REVIEW' ? o.status === 'REVIEW_REQUIRED' : o.status === 'CLASSIFIED' && o.typeDocument === o.item.expected;
export const documentConfidentWrong = (o: DocumentOutcome) => o.status === 'CLASSIFIED' && o.typeDocument !== o.item.expected;

export function documentMeasures(outcomes: DocumentOutcome[]) {
  return {
    total: outcomes.length,
    typeRight: ratio(count(outcomes, documentRight), outcomes.length),
    confidentWrong: ratio(count(outcomes, documentConfidentWrong), outcomes.length),
    categories: byCategory(outcomes).map(([category, list]) => ({
      category,
      n: list.length,
      right: count(list, documentRight),
      review: count(list, (o) => o.status === 'REVIEW_REQUIRED'),
      confidentWrong: count(list, documentConfidentWrong),
    })),
  };
}

/** Accents, case and punctuation aside: « 48, Avenue de la Gloire » is « 48 avenue de la gloire ». */
export const fold = (value: string) =>
  value
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Numbers exact, strings folded, anything else equal. */
export function sameFact(expected: unknown, got: unknown): boolean {
  if (got === null || got === undefined) return false;
  if (typeof expected === 'number') return typeof got === 'number' ? got === expected : Number(got) === expected;
  if (typeof expected === 'string') return typeof got === 'string' && fold(got) === fold(expected);
  return JSON.stringify(expected) === JSON.stringify(got);
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** The facts a note should have given: its non-empty expected fields, for first visits. */
export function expectedFacts(o: VocalOutcome): [string, unknown][] {
  if (o.item.expectedType !== 'VISITE_INITIALE' || !o.item.expectedFields) return [];
  return Object.entries(o.item.expectedFields).filter(([, v]) => !isEmpty(v));
}
export const factsRight = (o: VocalOutcome) => count(expectedFacts(o), ([field, v]) => sameFact(v, o.fields?.[field]));

export const vocalTypeRight = (o: VocalOutcome) => o.vocalType === o.item.expectedType;
/** Typed, but not as labeled (a type left for a person is not wrong: it waits). */
export const vocalTypeWrong = (o: VocalOutcome) => o.vocalType !== null && o.vocalType !== o.item.expectedType;

export function vocalMeasures(outcomes: VocalOutcome[]) {
  const facts = (list: VocalOutcome[]) =>
    ratio(
      list.reduce((n, o) => n + factsRight(o), 0),
      list.reduce((n, o) => n + expectedFacts(o).length, 0),
    );
  return {
    total: outcomes.length,
    typeRight: ratio(count(outcomes, vocalTypeRight), outcomes.length),
    typeWrong: ratio(count(outcomes, vocalTypeWrong), outcomes.length),
    facts: facts(outcomes),
    /** Extraction alone: the facts of the notes the pipeline did type as first visits (extraction follows typing). */
    factsWhenTyped: facts(outcomes.filter((o) => o.vocalType === 'VISITE_INITIALE')),
    categories: byCategory(outcomes).map(([category, list]) => ({
      category,
      n: list.length,
      typeRight: count(list, vocalTypeRight),
      typeReview: count(list, (o) => o.vocalType === null),
      typeWrong: count(list, vocalTypeWrong),
      facts: facts(list),
    })),
  };
}
