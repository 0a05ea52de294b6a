import { describe, expect, it } from 'vitest';
import { formatBytes, formatDate, formatPrice, plural } from './format.ts';

// Intl separates thousands with a narrow no-break space and puts a no-break space before €.
const spaces = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

describe('French formats', () => {
  it('writes prices in euros without cents', () => {
    expect(spaces(formatPrice(365000))).toBe('365 000 €');
    expect(formatPrice(null)).toBe('Prix non renseigné');
  });

  it('writes dates as « 7 déc. 2026 »', () => {
    expect(formatDate('2026-12-07T10:00:00.000Z')).toBe('7 déc. 2026');
  });

  it('writes sizes and plurals as a French reader expects', () => {
    expect(spaces(formatBytes(1536))).toBe('1,5 Ko');
    expect(spaces(formatBytes(12))).toBe('12 octets');
    expect(plural(1, 'bien', 'biens')).toBe('1 bien');
    expect(plural(0, 'bien', 'biens')).toBe('0 bien');
    expect(plural(5, 'bien', 'biens')).toBe('5 biens');
  });
});
