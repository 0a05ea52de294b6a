import { describe, expect, it } from 'vitest';
import { capitalise, euros, plain, sentences, tidy, uncapitalise } from '../src/mock/spoken.ts';

describe('reading spoken French', () => {
  it('makes a plain copy of the same length, offsets unchanged', () => {
    for (const text of ['Deuxième étage, cœur, 320\u00a0000\u202f€', 'L’été', 'İstanbul', '한국어 ÀÉÎÕÜ']) {
      expect(plain(text)).toHaveLength(text.length);
    }
    expect(plain('Deuxième ÉTAGE, L’été\u00a0!')).toBe("deuxieme etage, l'ete !");
    // A letter whose lower case is longer keeps its case (its dot still goes); one that decomposes into several letters stays as it is.
    expect(plain('İ')).toBe('I');
    expect(plain('한')).toBe('한');
  });

  it('splits sentences, but not after a civility or inside a number', () => {
    expect(sentences('Visite avec M. Roux et Mme. Blanc. Prix : 320.000 €. Vraiment ? Oui… ').map((s) => s.text)).toEqual([
      'Visite avec M. Roux et Mme. Blanc.',
      'Prix : 320.000 €.',
      'Vraiment ?',
      'Oui…',
    ]);
    const text = '  Un.   Deux';
    expect(sentences(text)).toEqual([
      { text: 'Un.', start: 2 },
      { text: 'Deux', start: 8 },
    ]);
    expect(sentences('   ')).toEqual([]);
  });

  it('tidies fragments and formats amounts the French way', () => {
    expect(tidy(' , la cuisine est  petite ; ')).toBe('la cuisine est petite');
    expect(tidy('— le balcon…')).toBe('le balcon');
    expect(euros(178_000)).toBe('178\u202f000\u00a0€');
    expect(euros(1_234.5)).toBe('1\u202f234,50\u00a0€');
    expect(euros(950)).toBe('950\u00a0€');
    expect(capitalise('la terrasse')).toBe('La terrasse');
    expect(uncapitalise('Le diagnostic a été refait')).toBe('le diagnostic a été refait');
    expect(uncapitalise('Monsieur Roux a accepté')).toBe('Monsieur Roux a accepté');
    expect(uncapitalise('DPE refait')).toBe('DPE refait');
  });
});
