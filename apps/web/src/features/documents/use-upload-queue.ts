import type { TypeDocument } from '@monimmo/contract/vocabulary/lists';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useSessionStore } from '../auth/use-session.ts';
import { toFrenchError } from '../../lib/errors.ts';
import { formatBytes } from '../../lib/format.ts';
import { UploadError, uploadFile, type StoredFile } from './upload-file.ts';

/** Files sent at the same time; the others wait their turn. */
const PARALLEL_UPLOADS = 3;

export type UploadState =
  | { phase: 'queued' }
  | { phase: 'sending'; loaded: number; total: number }
  | { phase: 'done'; file: StoredFile }
  | { phase: 'failed'; message: string }
  | { phase: 'cancelled' };

export interface UploadItem {
  id: string;
  file: File;
  typeDocument: TypeDocument | undefined;
  /** Kept across retries of this file: a lost answer retried never stores it twice. */
  idempotencyKey: string;
  state: UploadState;
}

/** Why the file was refused, in French; a file too large says the limit. */
function refusalOf(error: unknown): string {
  const body = error instanceof UploadError ? error.body : error;
  const limit = (body as { details?: { limitBytes?: unknown } } | undefined)?.details?.limitBytes;
  if (typeof limit === 'number') return `Ce fichier dépasse la taille maximale acceptée (${formatBytes(limit)}).`;
  return toFrenchError(body).message;
}

/**
 * The files being sent to a property, a few at a time, each with its progress, its refusal in
 * French, a retry and a cancel.
 */
export function useUploadQueue(propertyId: string, onUploaded: (file: StoredFile) => void) {
  const session = useSessionStore();
  const [items, setItems] = useState<UploadItem[]>([]);
  const aborts = useRef(new Map<string, () => void>());
  const started = useRef(new Set<string>());
  const uploaded = useRef(onUploaded);
  uploaded.current = onUploaded;

  const patch = useCallback((id: string, state: UploadState) => {
    setItems((current) => current.map((item) => (item.id === id ? { ...item, state } : item)));
  }, []);

  const send = useCallback(
    async (item: UploadItem) => {
      patch(item.id, { phase: 'sending', loaded: 0, total: item.file.size });
      const token = await session.accessToken();
      if (!token) {
        started.current.delete(item.id);
        patch(item.id, { phase: 'failed', message: 'Votre session a expiré : reconnectez-vous.' });
        return;
      }
      const running = uploadFile({
        file: item.file,
        propertyId,
        typeDocument: item.typeDocument,
        token,
        idempotencyKey: item.idempotencyKey,
        onProgress: ({ loaded, total }) => patch(item.id, { phase: 'sending', loaded, total }),
      });
      aborts.current.set(item.id, running.abort);
      let final: UploadState;
      let stored: StoredFile | undefined;
      try {
        stored = await running.promise;
        final = { phase: 'done', file: stored };
      } catch (error) {
        final = error instanceof UploadError && error.aborted ? { phase: 'cancelled' } : { phase: 'failed', message: refusalOf(error) };
      }
      // Free the slot before the state change, so the next waiting file starts on that render.
      aborts.current.delete(item.id);
      started.current.delete(item.id);
      patch(item.id, final);
      if (stored) uploaded.current(stored);
    },
    [patch, propertyId, session],
  );

  // Starts waiting files while fewer than PARALLEL_UPLOADS are on their way.
  useEffect(() => {
    const free = PARALLEL_UPLOADS - started.current.size;
    if (free <= 0) return;
    for (const item of items.filter((i) => i.state.phase === 'queued' && !started.current.has(i.id)).slice(0, free)) {
      started.current.add(item.id);
      void send(item);
    }
  }, [items, send]);

  // Leaving the screen stops what is still being sent.
  useEffect(() => {
    const running = aborts.current;
    return () => {
      for (const abort of running.values()) abort();
    };
  }, []);

  const add = useCallback((files: File[], typeDocument: TypeDocument | undefined) => {
    const added = files.map((file) => ({
      id: crypto.randomUUID(),
      file,
      typeDocument,
      idempotencyKey: crypto.randomUUID(),
      state: { phase: 'queued' } as const,
    }));
    setItems((current) => [...current, ...added]);
  }, []);

  const retry = useCallback((id: string) => patch(id, { phase: 'queued' }), [patch]);
  const cancel = useCallback((id: string) => {
    const abort = aborts.current.get(id);
    if (abort) abort();
    else
      setItems((current) =>
        current.map((item) => (item.id === id && item.state.phase === 'queued' ? { ...item, state: { phase: 'cancelled' } } : item)),
      );
  }, []);
  const remove = useCallback((id: string) => setItems((current) => current.filter((item) => item.id !== id)), []);
  const clearFinished = useCallback(() => setItems((current) => current.filter((item) => item.state.phase !== 'done')), []);

  return { items, add, retry, cancel, remove, clearFinished };
}
