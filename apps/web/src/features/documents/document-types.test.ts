import { describe, expect, it } from 'vitest';
import { groupByFamily, statusOf, TYPE_GROUPS, typeLabel } from './document-types.ts';

describe('document types on screen', () => {
  it('groups documents by family in the vocabulary order, those without a type first', () => {
    const groups = groupByFamily([
      { name: 'photo', family: 'MARKETING' as const },
      { name: 'scan', family: null },
      { name: 'dpe', family: 'DIAGNOSTICS' as const },
      { name: 'titre', family: 'OWNERSHIP' as const },
    ]);
    expect(groups.map((g) => [g.label, g.files.map((f) => f.name)])).toEqual([
      ['À classer', ['scan']],
      ['Propriété', ['titre']],
      ['Diagnostics techniques', ['dpe']],
      ['Commercialisation', ['photo']],
    ]);
  });

  it('names types and statuses in French', () => {
    expect(typeLabel('DPE')).toBe('Diagnostic de performance énergétique (DPE)');
    expect(typeLabel(null)).toBe('À classer');
    expect(statusOf({ status: 'UPLOADED' }).label).toBe('Classement en cours…');
    expect(statusOf({ status: 'REVIEW_REQUIRED' }).label).toBe('À vérifier');
    expect(statusOf({ status: 'CLASSIFIED' }).label).toBe('Classé');
    expect(TYPE_GROUPS.find((g) => g.family === 'DIAGNOSTICS')?.label).toBe('Diagnostics techniques');
  });
});
