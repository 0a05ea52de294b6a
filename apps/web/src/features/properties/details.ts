import { DPE_CLASS_LABELS, DPE_CLASSES, PROPERTY_TYPE_LABELS, PROPERTY_TYPES } from '@monimmo/contract/vocabulary/lists';
import { z } from 'zod';
import { formatInteger } from '../../lib/format.ts';
import { typedBoolean, typedNumber, typedText } from './form-values.ts';

/**
 * The facts of a property the app knows how to show and edit, stored in its free `details` under
 * the names the voice-note pipeline writes (initialVisitFieldsSchema). Other keys are kept as they are.
 */
export type DetailKind = 'integer' | 'decimal' | 'boolean' | 'propertyType' | 'energyClass';

export interface DetailField {
  key: string;
  label: string;
  kind: DetailKind;
  /** The label of the form's input when it carries a unit. */
  inputLabel?: string;
  hint?: string;
}

export const DETAIL_FIELDS: readonly DetailField[] = [
  { key: 'propertyType', label: 'Type de bien', kind: 'propertyType' },
  { key: 'surface', label: 'Surface', inputLabel: 'Surface (m²)', kind: 'decimal' },
  { key: 'rooms', label: 'Pièces', kind: 'integer' },
  { key: 'bedrooms', label: 'Chambres', kind: 'integer' },
  { key: 'bathrooms', label: 'Salles de bain', kind: 'integer' },
  { key: 'floor', label: 'Étage', kind: 'integer', hint: '0 pour le rez-de-chaussée' },
  { key: 'elevator', label: 'Ascenseur', kind: 'boolean' },
  { key: 'parking', label: 'Parking', kind: 'boolean' },
  { key: 'dpeClass', label: 'Classe DPE', kind: 'energyClass' },
  { key: 'gesClass', label: 'Classe GES', kind: 'energyClass' },
  { key: 'yearBuilt', label: 'Année de construction', kind: 'integer' },
  { key: 'landSurface', label: 'Terrain', inputLabel: 'Terrain (m²)', kind: 'decimal' },
];

const KNOWN_KEYS = new Set(DETAIL_FIELDS.map((f) => f.key));
const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

export const PROPERTY_TYPE_OPTIONS = PROPERTY_TYPES.map((value) => ({ value, label: PROPERTY_TYPE_LABELS[value] }));
export const ENERGY_CLASS_OPTIONS = DPE_CLASSES.map((value) => ({ value, label: DPE_CLASS_LABELS[value] }));

const labelOf = (labels: Record<string, string>, value: unknown): string | undefined =>
  typeof value === 'string' ? labels[value] : undefined;

/** A fact as a person reads it (« 72 m² », « 2e étage », « Oui »); null when not given or unreadable. */
export function formatDetail(key: string, value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  switch (key) {
    case 'propertyType':
      return labelOf(PROPERTY_TYPE_LABELS, value) ?? null;
    case 'dpeClass':
    case 'gesClass':
      return labelOf(DPE_CLASS_LABELS, value) ?? null;
    case 'elevator':
    case 'parking':
      return typeof value === 'boolean' ? (value ? 'Oui' : 'Non') : null;
    case 'floor':
      if (typeof value !== 'number') return null;
      return value === 0 ? 'Rez-de-chaussée' : value === 1 ? '1er étage' : value < 0 ? `Sous-sol (${value})` : `${value}e étage`;
    case 'surface':
    case 'landSurface':
      return typeof value === 'number' ? `${decimal.format(value)} m²` : null;
    case 'yearBuilt':
      return typeof value === 'number' ? String(value) : null;
    default:
      return typeof value === 'number' ? formatInteger(value) : null;
  }
}

const count = z.number().int('Un nombre entier.').min(0, 'Pas de nombre négatif.').max(1000, 'Trop grand.');
const area = z.number().positive('Une surface positive.').max(10_000_000, 'Trop grand.');

/** The form's rules for the known facts; its inputs are strings, its output the stored values. */
export const detailsFormSchema = z.object({
  propertyType: typedText(z.enum(PROPERTY_TYPES)),
  surface: typedNumber(area),
  rooms: typedNumber(count),
  bedrooms: typedNumber(count),
  bathrooms: typedNumber(count),
  floor: typedNumber(z.number().int('Un nombre entier.').min(-10, 'Trop bas.').max(200, 'Trop haut.')),
  elevator: typedBoolean,
  parking: typedBoolean,
  dpeClass: typedText(z.enum(DPE_CLASSES)),
  gesClass: typedText(z.enum(DPE_CLASSES)),
  yearBuilt: typedNumber(
    z.number().int('Une année, en chiffres.').min(1000, 'Une année sur 4 chiffres.').max(2100, 'Année trop lointaine.'),
  ),
  landSurface: typedNumber(area),
});
export type DetailsFormOutput = z.output<typeof detailsFormSchema>;

/** The stored facts as the form's strings (what the inputs show). */
export function detailsToForm(details: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    DETAIL_FIELDS.map(({ key }) => {
      const value = details[key];
      // A decimal reads with a comma, as a French person types it (the form reads both).
      return [
        key,
        value === undefined || value === null ? '' : typeof value === 'number' ? String(value).replace('.', ',') : String(value),
      ];
    }),
  );
}

/** The known facts from the form over the stored ones: blanks removed, unknown keys untouched. */
export function mergeDetails(stored: Record<string, unknown>, edited: Partial<DetailsFormOutput>): Record<string, unknown> {
  const kept = Object.fromEntries(Object.entries(stored).filter(([key]) => !KNOWN_KEYS.has(key)));
  const known = Object.fromEntries(
    DETAIL_FIELDS.map(({ key }) => [key, edited[key as keyof DetailsFormOutput]]).filter(([, v]) => v !== undefined),
  );
  return { ...known, ...kept };
}
