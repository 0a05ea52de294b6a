import { fold } from '../text.ts';
import { findNumbers } from './french-numbers.ts';

/**
 * French phone numbers in one form, "0612345678", whatever way they were written: "+33 6 12 34
 * 56 78", "0033 6…", "+33 (0)6…", "06.12.34.56.78", "33612345678" (a WhatsApp id). Foreign numbers
 * keep their "+country" form. Null when it is not a phone number.
 */
export function normalizePhone(raw: string): string | null {
  let digits = raw.replace(/\(0\)/g, '').replace(/[^\d+]/g, '');
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`;
  if (/^\+?33[1-9]\d{8}$/.test(digits)) digits = `0${digits.replace(/^\+?33/, '')}`;
  if (/^0[1-9]\d{8}$/.test(digits)) return digits;
  return /^\+\d{8,15}$/.test(digits) ? digits : null;
}

const PHONE_IN_TEXT = /(?:(?:\+|00)\s?33\s?(?:\(0\)\s?)?[1-9]|\b0[1-9])(?:[\s.-]?\d{2}){4}\b/g;
const EMAIL_IN_TEXT = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

export const phonesIn = (text: string): Set<string> =>
  new Set([...text.matchAll(PHONE_IN_TEXT)].map((m) => normalizePhone(m[0])).filter((p): p is string => p !== null));

export const emailsIn = (text: string): Set<string> => new Set([...text.matchAll(EMAIL_IN_TEXT)].map((m) => normalizeEmail(m[0])));

/** Lower case, and the bare address out of "Jean Fabre <jp.fabre@orange.fr>". */
export function normalizeEmail(raw: string): string {
  const inBrackets = /<([^>]+)>/.exec(raw);
  return (inBrackets ? inBrackets[1]! : raw).trim().toLowerCase();
}

/** Street words as agents and owners abbreviate them, folded (no accents, lower case, no dots). */
const ABBREVIATIONS: Record<string, string> = {
  av: 'avenue',
  ave: 'avenue',
  aven: 'avenue',
  bd: 'boulevard',
  bld: 'boulevard',
  blvd: 'boulevard',
  bvd: 'boulevard',
  boul: 'boulevard',
  r: 'rue',
  ch: 'chemin',
  chem: 'chemin',
  che: 'chemin',
  pl: 'place',
  all: 'allee',
  // « allées de Brienne », « allées Jean-Jaurès »: a plural street type, written singular as often.
  allees: 'allee',
  imp: 'impasse',
  rte: 'route',
  crs: 'cours',
  qu: 'quai',
  fg: 'faubourg',
  fbg: 'faubourg',
  sq: 'square',
  pass: 'passage',
  res: 'residence',
  resid: 'residence',
  trav: 'traverse',
  tse: 'traverse',
  mte: 'montee',
  st: 'saint',
  ste: 'sainte',
  b: 'bis',
  t: 'ter',
};

/** Articles that people drop or add at will ("avenue du Prado", "av. Prado"). */
const ARTICLES = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'l', 'd']);

export const STREET_TYPES = new Set([
  'rue',
  'avenue',
  'boulevard',
  'chemin',
  'place',
  'allee',
  'impasse',
  'route',
  'cours',
  'quai',
  'faubourg',
  'square',
  'passage',
  'residence',
  'traverse',
  'montee',
  'lieu',
  'lotissement',
  'domaine',
  'hameau',
  'voie',
  'sentier',
  'esplanade',
  'parc',
]);

/**
 * The words of an address or of a text in the form addresses are compared in: folded,
 * abbreviations expanded, articles dropped, "14bis" split into "14 bis". Single spaces around
 * every word, like `fold`.
 */
export function streetWords(text: string): string {
  const words = numbersInDigits(fold(text.replace(/(\d)\s*(bis|ter|quater|[bt])\b/gi, '$1 $2')).trim())
    .split(' ')
    .filter((w) => w !== '');
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    // "b"/"t" are bis/ter only right after a number; elsewhere they are initials.
    if ((word === 'b' || word === 't') && !/^\d+$/.test(words[i - 1] ?? '')) {
      out.push(word);
      continue;
    }
    const expanded = ABBREVIATIONS[word] ?? word;
    if (!ARTICLES.has(expanded)) out.push(expanded);
  }
  return ` ${out.join(' ')} `;
}

/**
 * « trente six ponts » → « 36 ponts »: a number of several words, as street names spell them
 * (« rue des Trente-Six-Ponts ») and people type them (« r des 36 ponts »). One word alone stays
 * a word: « une rue », « Trois-Piliers ».
 */
function numbersInDigits(folded: string): string {
  let out = folded;
  for (const n of findNumbers(folded).reverse()) {
    const span = folded.slice(n.start, n.end);
    if (!n.ordinal && !n.money && /^[a-z]+(?: [a-z]+)+$/.test(span)) out = `${out.slice(0, n.start)}${n.value}${out.slice(n.end)}`;
  }
  return out;
}

export interface ParsedAddress {
  /** "14", or null for "Chemin des Vignes". */
  number: string | null;
  /** "bis", "ter", … */
  suffix: string | null;
  /** "rue", "avenue", … or null ("Lieu-dit Les Baux"). */
  type: string | null;
  /** The street name's words, articles dropped: "sainte", "calanques", "jules ferry". */
  name: string;
}

export function parseAddress(address: string): ParsedAddress {
  const words = streetWords(address)
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  let i = 0;
  const number = words[i] && /^\d+$/.test(words[i]!) ? words[i++]! : null;
  const suffix = words[i] && /^(bis|ter|quater)$/.test(words[i]!) ? words[i++]! : null;
  const type = words[i] && STREET_TYPES.has(words[i]!) ? words[i++]! : null;
  return { number, suffix, type, name: words.slice(i).join(' ') };
}
