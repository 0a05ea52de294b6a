import { describe, expect, it } from 'vitest';
import { idf, termFrequencyWeight } from '../src/mock/bm25.ts';
import { matchByRules } from '../src/mock/match.ts';
import { streetWords } from '../src/mock/normalize.ts';
import { MESSAGE_PROPERTY_FLOOR, type CandidateParticipant, type MatchPropertyInput, type PropertyCandidate } from '../src/index.ts';

/** A small Nantes agency, invented for these cases: two houses in Rezé, two T3s, a studio, a villa. */
const owner = (firstName: string, lastName: string, email: string, phone: string): CandidateParticipant => ({
  role: 'VENDEUR',
  firstName,
  lastName,
  email,
  phone,
});

const property = (id: string, fields: Partial<PropertyCandidate>): PropertyCandidate => ({
  id,
  title: '',
  address: '',
  postalCode: '44000',
  city: 'Nantes',
  mandateNumber: null,
  participants: [],
  ...fields,
});

const AGENCY: PropertyCandidate[] = [
  property('reze-piscine', {
    title: 'Maison avec piscine à Rezé',
    address: '8 rue des Chênes',
    postalCode: '44400',
    city: 'Rezé',
    mandateNumber: 'NT-2026-101',
    price: 465_000,
    details: { propertyType: 'MAISON', surface: 140, rooms: 6, features: ['piscine', 'garage'], district: 'Trentemoult' },
    participants: [owner('Gaël', 'Morvan', 'gael.morvan@example.fr', '06 11 22 33 44')],
  }),
  property('reze-ville', {
    title: 'Maison de ville à Rezé',
    address: '3 rue Alsace-Lorraine',
    postalCode: '44400',
    city: 'Rezé',
    mandateNumber: 'NT-2026-102',
    price: 329_000,
    details: { propertyType: 'MAISON', surface: 96, rooms: 4, features: ['jardin', 'cave'] },
    participants: [owner('Soizic', 'Le Goff', 'soizic.legoff@example.fr', '06 22 33 44 55')],
  }),
  property('fosse-t3', {
    title: 'T3 avec terrasse quai de la Fosse',
    address: '21 quai de la Fosse',
    mandateNumber: 'NT-2026-103',
    price: 312_000,
    details: { propertyType: 'APPARTEMENT', surface: 71, rooms: 3, floor: 5, features: ['terrasse', 'vue sur la Loire', 'cave'] },
    participants: [owner('Yann', 'Kerbrat', 'yann.kerbrat@example.fr', '06 33 44 55 66')],
  }),
  property('chantenay-t3', {
    title: 'T3 avec balcon à Chantenay',
    address: '14 rue des Réformes',
    mandateNumber: 'NT-2026-104',
    price: 248_000,
    details: { propertyType: 'APPARTEMENT', surface: 63, rooms: 3, floor: 2, district: 'Chantenay', features: ['balcon', 'cave'] },
    participants: [
      owner('Anne', 'Riou', 'anne.riou@example.fr', '06 44 55 66 77'),
      { role: 'PROSPECT', firstName: 'Paul', lastName: 'Guéguen', email: 'paul.gueguen@example.fr', phone: null },
    ],
  }),
  property('graslin-studio', {
    title: 'Studio meublé place Graslin',
    address: '2 place Graslin',
    mandateNumber: 'NT-2026-105',
    price: 139_000,
    details: { propertyType: 'STUDIO', surface: 22, rooms: 1, features: ['meublé', 'cave'] },
    participants: [
      owner('Hervé', 'Le Bihan', 'herve.lebihan@example.fr', '06 55 66 77 88'),
      { role: 'ACHETEUR', firstName: 'Paul', lastName: 'Guéguen', email: 'paul.gueguen@example.fr', phone: null },
    ],
  }),
  property('vertou-villa', {
    title: 'Villa avec piscine à Vertou',
    address: '40 route de Clisson',
    postalCode: '44120',
    city: 'Vertou',
    mandateNumber: 'NT-2026-106',
    price: 520_000,
    details: { propertyType: 'MAISON', surface: 160, rooms: 6, features: ['piscine', 'pool house'] },
    participants: [owner('Lénaïg', 'Prigent', 'lenaig.prigent@example.fr', '06 66 77 88 99')],
  }),
];

const match = (text: string, extra: Partial<MatchPropertyInput> = {}) => matchByRules({ text, candidates: AGENCY, ...extra });
const attached = (result: ReturnType<typeof match>) =>
  !result.ambiguous && result.confidence >= MESSAGE_PROPERTY_FLOOR ? result.propertyId : null;

describe('matchByRules: what a message describes', () => {
  it('attaches a message that only describes the property, and says what it recognised', () => {
    const result = match('Bonjour, la maison avec la piscine à Rezé est-elle toujours à vendre ?');
    expect(attached(result)).toBe('reze-piscine');
    expect(result.reasoning).toMatch(/décrit : piscine, Rezé, maison/);
    // A description is worth checking by a second opinion: never decisive.
    expect(result.decisive).toBe(false);
  });

  it('tells apart two properties of the same kind by what only one has', () => {
    expect(attached(match('Le T3 avec la terrasse, il est à quel étage ?'))).toBe('fosse-t3');
    expect(attached(match('Le T3 avec balcon est-il encore disponible ?'))).toBe('chantenay-t3');
    // Both are T3s: nothing to choose between them.
    const both = match('Le T3 est-il encore disponible ?');
    expect(attached(both)).toBeNull();
  });

  it('weighs a word by its rarity: one every property shares decides nothing', () => {
    const shared = AGENCY.map((c) => ({ ...c, details: { ...c.details, features: ['cave'] } }));
    const result = match("Bonjour, c'est pour le bien avec une cave.", { candidates: shared });
    expect(result.propertyId).toBeNull();
    expect(result.candidates).toEqual([]);
    // The same word held by one property only points at it, as a proposal: one word never attaches.
    const rare = match("Bonjour, c'est pour le bien avec une cave.", {
      candidates: AGENCY.map((c) => (c.id === 'reze-ville' ? c : { ...c, details: { ...c.details, features: [] } })),
    });
    expect(rare.propertyId).toBe('reze-ville');
    expect(rare.confidence).toBeLessThan(MESSAGE_PROPERTY_FLOOR);
  });

  it('finds the advertised price, written in full or in thousands, but not an offer below it', () => {
    expect(attached(match('Bonjour, celui à 248 000 € est-il négociable ?'))).toBe('chantenay-t3');
    expect(attached(match('celui à 248k il est tjs dispo ?'))).toBe('chantenay-t3');
    expect(match('Nous faisons une offre à 240 000 €.').propertyId).toBeNull();
  });

  it('reads surfaces with a tolerance, floors and rooms said in words', () => {
    expect(attached(match("L'appartement de 70 m² au cinquième étage a-t-il un ascenseur ?"))).toBe('fosse-t3');
    expect(attached(match("Bonjour, l'appartement de trois pièces au deuxième étage avec balcon, il y a une cave ?"))).toBe('chantenay-t3');
  });

  it('rules out a property of another kind, whatever else it shares', () => {
    // The flat's price, but the writer speaks of a house.
    const result = match('Bonjour, la maison à 312 000 € a-t-elle un garage ?');
    expect(result.propertyId).not.toBe('fosse-t3');
    expect(attached(result)).toBeNull();
  });

  it('reads a search or a valuation as a wish, not as one of the agency’s properties', () => {
    expect(match('Bonjour, je cherche une maison avec piscine à Rezé, budget 470 000 €.').candidates).toEqual([]);
    expect(attached(match('Je souhaite faire estimer ma maison avec piscine à Rezé.'))).toBeNull();
  });

  it('only proposes what a message describes at another place: a new street, another number of the street', () => {
    // A first visit of a new flat whose facts happen to be the agency's T3's.
    const newFlat = match('Visite du T3 de 71 m² au cinquième étage avec terrasse, 9 avenue de la Liberté, 44300 Nantes.');
    expect(attached(newFlat)).toBeNull();
    expect(newFlat.propertyId).toBe('fosse-t3');
    const nextDoor = match('Visite de la maison avec piscine au 10 rue des Chênes à Rezé : 140 m², garage.');
    expect(attached(nextDoor)).toBeNull();
  });

  it('attaches « l’appartement du quai de la Fosse » when only that property is on the street', () => {
    const result = match('Bonjour, l’appartement du quai de la Fosse est-il encore libre ?');
    expect(attached(result)).toBe('fosse-t3');
    expect(result.decisive).toBe(false);
    // Two properties on the quay, or a wish: a proposal at most.
    const neighbour = property('fosse-t2', { title: 'T2 quai de la Fosse', address: '30 quai de la Fosse', details: { rooms: 2 } });
    expect(
      attached(match('Bonjour, l’appartement du quai de la Fosse est-il encore libre ?', { candidates: [...AGENCY, neighbour] })),
    ).toBeNull();
    expect(attached(match('Bonjour, je cherche un appartement quai de la Fosse.'))).toBeNull();
  });

  it('reads an address with one letter wrong in the street name, number and street type right', () => {
    const result = match('Bonjour, je confirme la visite au 14 rue des Réformmes samedi.');
    expect(attached(result)).toBe('chantenay-t3');
    expect(result.reasoning).toContain('adresse citée avec une faute de frappe : 14 rue des Réformes');
    expect(attached(match('Bonjour, je confirme la visite au 14 rue des Refomes samedi.'))).toBe('chantenay-t3');
    // Another number, or a name further off, is another address.
    expect(attached(match('Bonjour, je confirme la visite au 16 rue des Reformes samedi.'))).toBeNull();
    expect(attached(match('Bonjour, je confirme la visite au 14 rue des Roses samedi.'))).toBeNull();
  });

  it('reads « 2 ter » as another house than the « 2 bis » of the same street', () => {
    const candidates = AGENCY.map((c) => (c.id === 'graslin-studio' ? { ...c, address: '2 bis place Graslin' } : c));
    const result = match('Bonjour, le studio meublé du 2 ter place Graslin est-il libre ?', { candidates });
    expect(attached(result)).toBeNull();
    expect(attached(match('Bonjour, le studio meublé du 2 place Graslin est-il libre ?', { candidates }))).toBe('graslin-studio');
  });

  it('leaves out a closing letterhead that holds one of the properties’ addresses', () => {
    const result = match('Madame,\n\nNotre étude sera fermée du 24 au 31 décembre.\n\nÉtude Le Bihan\n21 quai de la Fosse – 44000 Nantes');
    expect(result.propertyId).toBeNull();
  });
});

describe('matchByRules: a sender learned from a person’s decision', () => {
  // Received late on 2 December in UTC: the 3rd in Paris, where the agency reads it.
  const senderHistory = { propertyId: 'reze-ville', messageReceivedAt: '2026-12-02T23:30:00Z', decidedBy: 'Claire' };
  const stranger = { email: 'inconnu@example.org' };

  it('attaches the sender’s next message to the property a person chose, and says why', () => {
    const result = match('Ok pour jeudi 18h', { sender: stranger, senderHistory });
    expect(attached(result)).toBe('reze-ville');
    expect(result.decisive).toBe(true);
    expect(result.reasoning).toContain('même expéditeur que le message du 3 déc. rattaché par Claire');
  });

  it('gives way to another property’s mandate number, and stays a candidate', () => {
    const result = match('Finalement, pourrions-nous visiter le bien NT-2026-103 ?', { sender: stranger, senderHistory });
    expect(attached(result)).toBe('fosse-t3');
    const learned = result.candidates.find((c) => c.propertyId === 'reze-ville');
    expect(learned?.evidence[0]).toMatch(/^Même expéditeur/);
    expect(learned!.confidence).toBeLessThan(MESSAGE_PROPERTY_FLOOR);
  });

  it('is forgotten when the property is no longer among the candidates (sold or archived)', () => {
    const candidates = AGENCY.filter((c) => c.id !== 'reze-ville');
    expect(match('Ok pour jeudi 18h', { sender: stranger, senderHistory, candidates }).propertyId).toBeNull();
  });

  it('follows the AI’s own confident attachment too, and says it was automatic', () => {
    const result = match('Ok pour jeudi 18h', { sender: stranger, senderHistory: { ...senderHistory, decidedBy: null } });
    expect(attached(result)).toBe('reze-ville');
    expect(result.reasoning).toContain('même expéditeur que le message du 3 déc. rattaché automatiquement');
    // Weaker than a person's decision: the same message, decided by Claire, is surer.
    expect(result.confidence).toBeLessThan(match('Ok pour jeudi 18h', { sender: stranger, senderHistory }).confidence);
  });

  it('against the sender being a buyer of another property, leaves the choice to a person', () => {
    const result = match('Ok pour jeudi 18h', { sender: { email: 'paul.gueguen@example.fr' }, senderHistory });
    expect(result.ambiguous).toBe(true);
  });
});

describe('matchByRules: senders and the decisive flag', () => {
  it('never attaches on a display name alone', () => {
    const result = match('Bonjour, des nouvelles ?', { sender: { email: 'autre.adresse@example.org', name: 'Gaël Morvan' } });
    expect(result.propertyId).toBe('reze-piscine');
    expect(result.confidence).toBeLessThan(MESSAGE_PROPERTY_FLOOR);
    expect(result.decisive).toBe(false);
  });

  it('is decisive on the owner’s own address, a mandate number or the exact address', () => {
    for (const result of [
      match('Bonjour, des nouvelles ?', { sender: { email: 'gael.morvan@example.fr' } }),
      match('Au sujet du mandat NT-2026-101.'),
      match('Je passerai au 8 rue des Chênes à Rezé demain.'),
    ]) {
      expect(attached(result)).toBe('reze-piscine');
      expect(result.decisive).toBe(true);
    }
  });

  it('writes its reasons in correct French: « de l’acquéreur », « du vendeur »', () => {
    const byBuyer = match('Paul Guéguen nous a donné son accord.', { candidates: AGENCY.filter((c) => c.id === 'graslin-studio') });
    expect(byBuyer.reasoning).toContain('nom de l’acquéreur cité : Paul Guéguen');
    expect(match('Des nouvelles de Yann Kerbrat ?').reasoning).toContain('nom du vendeur cité : Yann Kerbrat');
  });

  it('tells the property a sender buys from one they only visited by what the message is about', () => {
    const sender = { email: 'paul.gueguen@example.fr' };
    const buying = match('La banque a donné son accord de principe pour le prêt.', { sender });
    expect(attached(buying)).toBe('graslin-studio');
    // Buyer of one, prospect of the other, nothing else said: a person decides.
    const open = match('Samedi 10h, ça vous va ?', { sender });
    expect(open.ambiguous).toBe(true);
    expect(open.decisive).toBe(false);
  });
});

describe('matchByRules: a sender on several sales', () => {
  const notary: CandidateParticipant = {
    role: 'NOTAIRE',
    firstName: 'Maëlle',
    lastName: 'Tanguy',
    email: 'm.tanguy@notaires.example',
    phone: null,
  };
  const onThree = new Set(['reze-piscine', 'fosse-t3', 'vertou-villa']);
  const candidates = AGENCY.map((c) => (onThree.has(c.id) ? { ...c, participants: [...c.participants, notary] } : c));
  const sender = { email: notary.email! };
  const fromNotary = (text: string) => match(text, { sender, candidates });

  it('tells an owner’s two sales apart by what only one of them has, the rarity counted among them', () => {
    // Yann Kerbrat sells the T3 and the Rezé house with a pool: three houses in the agency, one among his two.
    const kerbrat = AGENCY.find((c) => c.id === 'fosse-t3')!.participants[0]!;
    const two = AGENCY.map((c) => (c.id === 'reze-piscine' ? { ...c, participants: [kerbrat] } : c));
    const fromOwner = (text: string) => match(text, { sender: { email: kerbrat.email! }, candidates: two });
    const house = fromOwner('Bonjour, pour la maison, le géomètre passe jeudi.');
    expect(attached(house)).toBe('reze-piscine');
    expect(house.reasoning).toContain('seul des 2 biens en balance à correspondre à : maison');
    expect(fromOwner('Bonjour, des nouvelles des visites ?').ambiguous).toBe(true);
    // Four properties out of six have a cellar: it tells nothing, even if one of his two alone has one.
    expect(fromOwner('Bonjour, la cave est vidée.').ambiguous).toBe(true);
  });

  it('reads the parties’ names as a notary writes them: « dossier Kerbrat », « vente PRIGENT »', () => {
    expect(attached(fromNotary('Madame, pour le dossier Kerbrat, il me manque le diagnostic amiante.'))).toBe('fosse-t3');
    expect(attached(fromNotary('Objet : vente PRIGENT – projet de compromis'))).toBe('vertou-villa');
  });
});

describe('matchByRules: owners named with a civility', () => {
  it('finds the owner with a spouse’s first name or « M. & Mme »', () => {
    for (const text of ['Mme Nolwenn Kerbrat nous a demandé un devis.', 'M. & Mme Kerbrat nous ont demandé un devis.']) {
      expect(attached(match(text)), text).toBe('fosse-t3');
    }
    // A pronoun before the surname is no civility: the surname alone only proposes.
    expect(attached(match('Il me dit que Kerbrat viendra.'))).toBeNull();
  });
});

describe('matchByRules: mandate numbers as people write them', () => {
  it('finds the serial alone after a reference word or the prefix, when no other mandate shares it', () => {
    for (const text of ['Au sujet du mandat n° 103.', 'Votre réf. 103 est-elle encore libre ?', 'nt 103 tjs dispo ?', 'annonce 2026-103']) {
      const result = match(text);
      expect(attached(result), text).toBe('fosse-t3');
      expect(result.decisive).toBe(true);
    }
    expect(match('Votre référence 103').reasoning).toContain('numéro de mandat cité en abrégé : NT-2026-103');
  });

  it('leaves a serial two mandates share, a size, a price or a delay alone', () => {
    const twoYears = AGENCY.map((c) => (c.id === 'vertou-villa' ? { ...c, mandateNumber: 'NT-2025-103' } : c));
    expect(match('Au sujet du mandat n° 103.', { candidates: twoYears }).propertyId).toBeNull();
    expect(match('Au sujet du mandat 2026-103.', { candidates: twoYears }).propertyId).toBe('fosse-t3');
    for (const text of ['L’annonce à 103 000 € ?', 'Mandat signé il y a 103 jours.', 'Annonce 103 m² ?', 'Réf 3']) {
      expect(match(text).propertyId, text).toBeNull();
    }
  });
});

describe('BM25 weights', () => {
  it('gives nothing for a word every property, or most of them, has', () => {
    expect(idf(6, 6)).toBe(0);
    expect(idf(4, 6)).toBe(0);
    expect(idf(0, 6)).toBe(0);
    expect(idf(1, 6)).toBeGreaterThan(idf(2, 6));
    // A word only one property has is worth the same among two properties or ten thousand.
    expect(idf(1, 2)).toBeCloseTo(3);
    expect(idf(1, 10_000)).toBeCloseTo(3);
    expect(idf(1, 1)).toBe(0);
  });

  it('saturates a word said several times', () => {
    expect(termFrequencyWeight(1, 10, 10)).toBeCloseTo(1);
    expect(termFrequencyWeight(2, 10, 10)).toBeLessThan(2);
    expect(termFrequencyWeight(0, 10, 10)).toBe(0);
  });
});

describe('street names spelt in words', () => {
  it('reads « Trente-Six-Ponts » as « 36 ponts », but not « une rue » as « 1 rue »', () => {
    expect(streetWords('19 rue des Trente-Six-Ponts')).toBe(streetWords('19 r. des 36 ponts'));
    expect(streetWords('une rue calme')).toBe(' une rue calme ');
  });

  it('reads « allées » as « allée », a street type written either way', () => {
    expect(streetWords('18 allées de Brienne')).toBe(streetWords('18 all. de Brienne'));
  });
});
