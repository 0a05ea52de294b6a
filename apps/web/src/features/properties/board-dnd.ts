import {
  KeyboardCode,
  pointerWithin,
  rectIntersection,
  type Announcements,
  type CollisionDetection,
  type KeyboardCoordinateGetter,
  type ScreenReaderInstructions,
} from '@dnd-kit/core';
import { PROPERTY_STATUS_LABELS, PROPERTY_STATUSES, type PropertyStatus } from '@monimmo/contract/vocabulary/lists';
import type { PropertyItem } from './board-queries.ts';

/** What a drag carries: the card's property. */
export interface CardDragData {
  property: PropertyItem;
}

const propertyOf = (data: unknown): PropertyItem | undefined => (data as CardDragData | undefined)?.property;
const labelOf = (id: unknown): string =>
  typeof id === 'string' && id in PROPERTY_STATUS_LABELS ? PROPERTY_STATUS_LABELS[id as PropertyStatus] : '';
const titleOf = (data: unknown): string => propertyOf(data)?.title ?? 'Le bien';

export const screenReaderInstructions: ScreenReaderInstructions = {
  draggable:
    'Pour déplacer ce bien, appuyez sur Espace. Changez ensuite de colonne avec les flèches gauche et droite, ' +
    'appuyez de nouveau sur Espace pour le déposer, ou sur Échap pour annuler.',
};

export const announcements: Announcements = {
  onDragStart: ({ active }) =>
    `« ${titleOf(active.data.current)} » soulevé, dans la colonne « ${labelOf(propertyOf(active.data.current)?.status)} ».`,
  onDragOver: ({ active, over }) =>
    over ? `« ${titleOf(active.data.current)} » au-dessus de la colonne « ${labelOf(over.id)} ».` : 'Hors des colonnes.',
  onDragEnd: ({ active, over }) =>
    over && over.id !== propertyOf(active.data.current)?.status
      ? `« ${titleOf(active.data.current)} » déposé dans la colonne « ${labelOf(over.id)} ».`
      : `« ${titleOf(active.data.current)} » reposé à sa place.`,
  onDragCancel: ({ active }) =>
    `Déplacement annulé : « ${titleOf(active.data.current)} » reste dans la colonne « ${labelOf(propertyOf(active.data.current)?.status)} ».`,
};

/** Space or Enter lifts and drops; Escape, or leaving with Tab, cancels. */
export const keyboardCodes = {
  start: [KeyboardCode.Space, KeyboardCode.Enter],
  cancel: [KeyboardCode.Esc, KeyboardCode.Tab],
  end: [KeyboardCode.Space, KeyboardCode.Enter],
};

/** The pointer's column when over one, else the column the card overlaps most (keyboard moves). */
export const columnCollision: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length > 0 ? within : rectIntersection(args);
};

/**
 * Left and right arrows jump a lifted card to the previous or next column (columns sit in
 * pipeline order); up and down do nothing, a column has no order of its own to choose.
 */
export const columnCoordinates: KeyboardCoordinateGetter = (event, { active, context, currentCoordinates }) => {
  const step = event.code === KeyboardCode.Right ? 1 : event.code === KeyboardCode.Left ? -1 : 0;
  if (event.code === KeyboardCode.Up || event.code === KeyboardCode.Down) event.preventDefault();
  if (step === 0) return undefined;
  event.preventDefault();
  const current =
    (context.over?.id as PropertyStatus | undefined) ?? propertyOf(context.active ? context.active.data.current : undefined)?.status;
  const shown = PROPERTY_STATUSES.filter((status) => context.droppableRects.has(status));
  const index = current ? shown.indexOf(current) : -1;
  const target = shown[index + step];
  const rect = target ? context.droppableRects.get(target) : undefined;
  if (!rect) return active ? currentCoordinates : undefined;
  return { x: rect.left + 8, y: rect.top + 56 };
};
