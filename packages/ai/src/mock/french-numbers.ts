import { plain } from './spoken.ts';

/**
 * Numbers as French speech-to-text writes them: digits ("320 000 €", "320.000", "1,2 million",
 * "320k€"), words ("cent soixante-dix-huit mille", "quatre-vingt-douze", "vingt et un"), and
 * ordinals ("deuxième", "1er", "rez-de-chaussée"). Words are read by the grammar of French
 * numbers, so "deux trois pièces" is two numbers, not five.
 */
export interface SpokenNumber {
  value: number;
  /** Offsets in the text given: `text.slice(start, end)` is the number as said, currency included. */
  start: number;
  end: number;
  /** "deuxième", "1er", "rez-de-chaussée" (0). */
  ordinal: boolean;
  /** Followed by "€" or "euros", or written "320k€", "1,2 M€". */
  money: boolean;
}

type Kind = 'unit' | 'teen' | 'ten' | 'hundred' | 'thousand' | 'big' | 'digits';

interface Word {
  kind: Kind;
  value: number;
}

const WORDS: Record<string, Word> = {};
const define = (kind: Kind, entries: Record<string, number>) => {
  for (const [word, value] of Object.entries(entries)) WORDS[word] = { kind, value };
};
define('unit', { zero: 0, un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9 });
define('teen', { dix: 10, onze: 11, douze: 12, treize: 13, quatorze: 14, quinze: 15, seize: 16 });
// Belgian and Swiss tens too: a transcript may come from anywhere French is spoken.
define('ten', {
  vingt: 20,
  vingts: 20,
  trente: 30,
  quarante: 40,
  cinquante: 50,
  soixante: 60,
  septante: 70,
  huitante: 80,
  octante: 80,
  nonante: 90,
});
define('hundred', { cent: 100, cents: 100 });
define('thousand', { mille: 1000, mil: 1000 });
define('big', { million: 1e6, millions: 1e6, milliard: 1e9, milliards: 1e9 });

/** "deuxieme" → "deux", "cinquieme" → "cinq", "neuvieme" → "neuf", "onzieme" → "onze". */
function ordinalStem(word: string): Word | null {
  const stem = /^(.+?)iemes?$/.exec(word)?.[1];
  if (!stem) return null;
  for (const candidate of [stem, `${stem}e`, stem.replace(/u$/, ''), stem.replace(/v$/, 'f')]) {
    const found = WORDS[candidate];
    // "zéroième" and "unième" alone are not said; "vingt et unième" is, and reaches here as "un".
    if (found && found.value !== 0) return found;
  }
  return null;
}

const FIRST = new Set(['premier', 'premiere', 'premiers', 'premieres']);
const SECOND = new Set(['second', 'seconde', 'seconds', 'secondes']);
/** What follows the digits of an ordinal: "1er", "1re", "1ère", "2e", "2ème", "2nd". */
const DIGIT_ORDINAL_SUFFIXES = new Set(['er', 're', 'ere', 'ers', 'eres', 'e', 'es', 'eme', 'emes', 'ieme', 'iemes', 'nd', 'nde']);

interface Token {
  text: string;
  start: number;
  end: number;
  digits: boolean;
}

/** Digits with thousands grouped by a space or a dot ("320 000", "1.500"), a decimal comma ("1,2"), or words. */
const TOKEN = /(\d{1,3}(?:[ .]\d{3})+(?!\d)(?:,\d+)?|\d+(?:[.,]\d+)?)|([a-z]+)/g;

function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length, digits: m[1] !== undefined });
  return out;
}

function digitsValue(text: string): number {
  const grouped = /^\d{1,3}(?:[ .]\d{3})+(?:,\d+)?$/.test(text);
  const normalised = grouped ? text.replace(/[ .]/g, '') : text;
  return Number(normalised.replace(',', '.'));
}

/** A number being read, word after word. */
interface Reading {
  start: number;
  end: number;
  /** Millions and thousands already closed. */
  total: number;
  /** Below a thousand (or digits), still open to "cent", "mille", "million". */
  group: number;
  last: Word | null;
  ordinal: boolean;
  money: boolean;
}

/** Whether `next` may follow what has been read so far in one French number. */
function canFollow(r: Reading, next: Word): boolean {
  // Every reading holds at least one word: it opens with one.
  const last = r.last!;
  const underHundred = r.group % 100;
  switch (last.kind) {
    case 'unit':
      if (next.kind === 'hundred') return r.group === last.value && last.value > 1;
      // "quatre-vingt": the only ten a unit multiplies.
      if (next.kind === 'ten') return next.value === 20 && last.value === 4 && underHundred === 4;
      return next.kind === 'thousand' || next.kind === 'big';
    case 'teen':
      // "dix-sept", "dix-huit", "dix-neuf".
      if (next.kind === 'unit') return last.value === 10 && next.value >= 7;
      return next.kind === 'thousand' || next.kind === 'big';
    case 'ten':
      if (next.kind === 'unit') return next.value > 0;
      // "soixante-dix", "soixante-douze", "quatre-vingt-onze".
      if (next.kind === 'teen') return underHundred === 60 || underHundred === 80;
      return next.kind === 'thousand' || next.kind === 'big';
    case 'hundred':
      return next.kind !== 'hundred' && next.kind !== 'digits' && !(next.kind === 'unit' && next.value === 0);
    case 'thousand':
      return next.kind === 'unit' || next.kind === 'teen' || next.kind === 'ten' || next.kind === 'hundred';
    case 'big':
      return next.kind !== 'big' && !(next.kind === 'digits' && next.value >= 1e6);
    case 'digits':
      return next.kind === 'thousand' || next.kind === 'big';
  }
}

function apply(r: Reading, word: Word): void {
  switch (word.kind) {
    case 'unit':
    case 'teen':
    case 'digits':
      r.group += word.value;
      break;
    case 'ten':
      // "quatre-vingt": the four already counted becomes eighty.
      r.group += r.last?.kind === 'unit' && word.value === 20 ? 76 : word.value;
      break;
    case 'hundred':
      r.group = (r.group || 1) * 100;
      break;
    case 'thousand':
    case 'big':
      r.total += (r.group || 1) * word.value;
      r.group = 0;
      break;
  }
  r.last = word;
}

/** "€", "euros", "EUR", "d'euros" right after a number. */
const CURRENCY = /^ ?(?:€|euros?\b|eur\b|d'euros\b)/;

export function findNumbers(text: string): SpokenNumber[] {
  const p = plain(text);
  const toks = tokens(p);
  const found: SpokenNumber[] = [];
  let r: Reading | null = null;

  const close = () => {
    if (!r) return;
    const currency = CURRENCY.exec(p.slice(r.end));
    if (currency) {
      r.money = true;
      r.end += currency[0].length;
    }
    found.push({ value: Math.round((r.total + r.group) * 100) / 100, start: r.start, end: r.end, ordinal: r.ordinal, money: r.money });
    r = null;
  };
  const open = (t: Token): Reading => ({ start: t.start, end: t.end, total: 0, group: 0, last: null, ordinal: false, money: false });

  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const gap = r ? p.slice(r.end, t.start) : '';
    // Words of one number are separated by spaces or hyphens; digits take their suffix unspaced ("1er", "320k").
    const joined = r !== null && /^[ -]+$/.test(gap);
    const glued = r !== null && gap === '' && r.last?.kind === 'digits';

    if (glued || (joined && r!.last?.kind === 'digits' && (t.text === 'k' || t.text === 'm'))) {
      const reading = r!;
      if (t.text === 'k' || (t.text === 'm' && p[t.end] === '€')) {
        reading.group *= t.text === 'k' ? 1000 : 1e6;
        reading.money = true;
        reading.end = t.end;
        close();
        continue;
      }
      if (glued && DIGIT_ORDINAL_SUFFIXES.has(t.text)) {
        reading.ordinal = true;
        reading.end = t.end;
        close();
        continue;
      }
    }

    if (t.digits) {
      const word: Word = { kind: 'digits', value: digitsValue(t.text) };
      if (!(joined && canFollow(r!, word))) {
        close();
        r = open(t);
      }
      apply(r!, word);
      r!.end = t.end;
      continue;
    }

    // "rez-de-chaussée", "RDC": the ground floor, floor 0.
    if (t.text === 'rdc' || (t.text === 'rez' && toks[i + 1]?.text === 'de' && toks[i + 2]?.text === 'chaussee')) {
      close();
      const last = t.text === 'rdc' ? t : toks[i + 2]!;
      found.push({ value: 0, start: t.start, end: last.end, ordinal: true, money: false });
      i = toks.indexOf(last);
      continue;
    }

    // "vingt et un", "soixante et onze".
    if (t.text === 'et' && joined && r!.last?.kind === 'ten') {
      const next = toks[i + 1];
      const after = next && (WORDS[next.text] ?? ordinalStem(next.text));
      const tens = r!.group % 100;
      const fits =
        after &&
        /^[ -]+$/.test(p.slice(t.end, next.start)) &&
        ((after.value === 1 && tens >= 20 && tens <= 60) || (after.value === 11 && tens === 60));
      if (fits) continue;
    }
    const prev = toks[i - 1];
    const afterEt =
      prev?.text === 'et' && r !== null && /^[ -]+$/.test(p.slice(r.end, prev.start)) && /^[ -]+$/.test(p.slice(prev.end, t.start));

    let word: Word | undefined = WORDS[t.text];
    let ordinal = false;
    if (!word) {
      if (FIRST.has(t.text) || SECOND.has(t.text)) {
        close();
        found.push({ value: FIRST.has(t.text) ? 1 : 2, start: t.start, end: t.end, ordinal: true, money: false });
        continue;
      }
      const stem = ordinalStem(t.text);
      if (stem) {
        word = stem;
        ordinal = true;
      }
    }
    if (!word) {
      close();
      continue;
    }
    if (!((joined || afterEt) && canFollow(r!, word))) {
      close();
      r = open(t);
    }
    apply(r!, word);
    r!.end = t.end;
    if (ordinal) {
      r!.ordinal = true;
      close();
    }
  }
  close();
  return found;
}

/** The one number `text` is, e.g. "cent soixante-dix-huit mille euros" → 178000; null if it is not exactly one. */
export function parseFrenchNumber(text: string): number | null {
  const only = whole(text);
  return only && !only.ordinal ? only.value : null;
}

/** The one ordinal `text` is, e.g. "troisième" → 3, "1er" → 1, "rez-de-chaussée" → 0; null otherwise. */
export function parseFrenchOrdinal(text: string): number | null {
  const only = whole(text);
  return only?.ordinal ? only.value : null;
}

function whole(text: string): SpokenNumber | null {
  const numbers = findNumbers(text);
  const first = text.length - text.trimStart().length;
  const last = text.trimEnd().length;
  return numbers.length === 1 && numbers[0]!.start === first && numbers[0]!.end === last ? numbers[0]! : null;
}
