import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Inbox, Paperclip } from 'lucide-react';
import type { RouterOutputs } from '../../lib/api-types.ts';
import { cn } from '../../lib/cn.ts';
import { toFrenchError } from '../../lib/errors.ts';
import { formatDate } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { EmptyState, LoadingBlock } from '../../ui/feedback.tsx';
import { ChannelIcon, TriageBadge } from './message-labels.tsx';
import { PropertyName } from './property-name.tsx';
import type { InboxSearch } from './search.ts';

export type MessageSummary = RouterOutputs['messages']['list']['items'][number];

const PAGE = 20;

export const senderOf = (m: { fromName: string | null; fromAddress: string }) => m.fromName ?? m.fromAddress;

/** The inbox's messages under the filters of the address, newest first, a page at a time. */
export function MessageList({ search, hasFilters, onClear }: { search: InboxSearch; hasFilters: boolean; onClear(): void }) {
  const trpc = useTRPC();
  const pages = useInfiniteQuery(
    trpc.messages.list.infiniteQueryOptions(
      {
        limit: PAGE,
        ...(search.canal ? { channel: search.canal } : {}),
        ...(search.etat ? { aiStatus: search.etat } : {}),
        ...(search.bien ? { propertyId: search.bien } : {}),
        ...(search.q ? { q: search.q } : {}),
      },
      // The previous results stay on screen while the next filter's load.
      { getNextPageParam: (page) => page.nextCursor, placeholderData: keepPreviousData },
    ),
  );

  if (pages.isPending) return <LoadingBlock lines={6} label="Chargement des messages…" />;
  if (pages.isError) return <p className="text-sm text-red-700">{toFrenchError(pages.error).message}</p>;
  const messages = pages.data.pages.flatMap((page) => page.items);
  if (messages.length === 0) {
    return hasFilters ? (
      <EmptyState
        icon={Inbox}
        title="Aucun message ne correspond"
        action={
          <Button variant="secondary" onClick={onClear}>
            Effacer les filtres
          </Button>
        }
      >
        Essayez d’autres mots ou retirez un filtre.
      </EmptyState>
    ) : (
      <EmptyState icon={Inbox} title="La boîte de réception est vide">
        Les e-mails et messages WhatsApp ou Telegram reçus par l’agence arrivent ici dès qu’une intégration est connectée.
      </EmptyState>
    );
  }
  return (
    <div>
      <ul aria-label="Messages" className="divide-y divide-slate-200 overflow-hidden rounded-xl border border-slate-200 bg-white">
        {messages.map((message) => (
          <MessageRow key={message.id} message={message} selected={message.id === search.message} />
        ))}
      </ul>
      {pages.hasNextPage ? (
        <div className="mt-3 flex justify-center">
          <Button variant="secondary" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? 'Chargement…' : 'Charger plus'}
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function MessageRow({ message, selected }: { message: MessageSummary; selected: boolean }) {
  const title = message.subject ?? message.preview;
  return (
    <li className={cn('relative px-4 py-3 hover:bg-slate-50', selected && 'bg-brand-50 hover:bg-brand-50')}>
      <div className="flex items-start gap-3">
        <ChannelIcon channel={message.channel} className="mt-0.5 h-4 w-4" />
        <div className="min-w-0 flex-1">
          <div className="flex items-baseline justify-between gap-2">
            <Link
              to="/boite-de-reception"
              search={(prev) => ({ ...prev, message: message.id })}
              aria-current={selected ? 'true' : undefined}
              className="truncate font-medium text-slate-900 after:absolute after:inset-0 focus-visible:outline-none focus-visible:after:ring-2 focus-visible:after:ring-brand-600 focus-visible:after:ring-inset"
            >
              {senderOf(message)}
            </Link>
            <time dateTime={message.receivedAt} className="shrink-0 text-xs text-slate-500">
              {formatDate(message.receivedAt)}
            </time>
          </div>
          <p className="truncate text-sm text-slate-800">{title}</p>
          {message.subject ? <p className="truncate text-sm text-slate-500">{message.preview}</p> : null}
          <div className="mt-1.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
            <TriageBadge message={message} />
            {/* Above the row's link, so the property link stays clickable on its own. */}
            <span className="relative z-10 min-w-0 truncate">
              <PropertyName propertyId={message.propertyId} />
            </span>
            {message.attachmentCount > 0 ? (
              <span className="inline-flex items-center gap-1 text-xs text-slate-500">
                <Paperclip aria-hidden="true" className="h-3.5 w-3.5" />
                {message.attachmentCount === 1 ? '1 pièce jointe' : `${message.attachmentCount} pièces jointes`}
              </span>
            ) : null}
          </div>
        </div>
      </div>
    </li>
  );
}
