import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findNumbers, parseFrenchNumber, parseFrenchOrdinal } from '../src/mock/french-numbers.ts';

/** French number words as a dictionary writes them, traditional spelling ("deux cents", "quatre-vingt-douze"). */
const UNITS = [
  'zéro',
  'un',
  'deux',
  'trois',
  'quatre',
  'cinq',
  'six',
  'sept',
  'huit',
  'neuf',
  'dix',
  'onze',
  'douze',
  'treize',
  'quatorze',
  'quinze',
  'seize',
];
const TENS = ['', '', 'vingt', 'trente', 'quarante', 'cinquante', 'soixante'];

function below100(n: number): string {
  if (n < 17) return UNITS[n]!;
  if (n < 20) return `dix-${UNITS[n - 10]}`;
  if (n < 70) {
    const [t, u] = [Math.floor(n / 10), n % 10];
    return u === 0 ? TENS[t]! : u === 1 ? `${TENS[t]} et un` : `${TENS[t]}-${UNITS[u]}`;
  }
  if (n < 80) return n === 71 ? 'soixante et onze' : `soixante-${below100(n - 60)}`;
  return n === 80 ? 'quatre-vingts' : `quatre-vingt-${below100(n - 80)}`;
}

/** `beforeMille`: "deux cent mille", "quatre-vingt mille" take no plural s. */
function below1000(n: number, beforeMille = false): string {
  const [h, r] = [Math.floor(n / 100), n % 100];
  const tens = r === 0 ? '' : beforeMille && r === 80 ? 'quatre-vingt' : below100(r);
  if (h === 0) return tens;
  const hundreds = h === 1 ? 'cent' : `${UNITS[h]} cent${r === 0 && !beforeMille ? 's' : ''}`;
  return tens ? `${hundreds} ${tens}` : hundreds;
}

function frenchWords(n: number): string {
  if (n === 0) return 'zéro';
  const [millions, thousands, rest] = [Math.floor(n / 1e6), Math.floor(n / 1000) % 1000, n % 1000];
  return [
    millions ? (millions === 1 ? 'un million' : `${below1000(millions)} millions`) : '',
    thousands ? (thousands === 1 ? 'mille' : `${below1000(thousands, true)} mille`) : '',
    rest ? below1000(rest) : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The 1990 spelling: every word joined by hyphens ("deux-cent-mille", "vingt-et-un"). */
const reformed = (words: string) => words.replace(/ /g, '-');

function ordinalWords(n: number): string {
  if (n === 1) return 'premier';
  const words = frenchWords(n).replace(/(cent|vingt|million)s$/, '$1');
  return words.replace(/cinq$/, 'cinqu').replace(/neuf$/, 'neuv').replace(/e$/, '').concat('ième');
}

const grouped = (n: number, separator: string) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, separator);

describe('French numbers: table', () => {
  it.each([
    ['320 000 €', 320_000],
    ['320.000 euros', 320_000],
    ['320\u00a0000 €', 320_000],
    ['320\u202f000\u00a0€', 320_000],
    ['1,2 million', 1_200_000],
    ['1,25 million', 1_250_000],
    ['3 millions', 3_000_000],
    ["2 millions d'euros", 2_000_000],
    ['1 million 200 000', 1_200_000],
    ['20 mille euros', 20_000],
    ['320k€', 320_000],
    ['320 k€', 320_000],
    ['320 K euros', 320_000],
    ['1,2 M€', 1_200_000],
    ['75', 75],
    ['2,5', 2.5],
    ['trois', 3],
    ['vingt et un', 21],
    ['vingt-et-un', 21],
    ['soixante-dix', 70],
    ['soixante et onze', 71],
    ['soixante-dix-sept', 77],
    ['quatre-vingts', 80],
    ['quatre-vingt-un', 81],
    ['quatre-vingt-douze', 92],
    ['quatre-vingt-dix-neuf', 99],
    ['cent', 100],
    ['cent un', 101],
    ['deux cents', 200],
    ['cent soixante-dix-huit mille euros', 178_000],
    ['deux cent mille', 200_000],
    ['deux cent quatre-vingt-quinze mille euros', 295_000],
    ['un million deux cent mille', 1_200_000],
    ['mille neuf cent soixante-quinze', 1975],
    ['mil neuf cent trente', 1930],
    ['deux mille douze', 2012],
    ['septante-cinq', 75],
    ['nonante', 90],
    ['huitante', 80],
    ['zéro', 0],
    ['Quatre-Vingt-Dix', 90],
  ])('reads %s as %d', (text, value) => {
    expect(parseFrenchNumber(text)).toBe(value);
  });

  it.each([
    ['deux trois'],
    ['trois deux cents'],
    ['vingt cent'],
    ['un cent'],
    ['dix huit cents'],
    ['cent cent'],
    ['mille mille'],
    ['deuxième'],
    [''],
    ['maison'],
    ['12, 14'],
    ['vingt et deux'],
    ['trente et onze'],
    ['quantième'],
  ])('refuses %j as one number', (text) => {
    expect(parseFrenchNumber(text)).toBeNull();
  });

  it.each([
    ['premier', 1],
    ['première', 1],
    ['1er', 1],
    ['1re', 1],
    ['1ère', 1],
    ['second', 2],
    ['deuxième', 2],
    ['2e', 2],
    ['2ème', 2],
    ['2nd', 2],
    ['troisième', 3],
    ['quatrième', 4],
    ['cinquième', 5],
    ['neuvième', 9],
    ['onzième', 11],
    ['vingt et unième', 21],
    ['trente-deuxième', 32],
    ['centième', 100],
    ['rez-de-chaussée', 0],
    ['rez de chaussée', 0],
    ['RDC', 0],
  ])('reads the ordinal %s as %d', (text, value) => {
    expect(parseFrenchOrdinal(text)).toBe(value);
  });

  it('tells ordinals from cardinals', () => {
    expect(parseFrenchOrdinal('trois')).toBeNull();
    expect(parseFrenchNumber('troisième')).toBeNull();
    expect(parseFrenchOrdinal('troisième étage')).toBeNull();
  });

  it('finds every number in a sentence, with its words, its currency and its kind', () => {
    const text =
      "C'est un trois pièces de 75 m² au deuxième étage, mis en vente à 320 000 € (49100). Budget : cent soixante-dix-huit mille euros.";
    const found = findNumbers(text).map((n) => ({ said: text.slice(n.start, n.end), value: n.value, ordinal: n.ordinal, money: n.money }));
    expect(found).toEqual([
      { said: 'un', value: 1, ordinal: false, money: false },
      { said: 'trois', value: 3, ordinal: false, money: false },
      { said: '75', value: 75, ordinal: false, money: false },
      { said: 'deuxième', value: 2, ordinal: true, money: false },
      { said: '320 000 €', value: 320_000, ordinal: false, money: true },
      { said: '49100', value: 49_100, ordinal: false, money: false },
      { said: 'cent soixante-dix-huit mille euros', value: 178_000, ordinal: false, money: true },
    ]);
  });

  it('keeps "et" between numbers that do not combine, and words glued to digits apart', () => {
    expect(findNumbers('deux et trois').map((n) => n.value)).toEqual([2, 3]);
    expect(findNumbers('vingt et une chambres').map((n) => n.value)).toEqual([21]);
    expect(findNumbers('75m²').map((n) => n.value)).toEqual([75]);
    expect(findNumbers('T3, refait à neuf').map((n) => n.value)).toEqual([3, 9]);
    expect(findNumbers('1975 120 m²').map((n) => n.value)).toEqual([1975, 120]);
  });
});

describe('French numbers: properties', () => {
  const upToBillion = fc.integer({ min: 0, max: 999_999_999 });

  it('reads back any number written in words, traditional or 1990 spelling', () => {
    fc.assert(
      fc.property(upToBillion, fc.boolean(), (n, reform) => {
        const words = reform ? reformed(frenchWords(n)) : frenchWords(n);
        expect(parseFrenchNumber(words)).toBe(n);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back any number written in digits, whatever the thousands separator', () => {
    fc.assert(
      fc.property(
        upToBillion,
        fc.constantFrom(' ', '.', '\u00a0', '\u202f', ''),
        fc.constantFrom('', ' €', ' euros', '€'),
        (n, separator, currency) => {
          const [found, ...others] = findNumbers(`${grouped(n, separator)}${currency}`);
          expect(others).toEqual([]);
          expect(found).toMatchObject({ value: n, money: currency !== '', ordinal: false });
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('finds a number said in the middle of a sentence, and nothing else', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 9_999_999 }), (n) => {
        const text = `Leur budget est de ${frenchWords(n)} euros hors frais de notaire.`;
        const found = findNumbers(text);
        expect(found).toHaveLength(1);
        expect(found[0]).toMatchObject({ value: n, money: true });
        expect(text.slice(found[0]!.start, found[0]!.end)).toBe(`${frenchWords(n)} euros`);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads back ordinals in words and in digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), (n) => {
        expect(parseFrenchOrdinal(ordinalWords(n))).toBe(n);
        expect(parseFrenchOrdinal(`${n}${n === 1 ? 'er' : 'e'}`)).toBe(n);
        expect(parseFrenchOrdinal(`${n}ème`)).toBe(n);
      }),
      { numRuns: 1000 },
    );
  });
});
