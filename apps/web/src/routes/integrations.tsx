import { useQuery } from '@tanstack/react-query';
import { RotateCw } from 'lucide-react';
import { ProviderCard } from '../features/integrations/provider-card.tsx';
import { anySyncing } from '../features/integrations/state.ts';
import { toFrenchError } from '../lib/errors.ts';
import { useTRPC } from '../lib/trpc.ts';
import { Button } from '../ui/button.tsx';
import { EmptyState, PageHeader, Skeleton } from '../ui/feedback.tsx';

/** Gmail, Google Agenda and WhatsApp for the agency: connect, sync, disconnect. */
export function IntegrationsScreen() {
  const trpc = useTRPC();
  const integrations = useQuery({
    ...trpc.integrations.list.queryOptions({}),
    // While a sync is on its way, ask again until it has finished.
    refetchInterval: (query) => (anySyncing(query.state.data?.items) ? 2000 : false),
  });

  return (
    <div>
      <PageHeader title="Intégrations" />
      <p className="-mt-3 mb-6 max-w-2xl text-sm text-slate-600">
        Reliez la messagerie, l’agenda et WhatsApp de l’agence : ce qu’ils reçoivent arrive dans Monimmo et se range sur le bon bien.
      </p>
      {integrations.isPending ? (
        <div role="status" aria-live="polite" className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
          <span className="sr-only">Chargement des intégrations…</span>
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-52 w-full rounded-xl" />
          ))}
        </div>
      ) : integrations.isError ? (
        <EmptyState
          icon={RotateCw}
          title="Impossible d’afficher les intégrations"
          action={
            <Button variant="secondary" onClick={() => void integrations.refetch()}>
              Réessayer
            </Button>
          }
        >
          {toFrenchError(integrations.error).message}
        </EmptyState>
      ) : (
        <div className="grid grid-cols-1 items-start gap-4 md:grid-cols-2 xl:grid-cols-3">
          {integrations.data.items.map((integration) => (
            <ProviderCard key={integration.provider} integration={integration} />
          ))}
        </div>
      )}
    </div>
  );
}
