import { describe, expect, it } from 'vitest';
import { emailsIn, normalizeEmail, normalizePhone, parseAddress, phonesIn, streetWords } from '../src/mock/normalize.ts';
import { fold, frenchList, ofName } from '../src/text.ts';

describe('phones', () => {
  it.each([
    ['06 12 34 56 78', '0612345678'],
    ['06.12.34.56.78', '0612345678'],
    ['06-12-34-56-78', '0612345678'],
    ['+33 6 12 34 56 78', '0612345678'],
    ['+33 (0)6 12 34 56 78', '0612345678'],
    ['0033612345678', '0612345678'],
    ['33612345678', '0612345678'],
    ['+44 7700 900123', '+447700900123'],
    ['12 34', null],
  ])('normalises %s', (raw, phone) => {
    expect(normalizePhone(raw)).toBe(phone);
  });

  it('finds phones and e-mails in a text', () => {
    const text = 'Appelez le 06 12 34 56 78 ou le +33 4 91 33 22 11, ou écrivez à Jean.Fabre@Orange.fr. Réf. 2026-014, 285 000 €.';
    expect([...phonesIn(text)]).toEqual(['0612345678', '0491332211']);
    expect([...emailsIn(text)]).toEqual(['jean.fabre@orange.fr']);
    expect(normalizeEmail('Jean Fabre <JP.Fabre@orange.fr>')).toBe('jp.fabre@orange.fr');
  });
});

describe('addresses', () => {
  it.each([
    ['14 rue Sainte', '14 r. Sainte'],
    ['27 boulevard Longchamp', '27, Bd Longchamp'],
    ['3 avenue Jules Ferry', '3 av Jules-Ferry'],
    ['12 bis place de Lenche', '12bis pl. Lenche'],
    ['12 ter place de Lenche', '12 t place de Lenche'],
    ['5 chemin des Calanques', '5 CH. DES CALANQUES'],
    ['7 cours Mirabeau', '7 crs Mirabeau'],
    ['45 avenue du Prado', '45 Avenue Prado'],
    ['1 place Saint-Victor', '1 pl St Victor'],
    ['9 impasse de la Fontaine', '9 imp. Fontaine'],
    ['2 allée des Pins', '2 all. des Pins'],
  ])('%s and %s are the same street', (a, b) => {
    expect(streetWords(a)).toBe(streetWords(b));
  });

  it('keeps "b" and "t" that are not bis and ter', () => {
    expect(streetWords('Résidence B, bâtiment T')).toBe(' residence b batiment t ');
  });

  it('parses addresses into number, suffix, street type and name', () => {
    expect(parseAddress('12 bis place de Lenche')).toEqual({ number: '12', suffix: 'bis', type: 'place', name: 'lenche' });
    expect(parseAddress('Chemin des Vignes')).toEqual({ number: null, suffix: null, type: 'chemin', name: 'vignes' });
    expect(parseAddress('Lieu-dit Les Baux')).toEqual({ number: null, suffix: null, type: 'lieu', name: 'dit baux' });
    expect(parseAddress('')).toEqual({ number: null, suffix: null, type: null, name: '' });
  });
});

it('folds French text', () => {
  expect(fold("Hélène, l'œuvre — 14 Rue Sainte-Anne")).toBe(' helene l oeuvre 14 rue sainte anne ');
  // Superscripts and ligatures as a PDF's text layer gives them: « m² », « certiﬁcat ».
  expect(fold('245 kWh/m².an — certiﬁcat')).toBe(' 245 kwh m2 an certificat ');
  expect(frenchList([])).toBe('');
  expect(frenchList(['a', 'b', 'c'])).toBe('a, b et c');
  expect([ofName('Claire'), ofName('Anne et Paul'), ofName('Émile'), ofName('+33 6 12 34 56 78')]).toEqual([
    'de Claire',
    'd’Anne et Paul',
    'd’Émile',
    'de +33 6 12 34 56 78',
  ]);
});
