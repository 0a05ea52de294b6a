import { INTEGRATION_PROVIDER_LABELS, type IntegrationProvider } from '@monimmo/contract/vocabulary/lists';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CalendarDays, Mail, MessageCircle, RefreshCw, Unplug } from 'lucide-react';
import { useState } from 'react';
import { useSession, canManageStaff } from '../auth/use-session.ts';
import { toFrenchError } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Badge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { notify } from '../../ui/toast.tsx';
import { integrationState, PROVIDER_PURPOSE, PROVIDER_SLUG, type Integration } from './state.ts';
import { WhatsAppWebhookDetails } from './webhook-details.tsx';
import { WhatsAppConnectForm } from './whatsapp-connect.tsx';

const ICONS: Record<IntegrationProvider, typeof Mail> = { GMAIL: Mail, GOOGLE_CALENDAR: CalendarDays, WHATSAPP: MessageCircle };

/** One provider: its state, its last sync and what the person may do with it. */
export function ProviderCard({ integration }: { integration: Integration }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const manager = canManageStaff(useSession());
  const [showForm, setShowForm] = useState(false);
  const [verifyToken, setVerifyToken] = useState<string | null>(null);
  const { provider } = integration;
  const label = INTEGRATION_PROVIDER_LABELS[provider];
  const slug = PROVIDER_SLUG[provider];
  const state = integrationState(integration);
  const connected = integration.status !== 'DISCONNECTED';
  const Icon = ICONS[provider];
  const refresh = () => queryClient.invalidateQueries(trpc.integrations.pathFilter());

  const consent = useMutation(trpc.integrations.startGoogleConsent.mutationOptions());
  // The page is leaving for Google: the button stays busy until it has gone.
  const [leaving, setLeaving] = useState(false);
  const sync = useMutation(trpc.integrations.sync.mutationOptions());
  const disconnect = useMutation(trpc.integrations.disconnect.mutationOptions());

  // Off to Google's consent screen (with the mock connectors, straight to its callback).
  const connectGoogle = async () => {
    if (slug === 'whatsapp') return;
    try {
      const { url } = await consent.mutateAsync({ provider: slug });
      setLeaving(true);
      window.location.assign(url);
    } catch (error) {
      notify(toFrenchError(error).message, 'error');
    }
  };
  const syncNow = async () => {
    try {
      await sync.mutateAsync({ provider: slug });
      notify(`Synchronisation de ${label} lancée.`, 'info');
    } catch (error) {
      notify(toFrenchError(error).message, 'error');
    }
    await refresh();
  };
  const disconnectNow = async () => {
    try {
      await disconnect.mutateAsync({ provider: slug });
      setVerifyToken(null);
      notify(`${label} est déconnecté. Ce qui a été importé reste dans Monimmo.`, 'success');
    } catch (error) {
      notify(toFrenchError(error).message, 'error');
    }
    await refresh();
  };

  const needsConnect = integration.status === 'DISCONNECTED' || integration.status === 'NEEDS_RECONNECT';
  const connectLabel = integration.status === 'NEEDS_RECONNECT' ? 'Reconnecter' : 'Connecter';

  return (
    <article aria-label={label} className="flex min-w-0 flex-col rounded-xl border border-slate-200 bg-white p-4 shadow-sm sm:p-5">
      <div className="flex items-start gap-3">
        <span className="flex h-10 w-10 shrink-0 items-center justify-center rounded-lg bg-brand-50 text-brand-700">
          <Icon aria-hidden="true" className="h-5 w-5" />
        </span>
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h2 className="text-base font-semibold text-slate-900">{label}</h2>
            <Badge tone={state.tone}>
              {state.busy ? <RefreshCw aria-hidden="true" className="mr-1 h-3 w-3 animate-spin" /> : null}
              {state.label}
            </Badge>
          </div>
          {integration.accountLabel && connected ? <p className="truncate text-sm text-slate-600">{integration.accountLabel}</p> : null}
        </div>
      </div>
      <p className="mt-3 text-sm text-slate-600">{PROVIDER_PURPOSE[provider]}</p>

      {connected ? (
        <dl className="mt-3 space-y-1 text-sm">
          <div className="flex flex-wrap gap-x-1">
            <dt className="text-slate-500">Dernière synchronisation :</dt>
            <dd className="text-slate-800">{integration.lastSyncedAt ? formatDateTime(integration.lastSyncedAt) : 'pas encore'}</dd>
          </div>
        </dl>
      ) : null}
      {integration.lastError && connected ? (
        <p role="alert" className="mt-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {integration.lastError}
        </p>
      ) : null}
      {integration.status === 'NEEDS_RECONNECT' && !integration.lastError ? (
        <p className="mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {label} a retiré l’autorisation de Monimmo : connectez-le de nouveau.
        </p>
      ) : null}

      {provider === 'WHATSAPP' && connected && integration.status !== 'NEEDS_RECONNECT' ? (
        <WhatsAppWebhookDetails verifyToken={verifyToken} />
      ) : null}

      {showForm ? (
        <WhatsAppConnectForm
          onConnected={(token) => {
            setVerifyToken(token);
            setShowForm(false);
          }}
          onCancel={() => setShowForm(false)}
        />
      ) : (
        <div className="mt-4 flex flex-wrap gap-2 pt-1">
          {needsConnect && manager ? (
            <Button
              onClick={() => (provider === 'WHATSAPP' ? setShowForm(true) : void connectGoogle())}
              disabled={consent.isPending || leaving}
            >
              {/* One text run: the button's flex gap would otherwise split it around the hidden name. */}
              <span>
                {consent.isPending || leaving ? 'Connexion…' : connectLabel}
                <span className="sr-only"> {label}</span>
              </span>
            </Button>
          ) : null}
          {needsConnect && !manager ? (
            <p className="text-sm text-slate-600">Un responsable ou un administrateur de l’agence peut connecter {label}.</p>
          ) : null}
          {connected && integration.status !== 'NEEDS_RECONNECT' ? (
            <Button variant="secondary" onClick={() => void syncNow()} disabled={sync.isPending || state.busy}>
              <RefreshCw aria-hidden="true" className="h-4 w-4" />
              <span>
                Synchroniser<span className="sr-only"> {label}</span> maintenant
              </span>
            </Button>
          ) : null}
          {connected && manager ? (
            <Button variant="ghost" onClick={() => void disconnectNow()} disabled={disconnect.isPending}>
              <Unplug aria-hidden="true" className="h-4 w-4" />
              <span>
                Déconnecter<span className="sr-only"> {label}</span>
              </span>
            </Button>
          ) : null}
        </div>
      )}
    </article>
  );
}
