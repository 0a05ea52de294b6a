import { MESSAGE_CHANNEL_LABELS, VOCAL_TYPE_LABELS } from '@monimmo/contract/vocabulary/lists';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { AudioLines, Download, Loader2 } from 'lucide-react';
import { formatBytes, formatDateTime } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { Button } from '../../ui/button.tsx';
import { Skeleton } from '../../ui/feedback.tsx';
import { typeLabel } from '../documents/document-types.ts';
import { useDownloadFile } from '../documents/use-download-file.ts';
import type { ReviewItem } from './review-model.ts';

type Message = NonNullable<ReviewItem['message']>;
type File = NonNullable<ReviewItem['file']>;
type Vocal = NonNullable<ReviewItem['vocal']>;

/** What the item is, as the agent needs it to decide: the message, the document or the voice note. */
export function ReviewEvidence({ item }: { item: ReviewItem }) {
  if (item.message) return <MessageEvidence message={item.message} />;
  if (item.file) return <FileEvidence file={item.file} />;
  if (item.vocal) return <VocalEvidence vocal={item.vocal} />;
  return <p className="text-sm text-slate-600">L’élément concerné n’existe plus.</p>;
}

const Meta = ({ children }: { children: React.ReactNode }) => <p className="text-xs text-slate-500">{children}</p>;

function MessageEvidence({ message }: { message: Message }) {
  const trpc = useTRPC();
  // The whole text for the item on screen only; the list carries the start of it.
  const full = useQuery(trpc.messages.get.queryOptions({ id: message.id }, { staleTime: 60_000 }));
  const sender = message.fromName ? `${message.fromName} <${message.fromAddress}>` : message.fromAddress;
  return (
    <div className="space-y-2">
      <Meta>
        {MESSAGE_CHANNEL_LABELS[message.channel]} · reçu le {formatDateTime(message.receivedAt)}
      </Meta>
      <p className="text-sm">
        <span className="text-slate-500">De </span>
        <span className="font-medium break-all text-slate-900">{sender}</span>
      </p>
      {message.subject ? <p className="text-sm font-semibold text-slate-900">{message.subject}</p> : null}
      <blockquote className="max-h-64 overflow-y-auto rounded-md border border-slate-200 bg-slate-50 p-3 text-sm whitespace-pre-line text-slate-800">
        {full.data?.body ?? message.preview}
      </blockquote>
      {message.attachmentCount > 0 ? (
        <Meta>{message.attachmentCount === 1 ? '1 pièce jointe' : `${message.attachmentCount} pièces jointes`}</Meta>
      ) : null}
    </div>
  );
}

function FileEvidence({ file }: { file: File }) {
  const { download: downloadFile, downloading } = useDownloadFile();
  const download = () => downloadFile(file);
  return (
    <div className="space-y-2">
      <p className="text-sm font-semibold break-all text-slate-900">{file.fileName}</p>
      <Meta>
        {typeLabel(file.typeDocument)} · {formatBytes(file.size)} · déposé le {formatDateTime(file.createdAt)}
      </Meta>
      <Button variant="secondary" size="sm" onClick={() => void download()} disabled={downloading}>
        {downloading ? (
          <Loader2 aria-hidden="true" className="h-4 w-4 animate-spin" />
        ) : (
          <Download aria-hidden="true" className="h-4 w-4" />
        )}
        Télécharger
      </Button>
    </div>
  );
}

function VocalEvidence({ vocal }: { vocal: Vocal }) {
  const trpc = useTRPC();
  const full = useQuery(trpc.vocals.get.queryOptions({ id: vocal.id }, { staleTime: 60_000 }));
  const duration = vocal.durationSeconds ? ` · ${Math.max(1, Math.round(vocal.durationSeconds))} s` : '';
  return (
    <div className="space-y-2">
      <p className="text-sm font-semibold break-all text-slate-900">{vocal.fileName}</p>
      <Meta>
        {vocal.vocalType ? VOCAL_TYPE_LABELS[vocal.vocalType] : 'Type à déterminer'}
        {duration} · enregistré le {formatDateTime(vocal.createdAt)}
      </Meta>
      {full.data?.audioUrl ? (
        <audio controls preload="none" src={full.data.audioUrl.url} className="w-full">
          <track kind="captions" />
        </audio>
      ) : null}
      {vocal.processingError ? <p className="text-sm text-red-700">{vocal.processingError}</p> : null}
      {full.isPending ? (
        <Skeleton className="h-16 w-full" />
      ) : full.data?.transcript ? (
        <blockquote className="max-h-64 overflow-y-auto rounded-md border border-slate-200 bg-slate-50 p-3 text-sm whitespace-pre-line text-slate-800">
          {full.data.transcript}
        </blockquote>
      ) : (
        <p className="text-sm text-slate-600">
          {full.data?.transcript === '' ? 'Aucune parole n’a été reconnue.' : 'Pas encore de transcription.'}
        </p>
      )}
      <Button asChild size="sm" variant="secondary">
        <Link to="/vocaux" search={{ note: vocal.id }}>
          <AudioLines aria-hidden="true" className="h-4 w-4" />
          Ouvrir la note vocale
        </Link>
      </Button>
    </div>
  );
}
