import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTRPC } from '../../lib/trpc.ts';
import { Skeleton } from '../../ui/feedback.tsx';

/** A property's title as a link to its page; « Non rattaché » without one. Cached per property. */
export function PropertyName({ propertyId, className }: { propertyId: string | null; className?: string }) {
  const trpc = useTRPC();
  const property = useQuery(trpc.properties.get.queryOptions({ id: propertyId ?? '' }, { enabled: !!propertyId, staleTime: 60_000 }));
  if (!propertyId) return <span className="text-slate-500 italic">Non rattaché</span>;
  if (property.isPending) return <Skeleton className="inline-block h-4 w-32 align-middle" />;
  if (property.isError) return <span className="text-slate-500">Bien introuvable</span>;
  return (
    <Link
      to="/biens/$propertyId"
      params={{ propertyId }}
      className={className ?? 'font-medium text-brand-700 hover:underline'}
      onClick={(event) => event.stopPropagation()}
    >
      {property.data.title}
      <span className="font-normal text-slate-500"> · {property.data.city}</span>
    </Link>
  );
}
