import { createTRPCClient, httpBatchLink, httpLink, httpSubscriptionLink, splitLink, TRPCClientError, type TRPCLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { observable } from '@trpc/server/observable';
import type { SessionStore } from '../features/auth/session-store.ts';
import type { AppRouter } from './api-types.ts';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** The API's own batch limit (more calls in one batch answer 400). */
const MAX_BATCH_ITEMS = 20;

type FetchLike = typeof fetch;

/** A client for the session procedures: no bearer, the HttpOnly cookie does the talking. */
export function createSessionClient(baseUrl = '', fetchImpl?: FetchLike) {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${baseUrl}/trpc`, ...(fetchImpl ? { fetch: fetchImpl } : {}) })] });
}

const isUnauthorized = (error: unknown): boolean => error instanceof TRPCClientError && error.data?.code === 'UNAUTHORIZED';

/**
 * An expired access token is renewed once and the call sent again; a second refusal (the session
 * really ended) signs the person out.
 */
function renewOnUnauthorized(store: SessionStore): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let inner = next(op).subscribe({
          next: (value) => observer.next(value),
          complete: () => observer.complete(),
          error: (error) => {
            if (!isUnauthorized(error) || op.path.startsWith('session.')) return observer.error(error);
            void store.refresh().then((session) => {
              if (!session) return observer.error(error);
              inner = next(op).subscribe(observer);
            });
          },
        });
        return () => inner.unsubscribe();
      });
}

/** The app's client: batched calls with the in-memory access token, session calls on their own. */
export function createApiClient(store: SessionStore, baseUrl = '', fetchImpl?: FetchLike) {
  const fetchOption = fetchImpl ? { fetch: fetchImpl } : {};
  return createTRPCClient<AppRouter>({
    links: [
      renewOnUnauthorized(store),
      splitLink({
        // The live events (SSE). An EventSource sends no headers: the token travels in tRPC's
        // connectionParams, read again at each reconnection; the API logs the path only.
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({
          url: `${baseUrl}/trpc`,
          async connectionParams() {
            const token = await store.accessToken();
            return token ? { token } : {};
          },
        }),
        false: splitLink({
          condition: (op) => op.path.startsWith('session.'),
          true: httpLink({ url: `${baseUrl}/trpc`, ...fetchOption }),
          false: httpBatchLink({
            url: `${baseUrl}/trpc`,
            maxItems: MAX_BATCH_ITEMS,
            ...fetchOption,
            async headers() {
              const token = await store.accessToken();
              return token ? { authorization: `Bearer ${token}` } : {};
            },
          }),
        }),
      }),
    ],
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;
