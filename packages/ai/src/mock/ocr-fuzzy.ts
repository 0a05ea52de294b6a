/**
 * Phrase search tolerant of what OCR does to a scan: words broken by stray spaces (« SYNTHET
 * IQUE »), letters taken for others (l/1/i, O/0, rn/m, c/e, S/5), letters dropped or doubled.
 * Both the phrase and the text are reduced to a skeleton that erases those confusions, then the
 * phrase is looked for with a few edits allowed.
 */

/** Folded text (see `fold`) without spaces, with the letters OCR mixes up made one. */
export function skeleton(folded: string): string {
  return folded.replace(/ /g, '').replace(/rn/g, 'm').replace(/[1i]/g, 'l').replace(/0/g, 'o').replace(/5/g, 's').replace(/c/g, 'e');
}

/** Edits allowed for a phrase of this skeleton length: about one in nine letters, never on short ones:
 * « projet d’acquisition » is two edits from « acte d’acquisition », a real word, not a misreading. */
export const allowedEdits = (length: number): number => (length < 9 ? 0 : Math.max(1, Math.floor(length / 9)));

/**
 * The fewest edits (insertions, deletions, substitutions) that make `phrase` appear somewhere in
 * `text` (Sellers' algorithm), or Infinity when more than `max` are needed.
 */
export function approximateDistance(phrase: string, text: string, max: number): number {
  const m = phrase.length;
  // column[i]: edits to match phrase[0..i) ending at the current text position.
  let column = Array.from({ length: m + 1 }, (_, i) => i);
  let best = column[m]!;
  for (let j = 0; j < text.length; j++) {
    const next = new Array<number>(m + 1);
    next[0] = 0;
    const c = text[j];
    for (let i = 1; i <= m; i++) {
      next[i] = Math.min(column[i - 1]! + (phrase[i - 1] === c ? 0 : 1), column[i]! + 1, next[i - 1]! + 1);
    }
    column = next;
    if (column[m]! < best) best = column[m]!;
    if (best === 0) break;
  }
  return best <= max ? best : Number.POSITIVE_INFINITY;
}

/**
 * The plain phrases a rule's pattern stands for, for the fuzzy search: "taxes? foncieres?" →
 * "taxe fonciere", "taxes fonciere"… Only the small syntax the rules use is understood (optional
 * letters, (?:a|b) groups, lookarounds dropped); a pattern with anything else gives nothing.
 */
export function phrasesOf(pattern: string, limit = 12): string[] {
  const source = withoutLookarounds(pattern);
  if (/[\\[\]{}*+.^$]/.test(source)) return [];
  let results = [''];
  let i = 0;
  while (i < source.length && results.length <= limit) {
    let options: string[];
    if (source.startsWith('(?:', i)) {
      let depth = 0;
      let end = i;
      for (; end < source.length; end++) {
        if (source[end] === '(') depth++;
        else if (source[end] === ')' && --depth === 0) break;
      }
      options = splitTop(source.slice(i + 3, end)).flatMap((alt) => phrasesOf(alt, limit));
      i = end + 1;
    } else {
      options = [source[i]!];
      i += 1;
    }
    if (source[i] === '?') {
      options = [...options, ''];
      i += 1;
    }
    results = results.flatMap((r) => options.map((o) => r + o));
  }
  return results.length > limit ? [] : [...new Set(results.map((r) => r.replace(/ +/g, ' ').trim()))];
}

/** The pattern without its (?<!…), (?<=…), (?!…) and (?=…) groups, nested ones included. */
function withoutLookarounds(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    if (!/^\(\?<?[!=]/.test(pattern.slice(i, i + 4))) {
      out += pattern[i];
      continue;
    }
    let depth = 0;
    for (; i < pattern.length; i++) {
      if (pattern[i] === '(') depth++;
      else if (pattern[i] === ')' && --depth === 0) break;
    }
  }
  return out;
}

/** "a|b (?:c|d)" → ["a", "b (?:c|d)"]: the alternatives at the top level of a group. */
function splitTop(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < source.length; i++) {
    if (source[i] === '(') depth++;
    else if (source[i] === ')') depth--;
    else if (source[i] === '|' && depth === 0) {
      parts.push(source.slice(start, i));
      start = i + 1;
    }
  }
  return [...parts, source.slice(start)];
}
