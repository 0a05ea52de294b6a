import type { Readable } from 'node:stream';

export type StorageProvider = 'local' | 's3';
export type StorageKind = 'files' | 'vocals';

export interface PutInput {
  /** A key from `newStorageKey`: never derived from a client's file name. */
  key: string;
  /**
   * The bytes, streamed. On failure `put` stops reading it but does not destroy it, so an HTTP
   * handler can still answer (413) on the same connection.
   */
  body: Readable;
  contentType: string;
  /** Larger bodies are refused with PAYLOAD_TOO_LARGE and nothing is kept. */
  maxBytes?: number;
}

export interface StoredObject {
  key: string;
  size: number;
  /** Hex SHA-256 of the bytes, computed while they streamed through. */
  sha256: string;
}

export interface SignedUrlOptions {
  expiresInSeconds: number;
  /** The original file name, given back to the browser in Content-Disposition. */
  fileName: string;
  contentType: string;
}

export interface SignedUrl {
  url: string;
  /** ISO 8601. */
  expiresAt: string;
}

export interface ListedObject {
  key: string;
  /** When the object was last written, by the store's clock. */
  lastModified: Date;
}

/** Where document and audio bytes live: local disk in development, S3 in production. */
export interface Storage {
  readonly provider: StorageProvider;
  put(input: PutInput): Promise<StoredObject>;
  /** Throws AppError NOT_FOUND when there is no such object. */
  get(key: string): Promise<Readable>;
  /** Succeeds whether or not the object exists. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Every object under a storage key, in no particular order; anything else the store holds is skipped. */
  list(): AsyncIterable<ListedObject>;
  /**
   * Drops what interrupted uploads left (local `.tmp/` parts, S3 incomplete multipart uploads)
   * started before `before`. Answers how many; null when the store cannot list them (then its
   * own lifecycle rule must, e.g. S3's AbortIncompleteMultipartUpload).
   */
  removeStaleParts(before: Date): Promise<number | null>;
  /** A short-lived URL that downloads the object as an attachment named `fileName`. */
  signedDownloadUrl(key: string, options: SignedUrlOptions): Promise<SignedUrl>;
  /** Releases connections (S3); the storage must not be used afterwards. */
  close(): void;
}
