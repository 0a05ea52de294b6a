import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { AlertTriangle, Building2, SearchX } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { toFrenchError } from '../../lib/errors.ts';
import { formatDate, formatPrice } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { EmptyState, Skeleton } from '../../ui/feedback.tsx';
import { nextCursorOf } from './board-queries.ts';
import { PropertyFilters, type FilterChange } from './filters.tsx';
import { NewPropertyButton } from './new-property-button.tsx';
import type { PropertiesSearch } from './search.ts';
import { ownerNames, StatusBadge } from './status-badge.tsx';

export const LIST_PAGE_SIZE = 20;

/** The API's list input from the address's search params. */
export function listInput(search: PropertiesSearch) {
  return {
    limit: LIST_PAGE_SIZE,
    ...(search.q ? { q: search.q } : {}),
    ...(search.statut ? { status: search.statut } : {}),
    ...(search.ville ? { city: search.ville } : {}),
    ...(search.prixMin !== undefined ? { minPrice: search.prixMin } : {}),
    ...(search.prixMax !== undefined ? { maxPrice: search.prixMax } : {}),
  };
}

/** One line per cell on a phone, a table-like grid from 768 px. */
const CELL = 'col-span-2 md:col-span-1';
const ROW = 'md:grid-cols-[minmax(0,2.2fr)_minmax(0,2fr)_8rem_9.5rem_minmax(0,1.3fr)_7rem] md:items-center md:gap-4';

/** Every property as a row, searched and filtered, loaded page after page as one scrolls. */
export function PropertiesList({
  search,
  onChange,
  onClear,
}: {
  search: PropertiesSearch;
  onChange(change: FilterChange): void;
  onClear(): void;
}) {
  const trpc = useTRPC();
  const input = listInput(search);
  const filtered = Object.keys(input).length > 1;
  const list = useInfiniteQuery({
    ...trpc.properties.list.infiniteQueryOptions(input, { getNextPageParam: nextCursorOf }),
    // The previous results stay while the next search runs, instead of flashing skeletons at each key.
    placeholderData: (previous) => previous,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;

  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = sentinel.current;
    if (!node || !hasNextPage || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting) && !isFetchingNextPage) void fetchNextPage();
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <div>
      <PropertyFilters search={search} onChange={onChange} />
      {list.isPending ? (
        <ListSkeleton />
      ) : list.isError ? (
        <EmptyState
          icon={AlertTriangle}
          title="Impossible d’afficher les biens."
          action={
            <Button variant="secondary" onClick={() => void list.refetch()}>
              Réessayer
            </Button>
          }
        >
          {toFrenchError(list.error).message}
        </EmptyState>
      ) : items.length === 0 ? (
        filtered ? (
          <EmptyState
            icon={SearchX}
            title="Aucun bien ne correspond à votre recherche."
            action={
              <Button variant="secondary" onClick={onClear}>
                Effacer la recherche et les filtres
              </Button>
            }
          >
            Modifiez la recherche ou les filtres.
          </EmptyState>
        ) : (
          <EmptyState icon={Building2} title="Aucun bien pour l’instant." action={<NewPropertyButton />}>
            Créez votre premier bien.
          </EmptyState>
        )
      ) : (
        <div className="rounded-xl border border-slate-200 bg-white" aria-busy={list.isFetching}>
          <div
            aria-hidden="true"
            className={`hidden border-b border-slate-200 px-4 py-2 text-xs font-medium text-slate-500 md:grid ${ROW}`}
          >
            <span>Bien</span>
            <span>Adresse</span>
            <span>Statut</span>
            <span className="text-right">Prix</span>
            <span>Propriétaire</span>
            <span className="text-right">Mis à jour</span>
          </div>
          <ul aria-label="Biens" className="divide-y divide-slate-100">
            {items.map((property) => (
              <li key={property.id} className={`grid grid-cols-[minmax(0,1fr)_auto] gap-x-3 gap-y-0.5 px-4 py-3 hover:bg-slate-50 ${ROW}`}>
                <Link
                  to="/biens/$propertyId"
                  params={{ propertyId: property.id }}
                  className="col-start-1 row-start-1 font-medium text-slate-900 hover:text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600 md:col-auto md:row-auto"
                >
                  {property.title}
                </Link>
                <p className={`${CELL} truncate text-sm text-slate-600`}>
                  {property.address}, {property.postalCode} {property.city}
                </p>
                <span className="col-start-2 row-start-1 justify-self-end md:col-auto md:row-auto md:justify-self-start">
                  <StatusBadge status={property.status} />
                </span>
                <p className={`${CELL} mt-1 text-sm font-medium whitespace-nowrap text-slate-900 tabular-nums md:mt-0 md:text-right`}>
                  {formatPrice(property.price)}
                </p>
                <p className={`${CELL} truncate text-sm text-slate-600`}>
                  <span className="sr-only">Propriétaire : </span>
                  {ownerNames(property.owners)}
                </p>
                <p className={`${CELL} text-xs text-slate-500 md:text-right md:text-sm`}>
                  <span className="md:sr-only">Mis à jour le </span>
                  <time dateTime={property.updatedAt}>{formatDate(property.updatedAt)}</time>
                </p>
              </li>
            ))}
          </ul>
          <div ref={sentinel} />
          {hasNextPage ? (
            <div className="border-t border-slate-100 p-3 text-center">
              <Button variant="secondary" disabled={isFetchingNextPage} onClick={() => void fetchNextPage()}>
                {isFetchingNextPage ? 'Chargement…' : 'Charger plus'}
              </Button>
            </div>
          ) : null}
        </div>
      )}
    </div>
  );
}

function ListSkeleton() {
  return (
    <div role="status" aria-live="polite" className="space-y-2 rounded-xl border border-slate-200 bg-white p-4">
      <span className="sr-only">Chargement des biens…</span>
      {Array.from({ length: 6 }, (_, i) => (
        <div key={i} className="flex items-center gap-4">
          <Skeleton className="h-5 flex-[2]" />
          <Skeleton className="hidden h-5 flex-[2] md:block" />
          <Skeleton className="h-5 w-20" />
          <Skeleton className="hidden h-5 w-24 md:block" />
        </div>
      ))}
    </div>
  );
}
