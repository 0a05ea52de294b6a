import { describe, expect, it } from 'vitest';
import { detailsFormSchema, detailsToForm, formatDetail, mergeDetails } from './details.ts';

describe('property facts', () => {
  it('reads each fact in French', () => {
    expect(formatDetail('surface', 72.5)).toBe('72,5 m²');
    expect(formatDetail('floor', 0)).toBe('Rez-de-chaussée');
    expect(formatDetail('floor', 1)).toBe('1er étage');
    expect(formatDetail('floor', 3)).toBe('3e étage');
    expect(formatDetail('elevator', false)).toBe('Non');
    expect(formatDetail('dpeClass', 'D')).toBe('Classe D');
    expect(formatDetail('propertyType', 'LOCAL_COMMERCIAL')).toBe('Local commercial');
    expect(formatDetail('yearBuilt', 1975)).toBe('1975');
    expect(formatDetail('dpeClass', 'Z')).toBeNull();
    expect(formatDetail('rooms', undefined)).toBeNull();
  });

  it('turns the form strings into facts, blanks left out', () => {
    const parsed = detailsFormSchema.parse({
      ...detailsToForm({}),
      surface: '72,5',
      rooms: '3',
      floor: '0',
      elevator: 'true',
      dpeClass: 'C',
    });
    expect(mergeDetails({}, parsed)).toEqual({ surface: 72.5, rooms: 3, floor: 0, elevator: true, dpeClass: 'C' });
    expect(detailsFormSchema.safeParse({ rooms: 'trois' }).success).toBe(false);
  });

  it('shows a stored decimal with a comma', () => {
    expect(detailsToForm({ surface: 72.5 }).surface).toBe('72,5');
  });

  it('keeps keys it does not know and drops cleared ones', () => {
    const parsed = detailsFormSchema.parse({ ...detailsToForm({ surface: 72, rooms: 3 }), rooms: '' });
    expect(mergeDetails({ surface: 72, rooms: 3, cave: 'oui' }, parsed)).toEqual({ surface: 72, cave: 'oui' });
  });
});
