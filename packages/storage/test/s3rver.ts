import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface S3rverHandle {
  endpoint: string;
  bucket: string;
  dir: string;
  stop(): Promise<void>;
}

/** An S3-compatible server in this process, on a free port, with one bucket in a temp folder. */
export async function startS3rver(bucket = 'monimmo-test'): Promise<S3rverHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'monimmo-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    dir,
    stop: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
