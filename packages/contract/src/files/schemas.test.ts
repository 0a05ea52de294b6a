import { describe, expect, it } from 'vitest';
import { cleanFileName, fileNameSchema } from './schemas.ts';

describe('file names', () => {
  it('are NFC-normalised: the same name typed on a Mac and on Windows is one name', () => {
    expect(fileNameSchema.parse('Cafe\u0301 du port.pdf')).toBe('Café du port.pdf');
    expect(fileNameSchema.parse('Café du port.pdf')).toBe('Café du port.pdf');
  });

  it.each([
    ['a bidi override that shows "fdp.exe" as "exe.pdf"', 'facture\u202Efdp.exe'],
    ['a bidi isolate', 'plan\u2066.pdf'],
    ['a right-to-left mark', 'plan\u200F.pdf'],
    ['a zero-width space', 'DPE\u200B.pdf'],
    ['a zero-width joiner', 'DPE\u200D.pdf'],
    ['a byte-order mark inside the name', 'DPE\uFEFF.pdf'],
    ['a C1 control', 'DPE\u0085.pdf'],
    ['a C0 control', 'DPE\u0007.pdf'],
  ])('refuse %s', (_what, name) => {
    const parsed = fileNameSchema.safeParse(name);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/invisible|control|plain file name/);
  });

  it('keep what French names hold: accents, apostrophes, ligatures, spaces', () => {
    expect(fileNameSchema.parse("Œuvre d'art – façade été.jpg")).toBe("Œuvre d'art – façade été.jpg");
  });

  it('from a provider (no person to tell), lose their invisible characters instead', () => {
    expect(cleanFileName('facture\u202Efdp.exe')).toBe('facturefdp.exe');
    expect(cleanFileName('Cafe\u0301\u200B.pdf')).toBe('Café.pdf');
    expect(cleanFileName('\u200B')).toBe('');
  });
});
