import { useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '../../lib/api-types.ts';
import { useTRPC } from '../../lib/trpc.ts';

export type PropertyDetail = RouterOutputs['properties']['get'];

/** After a change on a property: its fiche shows the answer at once, lists and counts refetch. */
export function useRefreshProperty(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async (detail?: PropertyDetail) => {
    if (detail) queryClient.setQueryData(trpc.properties.get.queryKey({ id }), detail);
    await queryClient.invalidateQueries(trpc.properties.pathFilter());
  };
}
