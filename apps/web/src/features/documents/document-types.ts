import {
  DOCUMENT_FAMILIES,
  DOCUMENT_FAMILY_LABELS,
  DOCUMENT_FAMILY_NAMES,
  FILE_STATUS_LABELS,
  TYPE_DOCUMENT_LABELS,
  type DocumentFamily,
  type FileStatus,
  type TypeDocument,
} from '@monimmo/contract/vocabulary/lists';

/** The types a person picks from, by family, in the vocabulary's order. */
export const TYPE_GROUPS = DOCUMENT_FAMILY_NAMES.map((family) => ({
  family,
  label: DOCUMENT_FAMILY_LABELS[family],
  types: DOCUMENT_FAMILIES[family].map((type: TypeDocument) => ({ value: type, label: TYPE_DOCUMENT_LABELS[type] })),
}));

const TYPES = new Set<string>(Object.keys(TYPE_DOCUMENT_LABELS));
export const isTypeDocument = (value: string): value is TypeDocument => TYPES.has(value);

export const UNCLASSIFIED_LABEL = 'À classer';

export const typeLabel = (type: TypeDocument | null): string => (type ? TYPE_DOCUMENT_LABELS[type] : UNCLASSIFIED_LABEL);

/** A document waiting for the classifier job (no type chosen by a person yet). */
export const isClassifying = (file: { status: FileStatus }): boolean => file.status === 'UPLOADED';

export function statusOf(file: { status: FileStatus }): { label: string; tone: 'brand' | 'warning' | 'success' } {
  if (file.status === 'UPLOADED') return { label: 'Classement en cours…', tone: 'brand' };
  if (file.status === 'REVIEW_REQUIRED') return { label: FILE_STATUS_LABELS.REVIEW_REQUIRED, tone: 'warning' };
  return { label: FILE_STATUS_LABELS.CLASSIFIED, tone: 'success' };
}

export interface FamilyGroup<T> {
  key: DocumentFamily | 'UNCLASSIFIED';
  label: string;
  files: T[];
}

/** Documents by family, families in the vocabulary's order, those without a type first. */
export function groupByFamily<T extends { family: DocumentFamily | null }>(files: T[]): FamilyGroup<T>[] {
  const unclassified = files.filter((f) => f.family === null);
  const groups: FamilyGroup<T>[] = unclassified.length ? [{ key: 'UNCLASSIFIED', label: UNCLASSIFIED_LABEL, files: unclassified }] : [];
  for (const family of DOCUMENT_FAMILY_NAMES) {
    const inFamily = files.filter((f) => f.family === family);
    if (inFamily.length) groups.push({ key: family, label: DOCUMENT_FAMILY_LABELS[family], files: inFamily });
  }
  return groups;
}
