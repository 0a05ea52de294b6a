import { TYPE_DOCUMENTS } from '@monimmo/contract/vocabulary';
import { beforeAll, describe, expect, it } from 'vitest';
import { FILE_CLASSIFICATION_FLOOR, MockAIProvider, type DocumentClassification } from '../src/index.ts';
import { classifyDocument } from '../src/mock/classify.ts';
import { RULES } from '../src/mock/document-rules.ts';
import { DOCUMENTS, type DocumentCase } from './fixtures/documents.ts';
import { type ImageMetadata, imageWithMetadata } from './fixtures/image.ts';
import { contentOf, pdfWithoutText, pdfWithText } from './fixtures/pdf.ts';

const ai = new MockAIProvider();

/** What the classification job does with an answer: set the type, or send the file to review. */
const outcome = (c: DocumentClassification) => (c.typeDocument && c.confidence >= FILE_CLASSIFICATION_FLOOR ? c.typeDocument : 'REVIEW');

describe('mock AI: document classification on the fixture set', () => {
  let results: { doc: DocumentCase; content: Buffer; result: DocumentClassification }[];
  beforeAll(async () => {
    results = [];
    for (const doc of DOCUMENTS) {
      const content = await contentOf(doc);
      results.push({ doc, content, result: await ai.classifyDocument({ fileName: doc.fileName, mimeType: doc.mimeType, content }) });
    }
  });

  it('has at least 40 documents, most of them real PDFs, and a rule for every type', () => {
    expect(DOCUMENTS.length).toBeGreaterThanOrEqual(40);
    expect(DOCUMENTS.filter((d) => d.text || d.asset?.endsWith('.pdf')).length).toBeGreaterThanOrEqual(30);
    expect(new Set(RULES.map((r) => r.type))).toEqual(new Set(TYPE_DOCUMENTS));
    // Every type that a PDF can be is recognised from a PDF's content in the set.
    const fromContent = new Set(
      DOCUMENTS.filter((d) => d.text || d.asset === 'dpe.pdf' || d.asset === 'mandat.pdf').map((d) => d.expected),
    );
    const mediaTypes = ['PHOTOS_HD', 'VIDEO_VISITE', 'PIECE_IDENTITE', 'REVIEW'];
    expect(TYPE_DOCUMENTS.filter((t) => !fromContent.has(t) && !mediaTypes.includes(t))).toEqual([]);
  });

  it('reaches its accuracy floor', () => {
    const wrong = results.filter(({ doc, result }) => outcome(result) !== doc.expected);
    const correct = results.length - wrong.length;
    console.log(
      `mock document classification accuracy: ${correct}/${results.length} = ${((correct / results.length) * 100).toFixed(1)}%` +
        wrong
          .map(
            ({ doc, result }) =>
              `\n  ✗ ${doc.fileName}: expected ${doc.expected}, got ${outcome(result)} (${result.typeDocument} ${result.confidence}) — ${result.reasoning}`,
          )
          .join(''),
    );
    // The figure reported: 70 of 70. The rules were written with most of this set in view, so it
    // is an optimistic figure.
    expect(correct).toBeGreaterThanOrEqual(70);
  });

  it('answers in the shape the review queue needs', () => {
    for (const { result } of results) {
      expect(result.confidence).toBeGreaterThanOrEqual(0);
      expect(result.confidence).toBeLessThanOrEqual(1);
      expect(result.reasoning.length).toBeGreaterThan(20);
      if (result.typeDocument) expect(result.candidates[0]).toEqual({ typeDocument: result.typeDocument, confidence: result.confidence });
      expect(result.candidates.map((c) => c.confidence)).toEqual([...result.candidates.map((c) => c.confidence)].sort((a, b) => b - a));
      expect(new Set(result.candidates.map((c) => c.typeDocument)).size).toBe(result.candidates.length);
    }
  });

  it('is deterministic: the same bytes give the same answer', async () => {
    for (const { doc, content, result } of results.slice(0, 8)) {
      expect(await ai.classifyDocument({ fileName: doc.fileName, mimeType: doc.mimeType, content })).toEqual(result);
    }
  });
});

describe('mock AI: document classification, content against name', () => {
  const classify = async (fileName: string, text: string, mimeType = 'application/pdf') =>
    ai.classifyDocument({ fileName, mimeType, content: await pdfWithText(text) });

  it('is surest when content and name agree, and lets the content win when they disagree', async () => {
    const text = 'Diagnostic de performance énergétique\nConsommation : 182 kWh/m²/an, classe D.';
    const agreed = await classify('DPE.pdf', text);
    const alone = await classify('scan.pdf', text);
    const against = await classify('Taxe foncière.pdf', text);
    expect([agreed.typeDocument, alone.typeDocument, against.typeDocument]).toEqual(['DPE', 'DPE', 'DPE']);
    expect(agreed.confidence).toBeGreaterThan(alone.confidence);
    expect(alone.confidence).toBeGreaterThan(against.confidence);
    expect(against.confidence).toBeGreaterThanOrEqual(FILE_CLASSIFICATION_FLOOR);
    expect(against.reasoning).toContain('le contenu l’emporte');
    expect(against.candidates.map((c) => c.typeDocument)).toContain('TAXE_FONCIERE');
  });

  it('sends a document whose content only hints at a type to review', async () => {
    const result = await classify(
      'courrier.pdf',
      'Madame, Monsieur,\nVous trouverez ci-dessous les charges du trimestre et le budget prévisionnel de l’année.',
    );
    expect(result.typeDocument).toBe('MONTANT_CHARGES');
    expect(result.confidence).toBeLessThan(FILE_CLASSIFICATION_FLOOR);
  });

  it('follows a name that hints, when the content names nothing', async () => {
    const result = await classify('Livret de famille.pdf', 'Page 2 sur 4 : suite des mentions, sans titre particulier à cette page.');
    expect(result).toMatchObject({ typeDocument: 'LIVRET_FAMILLE' });
    expect(result.reasoning).toContain('Le contenu ne permet pas de reconnaître le document');
  });

  it('classifies videos as visits unless the name says otherwise', async () => {
    const other = await ai.classifyDocument({ fileName: 'Plan 3D.mp4', mimeType: 'video/mp4', content: Buffer.alloc(8) });
    expect(other.typeDocument).toBe('PLAN_BIEN');
    expect(other.confidence).toBeLessThan(FILE_CLASSIFICATION_FLOOR);
  });
});

describe('mock AI: document classification with a confidence that means something', () => {
  const pdf = async (fileName: string, text: string) =>
    ai.classifyDocument({ fileName, mimeType: 'application/pdf', content: await pdfWithText(text) });
  const photo = (fileName: string, meta: ImageMetadata = {}, mimeType = 'image/jpeg') =>
    ai.classifyDocument({ fileName, mimeType, content: imageWithMetadata(mimeType, meta) });

  it('reads the title of a badly scanned DPE through broken words and 0/O, l/1 confusions', async () => {
    const result = await pdf(
      'scan 2.pdf',
      'DlAGN0STlC DE PERF0RMANCE ENERG ETlQUE\nLogernent : rnaison indivlduelle, 1975, 112 rn2, chauffage fioul\nConsornmation : 2S4 kWh/m2/an — Emissions : 61 kg C02/m2/an — etiquette F',
    );
    expect(result.typeDocument).toBe('DPE');
    expect(result.confidence).toBeGreaterThanOrEqual(FILE_CLASSIFICATION_FLOOR);
    expect(result.reasoning).toContain('numérisation abîmé');
  });

  it('sends an empty scan with a useless name to review, without a guess', async () => {
    for (const fileName of ['scan0001.pdf', 'Numérisation_20261104.pdf', 'PJ.pdf']) {
      const result = await ai.classifyDocument({ fileName, mimeType: 'application/pdf', content: await pdfWithoutText() });
      expect(result).toMatchObject({ typeDocument: null, confidence: 0, candidates: [] });
      expect(result.reasoning).toContain('Aucun texte lisible');
    }
  });

  it('types a bundle by its main document and lists the others', async () => {
    const result = await pdf(
      'dossier vendeur.pdf',
      [
        'Compromis de vente\nEntre M. Alain Roche, vendeur, et Mme Inès Caron, acquéreur, pour une maison à Muret.',
        'Conditions suspensives\nObtention d’un prêt de 200 000 € au taux maximal de 3,9 %.',
        'Prix et modalités\nLe prix est de 265 000 € payable le jour de l’acte authentique.',
        'État des risques et pollutions\nCommune de Muret — zone de sismicité 1 — potentiel radon 1.',
        'Diagnostic amiante\nRepérage des matériaux de la liste A et B : absence d’amiante.',
      ].join('\f'),
    );
    expect(result.typeDocument).toBe('COMPROMIS_OU_PROMESSE');
    expect(result.confidence).toBeGreaterThanOrEqual(FILE_CLASSIFICATION_FLOOR);
    expect(result.reasoning).toContain('3 pages sur 5');
    expect(result.reasoning).toContain('Contient aussi : diagnostic amiante et état des risques et pollutions (ERP).');
  });

  it('sends a bundle where no document dominates to review, proposing the first', async () => {
    const result = await pdf(
      'pièces.pdf',
      [
        'Carte nationale d’identité\nNom : Roche — Prénom : Alain',
        'Livret de famille\nMariage célébré à Muret en 1990',
        'Avis de taxe foncière 2026\nMontant : 1 020 €',
      ].join('\f'),
    );
    expect(result.typeDocument).toBe('PIECE_IDENTITE');
    expect(result.confidence).toBeLessThan(FILE_CLASSIFICATION_FLOOR);
    expect(result.reasoning).toContain('sans qu’aucun ne domine');
  });

  it('types a photo of a paper by its name, and leaves a camera file name to review', async () => {
    const phone = { width: 3024, height: 4032, make: 'Apple', model: 'iPhone 13', dateTimeOriginal: '2026:10:02 18:30:00' };
    const named = await photo('taxe foncière.jpg', phone);
    expect(named.typeDocument).toBe('TAXE_FONCIERE');
    expect(named.confidence).toBeGreaterThanOrEqual(FILE_CLASSIFICATION_FLOOR);
    expect(named.reasoning).toContain('Photo sans texte lisible (appareil Apple iPhone 13, 3024 × 4032 px)');
    const unnamed = await photo('IMG_2231.jpg', phone);
    expect(unnamed.confidence).toBeLessThan(FILE_CLASSIFICATION_FLOOR);
    expect(unnamed.reasoning).toContain('photo du bien ou document photographié');
  });

  it('reads what a photo shows from its caption, a camera’s boilerplate aside', async () => {
    const scanned = await photo('photo.jpg', { imageDescription: 'Document numérisé : état des risques et pollutions' }, 'image/heic');
    expect(scanned).toMatchObject({ typeDocument: 'ERP_ETAT_RISQUES' });
    expect(scanned.confidence).toBeGreaterThanOrEqual(FILE_CLASSIFICATION_FLOOR);
    const room = await photo('DSC_1020.JPG', {
      width: 6000,
      height: 4000,
      make: 'Canon',
      imageDescription: 'Cuisine ouverte sur le séjour',
    });
    expect(room.typeDocument).toBe('PHOTOS_HD');
    expect(room.confidence).toBeGreaterThanOrEqual(FILE_CLASSIFICATION_FLOOR);
    const boilerplate = await photo(
      'P1000231.JPG',
      { width: 4000, height: 3000, make: 'Panasonic', imageDescription: 'PANASONIC DIGITAL CAMERA' },
      'image/png',
    );
    expect(boilerplate.typeDocument).toBe('PHOTOS_HD');
    expect(boilerplate.confidence).toBeLessThan(FILE_CLASSIFICATION_FLOOR);
    expect(boilerplate.reasoning).not.toContain('PANASONIC');
  });

  it('lets the title beat a misleading name, and a mentioned paper is not the document', async () => {
    const result = await pdf(
      'Compromis de vente Roche.pdf',
      'Décompte des frais d’acquisition\nÉmoluments du notaire : 2 900 € — Droits d’enregistrement : 15 800 €\nSolde à verser avant la signature du compromis de vente du 3 mars 2027.',
    );
    expect(result.typeDocument).toBe('DECOMPTE_NOTAIRE');
    expect(result.confidence).toBeGreaterThanOrEqual(FILE_CLASSIFICATION_FLOOR);
    expect(result.reasoning).toContain('le contenu l’emporte');
  });

  it('tells the seller’s old title from the deed of the sale by the year of the deed', async () => {
    const content = await pdfWithText(
      'L’an deux mille vingt-six, le dix mars,\nMaître Claire Sabatier, notaire à Muret, a reçu le présent acte contenant vente au profit de M. Roche.',
    );
    const input = { fileName: 'acte de vente.pdf', mimeType: 'application/pdf', content };
    const thatYear = await classifyDocument(input, new Date('2026-12-07T00:00:00Z'));
    expect(thatYear.typeDocument).toBe('ACTE_AUTHENTIQUE');
    expect(thatYear.reasoning).toContain('Acte signé en 2026 : l’acte de la vente en cours');
    const yearsLater = await classifyDocument(input, new Date('2031-01-15T00:00:00Z'));
    expect(yearsLater.typeDocument).toBe('TITRE_PROPRIETE');
    expect(yearsLater.reasoning).toContain('le titre de propriété du vendeur');
  });
});
