import type { RouterOutputs } from '../../lib/api-types.ts';
import { uploadBytes, type RunningUpload } from '../../lib/upload-bytes.ts';

export type StoredVocal = RouterOutputs['vocals']['get'];

export interface VocalUploadRequest {
  /** A picked file, or a recording wrapped in a File to carry its name. */
  file: File;
  propertyId?: string | undefined;
  token: string;
  idempotencyKey: string;
  onProgress?: (progress: { loaded: number; total: number }) => void;
}

/** One voice note to the streaming route: the answer comes at once, transcription runs in a job. */
export function uploadVocal(request: VocalUploadRequest): RunningUpload<StoredVocal> {
  return uploadBytes<StoredVocal>({
    path: '/api/v1/vocals/upload',
    query: { fileName: request.file.name, propertyId: request.propertyId },
    body: request.file,
    token: request.token,
    idempotencyKey: request.idempotencyKey,
    onProgress: request.onProgress,
  });
}
