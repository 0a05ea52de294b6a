import type { PropertyCandidate } from '../types.ts';
import { idf, termFrequencyWeight } from './bm25.ts';
import { parseAddress } from './normalize.ts';
import {
  describe,
  describeMessage,
  floorLabel,
  priceLabel,
  sameSurface,
  samePrice,
  surfaceLabel,
  type MessageDescription,
  type PropertyDescription,
  stem,
} from './describing-words.ts';

/** Street names too common to count without their street type ("près de la gare", "la paix"). */
const COMMON_STREET_NAMES = new Set([
  'gare',
  'paix',
  'eglise',
  'mairie',
  'poste',
  'marche',
  'port',
  'republique',
  'liberation',
  'ecoles',
  'moulin',
  'fontaine',
  'paradis',
  'sainte',
  'saint',
]);

/** A term the message says, with the properties that have it (by index) and how each says it. */
interface Term {
  key: string;
  holders: Map<number, { tf: number; label: string }>;
}

/** How well a message's description fits one property: BM25 of what it has, less half of what it lacks. */
/** How well a message's description fits one property. */
export interface DescriptionFit {
  /** What matched (term key, the words as the property's data says them, weight, how many properties have it), the most telling first. */
  parts: { key: string; label: string; weight: number; holders: number }[];
  /** Weight of what the message says that this property lacks. */
  missing: number;
  /**
   * The message places what it describes elsewhere: on a street or at a postal code none of the
   * properties has. What it describes then fits this property by chance (a first visit of a new
   * T3 of 68 m² is not the agency's T3 of 68 m²).
   */
  elsewhere: boolean;
  /** The message points at one particular property (« l’appartement de la rue… »), not at a wish. */
  definite: boolean;
}

/**
 * A word the message says that a rival property has and this one lacks counts against it, by
 * half its weight: « le T3 des Minimes avec jardin » is the one with the garden, not the one with
 * a balcony, though both are T3s in the Minimes.
 */
const MISSING_WEIGHT = 0.5;
/** An advertised price quoted to the euro is a six-digit coincidence, not a word many texts use: it tells more than one rare word. */
const PRICE_WEIGHT = 1.4;
/** A street named with its type is where the writer knows the property is: more telling than a word as rare. */
const STREET_WEIGHT = 1.3;
const STREET_MIN = 2;

/** BM25 of what matched, less half of what the property lacks; `keep` leaves parts out (a street already counted as an address). */
export function fitScore(fit: DescriptionFit, keep: (key: string) => boolean = () => true): number {
  const found = fit.parts.filter((p) => keep(p.key)).reduce((n, p) => n + p.weight, 0);
  return found > 0 ? Math.max(0, found - MISSING_WEIGHT * fit.missing) : 0;
}

/**
 * The street named with its type (« rue Réclusane »), or a distinctive name alone (« Lasbordes »)
 * unless it is also a district's or a town's (« aux Minimes » is the district, not the avenue).
 */
function streetSaid(message: MessageDescription, street: NonNullable<PropertyDescription['street']>, places: Set<string>): boolean {
  const { name, type } = street;
  if (type && message.streets.includes(` ${type} ${name} `)) return true;
  const distinctive = name.includes(' ') ? name.replace(/ /g, '').length >= 8 : name.length >= 7 && !COMMON_STREET_NAMES.has(name);
  return distinctive && !places.has(stem(name)) && message.streets.includes(` ${name} `);
}

function termsOf(message: MessageDescription, properties: PropertyDescription[]): Term[] {
  const terms = new Map<string, Term>();
  const hold = (key: string, index: number, label: string, tf = 1) => {
    let term = terms.get(key);
    if (!term) terms.set(key, (term = { key, holders: new Map() }));
    term.holders.set(index, { tf, label });
  };
  const places = new Set(properties.flatMap((p) => [...p.words.keys()]));
  properties.forEach((p, i) => {
    for (const w of new Set(message.words)) {
      const word = p.words.get(w);
      if (word) hold(`w:${w}`, i, word.label, word.tf);
    }
    for (const k of message.kinds) if (p.compatibleKinds.has(k)) hold(`k:${k}`, i, k);
    for (const r of message.rooms) if (p.rooms === r) hold(`r:${r}`, i, r === 1 && p.kinds.has('studio') ? 'studio' : `T${r}`);
    for (const b of message.bedrooms) if (p.bedrooms === b) hold(`b:${b}`, i, `${b} chambre${b > 1 ? 's' : ''}`);
    for (const f of message.floors) if (p.floor === f) hold(`f:${f}`, i, floorLabel(f));
    for (const s of message.surfaces) {
      const actual = p.surfaces.find((a) => sameSurface(s, a));
      if (actual !== undefined) hold(`s:${s}`, i, surfaceLabel(actual));
    }
    for (const price of message.prices) if (p.price !== null && samePrice(price, p.price)) hold(`p:${price}`, i, priceLabel(p.price));
    if (p.street && streetSaid(message, p.street, places)) hold(`st:${p.street.name}`, i, p.street.label);
  });
  return [...terms.values()];
}

/**
 * A message that names a kind or a size the property is not (« une maison » for a flat, « le T3 »
 * for a T2) does not describe it, whatever else it shares with it.
 */
function contradicts(message: MessageDescription, p: PropertyDescription): boolean {
  // « 950 m² de terrain » is said of a house too: only the other kinds exclude.
  const kinds = [...message.kinds].filter((k) => k !== 'terrain');
  if (kinds.length > 0 && p.compatibleKinds.size > 0 && !kinds.some((k) => p.compatibleKinds.has(k))) return true;
  return message.rooms.size > 0 && p.rooms !== null && !message.rooms.has(p.rooms);
}

/** How the message's description fits each candidate (same order); no parts when it describes none of them. */
export function describedFits(text: string, candidates: PropertyCandidate[], senderName?: string): DescriptionFit[] {
  const said = describeMessage(text, senderName);
  const properties = candidates.map(describe);
  if (candidates.length === 0) return [];
  // A wish describes no property of the agency's; a street it names is still a place the writer knows.
  const message: MessageDescription = said.wish
    ? { ...said, words: [], kinds: new Set(), rooms: new Set(), bedrooms: new Set(), floors: new Set(), surfaces: [], prices: [] }
    : said;
  const terms = termsOf(message, properties);
  const elsewhere = foreignPlace(message, properties, candidates);
  const average = properties.reduce((n, p) => n + p.length, 0) / properties.length;
  const weights = terms.map((t) => {
    const rarity = idf(t.holders.size, candidates.length);
    // A named street stays plausible however many properties are on it: they tie, and a person picks.
    if (t.key.startsWith('st:')) return Math.max(rarity * STREET_WEIGHT, STREET_MIN);
    return t.key.startsWith('p:') ? rarity * PRICE_WEIGHT : rarity;
  });
  return properties.map((p, i) => {
    // Another number of its own street is the building next door: what fits is a coincidence.
    if (contradicts(message, p) || placedElsewhere(message, p, i, candidates))
      return { parts: [], missing: 0, elsewhere: false, definite: false };
    let missing = 0;
    const parts: DescriptionFit['parts'] = [];
    terms.forEach((t, j) => {
      const held = t.holders.get(i);
      if (!held) missing += weights[j]!;
      else
        parts.push({
          key: t.key,
          label: held.label,
          weight: weights[j]! * termFrequencyWeight(held.tf, p.length, average),
          holders: t.holders.size,
        });
    });
    return {
      parts: parts.filter((x) => x.weight > 0).sort((x, y) => y.weight - x.weight),
      missing,
      elsewhere,
      definite: said.definite && !said.wish,
    };
  });
}

/** The street as the message names it ("rue castelvielh"), against a property's ("rue castelvielh", or "castelvielh" alone). */
const sameStreet = (named: string, p: PropertyDescription): boolean =>
  !!p.street && (named === `${p.street.type} ${p.street.name}` || named.endsWith(` ${p.street.name}`) || named === p.street.name);

/** Named streets and postal codes that belong to none of the candidates. */
function foreignPlace(message: MessageDescription, properties: PropertyDescription[], candidates: PropertyCandidate[]): boolean {
  const codes = new Set(candidates.map((c) => c.postalCode.replace(/\s/g, '')));
  return (
    message.places.postalCodes.some((code) => !codes.has(code)) ||
    message.places.streets.some((s) => !properties.some((p) => sameStreet(s.street, p)))
  );
}

/**
 * « 11 rue Castelvielh » for the property at number 10: the house next door; so is « 33 ter » for
 * the « 33 bis » or the « 33 » (a « bis » left out is still the same house).
 */
function placedElsewhere(message: MessageDescription, p: PropertyDescription, i: number, candidates: PropertyCandidate[]): boolean {
  const own = parseAddress(candidates[i]!.address);
  if (own.number === null) return false;
  const other = (s: MessageDescription['places']['streets'][number]) =>
    s.number !== null && (s.number !== own.number || (s.suffix !== null && s.suffix !== own.suffix));
  return message.places.streets.some((s) => other(s) && sameStreet(s.street, p));
}
