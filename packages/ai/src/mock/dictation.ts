import { escapeRegExp, fold } from '../text.ts';
import { findNumbers, type SpokenNumber } from './french-numbers.ts';
import { plain } from './spoken.ts';

/**
 * A dictated transcript as the agent meant it: hesitations ("euh") and stutters ("27, 27") out,
 * and every self-correction resolved so the last value wins ("trois chambres, non pardon quatre",
 * "420 000, enfin 410 000", "à Colomiers… euh non à Cornebarrieu"). `source` maps a span of the
 * resolved text back to the words as said, so evidence quotes the transcript itself.
 */
export interface Dictation {
  text: string;
  /** The transcript's own words for `text.slice(start, end)`. */
  source(start: number, end: number): string;
}

interface Edit {
  start: number;
  end: number;
  insert: string;
}

/** Something said that a correction may replace: a number, a DPE letter, a kind of property, a place. */
interface Item {
  kind: 'number' | 'letter' | 'type' | 'place';
  start: number;
  end: number;
  /** Compared to tell a repeat ("c'est pas Nice, c'est…") from a new value. */
  key: string;
  number?: SpokenNumber;
}

/** Words that take back what was just said. "en fait", "plutôt" and "enfin" also restate it. */
const MARKER =
  /(?<![\p{L}])(?:non|pardon|enfin|plutot|je veux dire|rectification|correction|je corrige|en fait|je me suis trompee?|je me trompe)(?![\p{L}])/gu;
const FILLER = /(?<![\p{L}])(?:euh+|heu+|euhm|hum+|hmm+)(?![\p{L}])[\s,…]*/giu;
/** A word said twice in a row ("le le", "27, 27"); "nous nous", "vous vous" are grammar. */
const STUTTER = /(?<![\p{L}\d'’])([\p{L}\d]+)(?:,? +|…+ *)\1(?![\p{L}\d'’])/giu;
const KEPT_PAIRS = new Set(['nous', 'vous']);

/** What a count or a measure is of, right after it: "m²", "chambres", "étage"… */
const UNIT = /^ ?(m²|m2|m 2|metres? carres?|pieces?|chambres?|salles? de bains?|salles? d'eau|etages?|ans)(?![\p{L}\d])/u;
const TYPE_WORD = /(?<![\p{L}])(?:appartement|maison|villa|studio|loft|duplex|pavillon|local commercial|terrain|immeuble)s?(?![\p{L}])/gu;
const LETTER = /(?<![\p{L}\d'’])[A-G](?![\p{L}\d'’])/gu;
const PLACE =
  /(?<![\p{L}\d'’-])\p{Lu}\p{Ll}[\p{L}'’-]*(?:[ -](?:(?:sur|sous|en|de|du|des|la|le|les|lès|d['’]|l['’])[ -]?)?\p{Lu}[\p{L}'’-]*)*/gu;

/**
 * Between a value and the marker that takes it back, only its unit, a street's name, a pause or a
 * hesitation: "420 000, enfin", "17 rue Pasteur… non", "DPE en E… attendez je regarde… non". In
 * "95 000 €, je pense plutôt 90 000" the agent gives an opinion, not a correction.
 */
const BETWEEN =
  /^(?: ?(?:rue|avenue|boulevard|bd|chemin|impasse|allee|place|route|cours|quai)(?: [\p{L}'-]+){1,4})?(?:[\s,;:….!-]|ou|ah|oh|euh|bon|attendez|je regarde|mais)*$/u;
/**
 * Between the marker and the new value, only small words: "non, c'est le", "pardon c'est un",
 * "non attendez, c'est pas Nice, c'est" (the old value said again). "enfin c'est ce qu'on m'a
 * dit, GES E" moves on to another fact and corrects nothing.
 */
const LEADING =
  /^(?:[\s,;:….!-]|c'est|c est|pas|non|pardon|plutot|attendez|je regarde|en fait|enfin|ah|oh|euh|bon|mais|donc|a|au|aux|en|le|la|les|l'|un|une|de|du|des|d'|classe|numero)*$/u;
/** How far a corrected value may sit before its marker (its unit between), and the new one after it. */
const BEFORE_MARKER = 25;
const AFTER_MARKER = 40;

const unitOf = (p: string, end: number) => UNIT.exec(p.slice(end))?.[1]?.replace(/s\b/g, '').split(' ')[0] ?? null;
/** A pause ("…") is no sentence end; a full stop is, and a correction never crosses one. */
const crossesSentence = (gap: string) => /[.!?]/.test(gap.replace(/\.{3}|…/g, ''));

function items(text: string, p: string): Item[] {
  const out: Item[] = [];
  for (const n of findNumbers(text)) {
    // "un", "une" before a noun is an article, not a count.
    if (/^une?$/.test(p.slice(n.start, n.end)) && !UNIT.test(p.slice(n.end))) continue;
    // "T3", "F4": the letter goes with the number, so "T3, non, T4" leaves "T4".
    const notation = /[tf]/.test(p[n.start - 1] ?? '') && !/[\p{L}\d]/u.test(p[n.start - 2] ?? '');
    out.push({ kind: 'number', start: n.start - (notation ? 1 : 0), end: n.end, key: String(n.value), number: n });
  }
  for (const m of text.matchAll(LETTER)) out.push({ kind: 'letter', start: m.index, end: m.index + 1, key: m[0] });
  for (const m of p.matchAll(TYPE_WORD)) out.push({ kind: 'type', start: m.index, end: m.index + m[0].length, key: m[0] });
  // Only a place said as where the property is ("à Nice"), or restated ("c'est Saint-Laurent"), not a person's name.
  for (const m of text.matchAll(PLACE)) {
    if (/(?:^|[\s,])(?:a|sur|c'est)\s+$/.test(p.slice(Math.max(0, m.index - 8), m.index)))
      out.push({ kind: 'place', start: m.index, end: m.index + m[0].length, key: fold(m[0]) });
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * Whether `b` may replace `a`, and what to add after `b` so it reads as `a` did: "118" after
 * "120 m², enfin" gets "m²", "deux cent quatre-vingt-cinq" after "290 000… plutôt" gets "mille".
 */
function replacement(text: string, p: string, a: Item, b: Item, close: boolean): string | null {
  if (a.kind !== 'number') return a.key === b.key ? null : '';
  const [x, y] = [a.number!, b.number!];
  if (x.ordinal !== y.ordinal) return null;
  const unitA = unitOf(p, x.end);
  const unitB = unitOf(p, y.end);
  if (unitA && unitB && unitA !== unitB) return null;
  if (x.ordinal) return '';
  let add = '';
  let value = y.value;
  if (value < 1000 && x.value >= 1000 && value * 1000 >= x.value / 2 && value * 1000 <= x.value * 2) {
    add = ' mille';
    value *= 1000;
  }
  const ratio = value / x.value;
  if (!(close ? ratio >= 0.8 && ratio <= 1.25 : ratio >= 1 / 3 && ratio <= 3)) return null;
  if (unitA && !unitB) add += ` ${text.slice(x.end, x.end + UNIT.exec(p.slice(x.end))![0].length).trim()}`;
  else if (x.money && !y.money) add += ' €';
  return add;
}

function corrections(text: string, p: string): Edit[] {
  const all = items(text, p);
  const edits: Edit[] = [];
  const correct = (a: Item, b: Item, add: string) => {
    edits.push({ start: a.start, end: b.start, insert: '' });
    if (add) edits.push({ start: b.end, end: b.end, insert: add });
  };
  for (const marker of p.matchAll(MARKER)) {
    const [mStart, mEnd] = [marker.index, marker.index + marker[0].length];
    for (const b of all) {
      if (b.start < mEnd || b.start > mEnd + AFTER_MARKER || crossesSentence(p.slice(mEnd, b.start))) continue;
      const a = all.filter((i) => i.kind === b.kind && i.end <= mStart).at(-1);
      if (!a || mStart - a.end > BEFORE_MARKER) continue;
      const between = p.slice(a.end, mStart);
      const unit = a.kind === 'number' ? (UNIT.exec(between)?.[0] ?? '') : '';
      if (crossesSentence(between) || !BETWEEN.test(between.slice(unit.length))) continue;
      const again = new RegExp(`(?<![\\p{L}\\d'])${escapeRegExp(p.slice(a.start, a.end))}(?![\\p{L}\\d'])`, 'gu');
      if (!LEADING.test(p.slice(mEnd, b.start).replace(again, ' '))) continue;
      // "c'est pas Nice, c'est Saint-Laurent": the wrong value said again is not the new one.
      const add = replacement(text, p, a, b, false);
      if (add === null) continue;
      correct(a, b, add);
      break;
    }
  }
  // "quatre-vingts mètres carrés… quatre-vingt-trois": a close number after a pause restates the one before.
  const numbers = all.filter((i) => i.kind === 'number');
  for (let i = 1; i < numbers.length; i++) {
    const [a, b] = [numbers[i - 1]!, numbers[i]!];
    const gap = p.slice(a.end, b.start);
    const unit = UNIT.exec(gap)?.[0] ?? '';
    if (!/^ *(?:…|\.\.\.) *$/.test(gap.slice(unit.length))) continue;
    const add = replacement(text, p, a, b, true);
    if (add !== null) correct(a, b, add);
  }
  return edits;
}

function hesitations(text: string): Edit[] {
  const edits: Edit[] = [];
  for (const m of text.matchAll(FILLER)) edits.push({ start: m.index, end: m.index + m[0].length, insert: '' });
  for (const m of text.matchAll(STUTTER)) {
    if (KEPT_PAIRS.has(m[1]!.toLowerCase())) continue;
    edits.push({ start: m.index, end: m.index + m[0].length - m[1]!.length, insert: '' });
  }
  return edits;
}

export function resolveDictation(transcript: string): Dictation {
  const p = plain(transcript);
  const unique = new Map([...corrections(transcript, p), ...hesitations(transcript)].map((e) => [`${e.start}:${e.end}:${e.insert}`, e]));
  const edits = [...unique.values()].sort((a, b) => a.start - b.start || a.end - b.end);
  let text = '';
  /** For each character of `text`, where it was said; inserted words point at their insertion point. */
  const origin: number[] = [];
  const inserted: boolean[] = [];
  let at = 0;
  const keep = (until: number) => {
    for (; at < until; at++) {
      text += transcript[at];
      origin.push(at);
      inserted.push(false);
    }
  };
  for (const edit of edits) {
    // Overlapping edits (a stutter inside a corrected span): the first one read wins.
    if (edit.start < at) continue;
    keep(edit.start);
    for (const ch of edit.insert) {
      text += ch;
      origin.push(edit.start);
      inserted.push(true);
    }
    at = edit.end;
  }
  keep(transcript.length);
  return {
    text,
    source(start, end) {
      if (end <= start) return '';
      const last = end - 1;
      return transcript.slice(origin[start], origin[last]! + (inserted[last] ? 0 : 1));
    },
  };
}
