import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { RouterOutputs } from '../../lib/api-types.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { isInProgress } from './vocal-status.tsx';

export type VocalSummary = RouterOutputs['vocals']['list']['items'][number];
export type Vocal = RouterOutputs['vocals']['get'];

const PAGE = 20;
/** Until the live event stream replaces it: how often a screen asks again while a note is being processed. */
export const PROCESSING_REFRESH_MS = 3000;

/** The agency's voice notes (or one property's), newest first, refreshed while any is in progress. */
export function useVocals(propertyId?: string) {
  const trpc = useTRPC();
  const query = useInfiniteQuery({
    ...trpc.vocals.list.infiniteQueryOptions(
      { limit: PAGE, ...(propertyId ? { propertyId } : {}) },
      { getNextPageParam: (page) => page.nextCursor },
    ),
    refetchInterval: (q) =>
      q.state.data?.pages.some((page) => page.items.some((vocal) => isInProgress(vocal.status))) ? PROCESSING_REFRESH_MS : false,
  });
  const vocals = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...query, vocals };
}

/** One voice note in full, refreshed while its processing runs. */
export function useVocal(id: string) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.vocals.get.queryOptions({ id }),
    refetchInterval: (q) => (q.state.data && isInProgress(q.state.data.status) ? PROCESSING_REFRESH_MS : false),
  });
}

/** « 1 min 07 s » for a known duration. */
export function formatDuration(seconds: number | null): string | null {
  if (seconds == null) return null;
  const whole = Math.round(seconds);
  const m = Math.floor(whole / 60);
  const s = whole % 60;
  return m > 0 ? `${m} min ${String(s).padStart(2, '0')} s` : `${s} s`;
}
