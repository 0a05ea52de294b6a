import { describe, expect, it } from 'vitest';
import { FILE_CLASSIFICATION_FLOOR, MockAIProvider } from '../src/index.ts';
import { pdfWithText } from './fixtures/pdf.ts';

const ai = new MockAIProvider();
const classify = async (fileName: string, text: string) =>
  ai.classifyDocument({ fileName, mimeType: 'application/pdf', content: await pdfWithText(text) });
const outcome = (c: { typeDocument: string | null; confidence: number }) =>
  c.typeDocument && c.confidence >= FILE_CLASSIFICATION_FLOOR ? c.typeDocument : 'REVIEW';

describe('mock AI: titles and formulas of each type, in their usual variants', () => {
  it('takes « Rapport de l’état de l’… » below a letterhead for a title, not a mention', async () => {
    const result = await classify(
      'rapport.pdf',
      'Cabinet Diag Sud — 4 allée des Pins — 40100 Dax — 05 58 00 00 00\nLe 02/03/2026\nRapport de l’état de l’installation intérieure d’électricité\nNorme NF C 16-600. Anomalies : absence de dispositif différentiel 30 mA dans la salle d’eau.',
    );
    expect(outcome(result)).toBe('ELECTRICITE');
  });

  it('still reads « vous trouverez le rapport de l’état de l’… » as a mention', async () => {
    const result = await classify(
      'courrier.pdf',
      'Agence des Landes, 2 rue Neuve, Dax. Suite à notre visite, vous trouverez le rapport de l’état de l’installation intérieure d’électricité dans le dossier du notaire, avec les autres diagnostics du bien.',
    );
    expect(outcome(result)).toBe('REVIEW');
  });

  it('gives nothing to a paper the document says it is not', async () => {
    const result = await classify(
      'etude.pdf',
      'ÉTUDE DE FINANCEMENT\nPour M. et Mme Durand. Montant : 200 000 € sur 20 ans, taux indicatif 3,1 %, mensualité 1 120 €. Ce document ne vaut ni accord de principe ni offre de prêt.',
    );
    expect(outcome(result)).toBe('SIMULATION_FINANCEMENT');
    expect(result.candidates.map((c) => c.typeDocument)).not.toContain('ACCORD_PRINCIPE_BANCAIRE');
  });

  it('reads a mandate cited by its number as a reference, not the mandate', async () => {
    const result = await classify(
      'document.pdf',
      'Rapport d’activité du mois de mars — maison de Saint-Paul, mandat exclusif n° 412. Visites : 3. Retours des visiteurs : jardin apprécié, prix jugé élevé.',
    );
    expect(outcome(result)).toBe('REPORTING_VENDEUR');
  });

  it('knows the individual statement of charges and the meeting of co-owners under their usual names', async () => {
    const charges = await classify(
      'scan.pdf',
      'Syndic du Lac — 12 quai Nord, Annecy\nRELEVÉ INDIVIDUEL DES CHARGES — exercice 2025\nCharges générales : 812,40 € — Provisions versées : 800,00 € — Solde à régler : 12,40 €',
    );
    expect(outcome(charges)).toBe('MONTANT_CHARGES');
    const minutes = await classify(
      'scan.pdf',
      'Immeuble 5 rue Haute\nréunion des copropriétaires du 3 avril 2026\nprésents : lots 1, 2 et 4\n1) comptes 2025 approuvés à l’unanimité\n2) syndic bénévole reconduit',
    );
    expect(outcome(minutes)).toBe('PV_AG_3_DERNIERES_ANNEES');
  });

  it('does not take an energy class in a listing for the diagnostic, nor « à vendre mon appartement » for a listing', async () => {
    const listing = await classify(
      'scan.pdf',
      'PETITES ANNONCES IMMOBILIÈRES — Ventes appartements\nVANNES centre, T2 45 m², balcon, DPE : D, 168 000 € honoraires inclus. Agence du Port 02 97 00 00 00',
    );
    expect(outcome(listing)).toBe('ANNONCE_IMMOBILIERE');
    const mandate = await classify(
      'manuscrit.pdf',
      'Je soussigné Paul Morel autorise l agence du Centre à vendre mon appartement 3 rue Basse au prix de 150 000 € net vendeur, en exclusivité pendant 3 mois.\nbon pour mandat  P. Morel',
    );
    expect(outcome(mandate)).toBe('MANDAT_VENTE_SIGNE');
  });

  it('recognises a withdrawal written in the buyer’s own words', async () => {
    const result = await classify(
      'lettre.pdf',
      'M. Girard\n4 impasse du Moulin\nMadame, Monsieur,\nnous avons signé le compromis le 2 mars.\nnous faisons usage de notre droit de rétractation.\nGirard',
    );
    expect(outcome(result)).toBe('COURRIER_RETRACTATION');
  });

  it('takes a deed of « conventions matrimoniales » for a marriage contract', async () => {
    const result = await classify(
      'doc.pdf',
      'L’AN DEUX MILLE DIX, LE TROIS MAI, Maître Anne Roux, notaire à Rennes, a reçu le présent acte contenant les CONVENTIONS MATRIMONIALES entre les futurs époux M. Luc Bernard et Mme Sarah Le Gall, qui adoptent le régime de la séparation de biens.',
    );
    expect(outcome(result)).toBe('CONTRAT_MARIAGE_PACS');
  });

  it('counts a supporting word followed by a figure: « à emprunter 210 000 » is no paper referred to', async () => {
    const result = await classify(
      'calcul.pdf',
      'M. et Mme Hervé — achat maison\nprix 230 000 + notaire 18 000\napport 38 000\na emprunter 210 000\nsur 25 ans → 1 050 €/mois\ntaux endettement 31 %',
    );
    expect(result.typeDocument).toBe('SIMULATION_FINANCEMENT');
  });

  it('reads a misread title in capitals under any of the type’s names', async () => {
    const result = await classify(
      'SCAN_0107.pdf',
      'Etude de Maitre PUJOL - Notaire a Tarbes - Dossier VENTE ROCA / ABADIE 2026/0311\nATTESTATl0N DE REAL1SATlON DES C0NDlTlONS SUSPENSlVES\nLe notaire soussigne atteste que les conditions stipulees a la promesse du 02/03/2026 sont realisees : pret obtenu le 20/04/2026, pas de preemption.',
    );
    expect(outcome(result)).toBe('LEVEE_CONDITIONS_SUSPENSIVES');
  });

  it('takes « règlement de copropriété et état descriptif de division » for the règlement, clean or misread', async () => {
    const clean = await classify(
      'doc.pdf',
      'RÈGLEMENT DE COPROPRIÉTÉ ET ÉTAT DESCRIPTIF DE DIVISION\nImmeuble « Les Tilleuls », 8 rue des Écoles, Angers\nArticle 1 — Les parties communes appartiennent indivisément à l’ensemble des copropriétaires.',
    );
    expect(outcome(clean)).toBe('REGLEMENT_COPROPRIETE');
    const misread = await classify(
      'scan.pdf',
      'REGLEMENT DE C0PROPRlETE ET ETAT DESCR1PTIF DE DlVISl0N\nlmmeuble Les Tilleuls, 8 rue des Ecoles, Angers\nArticle 1 — Les partles communes appartiennent indivisement a l ensemble des coproprietaires.',
    );
    expect(outcome(misread)).toBe('REGLEMENT_COPROPRIETE');
  });

  it('takes a divorce by mutual consent under its legal name', async () => {
    const result = await classify(
      'pj.pdf',
      'CONVENTION DE DIVORCE PAR CONSENTEMENT MUTUEL\nacte sous signature privée contresigné par avocats, article 229-1 du Code civil\nentre Mme Alice Martin et M. Hugo Petit, mariés le 4 juin 2011 à Metz.',
    );
    expect(outcome(result)).toBe('JUGEMENT_DIVORCE');
  });
});

describe('mock AI: the usual variants of a type’s name and content', () => {
  it('reads « proposition d’acquisition » as a purchase offer', async () => {
    const result = await classify(
      'document.pdf',
      'PROPOSITION D’ACQUISITION\nJe soussigné Paul Martin propose d’acquérir l’appartement situé 3 rue Haute à Nantes au prix de 210 000 €. Cette proposition est valable huit jours. Signature : P. Martin',
    );
    expect(outcome(result)).toBe('OFFRE_ACHAT_SIGNEE');
  });

  it('does not take a technician’s « rapport de visite » for the agency’s reporting', async () => {
    const result = await classify(
      'rapport.pdf',
      'Service public d’assainissement non collectif de la Vallée\nRAPPORT DE VISITE — contrôle de l’installation d’assainissement non collectif\nFosse toutes eaux de 3 m³, épandage en tranchées. Conclusion : installation conforme.',
    );
    expect(outcome(result)).toBe('ASSAINISSEMENT');
  });

  it('recognises a carnet d’entretien by the rubriques the décret sets, without its title', async () => {
    const result = await classify(
      'extranet.pdf',
      'Immeuble 12 rue des Acacias, 44000 Nantes — syndic : Cabinet Loire Gestion\n1. Références des contrats d’assurance de l’immeuble : MAAF n° 123 456\n2. Année et objet des travaux importants : 2019, ravalement des façades ; 2023, réfection de la toiture\n3. Contrats d’entretien et de maintenance des équipements communs : ascenseur (Otis), portail (Portis)',
    );
    expect(outcome(result)).toBe('CARNET_ENTRETIEN');
  });

  it('reads a surveyor’s « plan coté » as the plan, and a denied certificate as none', async () => {
    const result = await classify(
      'releve.pdf',
      'Cabinet de géomètres Martin\nPLAN COTÉ — appartement lot 7, 2e étage\nÉchelle 1/100\nSéjour 22,40 m² — Chambre 11,20 m² — Cuisine 8,05 m²\nCe plan n’a pas valeur d’attestation de superficie.',
    );
    expect(outcome(result)).toBe('PLAN_BIEN');
  });

  it('takes a call for funds dated by its quarter for its title, not a mention', async () => {
    const result = await classify(
      'scan.pdf',
      'Cabinet Rhône Syndic — 3 quai Perrache, 69002 Lyon\nAPPEL DE FONDS 3e trimestre 2026\nCopropriété 8 rue Sala — lot 12 — 214/10000\nBudget prévisionnel : 312,40 € — fonds de travaux : 15,62 €\nTotal : 328,02 €',
    );
    expect(outcome(result)).toBe('MONTANT_CHARGES');
  });

  it('reads the paper a covering letter sends on the same page by its title', async () => {
    const result = await classify(
      'PJ.pdf',
      'Office notarial du Port — 2 quai Est, 17000 La Rochelle\nLa Rochelle, le 3 mars 2026\nMadame,\nComme convenu, je vous adresse ci-dessous la copie du repérage remis lors de l’achat de vos clients, qu’il conviendra de faire actualiser avant la vente. Ce repérage a été établi selon la réglementation de l’époque ; je vous remercie d’en demander un nouveau à un opérateur certifié et de m’en transmettre la copie dès réception, afin que le dossier de vente soit complet avant la signature de l’avant-contrat.\nVeuillez agréer, Madame, mes salutations distinguées.\nLe clerc\nCABINET ATLANTIQUE DIAGNOSTICS\nRAPPORT DE REPÉRAGE DES MATÉRIAUX ET PRODUITS CONTENANT DE L’AMIANTE\nImmeuble : maison, 5 rue des Mouettes, 17000 La Rochelle. Conclusion : il n’a pas été repéré de matériaux contenant de l’amiante. Opérateur certifié, visite du 2 février 2009.',
    );
    expect(outcome(result)).toBe('AMIANTE');
  });

  it('does not name a diagnostic from one word of the body', async () => {
    const result = await classify(
      'notes.pdf',
      'Maison 12 rue des Tilleuls, Niort — points relevés avec le propriétaire : toiture refaite en 2015, chaudière de 2009, menuiseries en double vitrage, jardin de 400 m² clos, garage double avec porte motorisée, dalles de sol du garage anciennes (amiante possible).',
    );
    expect(outcome(result)).toBe('REVIEW');
  });
});
