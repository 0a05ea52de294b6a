import { AI_STATUS_LABELS, MESSAGE_CHANNEL_LABELS } from '@monimmo/contract/vocabulary/lists';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { toFrenchError } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Badge } from '../../ui/badge.tsx';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { Skeleton } from '../../ui/feedback.tsx';

const AI_TONE = { PENDING: 'neutral', PROCESSED: 'success', REVIEW_REQUIRED: 'warning' } as const;

/** The newest messages and what the assistant made of them. */
export function RecentMessages() {
  const trpc = useTRPC();
  const messages = useQuery(trpc.messages.list.queryOptions({ limit: 5 }));
  return (
    <Card
      title="Derniers messages"
      action={
        <Button asChild variant="ghost" size="sm">
          {/* Another screen of this issue owns /boite-de-reception: the path is typed once it is registered. */}
          <Link to="/boite-de-reception">Boîte de réception</Link>
        </Button>
      }
    >
      {messages.isPending ? (
        <div role="status" className="space-y-2">
          <span className="sr-only">Chargement des messages…</span>
          <Skeleton className="h-12 w-full" />
          <Skeleton className="h-12 w-full" />
          <Skeleton className="h-12 w-full" />
        </div>
      ) : messages.isError ? (
        <p className="text-sm text-red-700">{toFrenchError(messages.error).message}</p>
      ) : messages.data.items.length === 0 ? (
        <p className="text-sm text-slate-600">
          Aucun message reçu. Connectez Gmail ou WhatsApp depuis les{' '}
          <Link to="/integrations" className="font-medium text-brand-700 underline">
            intégrations
          </Link>{' '}
          : les messages y seront triés automatiquement.
        </p>
      ) : (
        <ul className="divide-y divide-slate-100">
          {messages.data.items.map((message) => (
            <li key={message.id} className="py-2">
              <div className="flex flex-wrap items-center justify-between gap-x-2 gap-y-1">
                <p className="min-w-0 truncate text-sm font-medium text-slate-900">{message.fromName ?? message.fromAddress}</p>
                <span className="text-xs text-slate-500">{formatDateTime(message.receivedAt)}</span>
              </div>
              <p className="truncate text-sm text-slate-600">{message.subject ?? message.preview}</p>
              <div className="mt-1 flex flex-wrap gap-1">
                <Badge>{MESSAGE_CHANNEL_LABELS[message.channel]}</Badge>
                <Badge tone={AI_TONE[message.aiStatus]}>{AI_STATUS_LABELS[message.aiStatus]}</Badge>
                {message.propertyId ? (
                  <Link
                    to="/biens/$propertyId"
                    params={{ propertyId: message.propertyId }}
                    className="text-xs font-medium text-brand-700 underline"
                  >
                    Voir le bien
                  </Link>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
