import { useQueryClient } from '@tanstack/react-query';
import { FileAudio, Mic, Square, X } from 'lucide-react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { toFrenchError } from '../../lib/errors.ts';
import { formatBytes } from '../../lib/format.ts';
import { useTRPC } from '../../lib/trpc.ts';
import { UploadError } from '../../lib/upload-bytes.ts';
import { Button } from '../../ui/button.tsx';
import { Card } from '../../ui/card.tsx';
import { FormError } from '../../ui/field.tsx';
import { notify } from '../../ui/toast.tsx';
import { useSessionStore } from '../auth/use-session.ts';
import { PropertyPicker, type PickedProperty } from '../properties/property-picker.tsx';
import { formatElapsed, REFUSAL_MESSAGES } from './recorder.ts';
import { uploadVocal, type StoredVocal } from './upload-vocal.ts';
import { useRecorder } from './use-recorder.ts';

type Sending =
  | { phase: 'sending'; file: File; key: string; loaded: number; total: number }
  | { phase: 'failed'; file: File; key: string; message: string };

function refusalMessage(error: unknown): string {
  const body = error instanceof UploadError ? error.body : error;
  const limit = (body as { details?: { limitBytes?: unknown } } | undefined)?.details?.limitBytes;
  if (typeof limit === 'number') return `Cet enregistrement dépasse la taille maximale acceptée (${formatBytes(limit)}).`;
  if (error instanceof UploadError && error.status === 0) return 'L’envoi n’a pas abouti : vérifiez votre connexion, puis réessayez.';
  return toFrenchError(body).message;
}

/** Records a voice note in the browser, or picks an audio file, and sends it with an optional property. */
export function NewVocal({ onUploaded }: { onUploaded?: (vocal: StoredVocal) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const session = useSessionStore();
  const [property, setProperty] = useState<PickedProperty | null>(null);
  const [sending, setSending] = useState<Sending | null>(null);
  const abort = useRef<(() => void) | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const send = useCallback(
    async (file: File, key: string) => {
      setSending({ phase: 'sending', file, key, loaded: 0, total: file.size });
      const token = await session.accessToken();
      if (!token) {
        setSending({ phase: 'failed', file, key, message: 'Votre session a expiré : reconnectez-vous.' });
        return;
      }
      const running = uploadVocal({
        file,
        propertyId: property?.id,
        token,
        idempotencyKey: key,
        onProgress: ({ loaded, total }) => setSending({ phase: 'sending', file, key, loaded, total }),
      });
      abort.current = running.abort;
      try {
        const vocal = await running.promise;
        setSending(null);
        setProperty(null);
        notify('Note vocale envoyée : la transcription est en cours.', 'success');
        // The note opens at once as the API answered (« Envoyée »), then follows its processing.
        queryClient.setQueryData(trpc.vocals.get.queryKey({ id: vocal.id }), vocal);
        await queryClient.invalidateQueries(trpc.vocals.pathFilter());
        onUploaded?.(vocal);
      } catch (error) {
        if (error instanceof UploadError && error.aborted) setSending(null);
        else setSending({ phase: 'failed', file, key, message: refusalMessage(error) });
      } finally {
        abort.current = null;
      }
    },
    [onUploaded, property, queryClient, session, trpc],
  );

  const recorder = useRecorder((file) => void send(file, crypto.randomUUID()));
  useEffect(() => () => abort.current?.(), []);
  const { state } = recorder;

  return (
    <Card title="Nouvelle note vocale">
      <div className="space-y-4">
        <PropertyPicker label="Bien concerné (facultatif)" selected={property} onSelect={setProperty} onClear={() => setProperty(null)} />
        {sending ? (
          <SendingState
            sending={sending}
            onCancel={() => abort.current?.()}
            onRetry={() => void send(sending.file, sending.key)}
            onDrop={() => setSending(null)}
          />
        ) : state.phase === 'recording' ? (
          <div className="space-y-3 rounded-lg border border-red-200 bg-red-50 p-3">
            <div className="flex items-center gap-3">
              <span aria-hidden="true" className="h-3 w-3 shrink-0 animate-pulse rounded-full bg-red-600" />
              <span
                role="timer"
                aria-label="Durée de l’enregistrement"
                className="font-mono text-lg font-semibold text-slate-900 tabular-nums"
              >
                {formatElapsed(state.seconds)}
              </span>
              <div
                role="meter"
                aria-label="Niveau du micro"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(state.level * 100)}
                className="h-2 min-w-0 flex-1 overflow-hidden rounded-full bg-white"
              >
                <div
                  className="h-full rounded-full bg-red-500 transition-[width] duration-75"
                  style={{ width: `${Math.round(state.level * 100)}%` }}
                />
              </div>
            </div>
            <div className="flex flex-wrap gap-2">
              <Button onClick={recorder.stop}>
                <Square aria-hidden="true" className="h-4 w-4" />
                Arrêter et envoyer
              </Button>
              <Button variant="secondary" onClick={recorder.cancel}>
                <X aria-hidden="true" className="h-4 w-4" />
                Annuler
              </Button>
            </div>
          </div>
        ) : (
          <div className="flex flex-wrap gap-2">
            <Button onClick={() => void recorder.start()} disabled={state.phase === 'asking'}>
              <Mic aria-hidden="true" className="h-4 w-4" />
              {state.phase === 'asking' ? 'Ouverture du micro…' : 'Enregistrer'}
            </Button>
            <Button variant="secondary" onClick={() => fileInput.current?.click()}>
              <FileAudio aria-hidden="true" className="h-4 w-4" />
              Choisir un fichier audio
            </Button>
            <input
              ref={fileInput}
              type="file"
              accept="audio/*"
              aria-label="Fichier audio"
              className="sr-only"
              tabIndex={-1}
              onChange={(event) => {
                const file = event.target.files?.[0];
                event.target.value = '';
                if (file) void send(file, crypto.randomUUID());
              }}
            />
          </div>
        )}
        {state.phase === 'refused' && !sending ? <FormError message={REFUSAL_MESSAGES[state.reason]} /> : null}
      </div>
    </Card>
  );
}

function SendingState({ sending, onCancel, onRetry, onDrop }: { sending: Sending; onCancel(): void; onRetry(): void; onDrop(): void }) {
  if (sending.phase === 'failed')
    return (
      <div className="space-y-2">
        <p className="truncate text-sm font-medium text-slate-900">{sending.file.name}</p>
        <FormError message={sending.message} />
        <div className="flex flex-wrap gap-2">
          <Button size="sm" onClick={onRetry}>
            Réessayer
          </Button>
          <Button size="sm" variant="secondary" onClick={onDrop}>
            Abandonner
          </Button>
        </div>
      </div>
    );
  const percent = sending.total > 0 ? Math.round((sending.loaded / sending.total) * 100) : 0;
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between gap-2 text-sm">
        <span className="min-w-0 truncate font-medium text-slate-900">{sending.file.name}</span>
        <span className="shrink-0 text-slate-600">
          {formatBytes(sending.loaded)} sur {formatBytes(sending.total)}
        </span>
      </div>
      <progress aria-label={`Envoi de ${sending.file.name}`} max={100} value={percent} className="h-2 w-full accent-brand-600" />
      <Button size="sm" variant="ghost" onClick={onCancel}>
        Annuler l’envoi
      </Button>
    </div>
  );
}
