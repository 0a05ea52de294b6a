import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTRPC } from '../../lib/trpc.ts';

/** A note's property as a link by its title, or « Bien à identifier » when none is known yet. */
export function PropertyName({ propertyId }: { propertyId: string | null }) {
  const trpc = useTRPC();
  const property = useQuery(
    trpc.properties.get.queryOptions({ id: propertyId ?? '' }, { enabled: Boolean(propertyId), staleTime: 60_000 }),
  );
  if (!propertyId) return <span className="text-amber-800">Bien à identifier</span>;
  return (
    <Link
      to="/biens/$propertyId"
      params={{ propertyId }}
      className="font-medium text-brand-700 underline-offset-2 hover:underline"
      onClick={(event) => event.stopPropagation()}
    >
      {property.data?.title ?? 'Voir le bien'}
    </Link>
  );
}
