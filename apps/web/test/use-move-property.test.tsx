import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SessionStore, type BrowserSession } from '../src/features/auth/session-store.ts';
import { columnInput, withProperty, type ColumnData, type Pipeline, type PropertyItem } from '../src/features/properties/board-queries.ts';
import { useMoveProperty } from '../src/features/properties/use-move-property.ts';
import { createApiClient, TRPCProvider } from '../src/lib/trpc.ts';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { Toaster } from '../src/ui/toast.tsx';
import { pointAtRealApi, signUpAgency } from './app.tsx';
import { restAs } from './properties-scene.ts';

beforeAll(() => {
  pointAtRealApi();
});
afterEach(cleanup);

/** The hook with the app's real tRPC client and a cache holding the board as it was loaded. */
async function setUp(credentials: { email: string; password: string }) {
  const session = new SessionStore(async () => {
    throw new Error('no refresh in this test');
  });
  const login = await fetch('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  session.signIn((await login.json()) as BrowserSession);
  const client = createApiClient(session);
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } });
  const trpc = createTRPCOptionsProxy({ client, queryClient });
  await queryClient.fetchQuery(trpc.properties.pipeline.queryOptions());
  for (const status of ['PROSPECTION', 'MANDAT_SIGNE'] as const) {
    await queryClient.fetchInfiniteQuery(
      trpc.properties.list.infiniteQueryOptions(columnInput(status), { getNextPageParam: (p) => p.nextCursor }),
    );
  }
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={client} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
  const titles = (status: 'PROSPECTION' | 'MANDAT_SIGNE') =>
    queryClient
      .getQueryData<ColumnData>(trpc.properties.list.infiniteQueryKey(columnInput(status)))!
      .pages.flatMap((page) => page.items.map((item) => item.title));
  const count = (status: 'PROSPECTION' | 'MANDAT_SIGNE') =>
    queryClient.getQueryData<Pipeline>(trpc.properties.pipeline.queryKey())!.columns.find((c) => c.status === status)!.count;
  const item = (title: string) =>
    queryClient
      .getQueryData<ColumnData>(trpc.properties.list.infiniteQueryKey(columnInput('PROSPECTION')))!
      .pages.flatMap((page) => page.items)
      .find((p) => p.title === title)!;
  return { wrapper, queryClient, trpc, titles, count, item };
}

describe('useMoveProperty', () => {
  it('moves the card in the cache before the API answers, in creation order, and the API keeps it', async () => {
    const admin = await signUpAgency();
    const rest = await restAs(admin);
    await rest.createProperty({ title: 'Ancien mandat', status: 'MANDAT_SIGNE' });
    const moving = await rest.createProperty({ title: 'Maison à déplacer' });
    await rest.createProperty({ title: 'Dernier mandat', status: 'MANDAT_SIGNE' });
    const { wrapper, queryClient, titles, count, item } = await setUp(admin);
    const { result } = renderHook(() => useMoveProperty(), { wrapper });
    // Whether the request was still in flight when the card first showed in its new column.
    let pendingWhenMoved: number | undefined;
    const unsubscribe = queryClient.getQueryCache().subscribe(() => {
      if (pendingWhenMoved === undefined && titles('MANDAT_SIGNE').includes('Maison à déplacer'))
        pendingWhenMoved = queryClient.isMutating();
    });

    let done!: Promise<unknown>;
    act(() => {
      done = result.current.mutateAsync({ property: item('Maison à déplacer'), to: 'MANDAT_SIGNE' });
    });
    await waitFor(() => expect(titles('MANDAT_SIGNE')).toEqual(['Dernier mandat', 'Maison à déplacer', 'Ancien mandat']));
    expect(titles('PROSPECTION')).toEqual([]);
    expect([count('PROSPECTION'), count('MANDAT_SIGNE')]).toEqual([0, 3]);
    await act(async () => {
      await done;
    });
    unsubscribe();
    expect(pendingWhenMoved).toBe(1);
    expect((await rest.getProperty(moving.id)).status).toBe('MANDAT_SIGNE');
  });

  it('puts the card back and tells why in French when the API refuses', async () => {
    const admin = await signUpAgency();
    const rest = await restAs(admin);
    await rest.createProperty({ title: 'Maison du Panier' });
    const { wrapper, queryClient, trpc, titles, count } = await setUp(admin);
    // A property the agency no longer sees (another agency's id): the API answers « not found ».
    const other = await restAs(await signUpAgency('Autre agence'));
    const foreign = await other.createProperty({ title: 'Bien d’une autre agence' });
    const stale = await other.call<PropertyItem>(`/properties/${foreign.id}`);
    queryClient.setQueryData<ColumnData>(trpc.properties.list.infiniteQueryKey(columnInput('PROSPECTION')), (data) =>
      withProperty(data, stale),
    );
    const before = titles('PROSPECTION');
    render(<Toaster />);
    const { result } = renderHook(() => useMoveProperty(), { wrapper });

    await act(async () => {
      await result.current.mutateAsync({ property: stale, to: 'MANDAT_SIGNE' }).catch(() => undefined);
    });
    expect(await screen.findByText('Introuvable : l’élément a peut-être été supprimé.')).toBeTruthy();
    await waitFor(() => expect(queryClient.isFetching()).toBe(0));
    expect(titles('MANDAT_SIGNE')).toEqual([]);
    expect(titles('PROSPECTION')).toEqual(before);
    expect([count('PROSPECTION'), count('MANDAT_SIGNE')]).toEqual([1, 0]);
  });
});
