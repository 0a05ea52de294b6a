/**
 * Accent-, case- and punctuation-insensitive form of a French text: "Hélène, 14 Rue Sainte-Anne"
 * → "helene 14 rue sainte anne". Every word is surrounded by single spaces, so a phrase is found
 * with `includes(' ' + phrase + ' ')` without matching inside a longer word.
 */
export function fold(text: string): string {
  return ` ${foldKeepCase(text).toLowerCase()} `;
}

/** Like `fold` but keeps the case, to tell a capitalised surname from the same common word. */
export function foldKeepCase(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/œ/g, 'oe')
    .replace(/Œ/g, 'OE')
    .replace(/æ/g, 'ae')
    .replace(/Æ/g, 'AE')
    .replace(/ß/g, 'ss')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** `fold` of a phrase without its surrounding spaces, for building patterns. */
export const foldPhrase = (phrase: string): string => fold(phrase).trim();

/** Escapes a string for use inside a RegExp. */
export const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** "0,92": confidences as an agent reads them. */
export const frenchNumber = (value: number): string => value.toFixed(2).replace('.', ',');

/** A confidence as an agent reads it: « 87 % » (no-break space, as French typography wants). */
export const frenchPercent = (value: number): string => `${Math.round(value * 100)}\u00a0%`;

/** Lists in French: "a", "a et b", "a, b et c". */
export function frenchList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} et ${items[items.length - 1]}`;
}

/**
 * Memoises a function of a short string (a name, an address, a pattern). The same agency's
 * properties come back with every message, so their derived forms are computed once; the cache
 * is emptied when full rather than grown without bound.
 */
export function memo<T>(fn: (key: string) => T, maxEntries = 20_000): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= maxEntries) cache.clear();
      value = fn(key);
      cache.set(key, value);
    }
    return value;
  };
}

/** « de Claire » but « d’Anne », « d’Émile »: French elides « de » before a vowel. */
export const ofName = (name: string): string => (/^[aeiouyàâäéèêëîïôöûüœ]/i.test(name) ? `d’${name}` : `de ${name}`);
