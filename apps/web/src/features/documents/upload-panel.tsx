import { isTypeDocument } from './document-types.ts';
import { CheckCircle2, FileUp, RotateCcw, X, XCircle } from 'lucide-react';
import { useId, useRef, useState, type DragEvent } from 'react';
import { cn } from '../../lib/cn.ts';
import { formatBytes } from '../../lib/format.ts';
import { Button } from '../../ui/button.tsx';
import { Select } from '../../ui/field.tsx';
import { TypeOptions } from './type-options.tsx';
import type { UploadItem, useUploadQueue } from './use-upload-queue.ts';

/** What the API stores (docs: PDFs, scans and photos, office documents, visit videos). */
const ACCEPTED =
  '.pdf,.jpg,.jpeg,.png,.webp,.heic,.heif,.tif,.tiff,.gif,.mp4,.mov,.docx,.xlsx,.odt,.ods,.doc,.xls,' +
  'application/pdf,image/*,video/mp4,video/quicktime';

const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });

type Queue = ReturnType<typeof useUploadQueue>;

/** The drop zone (also a button opening the picker), the type for what is dropped, and one row per file sent. */
export function UploadPanel({ queue }: { queue: Queue }) {
  const [type, setType] = useState('');
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const typeId = useId();

  const add = (files: FileList | null) => {
    if (!files?.length) return;
    queue.add([...files], isTypeDocument(type) ? type : undefined);
  };

  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };
  const onDragLeave = (event: DragEvent) => {
    // Moving over the zone's own children fires leave events too: only leaving it counts.
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    add(event.dataTransfer.files);
  };

  const finished = queue.items.filter((item) => item.state.phase === 'done').length;

  return (
    <div className="space-y-3">
      <div className="flex flex-col gap-3 md:flex-row md:items-stretch">
        <button
          type="button"
          onClick={() => picker.current?.click()}
          onDragEnter={onDragOver}
          onDragOver={onDragOver}
          onDragLeave={onDragLeave}
          onDrop={onDrop}
          aria-describedby={`${typeId}-hint`}
          className={cn(
            'flex min-h-28 flex-1 flex-col items-center justify-center gap-1 rounded-lg border-2 border-dashed px-4 py-5 text-center transition-colors',
            'focus-visible:ring-brand-600 focus-visible:ring-2 focus-visible:ring-offset-2 focus-visible:outline-none',
            dragging
              ? 'border-brand-600 bg-brand-50 text-brand-700'
              : 'border-slate-300 bg-white text-slate-700 hover:border-slate-400 hover:bg-slate-50',
          )}
        >
          <FileUp aria-hidden="true" className={cn('h-6 w-6', dragging ? 'text-brand-600' : 'text-slate-400')} />
          <span className="text-sm font-medium">
            {dragging ? 'Déposez les fichiers ici' : 'Glissez vos fichiers ici ou cliquez pour les choisir'}
          </span>
          <span id={`${typeId}-hint`} className="text-xs text-slate-500">
            PDF, photos, documents Office — plusieurs à la fois
          </span>
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          accept={ACCEPTED}
          aria-label="Fichiers à déposer"
          tabIndex={-1}
          className="sr-only"
          onChange={(event) => {
            add(event.currentTarget.files);
            // The same file chosen again after a failure is a new choice.
            event.currentTarget.value = '';
          }}
        />
        <div className="space-y-1 md:w-72">
          <label htmlFor={typeId} className="block text-sm font-medium text-slate-700">
            Type des documents déposés
          </label>
          <Select id={typeId} value={type} onChange={(event) => setType(event.target.value)}>
            <option value="">Laisser Monimmo classer</option>
            <TypeOptions />
          </Select>
          <p className="text-xs text-slate-500">
            {type ? 'Chaque fichier déposé prendra ce type.' : 'Monimmo reconnaît le type ; en cas de doute, il vous le demandera.'}
          </p>
        </div>
      </div>

      {queue.items.length ? (
        <div>
          <div className="mb-1 flex items-center justify-between">
            <h3 className="text-sm font-medium text-slate-700">Envois</h3>
            {finished ? (
              <Button variant="ghost" size="sm" onClick={queue.clearFinished}>
                Effacer les envois terminés
              </Button>
            ) : null}
          </div>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
            {queue.items.map((item) => (
              <UploadRow key={item.id} item={item} queue={queue} />
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function UploadRow({ item, queue }: { item: UploadItem; queue: Queue }) {
  const { state } = item;
  const ratio = state.phase === 'sending' && state.total > 0 ? state.loaded / state.total : state.phase === 'done' ? 1 : 0;
  const sending = state.phase === 'sending' || state.phase === 'queued';
  return (
    <li aria-label={`Envoi de ${item.file.name}`} className="flex items-center gap-2 px-3 py-2.5 sm:gap-3">
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline justify-between gap-2">
          <span className="truncate text-sm font-medium text-slate-800" title={item.file.name}>
            {item.file.name}
          </span>
          <span className="shrink-0 text-xs text-slate-500">{formatBytes(item.file.size)}</span>
        </div>
        {sending ? (
          <div className="mt-1.5 flex items-center gap-2">
            <progress
              className="h-1.5 flex-1 appearance-none overflow-hidden rounded-full bg-slate-200 [&::-moz-progress-bar]:bg-brand-600 [&::-webkit-progress-bar]:bg-slate-200 [&::-webkit-progress-value]:bg-brand-600"
              max={1}
              value={ratio}
              aria-label={`Progression de ${item.file.name}`}
            />
            <span className="w-28 shrink-0 text-right text-xs text-slate-600 tabular-nums" aria-live="polite">
              {state.phase === 'queued' ? 'En attente…' : `Envoi… ${percent.format(ratio)}`}
            </span>
          </div>
        ) : (
          <p
            className={cn(
              'mt-0.5 flex items-center gap-1 text-xs',
              state.phase === 'done' ? 'text-emerald-700' : state.phase === 'failed' ? 'text-red-700' : 'text-slate-600',
            )}
            role={state.phase === 'failed' ? 'alert' : undefined}
          >
            {state.phase === 'done' ? <CheckCircle2 aria-hidden="true" className="h-3.5 w-3.5" /> : null}
            {state.phase === 'failed' ? <XCircle aria-hidden="true" className="h-3.5 w-3.5 shrink-0" /> : null}
            <span>{state.phase === 'done' ? 'Envoyé' : state.phase === 'failed' ? state.message : 'Envoi annulé'}</span>
          </p>
        )}
      </div>
      <div className="flex shrink-0 gap-1">
        {sending ? (
          <Button variant="secondary" size="sm" onClick={() => queue.cancel(item.id)}>
            Annuler
          </Button>
        ) : null}
        {state.phase === 'failed' || state.phase === 'cancelled' ? (
          <Button variant="secondary" size="sm" onClick={() => queue.retry(item.id)}>
            <RotateCcw aria-hidden="true" className="h-3.5 w-3.5" />
            <span className="sr-only sm:not-sr-only">Réessayer</span>
          </Button>
        ) : null}
        {!sending ? (
          <Button
            variant="ghost"
            size="icon"
            className="h-8 w-8"
            aria-label={`Retirer ${item.file.name} de la liste`}
            onClick={() => queue.remove(item.id)}
          >
            <X aria-hidden="true" className="h-4 w-4" />
          </Button>
        ) : null}
      </div>
    </li>
  );
}
