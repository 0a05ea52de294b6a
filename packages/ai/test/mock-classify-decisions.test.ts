import { describe, expect, it } from 'vitest';
import { isLetter } from '../src/mock/document-outside.ts';

describe('mock AI: what opens a letter', () => {
  it('takes a salutation standing alone for a letter, a person’s name atop a deed for none', () => {
    expect(isLetter('Madame, Monsieur,\nNous vous adressons ci-joint les pièces demandées.')).toBe(true);
    expect(isLetter('Maître,\nJe vous prie de trouver ci-joint mon courrier.')).toBe(true);
    expect(isLetter('Le 4 mars 2026\nMonsieur,\nsuite à notre entretien…')).toBe(true);
    expect(isLetter('Maître Anne ROUX\nNotaire – 3 place du Marché 81000 ALBI\nVENTE\nL’AN DEUX MILLE VINGT-SIX')).toBe(false);
    expect(isLetter('Monsieur Paul DURAND et Madame Lise DURAND, demeurant à Albi, ci-après le vendeur')).toBe(false);
  });
});

describe('mock AI: what a paper says it is not', () => {
  it('leaves out « n’a pas valeur de » and « ne tient pas lieu de » clauses', async () => {
    const { withoutDenials } = await import('../src/mock/classify.ts');
    expect(withoutDenials('Plan coté. Il n’a pas valeur d’attestation de superficie. Fin.')).not.toContain('superficie');
    expect(withoutDenials('Cette note ne tient pas lieu d’état daté. Fin.')).not.toContain('état daté');
  });
});
