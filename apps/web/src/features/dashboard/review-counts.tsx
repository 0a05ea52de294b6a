import { REVIEW_ITEM_TYPES, type ReviewItemType } from '@monimmo/contract/vocabulary/lists';
import { useQueries } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { CheckCircle2 } from 'lucide-react';
import { formatInteger } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { Skeleton } from '../../ui/feedback.tsx';

const PAGE = 100;

/** What waits for a person's decision, by kind; past a page the count reads « 100+ ». */
export function ReviewCounts() {
  const trpc = useTRPC();
  const kinds = REVIEW_ITEM_TYPES as readonly ReviewItemType[];
  const queries = useQueries({
    queries: kinds.map((itemType) => trpc.reviewQueue.list.queryOptions({ status: 'OPEN', itemType, limit: PAGE })),
  });
  const pending = queries.some((q) => q.isPending);
  const failed = queries.find((q) => q.isError);
  const counts = kinds.map((kind, i) => {
    const data = queries[i]?.data;
    return { kind, count: data?.items.length ?? 0, more: Boolean(data?.nextCursor) };
  });
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  return (
    <Card
      title="À traiter"
      action={
        <Button asChild variant="ghost" size="sm">
          {/* Another screen of this issue owns /a-traiter: the path is typed once it is registered. */}
          <Link to="/a-traiter">Tout voir</Link>
        </Button>
      }
    >
      {pending ? (
        <div role="status" className="space-y-2">
          <span className="sr-only">Chargement…</span>
          <Skeleton className="h-8 w-full" />
          <Skeleton className="h-8 w-full" />
          <Skeleton className="h-8 w-full" />
        </div>
      ) : failed ? (
        <p className="text-sm text-red-700">Impossible de compter les éléments à traiter.</p>
      ) : total === 0 ? (
        <p className="flex items-center gap-2 text-sm text-slate-600">
          <CheckCircle2 aria-hidden="true" className="h-5 w-5 text-emerald-600" />
          Rien à vérifier : l’assistant a tout rangé.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {counts.map(({ kind, count, more }) => (
            <li key={kind} className="flex items-center justify-between py-2 text-sm">
              <span className="text-slate-700">{REVIEW_KIND_LABELS[kind]}</span>
              <span className={count > 0 ? 'font-semibold text-amber-800' : 'text-slate-500'}>
                {formatInteger(count)}
                {more ? '+' : ''}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

// Plural headings for counts (the vocabulary has the singular ones).
const REVIEW_KIND_LABELS: Record<ReviewItemType, string> = { MESSAGE: 'Messages', FILE: 'Documents', VOCAL: 'Notes vocales' };
