import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { RouterOutputs } from '../../lib/api-types.ts';
import { useTRPC } from '../../lib/trpc.ts';

export type ContactItem = RouterOutputs['users']['list']['items'][number];

const CONTACTS_PAGE = 30;

/** The agency's clients, matching `q` when given (the API ranks them, accents and case ignored). */
export function useContacts(q: string) {
  const trpc = useTRPC();
  const words = q.trim();
  const query = useInfiniteQuery({
    ...trpc.users.list.infiniteQueryOptions(
      { accountType: 'CLIENT', limit: CONTACTS_PAGE, ...(words ? { q: words } : {}) },
      { getNextPageParam: (page) => page.nextCursor },
    ),
    // The previous results stay on screen while the next search runs.
    placeholderData: keepPreviousData,
  });
  const contacts = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...query, contacts };
}
