import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage, newStorageKey, PART_SIZE, S3Storage, type S3StorageOptions } from '../src/index.ts';
import { storageContract } from './storage-contract.ts';
import { digest, generated } from './streams.ts';
import { startS3rver, type S3rverHandle } from './s3rver.ts';

const ORG = '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

function options(server: S3rverHandle): S3StorageOptions {
  // s3rver's default account; it checks presigned expiry but not signatures.
  return {
    bucket: server.bucket,
    region: 'us-east-1',
    endpoint: server.endpoint,
    forcePathStyle: true,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  };
}

async function listKeys(storage: S3Storage, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await storage.client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys.sort();
}

/** Names of the commands the client sends, in order. */
function recordCommands(storage: S3Storage): string[] {
  const sent: string[] = [];
  storage.client.middlewareStack.add(
    (next, context) => (args) => {
      sent.push(context.commandName as string);
      return next(args);
    },
    { step: 'initialize' },
  );
  return sent;
}

storageContract('S3 (s3rver)', async () => {
  const server = await startS3rver();
  const storage = new S3Storage(options(server));
  const pastStorage = new S3Storage({ ...options(server), now: () => new Date(Date.now() - 3_600_000) });
  return {
    storage,
    pastStorage,
    leftovers: () => listKeys(storage, server.bucket),
    plantForeign: async () => {
      await storage.client.send(new PutObjectCommand({ Bucket: server.bucket, Key: 'sauvegardes/notes.txt', Body: 'not ours' }));
      await storage.client.send(new PutObjectCommand({ Bucket: server.bucket, Key: `${ORG}/notes.txt`, Body: 'not ours either' }));
    },
    // Above the part size, so the multipart path runs (three parts).
    largeBytes: 2 * PART_SIZE + 1024 * 1024,
    close: async () => {
      storage.close();
      pastStorage.close();
      await server.stop();
    },
  };
});

describe('S3 storage', () => {
  let server: S3rverHandle;
  let storage: S3Storage;
  beforeAll(async () => {
    server = await startS3rver();
    storage = new S3Storage(options(server));
  });
  afterAll(async () => {
    storage?.close();
    await server?.stop();
  });

  it('uploads large objects in 8 MiB parts', async () => {
    const sent = recordCommands(storage);
    const key = newStorageKey(ORG, 'vocals');
    const size = PART_SIZE + 100;
    const stored = await storage.put({ key, body: generated(size), contentType: 'audio/mpeg' });
    expect(stored).toEqual({ key, ...(await digest(generated(size))) });
    expect(sent.filter((name) => name === 'UploadPartCommand')).toHaveLength(2);
    expect(sent).toContain('CompleteMultipartUploadCommand');
    expect(sent).not.toContain('PutObjectCommand');
  });

  it('aborts the multipart upload and deletes the key when the limit is passed after a part went up', async () => {
    const sent = recordCommands(storage);
    const key = newStorageKey(ORG, 'vocals');
    const limit = 2 * PART_SIZE + 1;
    await expect(storage.put({ key, body: generated(3 * PART_SIZE), contentType: 'audio/mpeg', maxBytes: limit })).rejects.toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: { limitBytes: limit },
    });
    expect(sent).toContain('CreateMultipartUploadCommand');
    expect(sent).toContain('AbortMultipartUploadCommand');
    expect(sent).toContain('DeleteObjectCommand');
    expect(sent).not.toContain('CompleteMultipartUploadCommand');
    expect(await listKeys(storage, server.bucket)).not.toContain(key);
  });

  it('abandoned multipart parts: aborted when the store lists them, null when it cannot (s3rver; a lifecycle rule does it)', async () => {
    const sent = recordCommands(storage);
    expect(await storage.removeStaleParts(new Date())).toBeNull();
    expect(sent).toEqual(['ListMultipartUploadsCommand']);
  });

  it('stores streamed bodies as sent, without aws-chunked framing', async () => {
    const key = newStorageKey(ORG, 'files');
    // A plain PutObject of a stream: the case STACK-NOTES saw corrupted with default checksums.
    await storage.client.send(
      new PutObjectCommand({ Bucket: server.bucket, Key: key, Body: Readable.from([Buffer.from('abc')]), ContentLength: 3 }),
    );
    expect(await digest(await storage.get(key))).toEqual(await digest(Readable.from([Buffer.from('abc')])));
  });

  it('is what createStorage builds for STORAGE_PROVIDER=s3', async () => {
    const created = createStorage({
      STORAGE_PROVIDER: 's3',
      S3_BUCKET: server.bucket,
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: server.endpoint,
      S3_FORCE_PATH_STYLE: true,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
      LOCAL_STORAGE_DIR: 'unused',
      STORAGE_SIGNING_SECRET: 'unused',
      PUBLIC_API_URL: 'http://localhost:3000',
    });
    try {
      expect(created).toBeInstanceOf(S3Storage);
      const key = newStorageKey(ORG, 'files');
      await created.put({ key, body: Readable.from([Buffer.from('ok')]), contentType: 'text/plain' });
      expect(await storage.exists(key)).toBe(true);
    } finally {
      created.close();
    }
  });

  it('reports a missing bucket as the store error it is, not as a missing object', async () => {
    const misconfigured = new S3Storage({ ...options(server), bucket: 'no-such-bucket' });
    try {
      const key = newStorageKey(ORG, 'files');
      await expect(misconfigured.get(key)).rejects.toMatchObject({ name: 'NoSuchBucket' });
      await expect(misconfigured.put({ key, body: Readable.from([Buffer.from('x')]), contentType: 'text/plain' })).rejects.toMatchObject({
        name: 'NoSuchBucket',
      });
    } finally {
      misconfigured.close();
    }
  });

  it('leaves credentials to the default provider chain when no keys are given', async () => {
    const aws = new S3Storage({ bucket: 'b', region: 'eu-west-3' });
    expect(aws.client.config.forcePathStyle).toBe(false);
    expect(await aws.client.config.region()).toBe('eu-west-3');
    aws.close();
  });

  it('refuses STORAGE_PROVIDER=s3 without a bucket', () => {
    expect(() =>
      createStorage({
        STORAGE_PROVIDER: 's3',
        S3_REGION: 'us-east-1',
        S3_FORCE_PATH_STYLE: false,
        LOCAL_STORAGE_DIR: 'unused',
        STORAGE_SIGNING_SECRET: 'unused',
        PUBLIC_API_URL: 'http://localhost:3000',
      } as Parameters<typeof createStorage>[0]),
    ).toThrow(/S3_BUCKET/);
  });
});
