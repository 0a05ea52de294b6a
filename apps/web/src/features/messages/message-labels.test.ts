import { describe, expect, it } from 'vitest';
import { propertySetSentence, triageLabel } from './message-labels.tsx';

const filed = {
  aiStatus: 'PROCESSED' as const,
  propertyId: 'p1',
  propertySetBy: null,
  propertySetByUser: null,
  propertySetAt: null,
  aiDecision: null,
};
const claire = { firstName: 'Claire', lastName: 'Martin' };
// Noon UTC: the same day in every time zone the agencies work in.
const at = '2026-12-03T12:00:00.000Z';

describe('who filed a message, in words', () => {
  it('says « Rattaché auto » only for what the AI attached alone', () => {
    expect(triageLabel({ ...filed, propertySetBy: 'AI' }).label).toBe('Rattaché auto');
    expect(triageLabel({ ...filed, propertySetBy: 'USER' }).label).toBe('Rattaché');
    expect(triageLabel({ ...filed, propertySetBy: null }).label).toBe('Rattaché');
    expect(triageLabel({ ...filed, propertyId: null, propertySetBy: 'USER' }).label).toBe('Traité, non rattaché');
  });

  it('names the AI with its confidence, or the person with the day', () => {
    expect(propertySetSentence({ ...filed, propertySetBy: 'AI', aiDecision: { confidence: 0.97 } })).toMatch(
      /^Rattaché automatiquement par Monimmo \(confiance 97\s%\)$/,
    );
    expect(propertySetSentence({ ...filed, propertySetBy: 'AI' })).toBe('Rattaché automatiquement par Monimmo');
    expect(propertySetSentence({ ...filed, propertySetBy: 'USER', propertySetByUser: claire, propertySetAt: at })).toBe(
      'Rattaché par Claire Martin le 3 déc. 2026',
    );
    expect(propertySetSentence({ ...filed, propertyId: null, propertySetBy: 'USER', propertySetByUser: claire, propertySetAt: at })).toBe(
      'Laissé sans bien par Claire Martin le 3 déc. 2026',
    );
    expect(propertySetSentence({ ...filed, propertySetBy: 'USER' })).toBe('Rattaché par un membre de l’agence');
  });

  it('says nothing when nobody is known to have filed it', () => {
    expect(propertySetSentence(filed)).toBeNull();
    expect(propertySetSentence({ ...filed, propertyId: null, propertySetBy: 'AI' })).toBeNull();
  });
});
