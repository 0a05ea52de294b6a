import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider, type RouterHistory } from '@tanstack/react-router';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { SessionStore } from './features/auth/session-store.ts';
import { SessionContext } from './features/auth/use-session.ts';
import { createApiClient, createSessionClient, TRPCProvider } from './lib/trpc.ts';
import { createAppRouter } from './router.tsx';
import { Toaster } from './ui/toast.tsx';

/** Everything the screens share: the session, the API client, the query cache and the router. */
export function createApp(options: { history?: RouterHistory; queryClient?: QueryClient } = {}) {
  const sessionClient = createSessionClient();
  const session = new SessionStore(() => sessionClient.session.refresh.mutate());
  const trpcClient = createApiClient(session);
  const queryClient = options.queryClient ?? new QueryClient({ defaultOptions: { queries: { staleTime: 15_000, retry: 1 } } });
  const trpc = createTRPCOptionsProxy({ client: trpcClient, queryClient });
  const router = createAppRouter({ queryClient, trpc, session }, options.history);

  // Signing out (here or in another tab) forgets every cached answer and leaves the screen.
  session.subscribe(() => {
    if (session.getSnapshot().status === 'signedOut') {
      queryClient.clear();
      void router.invalidate();
    }
  });

  function App() {
    return (
      <SessionContext.Provider value={session}>
        <QueryClientProvider client={queryClient}>
          <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
            <RouterProvider router={router} />
            <Toaster />
          </TRPCProvider>
        </QueryClientProvider>
      </SessionContext.Provider>
    );
  }

  return { App, session, sessionClient, trpcClient, queryClient, router };
}
