import { describe, expect, it } from 'vitest';
import { MockAIProvider, VOCAL_TYPE_FLOOR, type VocalPropertyContext, type VocalTypeDetection } from '../src/index.ts';
import { INVENTED_VOCALS } from './fixtures/invented-vocals.ts';
import { fixtureTranscript, TRANSCRIPTS, type TranscriptName } from './fixtures/transcripts.ts';

const ai = new MockAIProvider();
const detect = (transcript: string, property: VocalPropertyContext | null = null) => ai.detectVocalType({ transcript, property });

/** What the pipeline does with an answer: set the type, or send the vocal to review. */
const outcome = (d: VocalTypeDetection) => (d.vocalType && d.confidence >= VOCAL_TYPE_FLOOR ? d.vocalType : 'REVIEW');

const FILLED: VocalPropertyContext = {
  title: 'T3 lumineux',
  address: '12 rue des Lices',
  postalCode: '49100',
  city: 'Angers',
  price: 320_000,
  details: { rooms: 3, surface: 75, floor: 2, elevator: true, dpeClass: 'D' },
};

describe('mock AI: vocal type', () => {
  it.each([
    ['initiale', 'VISITE_INITIALE', 0.97],
    ['client', 'COMPTE_RENDU_VISITE_CLIENT', 0.97],
    ['suivi', 'VISITE_SUIVI', 0.97],
  ] as const)('recognises the %s fixture', async (name, type, confidence) => {
    const result = await detect(fixtureTranscript(name));
    expect(result.vocalType).toBe(type);
    expect(result.confidence).toBe(confidence);
    expect(result.candidates[0]).toEqual({ vocalType: type, confidence });
  });

  it.each<[TranscriptName, string]>([
    ['maisonTours', 'VISITE_INITIALE'],
    ['studioCaron', 'VISITE_INITIALE'],
    ['t2Bordeaux', 'VISITE_INITIALE'],
    ['benoit', 'VISITE_INITIALE'],
    ['terrain', 'VISITE_INITIALE'],
    ['loftLille', 'VISITE_INITIALE'],
    ['localCommercial', 'VISITE_INITIALE'],
    ['petit', 'VISITE_INITIALE'],
    ['coupleParadis', 'COMPTE_RENDU_VISITE_CLIENT'],
    ['nguyen', 'COMPTE_RENDU_VISITE_CLIENT'],
    ['bernard', 'COMPTE_RENDU_VISITE_CLIENT'],
    ['martin', 'COMPTE_RENDU_VISITE_CLIENT'],
    ['rossi', 'COMPTE_RENDU_VISITE_CLIENT'],
    ['girard', 'COMPTE_RENDU_VISITE_CLIENT'],
    ['haddad', 'COMPTE_RENDU_VISITE_CLIENT'],
    ['durand', 'VISITE_SUIVI'],
    ['ecoles', 'VISITE_SUIVI'],
    ['faure', 'VISITE_SUIVI'],
    ['leroy', 'VISITE_SUIVI'],
    ['roche', 'VISITE_SUIVI'],
    ['foch', 'VISITE_SUIVI'],
    ['mixed', 'REVIEW'],
    ['nothing', 'REVIEW'],
  ])('%s → %s', async (name, expected) => {
    expect(outcome(await detect(TRANSCRIPTS[name]))).toBe(expected);
  });

  it('answers in the shape the review queue needs, deterministically', async () => {
    for (const transcript of Object.values(TRANSCRIPTS)) {
      const result = await detect(transcript);
      expect(result.confidence).toBeGreaterThanOrEqual(0);
      expect(result.confidence).toBeLessThanOrEqual(0.97);
      expect(result.reasoning.length).toBeGreaterThan(20);
      expect(result.candidates.map((c) => c.confidence)).toEqual([...result.candidates.map((c) => c.confidence)].sort((a, b) => b - a));
      expect(new Set(result.candidates.map((c) => c.vocalType)).size).toBe(result.candidates.length);
      if (result.vocalType) expect(result.candidates[0]).toEqual({ vocalType: result.vocalType, confidence: result.confidence });
      expect(await detect(transcript)).toEqual(result);
    }
  });

  it('cites the cues it found, in French', async () => {
    expect((await detect(fixtureTranscript('client'))).reasoning).toBe(
      'Compte rendu de visite client : « compte rendu de visite », « visite avec des clients », « ont aimé », « ils trouvent », « budget » et « contre-visite ». Confiance 97 %.',
    );
    expect((await detect(fixtureTranscript('suivi'))).reasoning).toBe(
      'Visite de suivi : « nouveau passage », « depuis la dernière visite », « travaux réalisés », « baisse de prix », « mise à jour de l’annonce », « nouvelles du vendeur » et « relance des acquéreurs ». Indices plus faibles de compte rendu de visite client (« acquéreurs »). Confiance 97 %.',
    );
  });

  it('stays below the floor when cues of every type are mixed evenly, listing them all', async () => {
    const result = await detect(TRANSCRIPTS.mixed);
    expect(result.confidence).toBeLessThan(VOCAL_TYPE_FLOOR);
    expect(result.candidates.map((c) => c.vocalType).sort()).toEqual(['COMPTE_RENDU_VISITE_CLIENT', 'VISITE_INITIALE', 'VISITE_SUIVI']);
    expect(result.reasoning).toBe(
      'Visite initiale : « premier rendez-vous » et « estimation ». Indices plus faibles de compte rendu de visite client (« acquéreurs », « ont aimé » et « budget ») et visite de suivi (« depuis la dernière visite » et « travaux réalisés »). Confiance 0 %.',
    );
  });

  it('gives no type when two types tie exactly', async () => {
    const result = await detect('Premier rendez-vous. Contre-visite.');
    expect(result).toMatchObject({
      vocalType: null,
      candidates: [{ vocalType: 'VISITE_INITIALE' }, { vocalType: 'COMPTE_RENDU_VISITE_CLIENT' }],
    });
    expect(result.confidence).toBeLessThan(VOCAL_TYPE_FLOOR);
    expect(result.reasoning).toBe(
      'Indices partagés à égalité entre visite initiale (« premier rendez-vous ») et compte rendu de visite client (« contre-visite ») : à vérifier par un agent.',
    );
  });

  it('gives no type and confidence 0 when nothing points anywhere, or the transcript is empty', async () => {
    expect(await detect(TRANSCRIPTS.nothing)).toEqual({
      vocalType: null,
      confidence: 0,
      candidates: [],
      reasoning: 'Aucun indice du type de vocal : ni premier rendez-vous, ni visite d’acquéreurs, ni nouveau passage.',
    });
    expect(await detect('  ')).toEqual({
      vocalType: null,
      confidence: 0,
      candidates: [],
      reasoning: 'Transcription vide : aucun indice du type de vocal.',
    });
  });

  it('is nudged, never decided, by a property already listed', async () => {
    const description = 'Visite du trois pièces avec ascenseur, DPE D, deux chambres.';
    const alone = await detect(description);
    expect(alone.vocalType).toBe('VISITE_INITIALE');
    const empty: VocalPropertyContext = { ...FILLED, price: null, details: {} };
    // Listed on the board, priced, or described: a first visit is less likely, and the reasoning says why.
    for (const [property, why] of [
      [{ ...empty, status: 'EN_DIFFUSION' }, 'Le bien rattaché est déjà en vente'],
      [{ ...empty, price: 320_000 }, 'Le bien rattaché a déjà un prix'],
      [{ ...empty, details: FILLED.details }, 'Le bien rattaché est déjà décrit'],
    ] as const) {
      const nudged = await detect(description, property);
      expect(nudged.vocalType).toBe('VISITE_INITIALE');
      expect(nudged.confidence).toBeLessThan(alone.confidence);
      expect(nudged.reasoning).toContain(`${why}, ce qui rend une visite initiale moins probable.`);
    }
    // A property still in prospection, or empty, changes nothing; a property alone never makes a type.
    expect(await detect(description, empty)).toEqual(alone);
    expect(await detect(description, { ...FILLED, status: 'PROSPECTION' })).toEqual(alone);
    expect((await detect(TRANSCRIPTS.nothing, FILLED)).vocalType).toBeNull();
    // A strong first visit stays one.
    expect(outcome(await detect(fixtureTranscript('initiale'), FILLED))).toBe('VISITE_INITIALE');
  });

  // Each type from what was said, never named: no "première visite", "compte rendu" or "suivi".
  it.each([
    [
      'VISITE_INITIALE',
      'Je sors de chez monsieur Pujol, il part en maison de retraite et son fils veut vendre. Quatre pièces, 88 m², troisième étage, DPE E. Ils en veulent 240 000, je pense qu’il faudra ajuster.',
    ],
    [
      'VISITE_SUIVI',
      'Les Marchand ont accepté l’offre à 312 000. Je préviens le notaire pour le compromis, il manque encore les diagnostics électricité.',
    ],
    ['VISITE_SUIVI', 'Le mandat arrive à échéance fin du mois, madame Roussel veut bien le renouveler si on descend à 265 000.'],
    [
      'COMPTE_RENDU_VISITE_CLIENT',
      'Les Ferreira sont passés ce midi, ils adorent le jardin mais trouvent la cuisine trop petite. Budget 330 000, ils reviendront avec un artisan.',
    ],
  ] as const)('infers %s without the type being named', async (type, transcript) => {
    const result = await detect(transcript);
    expect(result.vocalType).toBe(type);
    expect(result.confidence).toBeGreaterThanOrEqual(VOCAL_TYPE_FLOOR);
  });

  it('stays honest when a follow-up relays buyers’ words: below the floor if both weigh alike', async () => {
    // The owner's answer to an offer is a follow-up, even with buyers in it.
    const answer = await detect('Les Roux trouvent l’offre des Petit trop basse, ils contre-proposent à 280 000.');
    expect(outcome(answer)).toBe('VISITE_SUIVI');
    const mixed = await detect('Visite avec les Garnier, ils ont aimé la terrasse. Le compromis des Blanc est signé.');
    expect(mixed.confidence).toBeLessThan(VOCAL_TYPE_FLOOR);
    expect(mixed.candidates.map((c) => c.vocalType)).toEqual(['COMPTE_RENDU_VISITE_CLIENT', 'VISITE_SUIVI']);
  });

  it.each([
    ['the owners deciding on an offer', 'Les propriétaires ont décidé d’accepter l’offre, ils me confirment par écrit demain.'],
    ['a reminder to the sellers', 'J’ai relancé les vendeurs pour la taxe foncière, toujours rien.'],
    ['the buyers’ bank', 'On attend le retour de la banque pour lever les conditions suspensives.'],
    ['the deed’s date', 'L’acte est prévu le douze avril, tout est prêt.'],
    ['a price cut', 'Je propose de repositionner le prix, trois visites ce mois et aucune offre.'],
    ['a mandate extended', 'Monsieur Caron accepte de prolonger le mandat de trois mois.'],
    ['a compromis signed', 'Bonne nouvelle, les acquéreurs ont signé hier soir.'],
  ])('knows a sale under way from %s', async (_, transcript) => {
    const result = await detect(transcript);
    expect(outcome(result)).toBe('VISITE_SUIVI');
  });

  it('lets one strong sign decide when the rival has only a supporting word', async () => {
    // « acquéreurs » alone is no buyer visit: the buyers of a sale under way are named in its follow-ups.
    const result = await detect('Les acquéreurs attendent l’accord de la banque, condition suspensive jusqu’au 30.');
    expect(outcome(result)).toBe('VISITE_SUIVI');
    expect(result.candidates.map((c) => c.vocalType)).toEqual(['VISITE_SUIVI', 'COMPTE_RENDU_VISITE_CLIENT']);
  });

  it('sends a note to review when the rival type has its own strong sign, half as strong', async () => {
    const result = await detect('Visite avec les Morel, ils ont aimé le séjour. Chez maître Dupuy, la signature est repoussée.');
    expect(result.candidates.map((c) => c.vocalType)).toEqual(['COMPTE_RENDU_VISITE_CLIENT', 'VISITE_SUIVI']);
    expect(result.confidence).toBeLessThan(VOCAL_TYPE_FLOOR);
  });

  it('knows a buyer visit from a property shown', async () => {
    expect(outcome(await detect('J’ai fait visiter la maison à un jeune couple ce matin.'))).toBe('COMPTE_RENDU_VISITE_CLIENT');
  });

  it('lets a property already on sale nudge, not decide: a listing dictated with no other sign stays a first visit', async () => {
    const listing = 'Appartement de 64 m², trois pièces, deux chambres, troisième étage avec ascenseur, DPE D.';
    const result = await detect(listing, { ...FILLED, status: 'EN_DIFFUSION' });
    expect(outcome(result)).toBe('VISITE_INITIALE');
    expect(result.confidence).toBeLessThan((await detect(listing)).confidence);
  });

  it('types the invented notes of every kind and is never confidently wrong on them', async () => {
    const onSale: VocalPropertyContext = { ...FILLED, details: {}, status: 'EN_DIFFUSION' };
    const outcomes = await Promise.all(
      INVENTED_VOCALS.map(async (v) => ({ expected: v.type, got: outcome(await detect(v.transcript, v.onSale ? onSale : null)) })),
    );
    const wrong = outcomes.filter((o) => o.got !== 'REVIEW' && o.got !== o.expected);
    expect(wrong).toEqual([]);
    // Review is allowed, typing right must stay the rule for each type.
    for (const type of ['VISITE_INITIALE', 'VISITE_SUIVI', 'COMPTE_RENDU_VISITE_CLIENT'] as const) {
      const ofType = outcomes.filter((o) => o.expected === type);
      expect(ofType.filter((o) => o.got === type).length / ofType.length).toBeGreaterThanOrEqual(0.7);
    }
  });

  it('weighs everything pointing elsewhere: two weak rivals together send a lone sign to review', async () => {
    // « estimation » is the buyers' bank's, the diagnostics are a sale under way, the buyers are named.
    const result = await detect(
      'Les diagnostics sont arrivés, électricité à reprendre. Elle fait venir un électricien avant l’estimation de la banque des acquéreurs.',
    );
    expect(result.candidates.map((c) => c.vocalType)).toEqual(['VISITE_INITIALE', 'VISITE_SUIVI', 'COMPTE_RENDU_VISITE_CLIENT']);
    expect(outcome(result)).toBe('REVIEW');
  });

  it('hears an owner’s opinion as no buyer visit: « elle trouve » alone does not type a note', async () => {
    const result = await detect('Madame Simon trouve que le quartier a changé, elle trouve l’immeuble bruyant.');
    expect(outcome(result)).toBe('REVIEW');
    // With the visit itself said, the buyers’ opinion counts.
    expect(outcome(await detect('Visite avec monsieur Caron, il trouve l’immeuble bruyant, il ne donnera pas suite.'))).toBe(
      'COMPTE_RENDU_VISITE_CLIENT',
    );
  });

  it('knows an estimation by another agency is no sign of our first visit', async () => {
    const result = await detect('Madame Gineste a eu l’estimation d’une autre agence à 340 000.');
    expect(result.candidates.map((c) => c.vocalType)).not.toContain('VISITE_INITIALE');
  });

  it.each([
    ['the property’s facts recalled', 'Pour rappel, 125 m² et cinq pièces. Je leur propose de baisser de 20 000.'],
    ['a sale fallen through', 'Refus de prêt pour les acquéreurs, la vente tombe, on remet la maison en ligne.'],
    ['an offer passed on', 'J’ai transmis l’offre des Garcia à madame Rey, réponse lundi.'],
    ['the months of a mandate', 'Troisième mois de mandat, une seule visite, il faut revoir le prix.'],
  ])('knows a follow-up from %s', async (_, transcript) => {
    expect(outcome(await detect(transcript))).toBe('VISITE_SUIVI');
  });

  it('hears an owner speaking of his own place: « il adore son jardin » is no buyer visit', async () => {
    const result = await detect('Il adore son jardin, elle aime sa cuisine.');
    expect(result.candidates.map((c) => c.vocalType)).not.toContain('COMPTE_RENDU_VISITE_CLIENT');
    expect(outcome(await detect('Visite avec les Roux, ils adorent le jardin.'))).toBe('COMPTE_RENDU_VISITE_CLIENT');
  });

  it('counts a meeting at the owner’s home once, and as no first visit on its own', async () => {
    const result = await detect('Je sors de chez madame Rouquette.');
    expect(result.reasoning).toContain('« rendez-vous chez le propriétaire »');
    expect(result.reasoning).not.toContain('« chez le propriétaire »');
    expect(outcome(result)).toBe('REVIEW');
  });

  it('reads « depuis la mise en vente » and an estimation brought up to date as a sale under way', async () => {
    const result = await detect('Le marché a baissé depuis la mise en vente, je lui montre l’estimation actualisée.');
    expect(result.candidates.map((c) => c.vocalType)).toEqual(['VISITE_SUIVI']);
  });

  it('reads cues whatever the accents and the case', async () => {
    const plain = await detect('DEPUIS LA DERNIERE VISITE, LES TRAVAUX SONT TERMINES ET LE VENDEUR ACCEPTE DE BAISSER LE PRIX.');
    expect(plain.vocalType).toBe('VISITE_SUIVI');
    expect(plain.confidence).toBeGreaterThanOrEqual(VOCAL_TYPE_FLOOR);
  });
});
