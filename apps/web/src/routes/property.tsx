import { DOCUMENT_FAMILY_LABELS, PROPERTY_STATUS_LABELS, type DocumentFamily } from '@monimmo/contract/vocabulary/lists';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { ArrowLeft, MapPin, MapPinOff, RotateCw } from 'lucide-react';
import { PropertyAppointments } from '../features/calendar/property-appointments.tsx';
import { PropertyDocuments } from '../features/documents/property-documents.tsx';
import { PropertyMessages } from '../features/messages/property-messages.tsx';
import { PropertyFacts } from '../features/properties/property-facts.tsx';
import { PropertyParticipants } from '../features/properties/property-participants.tsx';
import { PropertyProspects } from '../features/properties/property-prospects.tsx';
import { PropertyTimeline } from '../features/properties/property-timeline.tsx';
import { PropertyVocals } from '../features/vocals/property-vocals.tsx';
import type { PropertyDetail } from '../features/properties/use-property.ts';
import { apiErrorData, toFrenchError } from '../lib/errors.ts';
import { formatPrice, plural } from '../lib/format.ts';
import { useTRPC } from '../lib/trpc.ts';
import { Badge } from '../ui/badge.tsx';
import { Button } from '../ui/button.tsx';
import { Card } from '../ui/card.tsx';
import { EmptyState, Skeleton } from '../ui/feedback.tsx';

/** The fiche bien: its facts, people, history and documents. */
export function PropertyScreen() {
  const { propertyId } = useParams({ from: '/app/biens/$propertyId' });
  const trpc = useTRPC();
  const property = useQuery(trpc.properties.get.queryOptions({ id: propertyId }));

  if (property.isPending) return <PropertySkeleton />;
  if (property.isError) {
    const code = apiErrorData(property.error)?.code;
    // Another agency's id answers « not found », like a malformed one.
    if (code === 'NOT_FOUND' || code === 'BAD_REQUEST') return <PropertyNotFound />;
    return (
      <EmptyState
        icon={RotateCw}
        title="Impossible d’afficher ce bien"
        action={
          <Button variant="secondary" onClick={() => void property.refetch()}>
            Réessayer
          </Button>
        }
      >
        {toFrenchError(property.error).message}
      </EmptyState>
    );
  }
  return <PropertyPage property={property.data} />;
}

function BackLink() {
  return (
    <Link to="/biens" className="inline-flex items-center gap-1 text-sm font-medium text-slate-600 hover:text-slate-900">
      <ArrowLeft aria-hidden="true" className="h-4 w-4" />
      Biens
    </Link>
  );
}

function PropertyPage({ property }: { property: PropertyDetail }) {
  return (
    <div className="space-y-6">
      <PropertyHeader property={property} />
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="min-w-0 space-y-6">
          <PropertyFacts property={property} />
          <Card title="Documents">
            <DocumentSummary property={property} />
            <PropertyDocuments propertyId={property.id} />
          </Card>
          <PropertyMessages propertyId={property.id} />
        </div>
        <div className="min-w-0 space-y-6">
          <PropertyParticipants property={property} />
          <PropertyProspects property={property} />
          <PropertyVocals propertyId={property.id} />
          <PropertyAppointments propertyId={property.id} />
          <PropertyTimeline property={property} />
        </div>
      </div>
    </div>
  );
}

function PropertyHeader({ property }: { property: PropertyDetail }) {
  return (
    <header className="space-y-3">
      <BackLink />
      <div className="flex flex-wrap items-start justify-between gap-x-6 gap-y-2">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <h1 className="text-2xl font-semibold break-words text-slate-900">{property.title}</h1>
            <Badge tone={property.status === 'ARCHIVE' ? 'neutral' : property.status === 'VENDU' ? 'success' : 'brand'}>
              {PROPERTY_STATUS_LABELS[property.status]}
            </Badge>
          </div>
          <p className="flex items-start gap-1 text-sm text-slate-600">
            <MapPin aria-hidden="true" className="mt-0.5 h-4 w-4 shrink-0" />
            {property.address}, {property.postalCode} {property.city}
          </p>
        </div>
        <div className="text-left sm:text-right">
          <p className="text-2xl font-semibold text-slate-900">{formatPrice(property.price)}</p>
          {property.mandateNumber ? <p className="text-sm text-slate-600">Mandat n° {property.mandateNumber}</p> : null}
        </div>
      </div>
    </header>
  );
}

function DocumentSummary({ property }: { property: PropertyDetail }) {
  const families = (Object.entries(property.documentCounts) as [DocumentFamily, number][]).filter(([, n]) => n > 0);
  if (families.length === 0 && property.unclassifiedDocuments === 0) return null;
  return (
    <ul aria-label="Documents par famille" className="mb-4 flex flex-wrap gap-2">
      {families.map(([family, n]) => (
        <li key={family}>
          <Badge>
            {DOCUMENT_FAMILY_LABELS[family]} · {n}
          </Badge>
        </li>
      ))}
      {property.unclassifiedDocuments > 0 ? (
        <li>
          <Badge tone="warning">{plural(property.unclassifiedDocuments, 'document à classer', 'documents à classer')}</Badge>
        </li>
      ) : null}
    </ul>
  );
}

function PropertyNotFound() {
  return (
    <div className="mx-auto max-w-xl space-y-4 py-8">
      <EmptyState
        icon={MapPinOff}
        title="Bien introuvable"
        action={
          <Button asChild>
            <Link to="/biens">Retour aux biens</Link>
          </Button>
        }
      >
        Ce bien n’existe pas ou n’appartient pas à votre agence. Le lien est peut-être incomplet, ou le bien a été supprimé.
      </EmptyState>
    </div>
  );
}

function PropertySkeleton() {
  return (
    <div role="status" aria-live="polite" className="space-y-6">
      <span className="sr-only">Chargement du bien…</span>
      <div className="space-y-2">
        <Skeleton className="h-4 w-16" />
        <Skeleton className="h-8 w-2/3 max-w-md" />
        <Skeleton className="h-4 w-1/2 max-w-sm" />
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-6">
          <Skeleton className="h-72 w-full rounded-xl" />
          <Skeleton className="h-48 w-full rounded-xl" />
        </div>
        <div className="space-y-6">
          <Skeleton className="h-48 w-full rounded-xl" />
          <Skeleton className="h-40 w-full rounded-xl" />
        </div>
      </div>
    </div>
  );
}
