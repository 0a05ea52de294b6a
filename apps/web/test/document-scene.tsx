import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { onTestFinished } from 'vitest';
import { createApp } from '../src/app.tsx';
import type { BrowserSession } from '../src/features/auth/session-store.ts';
import { SessionContext } from '../src/features/auth/use-session.ts';
import { PropertyDocuments } from '../src/features/documents/property-documents.tsx';
import { TRPCProvider } from '../src/lib/trpc.ts';
import { Toaster } from '../src/ui/toast.tsx';
import { registerAgency } from './app.tsx';

/** A new agency and one of its properties, by REST. */
export async function agencyWithProperty(): Promise<{ session: BrowserSession; token: string; propertyId: string }> {
  const { session } = await registerAgency('Agence des Documents');
  const token = session.accessToken;
  const created = await fetch('/api/v1/properties', {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Maison de ville',
      address: '3 rue des Lices',
      postalCode: '84000',
      city: 'Avignon',
      owner: { firstName: 'Anne', lastName: 'Vendeuse', phone: '0612121212' },
    }),
  });
  if (created.status !== 201) throw new Error(`creating a property answered ${created.status}`);
  const { id } = (await created.json()) as { id: string };
  return { session, token, propertyId: id };
}

/** The documents panel with the app's own session, API client and cache, as the fiche bien mounts it. */
export async function renderDocuments() {
  const { session, token, propertyId } = await agencyWithProperty();
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  const app = createApp({ queryClient });
  app.session.signIn(session);
  // Its BroadcastChannel would keep the worker alive after the last test.
  onTestFinished(() => app.session.close());
  render(
    <SessionContext.Provider value={app.session}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={app.trpcClient} queryClient={queryClient}>
          <PropertyDocuments propertyId={propertyId} />
          <Toaster />
        </TRPCProvider>
      </QueryClientProvider>
    </SessionContext.Provider>,
  );
  const api = async <T,>(path: string): Promise<T> => {
    const answer = await fetch(`/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    return (await answer.json()) as T;
  };
  return { propertyId, token, api, user: userEvent.setup() };
}
