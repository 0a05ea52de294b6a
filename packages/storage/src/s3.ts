import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { Readable } from 'node:stream';
import { AppError } from '@monimmo/contract/errors';
import { checkContentType, checkExpiresIn, contentDisposition } from './download.ts';
import { assertStorageKey, isStorageKey } from './keys.ts';
import { meter } from './meter.ts';
import type { ListedObject, PutInput, SignedUrl, SignedUrlOptions, Storage, StoredObject } from './types.ts';

export interface S3StorageOptions {
  bucket: string;
  region: string;
  /** For S3-compatible stores (SeaweedFS, MinIO, s3rver…); AWS itself needs none. */
  endpoint?: string | undefined;
  forcePathStyle?: boolean | undefined;
  /** Without both, the SDK's default provider chain (environment, profile, instance role…). */
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** Clock, for tests. */
  now?: () => Date;
}

/** Multipart part size: 5 MiB is S3's minimum; 8 MiB is the SDK CLI's default. */
export const PART_SIZE = 8 * 1024 * 1024;
/** Parts in flight per upload: memory is about PART_SIZE x (QUEUE_SIZE + 1). */
export const QUEUE_SIZE = 3;

/** A missing object; a missing bucket (NoSuchBucket, also 404) is a configuration error instead. */
function isNotFound(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.name === 'NotFound');
}

export class S3Storage implements Storage {
  readonly provider = 's3' as const;
  /** Exposed for health checks and tests (e.g. to watch the commands it sends). */
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly now: () => Date;

  constructor(options: S3StorageOptions) {
    this.bucket = options.bucket;
    this.now = options.now ?? (() => new Date());
    const { accessKeyId, secretAccessKey } = options;
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? false,
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
      // The default ("when supported") sends streamed bodies with aws-chunked framing, which some
      // S3-compatible stores store as is (corrupt objects; STACK-NOTES).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async put({ key, body, contentType, maxBytes }: PutInput): Promise<StoredObject> {
    assertStorageKey(key);
    checkContentType(contentType);
    const metered = meter(body, maxBytes);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: metered, ContentType: contentType },
      partSize: PART_SIZE,
      queueSize: QUEUE_SIZE,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      // When its source fails, Upload sends AbortMultipartUpload itself before done() rejects, so
      // abort() is only for anything still in flight. The delete covers a store that completed the
      // object anyway; keys are never reused, so whatever is there is ours.
      metered.destroy();
      await upload.abort();
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key })).catch(() => undefined);
      throw metered.failure ?? error;
    }
    return metered.result(key);
  }

  async get(key: string): Promise<Readable> {
    assertStorageKey(key);
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      // In Node the SDK's body is an IncomingMessage with helpers mixed in.
      return response.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) throw new AppError('NOT_FOUND', 'Stored object not found');
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    assertStorageKey(key);
    // S3 answers 204 whether or not the object existed.
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async exists(key: string): Promise<boolean> {
    assertStorageKey(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  async *list(): AsyncIterable<ListedObject> {
    for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: this.bucket })) {
      for (const object of page.Contents ?? []) {
        if (object.Key && object.LastModified && isStorageKey(object.Key)) yield { key: object.Key, lastModified: object.LastModified };
      }
    }
  }

  async removeStaleParts(before: Date): Promise<number | null> {
    let removed = 0;
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListMultipartUploadsCommand({ Bucket: this.bucket, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
        );
      } catch (error) {
        // Some S3-compatible stores (s3rver) do not list uploads: their lifecycle rule is the way.
        if (error instanceof S3ServiceException && error.name === 'NotImplemented') return null;
        throw error;
      }
      for (const upload of page.Uploads ?? []) {
        if (!upload.Key || !upload.UploadId || !isStorageKey(upload.Key) || !upload.Initiated || upload.Initiated >= before) continue;
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId }));
        removed += 1;
      }
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
    } while (keyMarker);
    return removed;
  }

  async signedDownloadUrl(key: string, { expiresInSeconds, fileName, contentType }: SignedUrlOptions): Promise<SignedUrl> {
    assertStorageKey(key);
    checkExpiresIn(expiresInSeconds);
    checkContentType(contentType);
    // SigV4 dates have whole seconds: the URL expires relative to the truncated time.
    const signingDate = new Date(Math.floor(this.now().getTime() / 1000) * 1000);
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: key,
      ResponseContentDisposition: contentDisposition(fileName),
      ResponseContentType: contentType,
    });
    const url = await getSignedUrl(this.client, command, { expiresIn: expiresInSeconds, signingDate });
    return { url, expiresAt: new Date(signingDate.getTime() + expiresInSeconds * 1000).toISOString() };
  }

  close(): void {
    this.client.destroy();
  }
}
