import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { CalendarX2, ChevronLeft, ChevronRight, RotateCw } from 'lucide-react';
import { EventItem } from '../features/calendar/event-item.tsx';
import { addDays, eventsByDay, isSameDay, localDay, parseDay, startOfWeek, weekDays, weekRange } from '../features/calendar/week.ts';
import { cn } from '../lib/cn.ts';
import { toFrenchError } from '../lib/errors.ts';
import { useMediaQuery } from '../lib/use-media-query.ts';
import { useTRPC } from '../lib/trpc.ts';
import { Button } from '../ui/button.tsx';
import { EmptyState, PageHeader, Skeleton } from '../ui/feedback.tsx';
import type { CalendarEvent } from '../features/calendar/types.ts';

const dayName = new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long' });
const shortDay = new Intl.DateTimeFormat('fr-FR', { weekday: 'short', day: 'numeric' });
const dayMonth = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', year: 'numeric' });
const dayOfMonth = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short' });

/** « Semaine du 7 au 13 déc. 2026 »; the first month and year only when they differ from the last. */
function weekTitle(monday: Date): string {
  const sunday = addDays(monday, 6);
  const start =
    monday.getFullYear() !== sunday.getFullYear()
      ? dayMonth.format(monday)
      : monday.getMonth() !== sunday.getMonth()
        ? dayOfMonth.format(monday)
        : String(monday.getDate());
  return `Semaine du ${start} au ${dayMonth.format(sunday)}`;
}

/** The agency's appointments from Google Agenda, a week at a time. */
export function AgendaScreen() {
  const trpc = useTRPC();
  const navigate = useNavigate({ from: '/agenda' });
  const { semaine } = useSearch({ from: '/app/agenda' });
  const monday = startOfWeek(parseDay(semaine) ?? new Date());
  const days = weekDays(monday);
  const wide = useMediaQuery('(min-width: 1024px)');
  const events = useQuery(trpc.integrations.calendarEvents.queryOptions({ ...weekRange(monday), limit: 100 }));
  const goTo = (date: Date | null) => void navigate({ search: date ? { semaine: localDay(date) } : {} });

  return (
    <div>
      <PageHeader title="Agenda">
        <Button variant="secondary" size="sm" onClick={() => goTo(addDays(monday, -7))} aria-label="Semaine précédente">
          <ChevronLeft aria-hidden="true" className="h-4 w-4" />
          <span className="hidden sm:inline">Semaine précédente</span>
        </Button>
        <Button variant="secondary" size="sm" onClick={() => goTo(null)}>
          Aujourd’hui
        </Button>
        <Button variant="secondary" size="sm" onClick={() => goTo(addDays(monday, 7))} aria-label="Semaine suivante">
          <span className="hidden sm:inline">Semaine suivante</span>
          <ChevronRight aria-hidden="true" className="h-4 w-4" />
        </Button>
      </PageHeader>
      <h2 className="-mt-3 mb-4 text-base font-medium text-slate-700" aria-live="polite">
        {weekTitle(monday)}
      </h2>
      {events.isPending ? (
        <div role="status" aria-live="polite" className="grid gap-3 lg:grid-cols-7">
          <span className="sr-only">Chargement des rendez-vous…</span>
          {days.map((day) => (
            <Skeleton key={day.toISOString()} className="h-32 w-full rounded-lg lg:h-72" />
          ))}
        </div>
      ) : events.isError ? (
        <EmptyState
          icon={RotateCw}
          title="Impossible d’afficher l’agenda"
          action={
            <Button variant="secondary" onClick={() => void events.refetch()}>
              Réessayer
            </Button>
          }
        >
          {toFrenchError(events.error).message}
        </EmptyState>
      ) : events.data.items.length === 0 ? (
        <EmptyState
          icon={CalendarX2}
          title="Aucun rendez-vous cette semaine."
          action={
            <Button asChild variant="secondary">
              <Link to="/integrations">Voir les intégrations</Link>
            </Button>
          }
        >
          Connectez Google Agenda pour les voir ici.
        </EmptyState>
      ) : wide ? (
        <WeekGrid days={days} events={events.data.items} />
      ) : (
        <DayList days={days} events={events.data.items} />
      )}
    </div>
  );
}

function WeekGrid({ days, events }: { days: Date[]; events: CalendarEvent[] }) {
  const byDay = eventsByDay(events, days);
  const today = new Date();
  return (
    <div className="grid grid-cols-7 overflow-hidden rounded-xl border border-slate-200 bg-white">
      {days.map((day, i) => (
        <section
          key={day.toISOString()}
          aria-label={dayName.format(day)}
          className={cn('min-h-80 border-slate-200 p-2', i > 0 && 'border-l', isSameDay(day, today) && 'bg-brand-50/40')}
        >
          <h3
            className={cn('mb-2 text-center text-sm font-medium capitalize', isSameDay(day, today) ? 'text-brand-700' : 'text-slate-600')}
          >
            {shortDay.format(day)}
          </h3>
          <ul className="space-y-2">
            {byDay[i]!.map((event) => (
              <li key={event.id}>
                <EventItem event={event} compact />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function DayList({ days, events }: { days: Date[]; events: CalendarEvent[] }) {
  const byDay = eventsByDay(events, days);
  const today = new Date();
  return (
    <div className="space-y-4">
      {days.map((day, i) => (
        <section key={day.toISOString()} aria-label={dayName.format(day)}>
          <h3
            className={cn('mb-2 text-sm font-semibold first-letter:uppercase', isSameDay(day, today) ? 'text-brand-700' : 'text-slate-700')}
          >
            {dayName.format(day)}
            {isSameDay(day, today) ? ' · aujourd’hui' : ''}
          </h3>
          {byDay[i]!.length === 0 ? (
            <p className="text-sm text-slate-500">Aucun rendez-vous.</p>
          ) : (
            <ul className="space-y-2">
              {byDay[i]!.map((event) => (
                <li key={event.id}>
                  <EventItem event={event} />
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
