import { TYPE_DOCUMENTS } from '@monimmo/contract/vocabulary';
import { describe, expect, it } from 'vitest';
import { FILE_CLASSIFICATION_FLOOR, MockAIProvider } from '../src/index.ts';
import { BUNDLES, MENTIONS, TYPE_CASES } from './fixtures/document-types.ts';
import { TYPE_DOCUMENT_LABELS } from '../src/document-labels.ts';
import { pdfWithText } from './fixtures/pdf.ts';

const ai = new MockAIProvider();
const classify = async (fileName: string, text: string) =>
  ai.classifyDocument({ fileName, mimeType: 'application/pdf', content: await pdfWithText(text) });
const outcome = (c: { typeDocument: string | null; confidence: number }) =>
  c.typeDocument && c.confidence >= FILE_CLASSIFICATION_FLOOR ? c.typeDocument : 'REVIEW';

describe('mock AI: every type of the vocabulary from its own title', () => {
  it('has a clean paper and a short or misread one for every type', () => {
    for (const type of TYPE_DOCUMENTS) {
      const variants = TYPE_CASES.filter((t) => t.type === type).map((t) => t.variant);
      expect(`${type}: ${variants.includes('clean') && variants.some((v) => v !== 'clean')}`).toBe(`${type}: true`);
    }
  });

  it('names each one confidently, under a name that does not help', { timeout: 60_000 }, async () => {
    for (const t of TYPE_CASES) {
      const result = await classify(t.fileName, t.text);
      expect(`${t.type} (${t.variant}, ${t.fileName}): ${outcome(result)}`).toBe(`${t.type} (${t.variant}, ${t.fileName}): ${t.type}`);
    }
  });

  it('reads a misread title as the phrase it is closest to, not a look-alike', async () => {
    const result = await classify(
      'scan.pdf',
      'ETAT DE L’INSTALLATI0N INTERIEURE D’ELECTRICITE\nanoma1ies relevées : tableau sans disjoncteur différentie1',
    );
    expect(result.typeDocument).toBe('ELECTRICITE');
    expect(result.confidence).toBeGreaterThanOrEqual(FILE_CLASSIFICATION_FLOOR);
    expect(result.candidates.map((c) => c.typeDocument)).toContain('GAZ');
  });
});

describe('mock AI: a paper talked about in a sentence is not the document', () => {
  it('stays below the floor for every mention', async () => {
    for (const m of MENTIONS) {
      const result = await classify(m.fileName, m.text);
      expect(`${m.mentions}: ${outcome(result)}`).toBe(`${m.mentions}: REVIEW`);
    }
  });

  it('still takes « le présent acte » for the deed speaking of itself', async () => {
    const result = await classify(
      'scan.pdf',
      'Maître Anne Rigal, notaire à Balma, a reçu le présent acte authentique contenant vente au profit de M. Haddad.',
    );
    expect(result.typeDocument).toBe('ACTE_AUTHENTIQUE');
  });
});

describe('mock AI: packs of several papers in one PDF', () => {
  it('names the paper holding most of the pages and lists the others, or leaves the pack to a person', async () => {
    for (const b of BUNDLES) {
      const result = await classify(b.fileName, b.text);
      expect(`${b.fileName}: ${outcome(result)}`).toBe(`${b.fileName}: ${b.expected}`);
      for (const other of b.others) expect(result.reasoning).toContain(TYPE_DOCUMENT_LABELS[other]);
    }
  });

  it('does not count a covering letter or a summary page as a page of the papers it names', async () => {
    const letter = await classify('envoi étude Rigal.pdf', BUNDLES.find((b) => b.fileName === 'envoi étude Rigal.pdf')!.text);
    expect(letter.reasoning).toContain('(3 pages sur 5)');
    const summary = await classify('DDT maison Balma.pdf', BUNDLES.find((b) => b.fileName === 'DDT maison Balma.pdf')!.text);
    expect(summary.reasoning).toContain('(3 pages sur 6)');
  });
});

describe('mock AI: a name does not make a plurality the main paper', () => {
  it('keeps a pack whose largest paper has two pages of five below the floor, named after it or not', async () => {
    const pack = BUNDLES.find((b) => b.fileName === 'syndic documents vente.pdf')!;
    const result = await classify('pré-état daté lot 14.pdf', pack.text);
    expect(result.typeDocument).toBe('PRE_ETAT_DATE');
    expect(result.confidence).toBeLessThan(FILE_CLASSIFICATION_FLOOR);
  });
});
