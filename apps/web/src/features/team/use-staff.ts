import type { StaffRole } from '@monimmo/contract/vocabulary/lists';
import { STAFF_ROLE_LABELS } from '@monimmo/contract/vocabulary/lists';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '../../lib/api-types.ts';
import { toFrenchError } from '../../lib/errors.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { notify } from '../../ui/toast.tsx';
import { useSessionStore } from '../auth/use-session.ts';

export type StaffMember = RouterOutputs['users']['list']['items'][number];

const STAFF_PAGE = 50;

/** The agency's staff, newest first, page after page. */
export function useStaff() {
  const trpc = useTRPC();
  const query = useInfiniteQuery(
    trpc.users.list.infiniteQueryOptions({ accountType: 'AGENT', limit: STAFF_PAGE }, { getNextPageParam: (page) => page.nextCursor }),
  );
  const members = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...query, members };
}

/** Gives a member another role; the refusal (last administrator…) is said in French. */
export function useChangeRole() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const store = useSessionStore();
  return useMutation(
    trpc.users.update.mutationOptions({
      async onSuccess(updated) {
        const role = updated.role as StaffRole;
        notify(`${updated.firstName} ${updated.lastName} est désormais ${STAFF_ROLE_LABELS[role]}.`, 'success');
        const state = store.getSnapshot();
        // One's own new role shows in the menu and decides which buttons appear.
        if (state.status === 'signedIn' && state.session.user.id === updated.id) await store.refresh();
        await queryClient.invalidateQueries(trpc.users.pathFilter());
      },
      onError(error) {
        notify(toFrenchError(error).message, 'error');
      },
    }),
  );
}
