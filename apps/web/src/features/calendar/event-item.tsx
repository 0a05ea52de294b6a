import { CALENDAR_EVENT_STATUS_LABELS } from '@monimmo/contract/vocabulary/lists';
import { Link } from '@tanstack/react-router';
import { MapPin } from 'lucide-react';
import { cn } from '../../lib/cn.ts';
import { Badge } from '../../ui/badge.tsx';
import type { CalendarEvent } from './types.ts';

const time = new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit' });

/** « 10:00 – 10:45 », or « Toute la journée ». */
export const eventTime = (event: CalendarEvent): string =>
  event.allDay ? 'Toute la journée' : `${time.format(new Date(event.startAt))} – ${time.format(new Date(event.endAt))}`;

const STATUS_TONE = { confirmed: 'success', tentative: 'warning', cancelled: 'neutral' } as const;

/** An appointment: its time, title, place and status; opens its property when one was recognised. */
export function EventItem({ event, compact = false }: { event: CalendarEvent; compact?: boolean }) {
  const body = (
    <>
      <p className="text-xs font-medium text-brand-800">{eventTime(event)}</p>
      <p className={cn('font-medium text-slate-900', compact ? 'text-xs leading-snug break-words' : 'text-sm')}>{event.title}</p>
      {event.location && !compact ? (
        <p className="mt-0.5 flex items-start gap-1 text-xs text-slate-600">
          <MapPin aria-hidden="true" className="mt-px h-3 w-3 shrink-0" />
          {event.location}
        </p>
      ) : null}
      <div className="mt-1 flex flex-wrap items-center gap-1">
        <Badge tone={STATUS_TONE[event.status]} className="text-[11px]">
          {CALENDAR_EVENT_STATUS_LABELS[event.status]}
        </Badge>
        {event.propertyId ? <span className="text-[11px] font-medium text-brand-700">Voir le bien</span> : null}
      </div>
    </>
  );
  const frame = cn(
    'block rounded-md border-l-4 px-2 py-1.5',
    event.status === 'tentative' ? 'border-amber-400 bg-amber-50' : 'border-brand-600 bg-brand-50',
    event.status === 'cancelled' && 'border-slate-300 bg-slate-50 line-through',
  );
  return event.propertyId ? (
    <Link
      to="/biens/$propertyId"
      params={{ propertyId: event.propertyId }}
      className={cn(frame, 'hover:bg-brand-100 focus-visible:outline-2 focus-visible:outline-brand-600')}
    >
      {body}
    </Link>
  ) : (
    <div className={frame}>{body}</div>
  );
}
