import { describe, expect, it } from 'vitest';
import { FILE_CLASSIFICATION_FLOOR, MockAIProvider } from '../src/index.ts';
import { withoutDenials } from '../src/mock/classify.ts';
import { isLetter } from '../src/mock/document-outside.ts';
import { TRAPS } from './fixtures/document-traps.ts';
import { imageWithMetadata } from './fixtures/image.ts';
import { pdfWithText } from './fixtures/pdf.ts';

const ai = new MockAIProvider();
const phone = { width: 3024, height: 4032, make: 'Apple', model: 'iPhone 13' };
const classify = async (fileName: string, mimeType: string, text?: string) =>
  ai.classifyDocument({ fileName, mimeType, content: text === undefined ? imageWithMetadata(mimeType, phone) : await pdfWithText(text) });
const trap = (fileName: string) => TRAPS.find((t) => t.fileName === fileName)!;
const run = async (fileName: string) => {
  const t = trap(fileName);
  return classify(t.fileName, t.mimeType, t.text);
};

describe('mock AI: no confident type for what the vocabulary does not cover', () => {
  it('sends every invented trap to review, and types the letters that are documents', async () => {
    for (const t of TRAPS) {
      const result = await classify(t.fileName, t.mimeType, t.text);
      const outcome = result.typeDocument && result.confidence >= FILE_CLASSIFICATION_FLOOR ? result.typeDocument : 'REVIEW';
      expect(`${t.fileName}: ${outcome}`).toBe(`${t.fileName}: ${t.expected}`);
    }
  });

  it('says why: an invoice naming a gas installation is an invoice', async () => {
    const result = await run('Facture 2026-118.pdf');
    expect(result.confidence).toBeLessThan(FILE_CLASSIFICATION_FLOOR);
    // Its « installation de gaz » is priced, so no more than a mention: either the invoice is named
    // as the reason, or no type is recognised at all.
    expect(result.reasoning).toMatch(/une facture ou un devis|ne permet pas de reconnaître/);
  });

  it('keeps the type when the document’s own title names it, other papers mentioned or not', async () => {
    const tax = await run('TF 2026.pdf');
    expect(tax).toMatchObject({ typeDocument: 'TAXE_FONCIERE' });
    expect(tax.confidence).toBeGreaterThanOrEqual(FILE_CLASSIFICATION_FLOOR);
    const dpe = await run('dpe.pdf');
    expect(dpe.confidence).toBeGreaterThanOrEqual(FILE_CLASSIFICATION_FLOOR);
  });

  it('reads a letter as a letter: the papers it names are not what it is', async () => {
    const result = await run('courrier diagnostiqueur.pdf');
    expect(result.confidence).toBeLessThan(FILE_CLASSIFICATION_FLOOR);
    expect(result.reasoning).toContain('courrier ou une note');
  });

  it('does not follow a name against readable content that names nothing', async () => {
    const result = await classify(
      'Diagnostic amiante.pdf',
      'application/pdf',
      'Réunion de chantier du 4 novembre 2026\nPrésents : le maître d’ouvrage, l’architecte et les entreprises de maçonnerie et de menuiserie.\nAvancement conforme au planning, reprise des enduits la semaine prochaine, livraison prévue fin janvier.',
    );
    expect(result.typeDocument).toBe('AMIANTE');
    expect(result.confidence).toBeLessThan(FILE_CLASSIFICATION_FLOOR);
    expect(result.reasoning).toContain('pourtant lisible');
  });

  it('lists a table of contents without taking its first entry for the document', async () => {
    const result = await run('dossier diagnostics.pdf');
    expect(result.confidence).toBeLessThan(FILE_CLASSIFICATION_FLOOR);
    expect(result.reasoning).toContain('sans qu’aucun ne domine');
  });

  it('asks when one text names two documents in its title lines, unless the name backs one', async () => {
    const text =
      'DIAGNOSTIC AMIANTE ET DIAGNOSTIC TERMITES\nMaison du 6 chemin de Lasbordes, 31500 Toulouse : absence d’amiante dans les matériaux des listes A et B ; aucun indice d’infestation par les termites. Visite du 12 novembre 2026 par le cabinet Diag Sud, opérateur certifié, en présence du propriétaire ; toutes les pièces ont été rendues accessibles.';
    const alone = await classify('rapport.pdf', 'application/pdf', text);
    expect(alone.confidence).toBeLessThan(FILE_CLASSIFICATION_FLOOR);
    expect(alone.reasoning).toContain('deux documents possibles');
    const backed = await classify('Diagnostic amiante.pdf', 'application/pdf', text);
    expect(backed).toMatchObject({ typeDocument: 'AMIANTE' });
    expect(backed.confidence).toBeGreaterThanOrEqual(FILE_CLASSIFICATION_FLOOR);
  });

  it('reads a room or a fitting in a photo’s name as no paper', async () => {
    const meter = await run('compteur gaz.jpg');
    expect(meter.confidence).toBeLessThan(FILE_CLASSIFICATION_FLOOR);
    expect(meter.reasoning).toContain('une pièce ou un équipement du bien');
  });
});

describe('mock AI: decisions on letters and on what a paper says it is not', () => {
  it('types the paper a covering letter sends when the paper itself follows the sign-off', async () => {
    const result = await classify(
      'envoi.pdf',
      'application/pdf',
      'Cabinet Lemoine, syndic de copropriété\nMadame, Monsieur,\nComme convenu, voici le document demandé pour la vente du lot 12.\nVeuillez agréer nos salutations distinguées.\nLe gestionnaire\nÉTAT DATÉ (article 5 du décret du 17 mars 1967)\nLot 12 — 180/1000e\nI. Sommes dont le cédant reste débiteur envers le syndicat : 412,00 €\nII. Sommes dont le syndicat pourrait être débiteur : néant\nIII. Sommes à la charge de l’acquéreur : provisions du budget à venir.',
    );
    expect(result.typeDocument).toBe('ETAT_DATE');
    expect(result.confidence).toBeGreaterThanOrEqual(FILE_CLASSIFICATION_FLOOR);
    expect(result.reasoning).toContain('lettre d’envoi');
  });

  it('does not take a line after the signature for the paper itself', async () => {
    const result = await classify(
      'courrier syndic.pdf',
      'application/pdf',
      'Madame, Monsieur,\nVous trouverez le document sous ce pli, comme demandé par votre notaire pour la vente.\nVeuillez agréer nos salutations distinguées.\nLe gestionnaire\nP.J. : ÉTAT DATÉ DU LOT 12',
    );
    expect(result.confidence).toBeLessThan(FILE_CLASSIFICATION_FLOOR);
  });

  it('keeps a letter that only names a paper below the floor', async () => {
    const result = await classify(
      'courrier.pdf',
      'application/pdf',
      'Madame, Monsieur,\nNous attendons toujours l’état daté du syndic pour fixer la date de signature chez le notaire.\nNous revenons vers vous dès sa réception.\nVeuillez agréer nos salutations distinguées.\nLe notaire',
    );
    expect(result.confidence).toBeLessThan(FILE_CLASSIFICATION_FLOOR);
  });

  it('does not read a paper as what it says it is not', async () => {
    const result = await classify(
      'banque.pdf',
      'application/pdf',
      'Crédit des Collines — agence de Rodez\nProjet d’achat de M. et Mme Fabre, maison à Onet-le-Château\nMontant envisagé 210 000 € sur 25 ans, taux indicatif 3,35 %, mensualité hors assurance 1 034 €.\nCe document ne constitue pas un accord de principe et n’engage pas la banque.',
    );
    expect(result.typeDocument === 'ACCORD_PRINCIPE_BANCAIRE' && result.confidence >= FILE_CLASSIFICATION_FLOOR).toBe(false);
  });
});

describe('mock AI: a type named only far into an untitled text', () => {
  it('keeps below the floor a poster whose energy class is the only paper named, name agreeing or not', async () => {
    const text =
      'À VENDRE\nRODEZ – Centre historique\nAppartement T3 rénové, 72 m², balcon plein sud, cave et parking\n189 000 €\nHonoraires inclus 4 % TTC à la charge de l’acquéreur, soit 181 700 € hors honoraires\nDiagnostic de performance énergétique : D (198 kWh/m².an) – GES : C\nAveyron Habitat Immobilier – 3 place du Bourg – 12000 Rodez';
    for (const fileName of ['DPE appartement.pdf', 'scan.pdf']) {
      const result = await classify(fileName, 'application/pdf', text);
      expect(result.typeDocument === 'DPE' && result.confidence >= FILE_CLASSIFICATION_FLOOR).toBe(false);
    }
  });

  it('still types a paper that names itself at its start without a title line', async () => {
    const result = await classify(
      'export.pdf',
      'application/pdf',
      'Information sur l’état des risques et pollutions pour l’acquéreur, établi pour le 5 allée des Tilleuls, 81000 Albi.\nSismicité : zone 1 — Radon : zone 2 — Retrait-gonflement des argiles : exposition forte.\nAucun plan de prévention des risques prescrit sur la commune.',
    );
    expect(result.typeDocument).toBe('ERP_ETAT_RISQUES');
    expect(result.confidence).toBeGreaterThanOrEqual(FILE_CLASSIFICATION_FLOOR);
  });
});

describe('mock AI: photos decided from their name and their frame', () => {
  const shot = async (fileName: string, image: Parameters<typeof imageWithMetadata>[1]) =>
    ai.classifyDocument({ fileName, mimeType: 'image/jpeg', content: imageWithMetadata('image/jpeg', image) });

  it('types a phone’s upright shot named with one paper’s sign', async () => {
    const result = await shot('capacite emprunt banque.jpg', phone);
    expect(result.typeDocument).toBe('ATTESTATION_CAPACITE_EMPRUNT');
    expect(result.confidence).toBeGreaterThanOrEqual(FILE_CLASSIFICATION_FLOOR);
  });

  it('leaves to a person an upright shot whose name also names a fitting', async () => {
    const result = await shot('DPE chaudiere.jpg', phone);
    expect(result.confidence).toBeLessThan(FILE_CLASSIFICATION_FLOOR);
  });

  it('reads a camera’s landscape shot of a named room as the property, a listing named beside it', async () => {
    const result = await shot('Albi_T4_cuisine.jpg', {
      width: 6000,
      height: 4000,
      make: 'Canon',
      model: 'EOS R6',
      imageDescription: 'Cuisine ouverte - photos pour l’annonce du T4',
    });
    expect(result.typeDocument).toBe('PHOTOS_HD');
    expect(result.confidence).toBeGreaterThanOrEqual(FILE_CLASSIFICATION_FLOOR);
  });
});

describe('mock AI: a listing and its window poster', () => {
  const listing =
    'APPARTEMENT T2 À VENDRE – ALBI CENTRE\nLumineux, 45 m², balcon, cave, à deux pas de la cathédrale.\nPrix : 142 000 € honoraires inclus, 5 % TTC à la charge de l’acquéreur (135 238 € hors honoraires).\nDPE : D – GES : C. Copropriété de 12 lots, charges 720 €/an.\nTarn Immobilier – 8 rue Mariès – 81000 Albi – Carte T n° CPI 8101 2019 000 041 222';

  it('types a listing named as a window poster as the poster', async () => {
    const result = await classify('Affiche vitrine Albi T2.pdf', 'application/pdf', listing);
    expect(result.typeDocument).toBe('AFFICHE_VITRINE');
    expect(result.reasoning).toContain('affiche de vitrine');
  });

  it('does not take the energy class every listing shows for a second paper', async () => {
    const result = await classify('export annonce.pdf', 'application/pdf', listing);
    expect(result.reasoning).not.toContain('deux documents possibles');
  });
});

describe('mock AI: a name against a garbled text', () => {
  it('does not follow the name when what can be read points to another paper', async () => {
    const result = await classify(
      'taxe fonciere.pdf',
      'application/pdf',
      'rel|evé du c0mpteur ¦ 2l0 kWh/m2/an\nséj our ~ cuis ine ~ cham bre 2 ~ gren ier',
    );
    expect(result.confidence).toBeLessThan(FILE_CLASSIFICATION_FLOOR);
  });
});

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
  it('leaves out « n’a pas valeur de » and « ne tient pas lieu de » clauses', () => {
    expect(withoutDenials('Plan coté. Il n’a pas valeur d’attestation de superficie. Fin.')).not.toContain('superficie');
    expect(withoutDenials('Cette note ne tient pas lieu d’état daté. Fin.')).not.toContain('état daté');
  });
});
