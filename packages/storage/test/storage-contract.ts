import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { AppError } from '@monimmo/contract/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStorageKey, newStorageKey, type ListedObject, type Storage } from '../src/index.ts';
import { digest, failingAfter, generated, readAll } from './streams.ts';

export interface StorageHarness {
  storage: Storage;
  /** The same store, with a clock one hour behind: its signed URLs are already expired. */
  pastStorage: Storage;
  /** Every object and temporary file in the store, to prove a failed put leaves nothing. */
  leftovers(): Promise<string[]>;
  /** Size of the large object: above the multipart part size for S3. */
  largeBytes: number;
  /** Writes an object that is not ours (not a storage key) where the store keeps its objects. */
  plantForeign(): Promise<void>;
  close(): Promise<void>;
}

const ORG = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function appError(promise: Promise<unknown>, code: string): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  return error as AppError;
}

/** The behaviour every Storage implementation must show, registered for one of them. */
export function storageContract(name: string, setup: () => Promise<StorageHarness>): void {
  describe(`Storage contract: ${name}`, () => {
    let h: StorageHarness;
    let storage: Storage;
    beforeAll(async () => {
      h = await setup();
      storage = h.storage;
    });
    afterAll(async () => {
      await h?.close();
    });

    it('stores and returns the bytes, with their size and SHA-256', async () => {
      const bytes = Buffer.from('Compromis de vente — 12 rue Paradis, Marseille\n'.repeat(2_000));
      const key = newStorageKey(ORG, 'files');
      const stored = await storage.put({
        key,
        body: Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]),
        contentType: 'text/plain',
      });
      expect(stored).toEqual({ key, size: bytes.length, sha256: sha256(bytes) });
      expect(await storage.exists(key)).toBe(true);
      expect((await readAll(await storage.get(key))).equals(bytes)).toBe(true);
    });

    it('streams a multi-megabyte object through put and get', async () => {
      const key = newStorageKey(ORG, 'vocals');
      const expected = await digest(generated(h.largeBytes));
      const stored = await storage.put({ key, body: generated(h.largeBytes), contentType: 'audio/mpeg' });
      expect(stored).toEqual({ key, ...expected });
      expect(await digest(await storage.get(key))).toEqual(expected);
    });

    it('stores an empty file', async () => {
      const key = newStorageKey(ORG, 'files');
      const stored = await storage.put({ key, body: Readable.from([]), contentType: 'application/pdf' });
      expect(stored).toEqual({ key, size: 0, sha256: sha256(Buffer.alloc(0)) });
      expect((await readAll(await storage.get(key))).length).toBe(0);
    });

    it('accepts a body of exactly the limit', async () => {
      const key = newStorageKey(ORG, 'files');
      const stored = await storage.put({ key, body: generated(100_000), contentType: 'application/pdf', maxBytes: 100_000 });
      expect(stored.size).toBe(100_000);
    });

    it('refuses one byte over the limit, leaving nothing behind', async () => {
      const before = await h.leftovers();
      const key = newStorageKey(ORG, 'files');
      const body = generated(100_001);
      const error = await appError(storage.put({ key, body, contentType: 'application/pdf', maxBytes: 100_000 }), 'PAYLOAD_TOO_LARGE');
      expect(error.details).toEqual({ limitBytes: 100_000 });
      expect(await storage.exists(key)).toBe(false);
      expect(await h.leftovers()).toEqual(before);
    });

    it('refuses a large stream that passes the limit midway, leaving nothing behind and the body to its owner', async () => {
      const before = await h.leftovers();
      const key = newStorageKey(ORG, 'vocals');
      const limit = h.largeBytes - 1024 * 1024;
      const body = generated(h.largeBytes);
      await appError(storage.put({ key, body, contentType: 'audio/mpeg', maxBytes: limit }), 'PAYLOAD_TOO_LARGE');
      // An HTTP handler can still answer 413 on the request's connection.
      expect(body.destroyed).toBe(false);
      expect(await storage.exists(key)).toBe(false);
      expect(await h.leftovers()).toEqual(before);
    });

    it('gives back the error of a body that fails midway, leaving nothing behind', async () => {
      const before = await h.leftovers();
      const key = newStorageKey(ORG, 'files');
      const failure = new Error('client went away');
      await expect(storage.put({ key, body: failingAfter(10_000, failure), contentType: 'application/pdf' })).rejects.toBe(failure);
      // Past the first part too (on S3, after a multipart upload began).
      await expect(
        storage.put({ key, body: failingAfter(h.largeBytes - 1024 * 1024, failure), contentType: 'application/pdf' }),
      ).rejects.toBe(failure);
      expect(await storage.exists(key)).toBe(false);
      expect(await h.leftovers()).toEqual(before);
    });

    it('answers NOT_FOUND for a missing key', async () => {
      const key = newStorageKey(ORG, 'files');
      await appError(storage.get(key), 'NOT_FOUND');
      expect(await storage.exists(key)).toBe(false);
    });

    it('deletes idempotently', async () => {
      const key = newStorageKey(ORG, 'files');
      await storage.put({ key, body: Readable.from([Buffer.from('x')]), contentType: 'text/plain' });
      await storage.delete(key);
      await storage.delete(key);
      expect(await storage.exists(key)).toBe(false);
      await appError(storage.get(key), 'NOT_FOUND');
      await storage.delete(newStorageKey(ORG, 'vocals'));
    });

    it('signs a download URL that serves the bytes as an attachment with the original name', async () => {
      const bytes = Buffer.from('%PDF-1.7 diagnostic');
      const key = newStorageKey(ORG, 'files');
      await storage.put({ key, body: Readable.from([bytes]), contentType: 'application/pdf' });
      const fileName = 'Diagnostic électricité – «Vieux-Port» 2026.pdf';
      const before = Date.now();
      const signed = await storage.signedDownloadUrl(key, { expiresInSeconds: 300, fileName, contentType: 'application/pdf' });
      const expiresAt = Date.parse(signed.expiresAt);
      expect(expiresAt).toBeGreaterThan(before + 298_000);
      expect(expiresAt).toBeLessThanOrEqual(Date.now() + 300_000);

      const res = await fetch(signed.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      const disposition = res.headers.get('content-disposition') ?? '';
      expect(disposition).toMatch(/^attachment; filename="Diagnostic electricite _ _Vieux-Port_ 2026\.pdf"; filename\*=UTF-8''/);
      const encoded = /filename\*=UTF-8''(.+)$/.exec(disposition)?.[1] ?? '';
      expect(decodeURIComponent(encoded)).toBe(fileName);
      expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
    });

    it('refuses an expired download URL', async () => {
      const key = newStorageKey(ORG, 'files');
      await storage.put({ key, body: Readable.from([Buffer.from('x')]), contentType: 'text/plain' });
      const signed = await h.pastStorage.signedDownloadUrl(key, { expiresInSeconds: 60, fileName: 'a.txt', contentType: 'text/plain' });
      expect(Date.parse(signed.expiresAt)).toBeLessThan(Date.now());
      const res = await fetch(signed.url);
      expect(res.status).toBe(403);
      await res.body?.cancel();
    });

    it('survives unusual file names and refuses content types that are not header values', async () => {
      const key = newStorageKey(ORG, 'files');
      const signed = await storage.signedDownloadUrl(key, {
        expiresInSeconds: 60,
        fileName: 'bad\ud800name.pdf',
        contentType: 'application/pdf',
      });
      expect(signed.url).toMatch(/^https?:/);
      for (const contentType of ['text/html\r\nSet-Cookie: a=b', 'pdf', 'application/pdf; name="é"', '']) {
        await appError(storage.signedDownloadUrl(key, { expiresInSeconds: 60, fileName: 'a.pdf', contentType }), 'BAD_REQUEST');
        await appError(storage.put({ key, body: Readable.from([Buffer.from('x')]), contentType }), 'BAD_REQUEST');
      }
      expect(await storage.exists(key)).toBe(false);
      await storage.put({ key, body: Readable.from([Buffer.from('x')]), contentType: 'text/plain; charset=utf-8' });
    });

    it('refuses a TTL outside 1 s .. 7 days', async () => {
      const key = newStorageKey(ORG, 'files');
      for (const expiresInSeconds of [0, 1.5, 7 * 24 * 3600 + 1]) {
        await expect(storage.signedDownloadUrl(key, { expiresInSeconds, fileName: 'a', contentType: 'text/plain' })).rejects.toThrow(
          RangeError,
        );
      }
    });

    it('refuses keys that are not server-made: traversal, absolute paths, other shapes', async () => {
      const good = newStorageKey(ORG, 'files');
      const bad = [
        '../../etc/passwd',
        '/etc/passwd',
        `${good}/../../../../x`,
        `${ORG}/files/2026/11/../../../../${good.split('/').pop()}`,
        `../${good}`,
        good.replace('/files/', '/other/'),
        `${good}.pdf`,
        'contrat.pdf',
        '',
      ];
      for (const key of bad) {
        await appError(storage.put({ key, body: Readable.from([Buffer.from('x')]), contentType: 'text/plain' }), 'BAD_REQUEST');
        await appError(storage.get(key), 'BAD_REQUEST');
        await appError(storage.exists(key), 'BAD_REQUEST');
        await appError(storage.delete(key), 'BAD_REQUEST');
        await appError(storage.signedDownloadUrl(key, { expiresInSeconds: 60, fileName: 'a', contentType: 'text/plain' }), 'BAD_REQUEST');
      }
    });

    it('lists its objects, storage keys only, with when each was written', async () => {
      const key = newStorageKey(ORG, 'vocals');
      await storage.put({ key, body: Readable.from([Buffer.from('audio')]), contentType: 'audio/mpeg' });
      await h.plantForeign();
      const listed: ListedObject[] = [];
      for await (const object of storage.list()) listed.push(object);
      const mine = listed.find((o) => o.key === key);
      expect(mine?.lastModified).toBeInstanceOf(Date);
      // Written just now, as the store's clock goes: within the hour either way.
      expect(Math.abs(mine!.lastModified.getTime() - Date.now())).toBeLessThan(3_600_000);
      expect(listed.length).toBeGreaterThan(1);
      expect(listed.filter((o) => !isStorageKey(o.key))).toEqual([]);
    });
  });
}
