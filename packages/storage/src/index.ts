import type { Config } from '@monimmo/config';
import { LocalStorage } from './local.ts';
import { S3Storage } from './s3.ts';
import type { Storage } from './types.ts';

export type * from './types.ts';
export { newStorageKey, isStorageKey, assertStorageKey } from './keys.ts';
export { contentDisposition } from './download.ts';
export { LocalStorage, verifyLocalSignature, type LocalStorageOptions, type VerifiedDownload, type VerifyOptions } from './local.ts';
export { S3Storage, PART_SIZE, QUEUE_SIZE, type S3StorageOptions } from './s3.ts';

export type StorageConfig = Pick<
  Config,
  | 'STORAGE_PROVIDER'
  | 'LOCAL_STORAGE_DIR'
  | 'STORAGE_SIGNING_SECRET'
  | 'PUBLIC_API_URL'
  | 'S3_BUCKET'
  | 'S3_REGION'
  | 'S3_ENDPOINT'
  | 'S3_FORCE_PATH_STYLE'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
>;

/**
 * The storage the configuration names. Local download URLs point at the API's `/storage` route
 * under PUBLIC_API_URL, the address clients reach the API at.
 */
export function createStorage(config: StorageConfig): Storage {
  if (config.STORAGE_PROVIDER === 's3') {
    // loadConfig already refuses s3 without a bucket; this guards hand-built configs.
    if (!config.S3_BUCKET) throw new Error('S3_BUCKET is required when STORAGE_PROVIDER=s3');
    return new S3Storage({
      bucket: config.S3_BUCKET,
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    });
  }
  return new LocalStorage({
    rootDir: config.LOCAL_STORAGE_DIR,
    signingSecret: config.STORAGE_SIGNING_SECRET,
    publicBaseUrl: config.PUBLIC_API_URL,
  });
}
