import { PROPERTY_STATUS_LABELS, type PropertyStatus } from '@monimmo/contract/vocabulary/lists';
import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { AppRouter } from '../../lib/api-types.ts';
import { toFrenchError } from '../../lib/errors.ts';
import { useTRPC, useTRPCClient } from '../../lib/trpc.ts';
import { notify } from '../../ui/toast.tsx';
import {
  columnInput,
  withCountsMoved,
  withoutProperty,
  withProperty,
  type ColumnData,
  type Pipeline,
  type PropertyItem,
} from './board-queries.ts';

export interface MoveVariables {
  property: PropertyItem;
  to: PropertyStatus;
}

/** Moves the card in every cached view of the board: the counts and both columns. */
function moveInCache(queryClient: QueryClient, trpc: TRPCOptionsProxy<AppRouter>, property: PropertyItem, to: PropertyStatus) {
  const from = property.status;
  queryClient.setQueryData<Pipeline>(trpc.properties.pipeline.queryKey(), (pipeline) => withCountsMoved(pipeline, from, to));
  queryClient.setQueryData<ColumnData>(trpc.properties.list.infiniteQueryKey(columnInput(from)), (data) =>
    withoutProperty(data, property.id),
  );
  queryClient.setQueryData<ColumnData>(trpc.properties.list.infiniteQueryKey(columnInput(to)), (data) =>
    withProperty(data, { ...property, status: to }),
  );
}

/**
 * Moves a property to another pipeline column: the card moves at once, the API is asked, and a
 * refusal puts the card back with the French reason. Several moves may be in flight: each undoes
 * only its own, and the board is read again once the last one has settled.
 */
export function useMoveProperty() {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const mutationKey = trpc.properties.changeStatus.mutationKey();

  return useMutation({
    mutationKey,
    mutationFn: ({ property, to }: MoveVariables) => client.properties.changeStatus.mutate({ id: property.id, status: to }),
    async onMutate({ property, to }) {
      if (property.status === to) return undefined;
      // A refetch landing after the move would show the card back in its old column for a moment.
      await Promise.all([
        queryClient.cancelQueries({ queryKey: trpc.properties.pipeline.queryKey() }),
        queryClient.cancelQueries({ queryKey: trpc.properties.list.infiniteQueryKey(columnInput(property.status)) }),
        queryClient.cancelQueries({ queryKey: trpc.properties.list.infiniteQueryKey(columnInput(to)) }),
      ]);
      moveInCache(queryClient, trpc, property, to);
      return { moved: true };
    },
    onError(error, { property, to }, context) {
      if (context?.moved) moveInCache(queryClient, trpc, { ...property, status: to }, property.status);
      notify(toFrenchError(error).message, 'error');
    },
    onSuccess(_detail, { property, to }) {
      if (property.status !== to)
        notify(`«\u00a0${property.title}\u00a0» est passé en «\u00a0${PROPERTY_STATUS_LABELS[to]}\u00a0».`, 'success');
    },
    async onSettled() {
      if (queryClient.isMutating({ mutationKey }) === 1) await queryClient.invalidateQueries(trpc.properties.pathFilter());
    },
  });
}
