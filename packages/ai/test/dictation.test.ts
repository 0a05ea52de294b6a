import { describe, expect, it } from 'vitest';
import { resolveDictation } from '../src/mock/dictation.ts';

const resolved = (transcript: string) => resolveDictation(transcript).text;

describe('dictation: what the agent meant', () => {
  it.each([
    // Self-corrections: the last value wins, whatever the marker.
    ['Deux chambres, non pardon trois chambres.', 'trois chambres.'],
    ['Prix 350 000, enfin 340 000 après discussion.', 'Prix 340 000 après discussion.'],
    ['Un T2, non c’est un T3.', 'Un T3.'],
    ['Au cinquième… non, sixième étage.', 'Au sixième étage.'],
    ['Au 2e, ah non c’est le rez-de-chaussée.', 'Au rez-de-chaussée.'],
    ['DPE en C… attendez… non c’est B.', 'DPE en B.'],
    ['Une maison à Blagnac… euh non à Beauzelle.', 'Une maison à Beauzelle.'],
    ['À Albi, non attendez, c’est pas Albi, c’est Castres.', 'À Castres.'],
    ['On m’avait dit maison, mais en fait c’est un appartement.', 'On m’avait dit appartement.'],
    ['Code postal 31400, je veux dire 31500.', 'Code postal 31500.'],
    ['8 rue des Lilas… pardon 18, 18 rue des Lilas.', '18 rue des Lilas.'],
    // The corrected value takes the unit and the scale of the one it replaces.
    ['Quatre-vingt-dix mètres carrés, rectification quatre-vingt-six.', 'quatre-vingt-six mètres carrés.'],
    ['Deux cent trente mille… plutôt deux cent vingt-cinq.', 'deux cent vingt-cinq mille.'],
    ['199 000 €, ou plutôt 195 000.', '195 000 €.'],
    // A close number after a pause restates the one before.
    ['Soixante mètres carrés… soixante-deux avec le cellier.', 'soixante-deux mètres carrés avec le cellier.'],
    // Hesitations and stutters.
    ['Euh le le séjour fait, euh, 30 m².', 'le séjour fait, 30 m².'],
  ])('%s → %s', (transcript, meant) => {
    expect(resolved(transcript)).toBe(meant);
  });

  it.each([
    // An opinion, not a correction: the owner's price stays.
    'Elle voudrait 250 000 €, je pense plutôt 240 000.',
    // Different things counted: "non" is a word of the description here.
    'Trois pièces non meublées, deux chambres.',
    // "enfin" as "at last", a sentence away from any number.
    'Prix 300 000. Ils acceptent enfin de baisser.',
    // Two numbers after a pause, far apart: a list, not a restatement.
    'Deux chambres… 90 m².',
    // "enfin" moving on to another fact corrects nothing.
    'Le DPE est en D, enfin c’est ce qu’on m’a dit, GES E.',
    // "nous nous" is grammar.
    'Nous nous sommes vus chez elle.',
  ])('keeps « %s » as said', (transcript) => {
    expect(resolved(transcript)).toBe(transcript);
  });

  it('maps what it resolved back to the words as said', () => {
    const dictation = resolveDictation('Prix 420 000, euh, enfin 410 000 net vendeur.');
    expect(dictation.text).toBe('Prix 410 000 net vendeur.');
    expect(dictation.source(0, 4)).toBe('Prix');
    // The whole price, correction included: the agent sees what was said.
    expect(dictation.source(0, 12)).toBe('Prix 420 000, euh, enfin 410 000');
    expect(dictation.source(5, 5)).toBe('');
    const scaled = resolveDictation('Deux cent mille… plutôt deux cent dix.');
    expect(scaled.text).toBe('deux cent dix mille.');
    // Words it added ("mille") are quoted as the words they complete.
    expect(scaled.source(0, scaled.text.length - 1)).toBe('deux cent dix');
  });
});
