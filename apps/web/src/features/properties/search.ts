import { PROPERTY_STATUSES, type PropertyStatus } from '@monimmo/contract/vocabulary/lists';

/** What the properties screen keeps in its address: the view, the search words and the filters. */
export interface PropertiesSearch {
  vue?: 'tableau' | 'liste';
  q?: string;
  statut?: PropertyStatus;
  ville?: string;
  prixMin?: number;
  prixMax?: number;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim().slice(0, 200) : undefined);
const amount = (value: unknown): number | undefined => {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isInteger(n) && n >= 0 ? n : undefined;
};

/** Drops what it does not understand rather than failing: a shared link stays usable. */
export function parsePropertiesSearch(search: Record<string, unknown>): PropertiesSearch {
  const result: PropertiesSearch = {};
  if (search.vue === 'tableau' || search.vue === 'liste') result.vue = search.vue;
  const q = text(search.q);
  if (q) result.q = q;
  if (typeof search.statut === 'string' && (PROPERTY_STATUSES as readonly string[]).includes(search.statut))
    result.statut = search.statut as PropertyStatus;
  const ville = text(search.ville);
  if (ville) result.ville = ville;
  const prixMin = amount(search.prixMin);
  if (prixMin !== undefined) result.prixMin = prixMin;
  const prixMax = amount(search.prixMax);
  if (prixMax !== undefined) result.prixMax = prixMax;
  return result;
}
