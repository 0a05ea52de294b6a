import { fold, memo } from '../text.ts';
import type { PropertyCandidate } from '../types.ts';
import { findNumbers } from './french-numbers.ts';
import { parseAddress, streetWords } from './normalize.ts';
import { euros, plain } from './spoken.ts';

/**
 * What a property is, in the words a buyer or an owner uses to point at it without its address
 * (« le T3 avec la terrasse côté canal », « la maison de Balma avec la piscine », « celui à
 * 215 000 € »), and what a message describes in the same terms. Words are folded (accents, case,
 * elisions, plurals) so « l’appartement » and « Appartements » are one term.
 */

/** How a property is described: its words, and the facts that are compared as numbers. */
export interface PropertyDescription {
  /** Folded word → how many times the property's data says it, and the word as written there. */
  words: Map<string, { tf: number; label: string }>;
  /** Street name as the address comparisons read it ("brienne", "trente six ponts"), if any. */
  street: { name: string; type: string | null; label: string } | null;
  /** « appartement », « maison », « studio », « loft », « terrain », « immeuble », « local ». */
  kinds: Set<string>;
  /** The kinds a message may call it without contradicting it (a studio is an appartement). */
  compatibleKinds: Set<string>;
  rooms: number | null;
  bedrooms: number | null;
  floor: number | null;
  surfaces: number[];
  price: number | null;
  /** Number of terms, for BM25's length normalisation. */
  length: number;
}

/** What a message describes. */
export interface MessageDescription {
  /** Folded, stemmed words, "saint agne" joined as "saint-agne". */
  words: string[];
  /** The text as street names are compared (see `streetWords`). */
  streets: string;
  kinds: Set<string>;
  rooms: Set<number>;
  bedrooms: Set<number>;
  floors: Set<number>;
  surfaces: number[];
  prices: number[];
  /**
   * A search or a valuation (« je cherche un T2 », « budget 350k », « faire estimer ») that points
   * at no particular property: what it describes is a wish, not one of the agency's properties.
   */
  wish: boolean;
  /** « le T3 », « l’appartement de la rue… », « votre annonce »: the writer points at one particular property. */
  definite: boolean;
  /**
   * Places the message names: streets written with their type and a capitalised name (« 48 avenue
   * de la Gloire » → number "48", street "avenue gloire") and postal codes.
   */
  places: { streets: { number: string | null; suffix: string | null; street: string }[]; postalCodes: string[] };
}

/** propertyType of `details` → the kind a message says. */
const PROPERTY_TYPES: Record<string, string> = {
  APPARTEMENT: 'appartement',
  MAISON: 'maison',
  STUDIO: 'studio',
  LOFT: 'loft',
  TERRAIN: 'terrain',
  IMMEUBLE: 'immeuble',
  LOCAL_COMMERCIAL: 'local',
  LOCAL: 'local',
  VILLA: 'maison',
  DUPLEX: 'appartement',
};

/** The words people use for each kind, folded. */
const KIND_WORDS: Record<string, string> = {
  appartement: 'appartement',
  appart: 'appartement',
  appt: 'appartement',
  apart: 'appartement',
  duplex: 'appartement',
  maison: 'maison',
  villa: 'maison',
  pavillon: 'maison',
  studio: 'studio',
  studette: 'studio',
  loft: 'loft',
  terrain: 'terrain',
  parcelle: 'terrain',
  immeuble: 'immeuble',
  local: 'local',
  boutique: 'local',
  commerce: 'local',
};

/** A studio is a flat, a loft often called one; a message saying « appartement » does not rule them out. */
const ALSO_CALLED: Record<string, string[]> = { studio: ['appartement'], loft: ['appartement'] };

/**
 * Words that describe nothing by themselves: French function words, what every message says
 * (« visite », « disponible »), and the modifiers of a feature whose noun carries the meaning
 * (« jardin arboré », « garage double », « poutres apparentes », « bail en cours »).
 */
const STOP_WORDS = new Set(
  (
    'a au aux avec ce ces cet cette d dans de des du en et est il elle ils elles j je l la le les leur lui m ' +
    'ma mais me mes moi mon n ne nos notre nous on ou par pas pour qu que qui s sa se ses si son sur t ta te tes ' +
    'toi ton tu un une vos votre vous y c ca ici la-bas tres plus moins bien tout tous toute toutes ' +
    'deux trois quatre cinq six sept huit neuf dix ' +
    'bonjour bonsoir merci cordialement madame monsieur visite visiter disponible dispo vente vendre prix ' +
    'cote pres proche centre ville vue grand grande petit petite beau belle bel ancien ancienne nouveau ' +
    'point double hors sol sous entierement cours prevoir travaux libre lot refaite refait loue ' +
    'residence interieure privatif privative arbore arboree apparente filant avant apres ' +
    'rue avenue boulevard chemin place allee allees impasse route quai square passage montee lieu'
  ).split(' '),
);

/** « Balcons » → « balcon », « meublée » → « meuble »: a plural or a feminine is the same feature. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 3 && /[sx]$/.test(w) && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('ee')) w = w.slice(0, -1);
  return w;
}

/**
 * Folded words of a text, stemmed; out: stop words, single letters (« l’ », « d’ »), numbers and
 * « T3 » (sizes are compared as numbers). « Piscine hors-sol » is not a pool a buyer asks about:
 * one word.
 */
function contentWords(text: string): string[] {
  return fold(text)
    .replace(/ (\S+) hors sol /g, ' $1-hors-sol ')
    .trim()
    .split(' ')
    .filter((w) => !STOP_WORDS.has(w))
    .map(stem)
    .filter((w) => w.length > 1 && !/^\d+$/.test(w) && !/^[tf]\d$/.test(w) && !STOP_WORDS.has(w));
}

/** « Saint-Agne » is one name: "saint" and "agne" apart would each match other places. */
const joinSaints = (words: string[]): string[] => {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if ((w === 'saint' || w === 'sainte') && words[i + 1]) {
      out.push(`saint-${words[++i]}`);
    } else out.push(w);
  }
  return out;
};

const numberOf = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** Kinds a title names in passing: "T3 lumineux" says nothing of the kind, "Maison familiale" does. */
const kindsOf = (words: string[]): string[] => words.map((w) => KIND_WORDS[w]).filter((k): k is string => !!k);

const describeProperty = memo((key) => {
  const c = JSON.parse(key) as Pick<PropertyCandidate, 'title' | 'address' | 'city' | 'price' | 'details'>;
  const details = c.details ?? {};
  const words = new Map<string, { tf: number; label: string }>();
  const add = (source: string, skip?: Set<string>) => {
    const raw = source.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
    for (const w of joinSaints(contentWords(source))) {
      if (KIND_WORDS[w] || skip?.has(w)) continue;
      const entry = words.get(w);
      if (entry) entry.tf++;
      else words.set(w, { tf: 1, label: labelFor(w, raw) });
    }
  };
  // The street is weighed as a whole (see description-score.ts): its name in the title would count
  // it twice, unless it is also the district's (« aux Minimes »).
  const a = parseAddress(c.address);
  const district = typeof details.district === 'string' ? details.district : '';
  const districtWords = new Set(contentWords(district));
  add(
    c.title,
    new Set(
      a.name
        .split(' ')
        .map(stem)
        .filter((w) => !districtWords.has(w)),
    ),
  );
  const features = Array.isArray(details.features) ? details.features.filter((f): f is string => typeof f === 'string') : [];
  for (const f of features) add(f);
  add(district);
  add(c.city);

  const kinds = new Set<string>(kindsOf(contentWords(c.title)));
  const type = typeof details.propertyType === 'string' ? PROPERTY_TYPES[details.propertyType.toUpperCase()] : undefined;
  if (type) kinds.add(type);
  const titleRooms = /\b[TtFf]([1-9])\b/.exec(c.title);
  // « T3 lumineux »: a size in rooms with no other kind is a flat's.
  if (kinds.size === 0 && titleRooms) kinds.add('appartement');
  const compatibleKinds = new Set([...kinds].flatMap((k) => [k, ...(ALSO_CALLED[k] ?? [])]));

  const rooms = numberOf(details.rooms) ?? (titleRooms ? Number(titleRooms[1]) : kinds.has('studio') ? 1 : null);
  const streetLabel = c.address.trim().replace(/^\d+\s*(?:bis|ter|quater)?\b[\s,]*/i, '');
  const surfaces = [numberOf(details.surface), numberOf(details.landSurface)].filter((s): s is number => s !== null && s > 0);
  const price = numberOf(c.price);
  const facts = [rooms, numberOf(details.bedrooms), numberOf(details.floor), price].filter((f) => f !== null).length;
  return {
    words,
    street: a.name ? { name: a.name, type: a.type, label: streetLabel } : null,
    kinds,
    compatibleKinds,
    rooms,
    bedrooms: numberOf(details.bedrooms),
    floor: numberOf(details.floor),
    surfaces,
    price,
    length: [...words.values()].reduce((n, w) => n + w.tf, 0) + kinds.size + surfaces.length + facts + (a.name ? 1 : 0),
  } satisfies PropertyDescription;
});

/** The word as the agency wrote it (« Balma », « véranda », « Saint-Agne »), for the reasons an agent reads. */
function labelFor(folded: string, raw: string[]): string {
  const same = (word: string | undefined, target: string) => word !== undefined && stem(fold(word).trim()) === target;
  if (folded.startsWith('saint-')) {
    const i = raw.findIndex((w, j) => /^saint/i.test(fold(w).trim()) && same(raw[j + 1], folded.slice(6)));
    if (i >= 0) return `${raw[i]}-${raw[i + 1]}`;
  }
  return raw.find((w) => same(w, folded)) ?? folded;
}

export const describe = (c: PropertyCandidate): PropertyDescription =>
  describeProperty(JSON.stringify({ title: c.title, address: c.address, city: c.city, price: c.price ?? null, details: c.details ?? {} }));

const WISH =
  / (?:cherche|cherchons|cherchent|recherche|recherchons|budget|max|maximum|mini|minimum|estimer|estimation|auriez vous|vous auriez|avez vous des|fichiers|envisage de vendre|mettre en vente|autre agence|faites de la location) /;
/** « le T3 », « la maison », « celui à… », « votre annonce »: one particular property is meant. */
const DEFINITE =
  / (?:(?:le|la|l|ce|cet|cette|votre|du|au) (?:\S+ ){0,2}?(?:appartement|appart|appt|maison|[tf][1-9]|studio|loft|terrain|immeuble|local|bien|annonce|toulousaine|villa|logement)|celui|celle) /;

/** Words after « sans » or « pas de » are what the writer does not want or does not have. */
const NEGATED = / (?:sans|pas de|pas d|aucun|aucune) (\S+)/g;
/** « notre appartement », « ma maison »: the writer's own home, not the one they write about. */
const OWN = / (?:mon|ma|mes|notre|nos) (\S+)/g;

/**
 * `text` is what the message says; `senderName` its sender's display name, whose words (« Garonne
 * Nettoyage », « FNAIM Haute-Garonne ») name who writes, not a property, wherever they appear.
 */
export function describeMessage(text: string, senderName?: string): MessageDescription {
  const folded = fold(text);
  const ignored = new Set([...folded.matchAll(NEGATED)].map((m) => stem(m[1]!)));
  if (senderName) for (const w of joinSaints(contentWords(senderName))) ignored.add(w);
  const words = joinSaints(contentWords(text)).filter((w) => !ignored.has(w));
  const own = new Set([...folded.matchAll(OWN)].map((m) => m[1]!));
  const kinds = new Set(
    kindsOf(
      folded
        .trim()
        .split(' ')
        .filter((w) => !own.has(w)),
    ).filter((k) => !ignored.has(k)),
  );
  const rooms = new Set<number>();
  for (const m of folded.matchAll(/ [tf]([1-9])(?= )/g)) rooms.add(Number(m[1]));
  if (/ (?:studio|studette) /.test(folded)) rooms.add(1);
  const bedrooms = new Set<number>();
  const floors = new Set<number>();
  const surfaces: number[] = [];
  const prices: number[] = [];
  const p = plain(text);
  for (const n of findNumbers(text)) {
    const after = p.slice(n.end, n.end + 24);
    const before = p.slice(Math.max(0, n.start - 6), n.start);
    const written = text.slice(n.start, n.end);
    if (/^\s*(?:m²|m2\b|metres? carres?)/.test(after)) surfaces.push(n.value);
    else if (!n.ordinal && /^\s*pieces?\b/.test(after)) rooms.add(n.value);
    else if (!n.ordinal && /^\s*chambres?\b/.test(after)) bedrooms.add(n.value);
    else if (n.ordinal && (/^\s*etage/.test(after) || /\b(?:au|le|du)\s*$/.test(before))) floors.add(n.value);
    else if (n.value >= 20_000 && (n.money || /\d[\s.\u00a0\u202f]\d{3}\b/.test(written))) prices.push(n.value);
  }
  if (/ rez de (?:chaussee|jardin) | rdc /.test(folded)) floors.add(0);
  return {
    words,
    streets: streetWords(text),
    kinds,
    rooms,
    bedrooms,
    floors,
    surfaces,
    prices,
    wish: WISH.test(folded) && !DEFINITE.test(folded),
    definite: DEFINITE.test(folded),
    places: placesIn(text),
  };
}

/** « 11 rue Castelvielh », « avenue de la Gloire »: a street type, then a name written with a capital. */
const NAMED_STREET =
  /(?:\b(\d{1,4})\s*(bis|ter|quater|b\b|t\b)?,?\s+)?\b(rue|avenue|av\.|boulevard|bd|chemin|place|all[ée]es?|impasse|route|quai|cours|square|passage)\s+((?:(?:de la|de l['’]|du|des|de|d['’])\s*)?\p{Lu}[\p{L}'’-]*)/gu;
/** A postal code, not an amount (« 31500 », not « 31500 € »). */
const POSTAL_CODE = /\b(\d{5})\b(?!\s*(?:€|euros?|eur\b|m²|m2))/g;

const SUFFIXES: Record<string, string> = { bis: 'bis', b: 'bis', ter: 'ter', t: 'ter', quater: 'quater' };

function placesIn(text: string): MessageDescription['places'] {
  const streets = [...text.matchAll(NAMED_STREET)].map((m) => {
    const [, number, suffix, type, name] = m;
    const words = streetWords(`${type} ${name}`).trim();
    return { number: number ?? null, suffix: suffix ? SUFFIXES[suffix.toLowerCase()]! : null, street: words };
  });
  return { streets, postalCodes: [...text.matchAll(POSTAL_CODE)].map((m) => m[1]!) };
}

/** A surface is said rounded: 68 for 68.4 m², 140 for 138. */
export const sameSurface = (said: number, actual: number): boolean => Math.abs(said - actual) <= Math.max(1, actual * 0.02);
/** A price is quoted as advertised, to the thousand: an offer or a budget a little off it is another figure. */
export const samePrice = (said: number, actual: number): boolean => Math.abs(said - actual) <= Math.max(500, actual * 0.001);

export const surfaceLabel = (value: number): string => `${String(value).replace('.', ',')}\u00a0m²`;
export const priceLabel = (value: number): string => euros(value);
export const floorLabel = (value: number): string => (value === 0 ? 'rez-de-chaussée' : `${value}${value === 1 ? 'er' : 'e'} étage`);
