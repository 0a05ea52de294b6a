import { INTEGRATION_STATUS_LABELS, type IntegrationProvider } from '@monimmo/contract/vocabulary/lists';
import type { RouterOutputs } from '../../lib/api-types.ts';

export type Integration = RouterOutputs['integrations']['list']['items'][number];
export type ProviderSlug = 'gmail' | 'google-calendar' | 'whatsapp';

export const PROVIDER_SLUG: Record<IntegrationProvider, ProviderSlug> = {
  GMAIL: 'gmail',
  GOOGLE_CALENDAR: 'google-calendar',
  WHATSAPP: 'whatsapp',
};

export const PROVIDER_PURPOSE: Record<IntegrationProvider, string> = {
  GMAIL: 'Les e-mails reçus arrivent dans la boîte de réception, leurs pièces jointes dans les documents.',
  GOOGLE_CALENDAR: 'Vos rendez-vous apparaissent dans l’agenda et sur la fiche du bien concerné.',
  WHATSAPP: 'Les messages, photos et notes vocales WhatsApp arrivent dans la boîte de réception.',
};

export type StateTone = 'neutral' | 'brand' | 'success' | 'warning' | 'danger';

/** What a person reads of an integration's state: a failed last sync shows as « En erreur ». */
export function integrationState(integration: Integration): { label: string; tone: StateTone; busy: boolean } {
  switch (integration.status) {
    case 'DISCONNECTED':
      return { label: 'Non connecté', tone: 'neutral', busy: false };
    case 'NEEDS_RECONNECT':
      return { label: 'À reconnecter', tone: 'danger', busy: false };
    case 'SYNC_QUEUED':
    case 'SYNCING':
      return { label: INTEGRATION_STATUS_LABELS[integration.status], tone: 'brand', busy: true };
    case 'CONNECTED':
      return integration.lastError
        ? { label: 'En erreur', tone: 'warning', busy: false }
        : { label: 'Connecté', tone: 'success', busy: false };
  }
}

/** Whether the list should be asked again soon: a sync is on its way. */
export const anySyncing = (items: Integration[] | undefined): boolean => Boolean(items?.some((i) => integrationState(i).busy));
