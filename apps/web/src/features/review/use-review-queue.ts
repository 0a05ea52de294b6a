import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { apiErrorData, toFrenchError } from '../../lib/errors.ts';
import { useTRPC, useTRPCClient } from '../../lib/trpc.ts';
import { notify } from '../../ui/toast.tsx';
import type { ResolveInput, ReviewItem } from './review-model.ts';

/** Enough to clear a morning's queue without paging by hand; further pages load on their own. */
const PAGE = 100;
const MAX_PAGES = 5;

/**
 * The open review items, all of them (paged by the API, gathered here), and the decision:
 * the item leaves the queue at once; a refusal brings it back with the French reason, except
 * when a colleague already settled it, which drops it for good.
 */
export function useReviewQueue() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const query = useInfiniteQuery(
    trpc.reviewQueue.list.infiniteQueryOptions({ limit: PAGE }, { getNextPageParam: (page) => page.nextCursor ?? undefined }),
  );
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const pages = query.data?.pages.length ?? 0;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && pages < MAX_PAGES) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage, pages]);

  // Decided here and not yet gone from the server's answer: hidden rather than spliced out of
  // the cache, so a refetch that lands mid-decision cannot bring them back.
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const hide = (id: string) => setHidden((s) => new Set(s).add(id));
  const show = (id: string) =>
    setHidden((s) => {
      const next = new Set(s);
      next.delete(id);
      return next;
    });

  const mutationKey = trpc.reviewQueue.resolve.mutationKey();
  const resolve = useMutation({
    mutationKey,
    mutationFn: (input: ResolveInput) => client.reviewQueue.resolve.mutate(input),
    onMutate: (input) => hide(input.id),
    onError(error, input) {
      const data = apiErrorData(error);
      if (data?.details?.reason === 'ALREADY_RESOLVED') {
        notify(toFrenchError(error).message, 'info');
        return;
      }
      show(input.id);
      notify(toFrenchError(error).message, 'error');
    },
    onSuccess() {
      // What the decision changed shows elsewhere: the message's or document's property, the note's pipeline.
      void queryClient.invalidateQueries(trpc.messages.pathFilter());
      void queryClient.invalidateQueries(trpc.files.pathFilter());
      void queryClient.invalidateQueries(trpc.vocals.pathFilter());
    },
    async onSettled() {
      // Read the queue again once the last decision in flight has settled.
      if (queryClient.isMutating({ mutationKey }) === 1) await queryClient.invalidateQueries(trpc.reviewQueue.pathFilter());
    },
  });

  const all = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const items: ReviewItem[] = useMemo(() => all.filter((item) => !hidden.has(item.id)), [all, hidden]);
  return {
    items,
    isPending: query.isPending,
    error: query.error,
    more: query.hasNextPage,
    resolve: (input: ResolveInput) => resolve.mutate(input),
  };
}
