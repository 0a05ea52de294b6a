import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { EventItem } from '../calendar/event-item.tsx';
import { addDays, eventsByDay } from '../calendar/week.ts';
import { toFrenchError } from '../../lib/errors.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { Skeleton } from '../../ui/feedback.tsx';

/** Today's and tomorrow's appointments, from Google Agenda. */
export function UpcomingAppointments() {
  const trpc = useTRPC();
  const now = new Date();
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const days = [today, addDays(today, 1)];
  const events = useQuery(
    trpc.integrations.calendarEvents.queryOptions({ from: today.toISOString(), to: addDays(today, 2).toISOString(), limit: 50 }),
  );
  return (
    <Card
      title="Rendez-vous"
      action={
        <Button asChild variant="ghost" size="sm">
          <Link to="/agenda">Agenda</Link>
        </Button>
      }
    >
      {events.isPending ? (
        <div role="status" className="space-y-2">
          <span className="sr-only">Chargement des rendez-vous…</span>
          <Skeleton className="h-14 w-full" />
          <Skeleton className="h-14 w-full" />
        </div>
      ) : events.isError ? (
        <p className="text-sm text-red-700">{toFrenchError(events.error).message}</p>
      ) : (
        <div className="space-y-4">
          {eventsByDay(events.data.items, days).map((list, i) => (
            <section key={i} aria-label={i === 0 ? 'Aujourd’hui' : 'Demain'}>
              <h3 className="mb-2 text-sm font-semibold text-slate-700">{i === 0 ? 'Aujourd’hui' : 'Demain'}</h3>
              {list.length === 0 ? (
                <p className="text-sm text-slate-500">Aucun rendez-vous.</p>
              ) : (
                <ul className="space-y-2">
                  {list.map((event) => (
                    <li key={event.id}>
                      <EventItem event={event} />
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ))}
          {events.data.items.length === 0 ? (
            <p className="text-xs text-slate-500">
              Les rendez-vous viennent de Google Agenda :{' '}
              <Link to="/integrations" className="font-medium text-brand-700 underline">
                connectez-le
              </Link>{' '}
              s’il ne l’est pas encore.
            </p>
          ) : null}
        </div>
      )}
    </Card>
  );
}
