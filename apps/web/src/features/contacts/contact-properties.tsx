import { PARTICIPANT_ROLE_LABELS, PROPERTY_STATUS_LABELS } from '@monimmo/contract/vocabulary/lists';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { toFrenchError } from '../../lib/errors.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Badge } from '../../ui/badge.tsx';
import { Skeleton } from '../../ui/feedback.tsx';

/** The properties a contact takes part in (with their role) and those they are interested in. */
export function ContactProperties({ contactId }: { contactId: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.users.get.queryOptions({ id: contactId }));

  if (detail.isPending) {
    return (
      <div role="status" className="space-y-2">
        <span className="sr-only">Chargement des biens…</span>
        <Skeleton className="h-5 w-2/3" />
        <Skeleton className="h-5 w-1/2" />
      </div>
    );
  }
  if (detail.isError) return <p className="text-sm text-red-700">{toFrenchError(detail.error).message}</p>;

  const { properties, prospectFor } = detail.data;
  if (properties.length === 0 && prospectFor.length === 0) {
    return <p className="text-sm text-slate-500">Ce contact n’est lié à aucun bien pour l’instant.</p>;
  }
  return (
    <ul className="space-y-1.5">
      {properties.map(({ property, role }) => (
        <PropertyLine key={`${property.id}-${role}`} property={property} badge={PARTICIPANT_ROLE_LABELS[role]} />
      ))}
      {prospectFor.map(({ property }) => (
        <PropertyLine key={`${property.id}-prospect`} property={property} badge="Intéressé" />
      ))}
    </ul>
  );
}

type PropertyRef = { id: string; title: string; city: string; postalCode: string; status: keyof typeof PROPERTY_STATUS_LABELS };

function PropertyLine({ property, badge }: { property: PropertyRef; badge: string }) {
  return (
    <li className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
      <Badge tone="brand">{badge}</Badge>
      <Link to="/biens/$propertyId" params={{ propertyId: property.id }} className="font-medium text-brand-700 hover:underline">
        {property.title}
      </Link>
      <span className="text-slate-500">
        {property.postalCode} {property.city} · {PROPERTY_STATUS_LABELS[property.status]}
      </span>
    </li>
  );
}
