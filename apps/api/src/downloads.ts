import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '@monimmo/contract';
import { LocalStorage, type Storage } from '@monimmo/storage';
import { sendAppError, sendError } from './http/responses.ts';

/**
 * GET /storage/…: the signed, expiring download URLs of local storage (S3 serves its own).
 * A tampered or expired URL answers 403.
 */
export function createLocalDownloads(storage: Storage) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!(storage instanceof LocalStorage)) return sendError(res, 'NOT_FOUND', 'Downloads are served by the object store');
    try {
      const download = storage.verify(req.url ?? '/');
      const body = await storage.get(download.key);
      res.writeHead(200, download.headers);
      if (req.method === 'HEAD') {
        body.destroy();
        res.end();
        return;
      }
      body.on('error', () => res.destroy()).pipe(res);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      sendAppError(res, error);
    }
  };
}
