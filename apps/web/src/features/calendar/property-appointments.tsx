import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { toFrenchError } from '../../lib/errors.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Card } from '../../ui/card.tsx';
import { LoadingBlock } from '../../ui/feedback.tsx';
import { EventItem } from './event-item.tsx';
import { parseDay } from './week.ts';

/** The property's coming appointments (the API filters by property), from the start of today. */
export function PropertyAppointments({ propertyId }: { propertyId: string }) {
  const trpc = useTRPC();
  const now = new Date();
  const from = new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
  const events = useQuery(trpc.integrations.calendarEvents.queryOptions({ propertyId, from, limit: 10 }));
  return (
    <Card title="Rendez-vous à venir">
      {events.isPending ? (
        <LoadingBlock lines={2} label="Chargement des rendez-vous…" />
      ) : events.isError ? (
        <p className="text-sm text-red-700">{toFrenchError(events.error).message}</p>
      ) : events.data.items.length === 0 ? (
        <p className="text-sm text-slate-600">
          Aucun rendez-vous prévu pour ce bien. Ceux de Google Agenda qui le concernent s’afficheront ici (
          <Link to="/agenda" className="font-medium text-brand-700 underline">
            voir l’agenda
          </Link>
          ).
        </p>
      ) : (
        <ul className="space-y-2">
          {events.data.items.map((event) => (
            <li key={event.id}>
              <p className="mb-1 text-xs font-medium text-slate-500 first-letter:uppercase">
                {formatDayLong(event.allDay ? (parseDay(event.startAt.slice(0, 10)) ?? new Date(event.startAt)) : new Date(event.startAt))}
              </p>
              <EventItem event={{ ...event, propertyId: null }} />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

const longDay = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long' });
const formatDayLong = (date: Date) => longDay.format(date);
