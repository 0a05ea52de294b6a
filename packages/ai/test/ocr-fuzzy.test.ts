import { describe, expect, it } from 'vitest';
import { allowedEdits, approximateDistance, phrasesOf, skeleton } from '../src/mock/ocr-fuzzy.ts';
import { fold } from '../src/text.ts';

describe('OCR-tolerant phrase search', () => {
  it('spells out the phrases a rule stands for, lookarounds dropped', () => {
    expect(phrasesOf('taxes? foncieres?').sort()).toEqual(['taxe fonciere', 'taxe foncieres', 'taxes fonciere', 'taxes foncieres']);
    expect(phrasesOf('(?<!annexes? (?:au|du) )compromis de vente')).toEqual(['compromis de vente']);
    expect(phrasesOf('mandat (?:exclusif|semi exclusif)')).toEqual(['mandat exclusif', 'mandat semi exclusif']);
    // Anything else (digits, classes) is left to the exact pattern.
    expect(phrasesOf('photos? (?:\\d+|du bien)')).toEqual([]);
  });

  it('finds a title through broken words and letters taken for others', () => {
    const phrase = skeleton('etat des risques et pollutions');
    const scan = skeleton(fold('ETAT DES RlSQU ES ET P0LLUTI0NS — arrêté préfectoral'));
    expect(approximateDistance(phrase, scan, allowedEdits(phrase.length))).toBeLessThanOrEqual(1);
  });

  it('does not find a phrase that is not there, nor fuzzes short words', () => {
    const phrase = skeleton('levee des conditions suspensives');
    const letter = skeleton(fold('Nous vous informons du refus de votre demande de prêt immobilier.'));
    expect(approximateDistance(phrase, letter, allowedEdits(phrase.length))).toBe(Number.POSITIVE_INFINITY);
    expect(allowedEdits(skeleton('amiante').length)).toBe(0);
  });

  it('does not take another real word for a misread one', () => {
    const phrase = skeleton('acte d acquisition');
    const subject = skeleton(fold('Objet : votre projet d’acquisition, 4 rue des Lilas'));
    expect(approximateDistance(phrase, subject, allowedEdits(phrase.length))).toBe(Number.POSITIVE_INFINITY);
  });
});
