import type { DetectableVocalType, VocalInsights } from '@monimmo/contract/vocabulary';
import { vocalInsightsSchema } from '@monimmo/contract/vocabulary';
import { describe, expect, it } from 'vitest';
import { INSIGHTS_FLOOR, MockAIProvider, type VocalPropertyContext } from '../src/index.ts';
import { fixtureTranscript, TRANSCRIPTS, type TranscriptName } from './fixtures/transcripts.ts';

const ai = new MockAIProvider();
const insights = (transcript: string, vocalType: DetectableVocalType, property: VocalPropertyContext | null = null) =>
  ai.extractInsights({ transcript, vocalType, property });

const NONE: VocalInsights = {
  highlights: [],
  objections: [],
  budget: null,
  interestLevel: null,
  changes: [],
  newPrice: null,
  worksNeeded: [],
  people: [],
  nextSteps: [],
};

/** Sentences of a summary: ". " or a final "." closes one. */
const sentenceCount = (summary: string) => summary.split(/(?<=[.!?])\s+/).length;

describe('mock AI: insights of the fixtures', () => {
  it('client visit: what they liked, their reservations, budget, interest, who and what next', async () => {
    const result = await insights(fixtureTranscript('client'), 'COMPTE_RENDU_VISITE_CLIENT');
    expect(result.insights).toEqual({
      ...NONE,
      highlights: ['la luminosité du séjour', 'le balcon'],
      objections: ['la cuisine est jugée trop petite', 'ils trouvent le prix un peu élevé'],
      budget: 178_000,
      interestLevel: 'HIGH',
      people: ['Monsieur et Madame Lefèvre'],
      nextSteps: ['revenir samedi pour une contre-visite avec un artisan'],
    });
    expect(result.summary).toBe(
      'Compte rendu de la visite de Monsieur et Madame Lefèvre. Points appréciés : la luminosité du séjour et le balcon ; réserves : la cuisine est jugée trop petite ; ils trouvent le prix un peu élevé. Budget de 178\u202f000\u00a0€, intérêt élevé. Suite prévue : revenir samedi pour une contre-visite avec un artisan.',
    );
    expect(result.confidence).toBe(0.95);
    expect(result.reasoning).toBe(
      'Relevé dans la transcription : 2 points positifs, 2 réserves, un budget, un intérêt élevé, 1 personne citée et 1 prochaine étape. Confiance 95 %.',
    );
  });

  it('follow-up visit: what changed, the new price, what next', async () => {
    const result = await insights(fixtureTranscript('suivi'), 'VISITE_SUIVI');
    expect(result.insights).toEqual({
      ...NONE,
      changes: [
        'les travaux de toiture sont terminés',
        'le vendeur accepte de baisser le prix à 295 000 €',
        'Le diagnostic amiante a été refait',
      ],
      newPrice: 295_000,
      people: ['Monsieur Roux'],
      nextSteps: ["mettre à jour l'annonce", 'relancer les acquéreurs intéressés'],
    });
    expect(result.summary).toBe(
      "Visite de suivi chez Monsieur Roux. Depuis la dernière visite : les travaux de toiture sont terminés ; le vendeur accepte de baisser le prix à 295 000 € ; le diagnostic amiante a été refait. Nouveau prix : 295\u202f000\u00a0€. Suite prévue : mettre à jour l'annonce ; relancer les acquéreurs intéressés.",
    );
    expect(result.confidence).toBe(0.95);
  });

  it('initial visit: strong points, works to plan, what next, and the property in one sentence', async () => {
    const result = await insights(fixtureTranscript('initiale'), 'VISITE_INITIALE');
    expect(result.insights).toEqual({
      ...NONE,
      highlights: ['ascenseur'],
      worksNeeded: ['Quelques travaux de rafraîchissement à prévoir dans la salle de bain'],
      people: ['Madame Garnier'],
      nextSteps: ['lui envoyer le mandat de vente'],
    });
    expect(result.summary).toBe(
      'Visite initiale chez Madame Garnier. Appartement : 3 pièces, 75 m², 12 rue des Lices à Angers, prix envisagé 320\u202f000\u00a0€. Points forts : ascenseur ; travaux : quelques travaux de rafraîchissement à prévoir dans la salle de bain. Suite prévue : lui envoyer le mandat de vente.',
    );
    expect(result.confidence).toBeGreaterThanOrEqual(INSIGHTS_FLOOR);
    expect(result.reasoning).toContain('des travaux à prévoir');
  });
});

describe('mock AI: insights, table', () => {
  it.each<[TranscriptName, DetectableVocalType, Partial<VocalInsights>]>([
    [
      'maisonTours',
      'VISITE_INITIALE',
      {
        highlights: ['garage double', 'Belle exposition sud et jardin arboré'],
        worksNeeded: ['La toiture est à reprendre'],
        people: ['Monsieur et Madame Perrin'],
        nextSteps: ["préparer l'avis de valeur et le mandat exclusif"],
      },
    ],
    [
      'benoit',
      'VISITE_INITIALE',
      {
        highlights: ['Le séjour est lumineux et très calme'],
        worksNeeded: ['Cuisine à rénover'],
        people: ['Madame Benoît'],
        nextSteps: ["lui envoyer l'estimation écrite"],
      },
    ],
    ['t2Bordeaux', 'VISITE_INITIALE', { highlights: ['ascenseur', 'une cave'] }],
    ['localCommercial', 'VISITE_INITIALE', { highlights: ['vitrine refaite'] }],
    [
      'coupleParadis',
      'COMPTE_RENDU_VISITE_CLIENT',
      { highlights: ['la terrasse', 'la vue'], interestLevel: 'HIGH', nextSteps: ['faire une offre à 265 000 € dès ce soir'] },
    ],
    [
      'nguyen',
      'COMPTE_RENDU_VISITE_CLIENT',
      {
        highlights: ['le jardin'],
        objections: ['elle trouve la maison trop sombre', 'les chambres trop petites'],
        interestLevel: 'LOW',
        people: ['Madame Nguyen'],
      },
    ],
    [
      'bernard',
      'COMPTE_RENDU_VISITE_CLIENT',
      {
        highlights: ['les volumes', "le parquet d'origine"],
        objections: ["ils s'inquiètent des charges de copropriété"],
        budget: 320_000,
        interestLevel: 'MEDIUM',
        people: ['Monsieur Bernard'],
        nextSteps: ['réfléchir et me rappellent la semaine prochaine'],
      },
    ],
    [
      'martin',
      'COMPTE_RENDU_VISITE_CLIENT',
      { objections: ['Ils ont trouvé le prix trop élevé par rapport aux travaux'], interestLevel: 'LOW' },
    ],
    [
      'rossi',
      'COMPTE_RENDU_VISITE_CLIENT',
      {
        highlights: ['la cuisine refaite'],
        interestLevel: 'HIGH',
        people: ['Monsieur et Madame Rossi'],
        nextSteps: ['faire une offre au prix'],
      },
    ],
    [
      'girard',
      'COMPTE_RENDU_VISITE_CLIENT',
      {
        highlights: ['La piscine'],
        objections: ['la route passante devant la maison'],
        interestLevel: 'MEDIUM',
        people: ['Monsieur Girard', 'Madame Blanc'],
      },
    ],
    [
      'haddad',
      'COMPTE_RENDU_VISITE_CLIENT',
      {
        objections: ["Elle n'a pas aimé le quartier et trouve l'appartement trop bruyant"],
        interestLevel: 'LOW',
        people: ['Madame Haddad'],
      },
    ],
    [
      'durand',
      'VISITE_SUIVI',
      {
        changes: [
          'Les peintures du séjour ont été refaites',
          'la cuisine est désormais équipée',
          'elle accepte de revoir son prix à 389 000 euros',
        ],
        newPrice: 389_000,
        people: ['Madame Durand'],
        nextSteps: ['refaire les photos', "mettre à jour l'annonce"],
      },
    ],
    [
      'ecoles',
      'VISITE_SUIVI',
      {
        changes: ['Les travaux de la salle de bain avancent', "Le vendeur a reçu une offre trop basse qu'il a refusée"],
        nextSteps: ['relancer les trois acquéreurs qui ont visité'],
      },
    ],
    [
      'faure',
      'VISITE_SUIVI',
      {
        changes: ['la façade a été ravalée', 'le jardin entretenu', 'Le prix passe de 450 000 à 429 000 euros'],
        newPrice: 429_000,
        people: ['Monsieur Faure'],
      },
    ],
    [
      'leroy',
      'VISITE_SUIVI',
      {
        objections: ['les acquéreurs trouvent le bien trop cher'],
        changes: ['Les vendeurs acceptent de baisser à 310 000 €'],
        newPrice: 310_000,
        nextSteps: ["actualiser l'annonce sur les portails"],
      },
    ],
    [
      'roche',
      'VISITE_SUIVI',
      {
        changes: ['le home staging est fait', 'la cuisine a été repeinte'],
        people: ['Madame Roche'],
        nextSteps: ['organiser des visites groupées samedi'],
      },
    ],
    [
      'foch',
      'VISITE_SUIVI',
      { changes: ['Les vendeurs ont accepté de descendre à deux cent quatre-vingt-quinze mille euros'], newPrice: 295_000 },
    ],
  ])('%s (%s)', async (name, vocalType, expected) => {
    const result = await insights(TRANSCRIPTS[name], vocalType);
    expect(result.insights).toEqual({ ...NONE, ...expected });
    expect(vocalInsightsSchema.parse(result.insights)).toEqual(result.insights);
    expect(sentenceCount(result.summary)).toBeGreaterThanOrEqual(2);
    expect(sentenceCount(result.summary)).toBeLessThanOrEqual(4);
    expect(result.confidence).toBeGreaterThanOrEqual(INSIGHTS_FLOOR);
    expect(await insights(TRANSCRIPTS[name], vocalType)).toEqual(result);
  });

  it('reads a budget said in words or digits, and a new price after "à"', async () => {
    const budget = async (text: string) => (await insights(text, 'COMPTE_RENDU_VISITE_CLIENT')).insights.budget;
    expect(await budget('Leur budget est de deux cent cinquante mille euros.')).toBe(250_000);
    expect(await budget('Budget : 300k€ maximum.')).toBe(300_000);
    expect(await budget('Ils peuvent mettre 410 000 € hors frais.')).toBe(410_000);
    expect(await budget('Ils ont deux enfants et un budget serré.')).toBeNull();
    const newPrice = async (text: string) => (await insights(text, 'VISITE_SUIVI')).insights.newPrice;
    expect(await newPrice('Nouveau prix : 279 000 €.')).toBe(279_000);
    expect(await newPrice('Le prix est revu de 300 000 à 285 000 euros.')).toBe(285_000);
    expect(await newPrice('Il refuse de baisser.')).toBeNull();
  });

  it('tells the interest level from what the buyers said', async () => {
    const level = async (text: string) => (await insights(text, 'COMPTE_RENDU_VISITE_CLIENT')).insights.interestLevel;
    expect(await level("Coup de cœur, ils font une offre d'achat demain.")).toBe('HIGH');
    expect(await level('Ils ne feront pas d’offre, pas convaincus.')).toBe('LOW');
    expect(await level('Ils sont intéressés mais hésitent.')).toBe('MEDIUM');
    expect(await level('Ils ont aimé la terrasse.')).toBe('MEDIUM');
    expect(await level('Visite faite à 10 heures.')).toBeNull();
  });

  it('ties the summary to the property it is about', async () => {
    const property: VocalPropertyContext = {
      title: 'T3 lumineux',
      address: '12 rue des Lices',
      postalCode: '49100',
      city: 'Angers',
      price: 320_000,
      details: {},
    };
    expect((await insights(fixtureTranscript('client'), 'COMPTE_RENDU_VISITE_CLIENT', property)).summary).toMatch(
      /^Compte rendu de la visite de Monsieur et Madame Lefèvre pour « T3 lumineux » \(12 rue des Lices\)\. /,
    );
    expect((await insights(fixtureTranscript('suivi'), 'VISITE_SUIVI', property)).summary).toMatch(
      /^Visite de suivi chez Monsieur Roux pour « T3 lumineux » \(12 rue des Lices\)\. /,
    );
  });

  it('stays below the floor when it finds nothing, quoting the opening words', async () => {
    const result = await insights(TRANSCRIPTS.nothing, 'VISITE_SUIVI');
    expect(result).toEqual({
      summary: 'Visite de suivi. Le vocal commence ainsi : « Appel rapide, rien de particulier à signaler, je rappelle demain ».',
      insights: NONE,
      confidence: 0.2,
      reasoning: 'Rien de notable relevé dans la transcription. Confiance 20 %. Trop peu d’éléments : à compléter par un agent.',
    });
    expect(result.confidence).toBeLessThan(INSIGHTS_FLOOR);
    expect(await insights('  ', 'VISITE_INITIALE')).toEqual({
      summary: 'Vocal sans contenu exploitable. Aucune information n’a pu en être tirée.',
      insights: NONE,
      confidence: 0,
      reasoning: 'Transcription vide : aucune information à relever.',
    });
  });

  it('keeps one item alone below the floor', async () => {
    const result = await insights('Ils ont aimé la terrasse.', 'COMPTE_RENDU_VISITE_CLIENT');
    expect(result.insights.highlights).toEqual(['la terrasse']);
    // Interest is read as medium from a liked feature: two items, just above.
    expect(result.confidence).toBe(0.59);
    const alone = await insights('Les travaux sont terminés.', 'VISITE_SUIVI');
    expect(alone.insights.changes).toEqual(['Les travaux sont terminés']);
    expect(alone.confidence).toBeLessThan(INSIGHTS_FLOOR);
  });

  it('describes a first visit with what it has, and lists several works', async () => {
    const house = await insights(
      'Première visite chez Monsieur Roux, une maison. La toiture est à refaire, les fenêtres à changer.',
      'VISITE_INITIALE',
    );
    expect(house.insights.worksNeeded).toEqual(['La toiture est à refaire', 'les fenêtres à changer']);
    expect(house.summary).toBe('Visite initiale chez Monsieur Roux. Maison. Travaux : la toiture est à refaire ; les fenêtres à changer.');
    expect(house.reasoning).toContain('2 postes de travaux à prévoir');
    const bare = await insights('Premier rendez-vous, la propriétaire veut vendre vite.', 'VISITE_INITIALE');
    expect(bare.summary).toBe('Visite initiale. Le vocal commence ainsi : « Premier rendez-vous, la propriétaire veut vendre vite ».');
    const flat = await insights('Rendez-vous pour un bien de 40 m² au 3 rue Sainte.', 'VISITE_INITIALE');
    expect(flat.summary).toBe('Visite initiale. Bien : 40 m², 3 rue Sainte.');
  });

  it('keeps works still to do on a follow-up visit apart from what changed', async () => {
    const result = await insights(
      'Passage de suivi. La cuisine a été refaite. Il reste des travaux de peinture dans la chambre.',
      'VISITE_SUIVI',
    );
    expect(result.insights.changes).toEqual(['La cuisine a été refaite']);
    expect(result.insights.worksNeeded).toEqual(['Il reste des travaux de peinture dans la chambre']);
  });

  it('reads a liked feature said before the verb, and what follows a new subject as a reservation', async () => {
    const result = await insights(
      'La terrasse leur a beaucoup plu. Ils ont adoré la cuisine, leur budget est trop juste.',
      'COMPTE_RENDU_VISITE_CLIENT',
    );
    expect(result.insights.highlights).toEqual(['La terrasse', 'la cuisine']);
    expect(result.insights.objections).toEqual(['leur budget est trop juste']);
  });
});
