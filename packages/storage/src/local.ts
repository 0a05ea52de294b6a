import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, opendir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@monimmo/contract/errors';
import { checkContentType, checkExpiresIn, contentDisposition, wellFormed } from './download.ts';
import { assertStorageKey, isStorageKey } from './keys.ts';
import { meter } from './meter.ts';
import type { ListedObject, PutInput, SignedUrl, SignedUrlOptions, Storage, StoredObject } from './types.ts';

export interface LocalStorageOptions {
  /** Created if missing. */
  rootDir: string;
  /** HMAC key of download URLs, at least 32 characters. */
  signingSecret: string;
  /** Public address of the API serving `GET /storage/:key`, e.g. `http://localhost:3000`. */
  publicBaseUrl: string;
  /** Clock in milliseconds, for tests. */
  now?: () => number;
}

export interface VerifiedDownload {
  key: string;
  fileName: string;
  contentType: string;
  expiresAt: string;
  /** What the route should answer with, beside the bytes and their length. */
  headers: Record<string, string>;
}

export interface VerifyOptions {
  signingSecret: string;
  /** Milliseconds; defaults to Date.now(). */
  now?: number;
}

/** Unambiguous whatever the name holds (quotes, newlines): JSON of the four signed fields. */
function sign(secret: string, key: string, expires: string, name: string, type: string): Buffer {
  return createHmac('sha256', secret)
    .update(JSON.stringify([key, expires, name, type]))
    .digest();
}

const forbidden = (reason: 'BAD_SIGNATURE' | 'EXPIRED') =>
  new AppError('FORBIDDEN', reason === 'EXPIRED' ? 'This download link has expired' : 'Invalid download link', { reason });

/**
 * Checks a local download URL as the API receives it (`req.url`: path and query) and returns
 * what to serve. Throws AppError FORBIDDEN when it was not signed by us, was changed, or expired.
 */
export function verifyLocalSignature(pathAndQuery: string, { signingSecret, now = Date.now() }: VerifyOptions): VerifiedDownload {
  const url = new URL(pathAndQuery, 'http://local');
  const match = /\/storage\/([^/]+)$/.exec(url.pathname);
  const q = url.searchParams;
  const expires = q.get('expires');
  const name = q.get('name');
  const type = q.get('type');
  const sig = q.get('sig');
  if (!match || expires === null || name === null || type === null || sig === null || !/^[0-9a-f]{64}$/.test(sig)) {
    throw forbidden('BAD_SIGNATURE');
  }
  let key: string;
  try {
    key = decodeURIComponent(match[1]!);
  } catch {
    throw forbidden('BAD_SIGNATURE');
  }
  const expected = sign(signingSecret, key, expires, name, type);
  if (!timingSafeEqual(expected, Buffer.from(sig, 'hex'))) throw forbidden('BAD_SIGNATURE');
  // Signed by us, so these hold; checked anyway rather than trusted.
  const expiresAt = Number(expires);
  if (!isStorageKey(key) || !Number.isSafeInteger(expiresAt)) throw forbidden('BAD_SIGNATURE');
  if (now >= expiresAt * 1000) throw forbidden('EXPIRED');
  return {
    key,
    fileName: name,
    contentType: type,
    expiresAt: new Date(expiresAt * 1000).toISOString(),
    headers: {
      'content-type': type,
      'content-disposition': contentDisposition(name),
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    },
  };
}

/** Files under a root directory; uploads land in `.tmp/` and are renamed into place when complete. */
export class LocalStorage implements Storage {
  readonly provider = 'local' as const;
  readonly rootDir: string;
  private readonly tmpDir: string;
  private readonly now: () => number;

  constructor(private readonly options: LocalStorageOptions) {
    if (options.signingSecret.length < 32) throw new RangeError('The storage signing secret needs at least 32 characters');
    this.rootDir = resolve(options.rootDir);
    this.tmpDir = join(this.rootDir, '.tmp');
    this.now = options.now ?? Date.now;
  }

  /** The key is checked first, so the path always stays under the root. */
  private pathOf(key: string): string {
    assertStorageKey(key);
    return join(this.rootDir, key);
  }

  async put({ key, body, contentType, maxBytes }: PutInput): Promise<StoredObject> {
    const target = this.pathOf(key);
    // Not stored here (the caller keeps it with the file's record), but refused alike on both stores.
    checkContentType(contentType);
    // On every put rather than once: cheap, and survives the folder being removed meanwhile.
    await mkdir(this.tmpDir, { recursive: true });
    // Same file system as the target, so the rename below is atomic: readers never see half a file.
    const temp = join(this.tmpDir, randomUUID());
    // Metered only now that the pipeline below listens at once: a body error meanwhile would be unhandled.
    const metered = meter(body, maxBytes);
    try {
      await pipeline(metered, createWriteStream(temp, { flags: 'wx', flush: true }));
      await mkdir(dirname(target), { recursive: true });
      await rename(temp, target);
    } catch (error) {
      metered.destroy();
      await rm(temp, { force: true });
      throw metered.failure ?? error;
    }
    return metered.result(key);
  }

  async get(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    // Opening first turns a missing file into NOT_FOUND here, not into a stream error later.
    const handle = await open(path, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'EISDIR') throw new AppError('NOT_FOUND', 'Stored object not found');
      throw error;
    });
    return handle.createReadStream();
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    const info = await stat(this.pathOf(key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    return info?.isFile() ?? false;
  }

  async *list(): AsyncIterable<ListedObject> {
    yield* this.walk(this.rootDir);
  }

  /** Depth first, one directory open at a time: a large store is never read into memory whole. */
  private async *walk(dir: string): AsyncGenerator<ListedObject> {
    const entries = await opendir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!entries) return;
    for await (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path !== this.tmpDir) yield* this.walk(path);
        continue;
      }
      const key = relative(this.rootDir, path).split(sep).join('/');
      if (!entry.isFile() || !isStorageKey(key)) continue;
      const info = await stat(path).catch(() => undefined);
      if (info) yield { key, lastModified: info.mtime };
    }
  }

  async removeStaleParts(before: Date): Promise<number> {
    const names = await readdir(this.tmpDir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    let removed = 0;
    for (const name of names) {
      const path = join(this.tmpDir, name);
      // A part still being written has a fresh mtime: each write touches it.
      const info = await stat(path).catch(() => undefined);
      if (info?.isFile() && info.mtime < before) {
        await rm(path, { force: true });
        removed += 1;
      }
    }
    return removed;
  }

  async signedDownloadUrl(key: string, { expiresInSeconds, fileName: rawName, contentType }: SignedUrlOptions): Promise<SignedUrl> {
    assertStorageKey(key);
    checkExpiresIn(expiresInSeconds);
    checkContentType(contentType);
    const fileName = wellFormed(rawName);
    const expires = String(Math.floor(this.now() / 1000) + expiresInSeconds);
    const sig = sign(this.options.signingSecret, key, expires, fileName, contentType).toString('hex');
    const query = new URLSearchParams({ expires, name: fileName, type: contentType, sig });
    const base = this.options.publicBaseUrl.replace(/\/+$/, '');
    return { url: `${base}/storage/${encodeURIComponent(key)}?${query}`, expiresAt: new Date(Number(expires) * 1000).toISOString() };
  }

  /** For the download route: `verifyLocalSignature` with this storage's secret and clock. */
  verify(pathAndQuery: string): VerifiedDownload {
    return verifyLocalSignature(pathAndQuery, { signingSecret: this.options.signingSecret, now: this.now() });
  }

  close(): void {}
}
