import { useDraggable } from '@dnd-kit/core';
import { PROPERTY_STATUS_LABELS, PROPERTY_STATUSES, type PropertyStatus } from '@monimmo/contract/vocabulary/lists';
import { Link } from '@tanstack/react-router';
import { ArrowRightLeft, GripVertical, MapPin, User } from 'lucide-react';
import { DropdownMenu } from 'radix-ui';
import type { KeyboardEventHandler, PointerEventHandler } from 'react';
import { cn } from '../../lib/cn.ts';
import { formatPrice } from '../../lib/format.ts';
import type { CardDragData } from './board-dnd.ts';
import type { PropertyItem } from './board-queries.ts';
import { ownerNames } from './status-badge.tsx';

/** What a card shows: title (its link), city, price and owner. */
export function CardBody({ property, linked = true }: { property: PropertyItem; linked?: boolean }) {
  return (
    <div className="min-w-0 flex-1 space-y-1">
      {linked ? (
        <Link
          to="/biens/$propertyId"
          params={{ propertyId: property.id }}
          className="block text-sm leading-snug font-semibold text-slate-900 hover:text-brand-700 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600"
        >
          {property.title}
        </Link>
      ) : (
        <p className="text-sm leading-snug font-semibold text-slate-900">{property.title}</p>
      )}
      <p className="flex items-center gap-1 text-xs text-slate-600">
        <MapPin aria-hidden="true" className="h-3.5 w-3.5 shrink-0 text-slate-400" />
        <span className="truncate">{property.city}</span>
      </p>
      <p className="text-sm font-medium text-slate-900 tabular-nums">{formatPrice(property.price)}</p>
      <p className="flex items-center gap-1 text-xs text-slate-600">
        <User aria-hidden="true" className="h-3.5 w-3.5 shrink-0 text-slate-400" />
        <span className="truncate">{ownerNames(property.owners)}</span>
      </p>
    </div>
  );
}

/**
 * A property on the board: dragged by the pointer anywhere on it, by the keyboard from its handle,
 * or moved through « Déplacer vers… ».
 */
export function PropertyCard({
  property,
  draggable,
  onMove,
}: {
  property: PropertyItem;
  draggable: boolean;
  onMove(to: PropertyStatus): void;
}) {
  const data: CardDragData = { property };
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: property.id,
    data,
    disabled: !draggable,
    attributes: { roleDescription: 'carte déplaçable' },
  });
  // The pointer may grab the whole card; the keyboard lifts it from its handle only.
  const onPointerDown = listeners?.onPointerDown as PointerEventHandler | undefined;
  const onKeyDown = listeners?.onKeyDown as KeyboardEventHandler | undefined;
  return (
    <li
      ref={setNodeRef}
      onPointerDown={onPointerDown}
      className={cn(
        'flex items-start gap-1 rounded-lg border border-slate-200 bg-white p-3 shadow-sm',
        draggable && 'cursor-grab touch-manipulation',
        isDragging && 'opacity-40',
      )}
    >
      {draggable ? (
        <button
          type="button"
          ref={setActivatorNodeRef}
          {...attributes}
          onKeyDown={onKeyDown}
          aria-label={`Glisser « ${property.title} »`}
          className="-ml-1 rounded p-0.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700 focus-visible:outline-2 focus-visible:outline-brand-600"
        >
          <GripVertical aria-hidden="true" className="h-4 w-4" />
        </button>
      ) : null}
      <CardBody property={property} />
      <MoveMenu property={property} onMove={onMove} />
    </li>
  );
}

/** The keyboard's second way (and the phone's only one): pick the column from a menu. */
function MoveMenu({ property, onMove }: { property: PropertyItem; onMove(to: PropertyStatus): void }) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger
        aria-label={`Déplacer « ${property.title} » vers…`}
        title="Déplacer vers…"
        className="rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600 data-[state=open]:bg-slate-100"
      >
        <ArrowRightLeft aria-hidden="true" className="h-4 w-4" />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-48 rounded-md border border-slate-200 bg-white p-1 shadow-lg"
          aria-label={`Déplacer « ${property.title} » vers`}
        >
          <DropdownMenu.Label className="px-3 py-1.5 text-xs font-medium text-slate-500">Déplacer vers…</DropdownMenu.Label>
          {PROPERTY_STATUSES.filter((status) => status !== property.status).map((status) => (
            <DropdownMenu.Item
              key={status}
              onSelect={() => onMove(status)}
              className="cursor-pointer rounded px-3 py-2 text-sm text-slate-700 outline-none data-[highlighted]:bg-slate-100"
            >
              {PROPERTY_STATUS_LABELS[status]}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
