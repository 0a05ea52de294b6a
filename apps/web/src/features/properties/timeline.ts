import { PROPERTY_STATUS_LABELS } from '@monimmo/contract/vocabulary/lists';
import type { RouterOutputs } from '../../lib/api-types.ts';
import { formatDate } from '../../lib/format.ts';

export type TimelineEvent = RouterOutputs['properties']['get']['timeline'][number];

const time = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' });

/** « 7 déc. 2026 à 10:42 » */
export const formatMoment = (iso: string): string => `${formatDate(iso)} à ${time.format(new Date(iso))}`;

/** Who did it; no actor means the app did it on its own (a voice note, a sync). */
export const actorName = (event: TimelineEvent): string =>
  event.actor ? `${event.actor.firstName} ${event.actor.lastName}` : 'Un automatisme';

/** What happened, as a sentence: « Claire Martin a déplacé le bien de Mandat signé vers En diffusion ». */
export function timelineSentence(event: TimelineEvent): string {
  const who = actorName(event);
  if (event.type === 'CREATED') return `${who} a créé le bien`;
  const to = event.toStatus ? PROPERTY_STATUS_LABELS[event.toStatus] : undefined;
  const from = event.fromStatus ? PROPERTY_STATUS_LABELS[event.fromStatus] : undefined;
  if (from && to) return `${who} a déplacé le bien de ${from} vers ${to}`;
  if (to) return `${who} a placé le bien en ${to}`;
  return `${who} a changé l’étape du bien`;
}
