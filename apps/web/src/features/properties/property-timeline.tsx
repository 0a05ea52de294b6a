import { Card } from '../../ui/card.tsx';
import { formatMoment, timelineSentence } from './timeline.ts';
import type { PropertyDetail } from './use-property.ts';

/** What happened to the property, newest first (the API gives it oldest first). */
export function PropertyTimeline({ property }: { property: PropertyDetail }) {
  const events = [...property.timeline].reverse();
  return (
    <Card title="Historique">
      {events.length === 0 ? (
        <p className="text-sm text-slate-600">Rien d’enregistré pour l’instant.</p>
      ) : (
        <ol className="relative space-y-4 border-l border-slate-200 pl-4">
          {events.map((event) => (
            <li key={event.id} className="relative">
              <span
                aria-hidden="true"
                className="absolute top-1.5 -left-[21px] h-2.5 w-2.5 rounded-full border-2 border-white bg-brand-600"
              />
              <p className="text-sm text-slate-900">{timelineSentence(event)}</p>
              <p className="text-xs text-slate-500">
                <time dateTime={event.createdAt}>{formatMoment(event.createdAt)}</time>
              </p>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
