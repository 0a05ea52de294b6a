import { PROPERTY_STATUS_LABELS, type PropertyStatus } from '@monimmo/contract/vocabulary/lists';
import { Badge } from '../../ui/badge.tsx';

const TONE: Record<PropertyStatus, 'neutral' | 'brand' | 'success' | 'warning'> = {
  PROSPECTION: 'neutral',
  MANDAT_SIGNE: 'brand',
  EN_DIFFUSION: 'brand',
  VISITES: 'brand',
  OFFRES: 'warning',
  COMPROMIS: 'warning',
  VENDU: 'success',
  ARCHIVE: 'neutral',
};

export const StatusBadge = ({ status }: { status: PropertyStatus }) => <Badge tone={TONE[status]}>{PROPERTY_STATUS_LABELS[status]}</Badge>;

/** « Jeanne Dupont », or « Jeanne Dupont et 1 autre » when several owners sell together. */
export function ownerNames(owners: { firstName: string; lastName: string }[]): string {
  const [first, ...others] = owners;
  if (!first) return 'Propriétaire non renseigné';
  const name = `${first.firstName} ${first.lastName}`;
  return others.length === 0 ? name : `${name} et ${others.length} autre${others.length > 1 ? 's' : ''}`;
}
