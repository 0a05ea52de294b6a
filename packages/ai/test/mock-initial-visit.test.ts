import type { InitialVisitFields } from '@monimmo/contract/vocabulary';
import { initialVisitFieldsSchema } from '@monimmo/contract/vocabulary';
import { describe, expect, it } from 'vitest';
import { INITIAL_VISIT_EXTRACTION_FLOOR, MockAIProvider } from '../src/index.ts';
import { fixtureTranscript, TRANSCRIPTS, type TranscriptName } from './fixtures/transcripts.ts';

const ai = new MockAIProvider();
const extract = (transcript: string) => ai.extractInitialVisit({ transcript });

describe('mock AI: initial-visit extraction', () => {
  it('reads the fixture, each field with the words it came from', async () => {
    const result = await extract(fixtureTranscript('initiale'));
    expect(result.fields).toEqual({
      propertyType: 'APPARTEMENT',
      address: '12 rue des Lices',
      postalCode: '49100',
      city: 'Angers',
      price: 320_000,
      surface: 75,
      rooms: 3,
      bedrooms: 2,
      floor: 2,
      elevator: true,
      dpeClass: 'D',
    });
    expect(result.evidence).toEqual({
      propertyType: 'appartement',
      address: '12 rue des Lices',
      postalCode: '49100',
      city: 'Angers',
      price: 'autour de 320 000 €',
      surface: '75 m²',
      rooms: 'trois pièces',
      bedrooms: 'deux chambres',
      floor: 'deuxième étage',
      elevator: 'avec ascenseur',
      dpeClass: 'DPE classe D',
    });
    expect(result.confidence).toBe(0.95);
    expect(result.reasoning).toBe(
      '11 caractéristiques relevées : type de bien (« appartement »), adresse (« 12 rue des Lices »), code postal (« 49100 »), ville (« Angers »), prix (« autour de 320 000 € »), surface (« 75 m² »), pièces (« trois pièces »), chambres (« deux chambres »), étage (« deuxième étage »), ascenseur (« avec ascenseur ») et DPE (« DPE classe D »). Confiance 95 %.',
    );
    expect(initialVisitFieldsSchema.parse(result.fields)).toEqual(result.fields);
  });

  it.each<[TranscriptName, InitialVisitFields]>([
    [
      'maisonTours',
      {
        propertyType: 'MAISON',
        address: '45 avenue de la République',
        postalCode: '37000',
        city: 'Tours',
        price: 420_000,
        surface: 140,
        landSurface: 600,
        rooms: 5,
        bedrooms: 4,
        bathrooms: 2,
        parking: true,
        dpeClass: 'C',
        gesClass: 'D',
        yearBuilt: 1987,
      },
    ],
    ['studioCaron', { propertyType: 'STUDIO', price: 95_000, surface: 22, rooms: 1, floor: 0, elevator: false, dpeClass: 'F' }],
    [
      't2Bordeaux',
      {
        propertyType: 'APPARTEMENT',
        address: '7 bis rue Sainte-Catherine',
        postalCode: '33000',
        city: 'Bordeaux',
        price: 210_000,
        surface: 48,
        rooms: 2,
        bedrooms: 1,
        bathrooms: 1,
        floor: 3,
        elevator: true,
        parking: false,
        yearBuilt: 1930,
      },
    ],
    ['benoit', { propertyType: 'APPARTEMENT', price: 185_000, surface: 68, rooms: 3, bedrooms: 2, floor: 1, elevator: false }],
    ['terrain', { propertyType: 'TERRAIN', city: 'Ventabren', price: 250_000, landSurface: 1200 }],
    [
      'loftLille',
      {
        propertyType: 'LOFT',
        address: '5 impasse des Tisserands',
        postalCode: '59000',
        city: 'Lille',
        price: 1_200_000,
        surface: 160,
        bedrooms: 3,
        parking: true,
        yearBuilt: 2012,
      },
    ],
    ['localCommercial', { propertyType: 'LOCAL_COMMERCIAL', price: 240_000, surface: 85 }],
    // The price paid ten years ago and the notary's fees are not the asking price; the estimate is.
    ['petit', { propertyType: 'APPARTEMENT', price: 180_000, surface: 55 }],
  ])('%s', async (name, fields) => {
    const result = await extract(TRANSCRIPTS[name]);
    expect(result.fields).toEqual(fields);
    expect(Object.keys(result.evidence).sort()).toEqual(Object.keys(fields).sort());
    expect(result.confidence).toBeGreaterThanOrEqual(INITIAL_VISIT_EXTRACTION_FLOOR);
  });

  it.each<[string, InitialVisitFields]>([
    ['Un trois pièces.', { rooms: 3 }],
    ['Un T3.', { propertyType: 'APPARTEMENT', rooms: 3 }],
    ['Un F4 bis.', { propertyType: 'APPARTEMENT', rooms: 4 }],
    ['Une maison T5.', { propertyType: 'MAISON', rooms: 5 }],
    ['Un studio.', { propertyType: 'STUDIO', rooms: 1 }],
    ['Soixante-quinze mètres carrés.', { surface: 75 }],
    ['Un appartement de 75 m2.', { propertyType: 'APPARTEMENT', surface: 75 }],
    [
      'Une maison de cent vingt mètres carrés habitables avec un terrain de 500 m².',
      { propertyType: 'MAISON', surface: 120, landSurface: 500 },
    ],
    ['800 m² de terrain et une maison de 95 m².', { propertyType: 'MAISON', surface: 95, landSurface: 800 }],
    ['Une maison de 110 m², séjour de 40 m² et chambre de 12 m².', { propertyType: 'MAISON', surface: 110 }],
    ['Un jardin de 300 m².', { landSurface: 300 }],
    ['Une chambre, une salle de bain et une salle d’eau.', { bedrooms: 1, bathrooms: 2 }],
    ['Au rez-de-chaussée.', { floor: 0 }],
    ['Au 1er étage.', { floor: 1 }],
    ['Au troisième étage.', { floor: 3 }],
    ['Une maison sur deux étages, au premier étage trois chambres.', { propertyType: 'MAISON', bedrooms: 3 }],
    ["Il n'y a pas d'ascenseur.", { elevator: false }],
    ['Avec ascenseur et garage.', { elevator: true, parking: true }],
    // A parking space is parking, whatever else is missing.
    ['Pas de garage, mais une place de parking.', { parking: true }],
    ['Pas de stationnement.', { parking: false }],
    ['DPE D.', { dpeClass: 'D' }],
    ['Étiquette énergie B, GES A.', { dpeClass: 'B', gesClass: 'A' }],
    ['Classé E au DPE.', { dpeClass: 'E' }],
    ['Le DPE est en F.', { dpeClass: 'F' }],
    ['DPE à refaire.', {}],
    ['Le DPE a été fait.', {}],
    ['Construit en 1975.', { yearBuilt: 1975 }],
    ['Une résidence des années 70.', {}],
    ['Construite dans les années 1970.', {}],
    ['Construite en mille neuf cent soixante-quinze.', { yearBuilt: 1975 }],
    ['Prix de 250 000 euros.', { price: 250_000 }],
    ['Mise en vente à 350k€.', { price: 350_000 }],
    ['Estimé à 1,2 million.', { price: 1_200_000 }],
    ['Les propriétaires en demandent trois cent mille euros.', { price: 300_000 }],
    ['Un appartement à 199 000 €.', { propertyType: 'APPARTEMENT', price: 199_000 }],
    ['Leur budget est de 250 000 €.', {}],
    ['Environ 20 000 € de frais de notaire.', {}],
    ['Frais de notaire : 18 000 euros.', {}],
    ['30 000 € de travaux à prévoir.', {}],
    ['Au 8 avenue Jean Jaurès.', { address: '8 avenue Jean Jaurès' }],
    ['12, rue de la République, 13001 Marseille.', { address: '12 rue de la République', postalCode: '13001', city: 'Marseille' }],
    ['3 bd Longchamp à Marseille', { address: '3 bd Longchamp', city: 'Marseille' }],
    ['Au 14 place Saint-Victor à Aix-en-Provence.', { address: '14 place Saint-Victor', city: 'Aix-en-Provence' }],
    ['Code postal 06000, Nice.', { postalCode: '06000' }],
    ['À Saint-Malo, 35400 Saint-Malo.', { postalCode: '35400', city: 'Saint-Malo' }],
    ['Le 12 rue des lices.', {}],
  ])('%s', async (transcript, fields) => {
    expect((await extract(transcript)).fields).toEqual(fields);
  });

  it.each<[string, InitialVisitFields]>([
    // The street first, then its number, then the town and its postal code.
    [
      'Donc appartement boulevard de la Liberté… à Lyon, c’est au 82. Code postal 69003.',
      { propertyType: 'APPARTEMENT', address: '82 boulevard de la Liberté', postalCode: '69003', city: 'Lyon' },
    ],
    ['Rue des Acacias numéro 9 bis, 31200.', { address: '9 bis rue des Acacias', postalCode: '31200' }],
    // The town said before its postal code, the street then; a street named after a person is no town.
    [
      'Maison à Castanet-Tolosan, 31320, au 4 allée Jean Moulin.',
      { propertyType: 'MAISON', address: '4 allée Jean Moulin', postalCode: '31320', city: 'Castanet-Tolosan' },
    ],
    [
      'Au 3 rue du Vieux Moulin, 31140. On est à Aucamville.',
      { address: '3 rue du Vieux Moulin', postalCode: '31140', city: 'Aucamville' },
    ],
    ['Un T2 à Paris 15e, donc 75015.', { propertyType: 'APPARTEMENT', rooms: 2, postalCode: '75015', city: 'Paris' }],
    // A district after the street's name is not part of it.
    ['Rue Sainte-Catherine aux Capucins, au 40.', { address: '40 rue Sainte-Catherine' }],
  ])('reads an address given in pieces: %s', async (transcript, fields) => {
    expect((await extract(transcript)).fields).toEqual(fields);
  });

  it('lets the last value win when the agent corrects himself, quoting the words as said', async () => {
    const result = await extract(
      'Maison à Lévignac… non pardon à Léguevin, 31490. Trois chambres, non quatre chambres. 130 m², enfin 128. Au prix de 360 000, enfin plutôt 355 000. DPE en D… non c’est C, le D c’est le GES.',
    );
    expect(result.fields).toEqual({
      propertyType: 'MAISON',
      postalCode: '31490',
      city: 'Léguevin',
      price: 355_000,
      surface: 128,
      bedrooms: 4,
      dpeClass: 'C',
      gesClass: 'D',
    });
    expect(result.evidence.bedrooms).toBe('quatre chambres');
    expect(result.evidence.price).toBe('prix de 360 000, enfin plutôt 355 000');
  });

  it('reads numbers in words and in digits alike', async () => {
    const result = await extract(
      'Un appartement de quatre-vingt-douze mètres carrés, 4 pièces, au dix-huitième étage. Deux cent quatre-vingt-dix mille euros demandés. Immeuble de mille neuf cent soixante-quatorze.',
    );
    expect(result.fields).toEqual({ propertyType: 'APPARTEMENT', price: 290_000, surface: 92, rooms: 4, floor: 18, yearBuilt: 1974 });
    expect((await extract('Elle en veut 290 k, 92 m2.')).fields).toEqual({ price: 290_000, surface: 92 });
  });

  it('reads a boolean said negatively, and a floor said without « étage »', async () => {
    expect((await extract('Au troisième, il n’y a pas d’ascenseur et plus de place de parking.')).fields).toEqual({
      floor: 3,
      elevator: false,
      parking: false,
    });
    expect((await extract('Appartement dans le 7e, au deuxième et dernier étage.')).fields).toEqual({
      propertyType: 'APPARTEMENT',
      floor: 2,
    });
    expect((await extract('Une chambre, salle d’eau. Une grande salle de bains à l’étage.')).fields.bathrooms).toBe(1);
    expect((await extract('Une chambre, une grande salle de bains et une petite salle d’eau.')).fields.bathrooms).toBe(2);
  });

  it('takes a fact said twice from its first mention', async () => {
    const result = await extract('Trois pièces, un T3, avec deux chambres dont une chambre parentale.');
    expect(result.fields).toEqual({ propertyType: 'APPARTEMENT', rooms: 3, bedrooms: 2 });
    expect(result.evidence).toEqual({ propertyType: 'T3', rooms: 'Trois pièces', bedrooms: 'deux chambres' });
  });

  it('grows its confidence with the facts found', async () => {
    expect(await extract('Il fait beau.')).toEqual({
      fields: {},
      confidence: 0,
      evidence: {},
      reasoning: 'Aucune caractéristique du bien (adresse, prix, surface, pièces…) n’a été reconnue dans la transcription.',
    });
    const one = await extract('DPE D.');
    expect(one.confidence).toBeLessThan(0.55);
    expect(one.reasoning).toBe(
      'Une caractéristique relevée : DPE (« DPE D »). Confiance 42 %. Trop peu d’éléments pour remplir la fiche sans vérification.',
    );
    expect((await extract('Un trois pièces.')).confidence).toBeLessThan(0.55);
    expect((await extract('Un trois pièces de 60 m² au 2e étage.')).confidence).toBeGreaterThanOrEqual(0.7);
    expect((await extract('Ascenseur, parking, DPE C.')).confidence).toBeLessThan(
      (await extract('Un trois pièces, ascenseur, parking.')).confidence,
    );
  });

  it('reads « mètres » alone as the area, but not a distance nor a ceiling height', async () => {
    expect((await extract('Un quatre pièces de quatre-vingt-deux mètres au deuxième.')).fields).toMatchObject({ surface: 82, rooms: 4 });
    const { fields } = await extract('Le tram est à 400 mètres, 2 mètres 80 sous plafond, la maison fait cent dix mètres.');
    expect(fields.surface).toBe(110);
  });

  it('reads a surface said without its unit after « de surface »', async () => {
    expect((await extract('Terrain de 900 m², 125 de surface habitable.')).fields).toMatchObject({ surface: 125, landSurface: 900 });
  });

  it('takes « classée D » said alone as the DPE, and leaves a class said for the GES to the GES', async () => {
    expect((await extract('Maison construite en 1978, classée E.')).fields).toMatchObject({ dpeClass: 'E', yearBuilt: 1978 });
    const ges = (await extract('Appartement de 50 m², classé C pour le GES.')).fields;
    expect(ges.dpeClass).toBeUndefined();
    expect(ges.gesClass).toBe('C');
  });

  it('reads the number said before « de la rue »', async () => {
    expect((await extract('C’est au 7 de la rue des Glycines à Muret, une maison de 98 m².')).fields).toMatchObject({
      address: '7 rue des Glycines',
      city: 'Muret',
    });
  });
});
