import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractText } from '../src/index.ts';
import { pdfWithText } from './fixtures/pdf.ts';

const dpe = readFileSync(new URL('../../core/src/seed-assets/dpe.pdf', import.meta.url));

describe('extractText', () => {
  it('reads a PDF without touching the globals of the process', async () => {
    const stringify = JSON.stringify;
    const parse = JSON.parse;
    const globals = Object.getOwnPropertyNames(globalThis).sort();
    const text = await extractText({ mimeType: 'application/pdf', content: dpe });
    expect(text).toContain('Diagnostic de performance énergétique');
    // PDF.js replaces JSON.stringify and adds canvas polyfills where it runs: never here.
    expect(JSON.stringify).toBe(stringify);
    expect(JSON.parse).toBe(parse);
    expect(Object.getOwnPropertyNames(globalThis).sort()).toEqual(globals);
  });

  it('reads several PDFs at once, and gives null for a damaged one without losing the next', async () => {
    const damaged = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 7)]);
    const [a, broken, b] = await Promise.all([
      extractText({ mimeType: 'application/pdf', content: dpe }),
      extractText({ mimeType: 'application/pdf', content: damaged }),
      extractText({ mimeType: 'application/pdf', content: dpe }),
    ]);
    expect(a).toContain('DPE');
    expect(b).toBe(a);
    expect(broken).toBeNull();
    expect(await extractText({ mimeType: 'application/pdf', content: dpe })).toBe(a);
    // The caller's buffer is left whole: PDF.js gets a copy.
    expect(dpe.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('separates the pages of a PDF with a form feed, an empty page kept in its place', async () => {
    const bundle = await pdfWithText('Compromis de vente\nPage une.\f\fAnnexe : état des risques\nPage trois.');
    expect((await extractText({ mimeType: 'application/pdf', content: bundle }))?.split('\f')).toEqual([
      'Compromis de vente\nPage une.',
      '',
      'Annexe : état des risques\nPage trois.',
    ]);
  });

  it('reads text as is, and gives null for what has no text layer', async () => {
    expect(await extractText({ mimeType: 'text/plain', content: Buffer.from('  Bonjour\n\n\nmonde ') })).toBe('Bonjour\nmonde');
    expect(await extractText({ mimeType: 'image/jpeg', content: Buffer.from([0xff, 0xd8, 0xff]) })).toBeNull();
  });
});
