import { describe, expect, it } from 'vitest';
import { MESSAGE_PROPERTY_FLOOR, MockAIProvider, type PropertyMatch } from '../src/index.ts';
import { AGENCY, P, type PropertyKey } from './fixtures/agency.ts';
import { MESSAGES, type MessageCase } from './fixtures/messages.ts';

const ai = new MockAIProvider();
const KEY_OF = new Map<string, PropertyKey>(Object.entries(P).map(([key, id]) => [id, key as PropertyKey]));

/** What the triage job does with an answer: attach, or send to review as ambiguous or not found. */
function outcome(match: PropertyMatch): PropertyKey | 'AMBIGUOUS' | 'NONE' {
  if (match.ambiguous) return 'AMBIGUOUS';
  if (match.propertyId && match.confidence >= MESSAGE_PROPERTY_FLOOR) return KEY_OF.get(match.propertyId)!;
  return 'NONE';
}

const run = (m: MessageCase) => ai.matchProperty({ subject: m.subject, text: m.text, sender: m.sender, candidates: AGENCY });

describe('mock AI: message → property on the fixture set', () => {
  it(`has at least 40 realistic messages with expected answers`, () => {
    expect(MESSAGES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(MESSAGES.map((m) => m.id)).size).toBe(MESSAGES.length);
  });

  it('reaches its accuracy floor and never attaches to a wrong property', async () => {
    const results = await Promise.all(MESSAGES.map(async (m) => ({ m, match: await run(m) })));
    const wrong = results.filter(({ m, match }) => outcome(match) !== m.expected);
    const correct = results.length - wrong.length;
    console.log(
      `mock message → property accuracy: ${correct}/${results.length} = ${((correct / results.length) * 100).toFixed(1)}%` +
        wrong
          .map(({ m, match }) => `\n  ✗ ${m.id}: expected ${m.expected}, got ${outcome(match)} (${match.confidence}) — ${match.reasoning}`)
          .join(''),
    );
    // The figure reported: 57 of 62 (91.9%). The five misses are cases an agent would attach
    // but the mock, by design, sends to review: a street without number (one describing word
    // only proposes), a misspelt street, a street named without its type, and (since issue 6's
    // session) an owner's name as sender or signature from an unknown address, which anyone can
    // write — it is proposed for review, never attached on the name alone.
    expect(correct).toBeGreaterThanOrEqual(57);
    for (const id of ['sender-display-name', 'signer-name-from-unknown-address']) {
      const { m, match } = results.find((r) => r.m.id === id)!;
      expect(match.ambiguous).toBe(false);
      expect(match.confidence).toBeLessThan(0.6);
      // Still the right proposal for the person who checks.
      expect(match.propertyId).toBe(P[m.expected as PropertyKey]);
    }

    // A wrong attachment is worse than a review: none, whatever the accuracy.
    const attachedWrongly = results.filter(({ m, match }) => {
      const o = outcome(match);
      return o !== 'AMBIGUOUS' && o !== 'NONE' && o !== m.expected;
    });
    expect(attachedWrongly.map(({ m }) => m.id)).toEqual([]);
  });

  it('answers in the shape the review queue needs', async () => {
    for (const m of MESSAGES) {
      const match = await run(m);
      expect(match.confidence).toBeGreaterThanOrEqual(0);
      expect(match.confidence).toBeLessThanOrEqual(1);
      expect(match.reasoning.length).toBeGreaterThan(20);
      // The UI never shows technical ids.
      expect(match.reasoning).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
      if (match.ambiguous) {
        expect(match.propertyId).toBeNull();
        expect(match.candidates.length).toBeGreaterThanOrEqual(2);
      }
      const sorted = [...match.candidates].sort((a, b) => b.confidence - a.confidence);
      expect(match.candidates).toEqual(sorted);
      for (const c of match.candidates) expect(c.evidence.length).toBeGreaterThan(0);
    }
  });

  it('is deterministic: the same input gives the same answer', async () => {
    for (const m of MESSAGES.slice(0, 10)) expect(await run(m)).toEqual(await run(m));
  });
});

describe('mock AI: message → property, evidence and confidence', () => {
  const match = (text: string, extra: Partial<Parameters<typeof ai.matchProperty>[0]> = {}) =>
    ai.matchProperty({ text, candidates: AGENCY, ...extra });

  it('ranks strong evidence above weak evidence', async () => {
    const bySender = await match('Bonjour, des nouvelles ?', { sender: { email: 'jp.fabre@orange.fr' } });
    const byMandate = await match('Au sujet du mandat MV-2026-014.');
    const byAddress = await match('Au sujet du 14 rue Sainte.');
    const byStreetAndCity = await match('Au sujet de la rue Sainte à Marseille, 13001.');
    const byCity = await match('Un bien à Marseille ?');
    for (const strong of [bySender, byMandate, byAddress]) {
      expect(strong.propertyId).toBe(P.sainte);
      expect(strong.confidence).toBeGreaterThanOrEqual(0.8);
    }
    expect(byStreetAndCity.propertyId).toBe(P.sainte);
    expect(byStreetAndCity.confidence).toBeLessThan(byAddress.confidence);
    expect(byCity.propertyId).toBeNull();
    expect(byCity.confidence).toBeLessThan(0.2);
    expect(byCity.candidates).toEqual([]);
  });

  it('adds up independent evidence and says what it found, in French', async () => {
    const result = await match('Mandat MV-2026-014 : le 14 rue Sainte, 13001 Marseille.', { sender: { phone: '+33 6 12 34 56 78' } });
    expect(result).toMatchObject({ propertyId: P.sainte, ambiguous: false, confidence: 0.97 });
    expect(result.candidates[0]!.evidence).toEqual([
      'L’expéditeur (06 12 34 56 78) est vendeur de ce bien : Jean-Pierre Fabre',
      'Numéro de mandat cité : MV-2026-014',
      'Adresse exacte citée : 14 rue Sainte',
      'Code postal cité : 13001',
      'Ville citée : Marseille',
    ]);
    expect(result.reasoning).toMatch(
      /^Rattaché à « T3 lumineux proche Vieux-Port » \(14 rue Sainte, Marseille\), confiance 97\u00a0%\. Indices : /,
    );
  });

  it('proposes a weak match without attaching it', async () => {
    const result = await match('Je passe rue Sainte demain.');
    expect(result.propertyId).toBe(P.sainte);
    expect(result.confidence).toBeLessThan(MESSAGE_PROPERTY_FLOOR);
    expect(result.reasoning).toMatch(/^Proposition à vérifier : /);
  });

  it('lists the tied properties of an ambiguous message', async () => {
    const result = await match('Bonjour', { sender: { email: 'helene.garnier@free.fr' } });
    expect(result).toMatchObject({ propertyId: null, ambiguous: true });
    expect(result.candidates.map((c) => c.propertyId).sort()).toEqual([P.longchamp, P.prado].sort());
    expect(result.reasoning).toContain('Plusieurs biens correspondent');
  });

  it('says so when the agency has no property', async () => {
    expect(await match('14 rue Sainte', { candidates: [] })).toEqual({
      propertyId: null,
      confidence: 0,
      ambiguous: false,
      candidates: [],
      reasoning: 'L’agence n’a aucun bien auquel rattacher ce message.',
    });
  });

  it('finds short mandate numbers only after the word "mandat"', async () => {
    const agency = [{ ...AGENCY[0]!, mandateNumber: '145' }];
    expect((await match('Il y a 145 m² de terrain.', { candidates: agency })).propertyId).toBeNull();
    expect((await match('Au sujet du mandat n° 145.', { candidates: agency })).propertyId).toBe(P.sainte);
  });

  it('ignores properties with an empty address or a participant with a short surname', async () => {
    const agency = [
      {
        ...AGENCY[0]!,
        address: '',
        participants: [{ role: 'VENDEUR' as const, firstName: 'Li', lastName: 'Wu', email: null, phone: null }],
      },
    ];
    expect((await match('M. Wu, 14 rue Sainte', { candidates: agency })).propertyId).toBeNull();
  });

  it('tells a capitalised surname from the same common word', async () => {
    expect((await match('Olivier nous a parlé du salon blanc.')).propertyId).toBeNull();
    const byName = await match('BLANC a rappelé ce matin pour son appartement.');
    expect(byName.propertyId).toBe(P.paradis112);
    expect(byName.confidence).toBeLessThan(MESSAGE_PROPERTY_FLOOR);
  });

  it('matches foreign phone numbers as they are', async () => {
    const agency = [
      {
        ...AGENCY[0]!,
        participants: [{ role: 'ACHETEUR' as const, firstName: 'John', lastName: 'Smith', email: null, phone: '+44 7700 900123' }],
      },
    ];
    expect((await match('Hello', { sender: { phone: '0044 7700 900123' }, candidates: agency })).propertyId).toBe(P.sainte);
  });
});
