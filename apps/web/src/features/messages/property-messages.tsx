import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { toFrenchError } from '../../lib/errors.ts';
import { formatDate } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Card } from '../../ui/card.tsx';
import { LoadingBlock } from '../../ui/feedback.tsx';
import { ChannelIcon } from './message-labels.tsx';
import { senderOf } from './message-list.tsx';

const LATEST = 5;

/** The property's latest messages, each opening in the inbox. */
export function PropertyMessages({ propertyId }: { propertyId: string }) {
  const trpc = useTRPC();
  const messages = useQuery(trpc.messages.list.queryOptions({ propertyId, limit: LATEST }));
  const all = (
    <Link to="/boite-de-reception" search={{ bien: propertyId }} className="text-sm font-medium text-brand-700 hover:underline">
      Tous les messages
    </Link>
  );
  return (
    <Card title="Messages" action={all}>
      {messages.isPending ? (
        <LoadingBlock lines={2} label="Chargement des messages…" />
      ) : messages.isError ? (
        <p className="text-sm text-red-700">{toFrenchError(messages.error).message}</p>
      ) : messages.data.items.length === 0 ? (
        <p className="text-sm text-slate-500">Aucun message rattaché à ce bien pour l’instant.</p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {messages.data.items.map((message) => (
            <li key={message.id} className="py-2 first:pt-0 last:pb-0">
              <Link
                to="/boite-de-reception"
                search={{ bien: propertyId, message: message.id }}
                className="group flex items-start gap-2 rounded-md text-sm"
              >
                <ChannelIcon channel={message.channel} className="mt-0.5 h-4 w-4" />
                <span className="min-w-0 flex-1">
                  <span className="flex items-baseline justify-between gap-2">
                    <span className="truncate font-medium text-slate-900 group-hover:underline">{senderOf(message)}</span>
                    <time dateTime={message.receivedAt} className="shrink-0 text-xs text-slate-500">
                      {formatDate(message.receivedAt)}
                    </time>
                  </span>
                  <span className="block truncate text-slate-600">{message.subject ?? message.preview}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
