import { MESSAGE_CHANNEL_LABELS, REVIEW_REASON_LABELS, type ReviewReason } from '@monimmo/contract/vocabulary/lists';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { ArrowLeft, Download, FileText, RotateCw, Sparkles } from 'lucide-react';
import { useState } from 'react';
import type { RouterOutputs } from '../../lib/api-types.ts';
import { apiErrorData, toFrenchError } from '../../lib/errors.ts';
import { formatBytes, formatDateTime } from '../../lib/format.ts';
import { useDownloadFile } from '../documents/use-download-file.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { LoadingBlock } from '../../ui/feedback.tsx';
import { notify } from '../../ui/toast.tsx';
import { ChannelIcon, formatConfidence, propertySetSentence, TriageBadge } from './message-labels.tsx';
import { PropertyName } from './property-name.tsx';
import { PropertyPicker, type PickedProperty } from '../properties/property-picker.tsx';
import { splitQuoted } from './quoted-text.ts';

type Message = RouterOutputs['messages']['get'];

/** One message: its text with the history folded, its documents, why the AI filed it (or not), and filing by hand. */
export function MessageDetail({ messageId, onClose }: { messageId: string; onClose(): void }) {
  const trpc = useTRPC();
  const message = useQuery(trpc.messages.get.queryOptions({ id: messageId }));

  const back = (
    <Button variant="ghost" size="sm" onClick={onClose} className="lg:hidden">
      <ArrowLeft aria-hidden="true" className="h-4 w-4" /> Retour aux messages
    </Button>
  );
  if (message.isPending) return <LoadingBlock lines={5} label="Chargement du message…" />;
  if (message.isError) {
    const missing = apiErrorData(message.error)?.code === 'NOT_FOUND';
    return (
      <div className="space-y-3">
        {back}
        <p className="text-sm text-red-700">{missing ? 'Ce message n’existe pas ou plus.' : toFrenchError(message.error).message}</p>
      </div>
    );
  }
  return (
    <article aria-labelledby="message-title" className="space-y-5 rounded-xl border border-slate-200 bg-white p-4 sm:p-5">
      {back}
      <MessageHeader message={message.data} />
      <MessageBody body={message.data.body} />
      {message.data.attachments.length > 0 ? <Attachments message={message.data} /> : null}
      <Filing message={message.data} />
    </article>
  );
}

function MessageHeader({ message }: { message: Message }) {
  return (
    <header className="space-y-2">
      <h2 id="message-title" className="text-lg font-semibold break-words text-slate-900">
        {message.subject ?? `Message de ${message.fromName ?? message.fromAddress}`}
      </h2>
      <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500">De</dt>
        <dd className="break-words text-slate-900">
          {message.fromName ? (
            <>
              {message.fromName} <span className="text-slate-500">‹{message.fromAddress}›</span>
            </>
          ) : (
            message.fromAddress
          )}
        </dd>
        <dt className="text-slate-500">Reçu le</dt>
        <dd>
          <time dateTime={message.receivedAt}>{formatDateTime(message.receivedAt)}</time>
        </dd>
        <dt className="text-slate-500">Canal</dt>
        <dd className="flex items-center gap-1.5">
          <ChannelIcon channel={message.channel} />
          {MESSAGE_CHANNEL_LABELS[message.channel]}
        </dd>
        <dt className="text-slate-500">Bien</dt>
        <dd className="min-w-0">
          <PropertyName propertyId={message.propertyId} />
        </dd>
        <dt className="text-slate-500">État</dt>
        <dd>
          <TriageBadge message={message} />
        </dd>
      </dl>
    </header>
  );
}

function MessageBody({ body }: { body: string }) {
  const { fresh, quoted } = splitQuoted(body);
  const [showHistory, setShowHistory] = useState(false);
  return (
    <section aria-label="Texte du message" className="space-y-2">
      <p className="text-sm leading-relaxed break-words whitespace-pre-line text-slate-900">{fresh}</p>
      {quoted ? (
        <>
          <Button variant="ghost" size="sm" aria-expanded={showHistory} onClick={() => setShowHistory((v) => !v)}>
            {showHistory ? 'Masquer l’historique' : 'Afficher l’historique'}
          </Button>
          {showHistory ? (
            <blockquote className="border-l-2 border-slate-300 pl-3 text-sm break-words whitespace-pre-line text-slate-600">
              {quoted}
            </blockquote>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function Attachments({ message }: { message: Message }) {
  const { download } = useDownloadFile();
  return (
    <section aria-labelledby="attachments-title" className="space-y-2">
      <h3 id="attachments-title" className="text-sm font-semibold text-slate-900">
        Pièces jointes
      </h3>
      <ul className="space-y-1.5">
        {message.attachments.map((file) => (
          <li key={file.id} className="flex flex-wrap items-center gap-2 text-sm">
            <FileText aria-hidden="true" className="h-4 w-4 text-slate-400" />
            <span className="min-w-0 flex-1 truncate">{file.fileName}</span>
            <span className="text-xs text-slate-500">{formatBytes(file.size)}</span>
            {file.propertyId ? (
              <Link
                to="/biens/$propertyId"
                params={{ propertyId: file.propertyId }}
                className="text-xs font-medium text-brand-700 hover:underline"
              >
                Voir dans le bien
              </Link>
            ) : null}
            <Button variant="ghost" size="icon" aria-label={`Télécharger ${file.fileName}`} onClick={() => void download(file)}>
              <Download aria-hidden="true" className="h-4 w-4" />
            </Button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Who filed the message and the AI's conclusion with its reasons (a review item's when there is one),
 * then the agent's hand: attach to a property, or run the triage again.
 */
function Filing({ message }: { message: Message }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.messages.get.queryKey({ id: message.id });

  const attach = useMutation(
    trpc.messages.update.mutationOptions({
      onMutate: async ({ propertyId }) => {
        await queryClient.cancelQueries({ queryKey: key });
        const previous = queryClient.getQueryData(key);
        // Shown filed at once; the server's answer (or the rollback) follows.
        if (previous)
          queryClient.setQueryData(key, {
            ...previous,
            propertyId,
            aiStatus: 'PROCESSED' as const,
            propertySetBy: 'USER' as const,
            propertySetByUser: null,
            propertySetAt: null,
          });
        return { previous };
      },
      onError: (error, _input, context) => {
        if (context?.previous) queryClient.setQueryData(key, context.previous);
        notify(`Le message n’a pas pu être rattaché : ${toFrenchError(error).message}`, 'error');
      },
      onSuccess: (saved) => {
        queryClient.setQueryData(key, saved);
        notify('Message rattaché au bien.', 'success');
      },
      onSettled: () => queryClient.invalidateQueries(trpc.messages.pathFilter()),
    }),
  );
  const rerun = useMutation(
    trpc.messages.runAi.mutationOptions({
      onSuccess: () => {
        notify('Nouvelle analyse lancée.', 'info');
        void queryClient.invalidateQueries(trpc.messages.pathFilter());
      },
      onError: (error) => notify(toFrenchError(error).message, 'error'),
    }),
  );

  const choose = (property: PickedProperty) => attach.mutate({ id: message.id, propertyId: property.id });
  const { triage } = message;
  const decided = propertySetSentence(message);
  // Without a review item, the AI's own words; the sentence above says whose choice stands.
  const reasoning = !triage && message.aiDecision ? message.aiDecision.reasoning : null;

  return (
    <section aria-labelledby="filing-title" className="space-y-4 border-t border-slate-200 pt-4">
      <h3 id="filing-title" className="flex items-center gap-1.5 text-sm font-semibold text-slate-900">
        <Sparkles aria-hidden="true" className="h-4 w-4 text-brand-600" /> Analyse du message
      </h3>
      {decided ? <p className="text-sm font-medium text-slate-800">{decided}</p> : null}
      {reasoning ? (
        <p className="text-sm break-words text-slate-700">
          {message.propertySetBy === 'AI' ? reasoning : `Avis de Monimmo : ${reasoning}`}
        </p>
      ) : null}
      {triage ? (
        <div className="space-y-3 text-sm">
          <p className="font-medium text-slate-800">
            {REVIEW_REASON_LABELS[triage.reason as ReviewReason] ?? 'Message à vérifier'}
            {triage.status === 'RESOLVED' && triage.resolvedBy
              ? ` · décidé par ${triage.resolvedBy.firstName} ${triage.resolvedBy.lastName}`
              : ''}
          </p>
          {triage.reasoning ? <p className="break-words text-slate-700">{triage.reasoning}</p> : null}
          {triage.candidates.length > 0 ? (
            <div>
              <p className="mb-1 text-slate-600">Biens envisagés :</p>
              <ul className="space-y-2">
                {triage.candidates.map((candidate) => (
                  <li key={candidate.propertyId} className="rounded-md bg-slate-50 p-2">
                    <div className="flex flex-wrap items-baseline justify-between gap-2">
                      <PropertyName propertyId={candidate.propertyId} />
                      <span className="text-xs font-semibold text-slate-700">{formatConfidence(candidate.confidence)}</span>
                    </div>
                    {candidate.evidence.length > 0 ? (
                      <ul className="mt-1 list-disc pl-5 text-slate-600">
                        {candidate.evidence.map((line) => (
                          <li key={line}>{line}</li>
                        ))}
                      </ul>
                    ) : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : decided || reasoning ? null : (
        <p className="text-sm text-slate-600">
          {message.aiStatus === 'PENDING'
            ? 'L’analyse est en cours : le message sera rattaché à son bien ou proposé à la vérification.'
            : message.propertyId
              ? 'Ce message est rattaché à son bien.'
              : 'Ce message n’est rattaché à aucun bien.'}
        </p>
      )}
      <PropertyPicker
        label={message.propertyId ? 'Rattacher à un autre bien' : 'Rattacher à un bien'}
        onSelect={choose}
        disabled={attach.isPending}
      />
      <Button variant="secondary" size="sm" onClick={() => rerun.mutate({ id: message.id })} disabled={rerun.isPending}>
        <RotateCw aria-hidden="true" className="h-4 w-4" /> Relancer l’analyse
      </Button>
    </section>
  );
}
