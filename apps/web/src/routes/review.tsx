import { REVIEW_ITEM_TYPES, type ReviewItemType } from '@monimmo/contract/vocabulary/lists';
import { AlertTriangle, ChevronLeft, ChevronRight, FileText, Keyboard, ListChecks, MessageSquare, Mic } from 'lucide-react';
import { useMemo, useState } from 'react';
import { ReviewDecision } from '../features/review/review-decision.tsx';
import { ReviewEvidence } from '../features/review/review-evidence.tsx';
import { countByType, neighbourAfterRemoval, reasonLabel, type ResolveInput, type ReviewItem } from '../features/review/review-model.ts';
import { useReviewQueue } from '../features/review/use-review-queue.ts';
import { cn } from '../lib/cn.ts';
import { toFrenchError } from '../lib/errors.ts';
import { formatDateTime, formatInteger } from '../lib/format.ts';
import { Badge } from '../ui/badge.tsx';
import { Button } from '../ui/button.tsx';
import { Dialog } from '../ui/dialog.tsx';
import { EmptyState, LoadingBlock, PageHeader } from '../ui/feedback.tsx';

const KIND_LABELS: Record<ReviewItemType, string> = { MESSAGE: 'Messages', FILE: 'Documents', VOCAL: 'Notes vocales' };
const KIND_ICONS = { MESSAGE: MessageSquare, FILE: FileText, VOCAL: Mic } as const;

const SHORTCUTS: [keys: string[], what: string][] = [
  [['j', '↓'], 'Élément suivant'],
  [['k', '↑'], 'Élément précédent'],
  [['1', '…', '9'], 'Choisir la proposition correspondante'],
  [['Entrée'], 'Valider le choix'],
  [['r'], 'Relancer le traitement'],
  [['x', 'Suppr'], 'Ignorer'],
  [['?'], 'Afficher les raccourcis'],
];

/** The item's one-line name in the queue. */
function titleOf(item: ReviewItem): string {
  if (item.message) return item.message.subject || item.message.fromName || item.message.fromAddress;
  if (item.file) return item.file.fileName;
  if (item.vocal) return item.vocal.fileName;
  return 'Élément supprimé';
}

type Filter = ReviewItemType | 'ALL';

/** La boîte de traitement: what Monimmo could not decide alone, cleared from the keyboard. */
export function ReviewScreen() {
  const queue = useReviewQueue();
  const [filter, setFilter] = useState<Filter>('ALL');
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [help, setHelp] = useState(false);

  const counts = useMemo(() => countByType(queue.items), [queue.items]);
  const visible = useMemo(() => (filter === 'ALL' ? queue.items : queue.items.filter((i) => i.itemType === filter)), [queue.items, filter]);
  const index = Math.max(
    0,
    visible.findIndex((i) => i.id === currentId),
  );
  const current = visible[index] ?? null;

  // The first item is current until the agent picks another (a new item arriving at the top does
  // not take its place); a filter starts at its first. Adjusted while rendering, as React advises.
  if (current && current.id !== currentId) setCurrentId(current.id);

  const go = (delta: number) => {
    const next = visible[index + delta];
    if (next) setCurrentId(next.id);
  };

  const resolve = (input: ResolveInput) => {
    // The next item comes up at once; the decision travels meanwhile.
    setCurrentId(
      neighbourAfterRemoval(
        visible.map((i) => i.id),
        input.id,
      ),
    );
    queue.resolve(input);
  };

  return (
    <div>
      <PageHeader title="À traiter">
        <Button variant="ghost" size="sm" className="max-sm:hidden" onClick={() => setHelp(true)} aria-keyshortcuts="?">
          <Keyboard aria-hidden="true" className="h-4 w-4" />
          Raccourcis
        </Button>
      </PageHeader>

      {queue.isPending ? (
        <LoadingBlock lines={5} label="Chargement des éléments à traiter…" />
      ) : queue.error ? (
        <EmptyState icon={AlertTriangle} title="Impossible d’afficher les éléments à traiter">
          {toFrenchError(queue.error).message}
        </EmptyState>
      ) : queue.items.length === 0 ? (
        <EmptyState icon={ListChecks} title="Rien à traiter.">
          Monimmo vous préviendra dès qu’un élément demandera votre avis.
        </EmptyState>
      ) : (
        <div className="space-y-4">
          <div role="group" aria-label="Filtrer par nature" className="flex flex-wrap gap-2">
            {(['ALL', ...REVIEW_ITEM_TYPES] as Filter[]).map((kind) => {
              const count = kind === 'ALL' ? queue.items.length : counts[kind];
              return (
                <button
                  key={kind}
                  type="button"
                  aria-pressed={filter === kind}
                  onClick={() => setFilter(kind)}
                  className={cn(
                    'inline-flex items-center gap-2 rounded-full border px-3 py-1 text-sm font-medium',
                    filter === kind
                      ? 'border-brand-600 bg-brand-50 text-brand-700'
                      : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50',
                  )}
                >
                  {kind === 'ALL' ? 'Tout' : KIND_LABELS[kind]}
                  <span className="text-xs text-slate-500 tabular-nums">{formatInteger(count)}</span>
                </button>
              );
            })}
          </div>

          {current ? (
            <div className="grid gap-6 lg:grid-cols-[minmax(0,22rem)_minmax(0,1fr)]">
              <nav aria-label="Éléments à traiter" className="hidden lg:block">
                <ul className="max-h-[calc(100dvh-14rem)] space-y-1 overflow-y-auto rounded-lg border border-slate-200 bg-white p-1">
                  {visible.map((item) => {
                    const Icon = KIND_ICONS[item.itemType];
                    const active = item.id === current.id;
                    return (
                      <li key={item.id}>
                        <button
                          type="button"
                          aria-current={active ? 'true' : undefined}
                          onClick={() => setCurrentId(item.id)}
                          className={cn(
                            'flex w-full items-start gap-2 rounded-md px-2 py-2 text-left',
                            active ? 'bg-brand-50' : 'hover:bg-slate-50',
                          )}
                        >
                          <Icon aria-hidden="true" className="mt-0.5 h-4 w-4 shrink-0 text-slate-500" />
                          <span className="min-w-0 flex-1">
                            <span className="block truncate text-sm font-medium text-slate-900">{titleOf(item)}</span>
                            <span className="block truncate text-xs text-slate-600">{reasonLabel(item.reason)}</span>
                          </span>
                          <span className="shrink-0 text-xs text-slate-600">{formatDateTime(item.createdAt)}</span>
                        </button>
                      </li>
                    );
                  })}
                </ul>
                <ShortcutLegend />
              </nav>

              <section aria-labelledby="review-current" className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 sm:p-5">
                <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
                  <Badge tone="warning">{reasonLabel(current.reason)}</Badge>
                  <div className="flex items-center gap-1">
                    <span className="mr-1 text-sm text-slate-600 tabular-nums">
                      {formatInteger(index + 1)} sur {formatInteger(visible.length)}
                    </span>
                    <Button variant="secondary" size="sm" onClick={() => go(-1)} disabled={index === 0} aria-keyshortcuts="k ArrowUp">
                      <ChevronLeft aria-hidden="true" className="h-4 w-4" />
                      Précédent
                    </Button>
                    <Button
                      variant="secondary"
                      size="sm"
                      onClick={() => go(1)}
                      disabled={index >= visible.length - 1}
                      aria-keyshortcuts="j ArrowDown"
                    >
                      Suivant
                      <ChevronRight aria-hidden="true" className="h-4 w-4" />
                    </Button>
                  </div>
                </div>
                <h2 id="review-current" className="sr-only">
                  {titleOf(current)}
                </h2>
                <div className="space-y-5">
                  <ReviewEvidence item={current} />
                  <ReviewDecision
                    key={current.id}
                    item={current}
                    onResolve={resolve}
                    onNext={() => go(1)}
                    onPrevious={() => go(-1)}
                    onHelp={() => setHelp(true)}
                  />
                </div>
              </section>
            </div>
          ) : (
            <EmptyState icon={ListChecks} title="Rien de ce type à traiter.">
              Choisissez « Tout » pour voir les autres éléments.
            </EmptyState>
          )}
        </div>
      )}

      <Dialog
        open={help}
        onOpenChange={setHelp}
        title="Raccourcis clavier"
        description="Ils ne s’appliquent pas pendant la saisie dans un champ."
      >
        <ShortcutTable />
      </Dialog>
    </div>
  );
}

const Key = ({ children }: { children: string }) => (
  <kbd className="inline-flex min-w-5 items-center justify-center rounded border border-slate-300 bg-slate-50 px-1 font-sans text-xs text-slate-700">
    {children}
  </kbd>
);

function ShortcutTable() {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
      {SHORTCUTS.map(([keys, what]) => (
        <div key={what} className="contents">
          <dt className="flex items-center gap-1">{keys.map((k) => (k === '…' ? <span key={k}>à</span> : <Key key={k}>{k}</Key>))}</dt>
          <dd className="text-slate-700">{what}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The few keys that clear a queue, always in sight on a wide screen. */
function ShortcutLegend() {
  return (
    <p className="mt-3 flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
      <span>
        <Key>j</Key> <Key>k</Key> naviguer
      </span>
      <span>
        <Key>1</Key>–<Key>9</Key> choisir
      </span>
      <span>
        <Key>Entrée</Key> valider
      </span>
      <span>
        <Key>x</Key> ignorer
      </span>
      <span>
        <Key>?</Key> aide
      </span>
    </p>
  );
}
