import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { PROPERTY_STATUS_LABELS, PROPERTY_STATUSES, type PropertyStatus } from '@monimmo/contract/vocabulary/lists';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { AlertTriangle, Building2 } from 'lucide-react';
import { useId, useState } from 'react';
import { cn } from '../../lib/cn.ts';
import { toFrenchError } from '../../lib/errors.ts';
import { plural } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { useMediaQuery } from '../../lib/use-media-query.ts';
import { Button } from '../../ui/button.tsx';
import { EmptyState, Skeleton } from '../../ui/feedback.tsx';
import { Select } from '../../ui/field.tsx';
import {
  announcements,
  columnCollision,
  columnCoordinates,
  keyboardCodes,
  screenReaderInstructions,
  type CardDragData,
} from './board-dnd.ts';
import { columnInput, nextCursorOf, type PropertyItem } from './board-queries.ts';
import { NewPropertyButton } from './new-property-button.tsx';
import { CardBody, PropertyCard } from './property-card.tsx';
import { useMoveProperty } from './use-move-property.ts';

/** The kanban: the pipeline's 8 columns side by side, or one at a time on a phone. */
export function PropertiesBoard() {
  const trpc = useTRPC();
  const pipeline = useQuery(trpc.properties.pipeline.queryOptions());
  const wide = useMediaQuery('(min-width: 768px)');
  const [shown, setShown] = useState<PropertyStatus>('PROSPECTION');
  const [lifted, setLifted] = useState<PropertyItem | null>(null);
  const move = useMoveProperty();
  const sensors = useSensors(
    // A few pixels before a drag starts, so a click on the title still opens the property.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnCoordinates, keyboardCodes }),
  );

  if (pipeline.isPending) return <BoardSkeleton wide={wide} />;
  if (pipeline.isError) {
    return (
      <EmptyState
        icon={AlertTriangle}
        title="Impossible d’afficher le tableau."
        action={
          <Button variant="secondary" onClick={() => void pipeline.refetch()}>
            Réessayer
          </Button>
        }
      >
        {toFrenchError(pipeline.error).message}
      </EmptyState>
    );
  }
  if (pipeline.data.total === 0) {
    return (
      <EmptyState icon={Building2} title="Aucun bien pour l’instant." action={<NewPropertyButton />}>
        Créez votre premier bien.
      </EmptyState>
    );
  }

  const counts = new Map(pipeline.data.columns.map((column) => [column.status, column.count]));
  const onMove = (property: PropertyItem, to: PropertyStatus) => {
    if (property.status !== to) move.mutate({ property, to });
  };
  const onDragStart = ({ active }: DragStartEvent) => setLifted((active.data.current as CardDragData | undefined)?.property ?? null);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    setLifted(null);
    const property = (active.data.current as CardDragData | undefined)?.property;
    if (property && over) onMove(property, over.id as PropertyStatus);
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={columnCollision}
      accessibility={{ announcements, screenReaderInstructions }}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setLifted(null)}
    >
      {wide ? (
        <div className="flex gap-3 overflow-x-auto pb-4">
          {PROPERTY_STATUSES.map((status) => (
            <BoardColumn key={status} status={status} count={counts.get(status) ?? 0} draggable onMove={onMove} />
          ))}
        </div>
      ) : (
        <div className="space-y-3">
          <label className="block">
            <span className="mb-1 block text-sm font-medium text-slate-700">Colonne affichée</span>
            <Select value={shown} onChange={(event) => setShown(event.target.value as PropertyStatus)}>
              {PROPERTY_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {PROPERTY_STATUS_LABELS[status]} ({counts.get(status) ?? 0})
                </option>
              ))}
            </Select>
          </label>
          <BoardColumn status={shown} count={counts.get(shown) ?? 0} draggable={false} onMove={onMove} />
        </div>
      )}
      <DragOverlay dropAnimation={null}>
        {lifted ? (
          <div className="w-64 cursor-grabbing rounded-lg border border-brand-600 bg-white p-3 shadow-xl">
            <CardBody property={lifted} linked={false} />
          </div>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}

function BoardColumn({
  status,
  count,
  draggable,
  onMove,
}: {
  status: PropertyStatus;
  count: number;
  draggable: boolean;
  onMove(property: PropertyItem, to: PropertyStatus): void;
}) {
  const trpc = useTRPC();
  const headingId = useId();
  const cards = useInfiniteQuery(trpc.properties.list.infiniteQueryOptions(columnInput(status), { getNextPageParam: nextCursorOf }));
  const { setNodeRef, isOver, active } = useDroppable({ id: status });
  const items = cards.data?.pages.flatMap((page) => page.items) ?? [];
  const fromHere = (active?.data.current as CardDragData | undefined)?.property.status === status;

  return (
    <section
      ref={setNodeRef}
      aria-labelledby={headingId}
      className={cn(
        'flex w-full shrink-0 flex-col rounded-xl border bg-slate-100/80 md:w-auto md:min-w-64 md:flex-1',
        isOver && !fromHere ? 'border-brand-600 bg-brand-50 ring-2 ring-brand-600/30' : 'border-slate-200',
      )}
    >
      <header className="flex items-baseline justify-between gap-2 px-3 pt-3 pb-2">
        <h2 id={headingId} className="text-sm font-semibold text-slate-900">
          {PROPERTY_STATUS_LABELS[status]}
        </h2>
        <span className="text-xs text-slate-600 tabular-nums">{plural(count, 'bien', 'biens')}</span>
      </header>
      <div className="flex min-h-24 flex-1 flex-col gap-2 px-2 pb-2">
        {cards.isPending ? (
          <ColumnSkeleton />
        ) : cards.isError ? (
          <p className="px-1 py-2 text-sm text-red-700">{toFrenchError(cards.error).message}</p>
        ) : items.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 px-3 py-4 text-center text-xs text-slate-600">
            {draggable ? 'Aucun bien : déposez-en un ici.' : 'Aucun bien dans cette colonne.'}
          </p>
        ) : (
          <ul className="flex flex-col gap-2">
            {items.map((property) => (
              <PropertyCard key={property.id} property={property} draggable={draggable} onMove={(to) => onMove(property, to)} />
            ))}
          </ul>
        )}
        {cards.hasNextPage ? (
          <Button
            variant="ghost"
            size="sm"
            className="justify-center"
            disabled={cards.isFetchingNextPage}
            onClick={() => void cards.fetchNextPage()}
          >
            {cards.isFetchingNextPage ? 'Chargement…' : 'Voir plus'}
          </Button>
        ) : null}
      </div>
    </section>
  );
}

const ColumnSkeleton = () => (
  <>
    <Skeleton className="h-24 w-full rounded-lg" />
    <Skeleton className="h-24 w-full rounded-lg" />
  </>
);

function BoardSkeleton({ wide }: { wide: boolean }) {
  return (
    <div role="status" aria-live="polite" className="flex gap-3 overflow-hidden">
      <span className="sr-only">Chargement du tableau…</span>
      {Array.from({ length: wide ? 6 : 1 }, (_, i) => (
        <div key={i} className="w-full shrink-0 space-y-2 rounded-xl border border-slate-200 bg-slate-100/80 p-3 md:w-64">
          <Skeleton className="h-4 w-24" />
          <Skeleton className="h-24 w-full rounded-lg" />
          <Skeleton className="h-24 w-full rounded-lg" />
        </div>
      ))}
    </div>
  );
}
