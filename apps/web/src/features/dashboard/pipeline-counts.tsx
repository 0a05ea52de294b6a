import { PROPERTY_STATUS_LABELS } from '@monimmo/contract/vocabulary/lists';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { toFrenchError } from '../../lib/errors.ts';
import { formatInteger, plural } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { Skeleton } from '../../ui/feedback.tsx';

/** How many properties sit in each pipeline column; each opens the list filtered on it. */
export function PipelineCounts() {
  const trpc = useTRPC();
  const pipeline = useQuery(trpc.properties.pipeline.queryOptions());
  return (
    <Card
      title="Biens par étape"
      action={pipeline.data ? <span className="text-sm text-slate-600">{plural(pipeline.data.total, 'bien', 'biens')}</span> : null}
    >
      {pipeline.isPending ? (
        <div role="status" className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
          <span className="sr-only">Chargement des biens…</span>
          {[0, 1, 2, 3, 4, 5].map((i) => (
            <Skeleton key={i} className="h-20 w-full" />
          ))}
        </div>
      ) : pipeline.isError ? (
        <p className="text-sm text-red-700">{toFrenchError(pipeline.error).message}</p>
      ) : pipeline.data.total === 0 ? (
        <div className="text-sm text-slate-600">
          <p>Aucun bien pour l’instant.</p>
          <Button asChild variant="secondary" size="sm" className="mt-3">
            <Link to="/biens">Créer un premier bien</Link>
          </Button>
        </div>
      ) : (
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
          {pipeline.data.columns.map(({ status, count }) => (
            <li key={status}>
              <Link
                to="/biens"
                search={{ statut: status }}
                className="block h-full rounded-lg border border-slate-200 px-3 py-3 hover:border-brand-300 hover:bg-brand-50 focus-visible:outline-2 focus-visible:outline-brand-600"
              >
                {/* Read as « 2 biens en Prospection »; the visible words stay part of the name. */}
                <span className="block text-2xl font-semibold text-slate-900">{formatInteger(count)}</span>
                <span className="sr-only"> {count > 1 ? 'biens' : 'bien'} en </span>
                <span className="block text-sm text-slate-600">{PROPERTY_STATUS_LABELS[status]}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
