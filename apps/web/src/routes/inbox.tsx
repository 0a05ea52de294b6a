import { getRouteApi } from '@tanstack/react-router';
import { Mail } from 'lucide-react';
import { InboxFilters, type InboxFilterChange } from '../features/messages/inbox-filters.tsx';
import { MessageDetail } from '../features/messages/message-detail.tsx';
import { MessageList } from '../features/messages/message-list.tsx';
import { cn } from '../lib/cn.ts';
import { PageHeader } from '../ui/feedback.tsx';

const route = getRouteApi('/app/boite-de-reception');

/** « Boîte de réception »: the list and, beside it on wide screens (alone on a phone), the open message. */
export function InboxScreen() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  // Typing replaces the entry: the back button returns to the previous screen, not to each letter.
  const setFilters = (change: InboxFilterChange) => void navigate({ search: (prev) => ({ ...prev, ...change }), replace: true });
  const clear = () => void navigate({ search: {}, replace: true });
  const close = () => void navigate({ search: (prev) => ({ ...prev, message: undefined }) });
  const hasFilters = Boolean(search.q || search.canal || search.etat || search.bien);
  const open = search.message;

  return (
    <>
      <div className={cn(open && 'hidden lg:block')}>
        <PageHeader title="Boîte de réception" />
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <div className={cn('min-w-0', open && 'hidden lg:block')}>
          <InboxFilters search={search} onChange={setFilters} />
          <MessageList search={search} hasFilters={hasFilters} onClear={clear} />
        </div>
        <div className={cn('min-w-0', !open && 'hidden lg:block')}>
          {open ? (
            <div className="lg:sticky lg:top-4">
              <MessageDetail key={open} messageId={open} onClose={close} />
            </div>
          ) : (
            <div className="flex flex-col items-center rounded-xl border border-dashed border-slate-300 px-6 py-16 text-center text-sm text-slate-500">
              <Mail aria-hidden="true" className="mb-2 h-8 w-8 text-slate-400" />
              Choisissez un message pour le lire, voir l’analyse et le rattacher à un bien.
            </div>
          )}
        </div>
      </div>
    </>
  );
}
