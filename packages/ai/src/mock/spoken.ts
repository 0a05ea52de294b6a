/**
 * Reading a transcript of spoken French. Patterns run on `plain`, a lower-case, accent-free copy
 * of the same length, so every match gives offsets into the transcript itself and what an agent
 * reads ("trois pièces", "320 000 €") is cut from the words as they were said.
 */

/** A piece of the transcript and where it starts in it. */
export interface Span {
  text: string;
  start: number;
}

/**
 * Lower case, accents and ligature marks off, typographic apostrophes and unusual spaces made
 * plain, one character for one: "Deuxième étage" → "deuxieme etage".
 */
export function plain(text: string): string {
  let out = '';
  for (const ch of text) {
    let c = ch.toLowerCase();
    // A few letters change length in lower case (İ): keep them as they are.
    if (c.length !== ch.length) c = ch;
    const base = c.normalize('NFD').replace(/\p{M}+/gu, '');
    if (base.length === c.length) c = base;
    if (c === '’' || c === 'ʼ' || c === '‘') c = "'";
    else if (c.length === 1 && /\s/.test(c)) c = ' ';
    out += c;
  }
  return out;
}

/** "M. Roux", "Mme. Garnier", "St. Jean": a full stop that does not end the sentence. */
const ABBREVIATION = /(?:^|[\s(])(?:m|mm|mme|mmes|mlle|me|dr|st|ste|av|bd|bld|pl|ch|imp|rte|etc|cf|env|n°|no|tel)\.$/i;

/** The sentences of a transcript, split after . ! ? … (but not after "M." or inside "320.000"). */
export function sentences(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  const boundary = /[.!?…]+(?=\s|$)/g;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    const end = m.index + m[0].length;
    if (m[0] === '.' && ABBREVIATION.test(text.slice(Math.max(0, m.index - 6), end))) continue;
    push(out, text, start, end);
    start = end;
  }
  push(out, text, start, text.length);
  return out;
}

function push(out: Span[], text: string, from: number, to: number): void {
  const raw = text.slice(from, to);
  const lead = raw.length - raw.trimStart().length;
  const trimmed = raw.trim();
  if (trimmed) out.push({ text: trimmed, start: from + lead });
}

/** A fragment as an agent reads it in a list: trimmed, without its closing punctuation or a dangling comma. */
export const tidy = (fragment: string): string =>
  fragment
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:–—-]+|[\s,;:.!?…–—-]+$/g, '')
    .trim();

/** First letter in upper case, for a fragment that opens a sentence of a summary. */
export const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** First letter in lower case, for a fragment said at the start of a sentence and quoted inside another. */
export const uncapitalise = (text: string): string =>
  // "Monsieur Roux", "DPE": a word that stays capitalised in the middle of a sentence keeps it.
  /^\p{Lu}\p{Ll}*\s/u.test(text) && !/^(?:Monsieur|Madame|Mademoiselle|Maître)\b/.test(text)
    ? text.charAt(0).toLowerCase() + text.slice(1)
    : text;

/** 178000 → "178 000 €" (narrow no-break spaces, as French typography wants). */
export function euros(value: number): string {
  const [whole, decimals] = String(Math.round(value * 100) / 100).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${grouped}${decimals ? `,${decimals.padEnd(2, '0')}` : ''}\u00a0€`;
}
