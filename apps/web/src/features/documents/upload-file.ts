import type { TypeDocument } from '@monimmo/contract/vocabulary/lists';
import type { RouterOutputs } from '../../lib/api-types.ts';
import { uploadBytes, type RunningUpload } from '../../lib/upload-bytes.ts';

export { UploadError, type RunningUpload } from '../../lib/upload-bytes.ts';

export type StoredFile = RouterOutputs['files']['get'];

export interface UploadRequest {
  file: File;
  propertyId?: string | undefined;
  /** Absent: the API's classifier types the document. */
  typeDocument?: TypeDocument | undefined;
  token: string;
  /** The same key for every attempt of one file: a retry after a lost answer gets the stored file back. */
  idempotencyKey: string;
  onProgress?: (progress: { loaded: number; total: number }) => void;
  baseUrl?: string;
}

/** One file to the documents' streaming upload route as raw bytes (names in the query string). */
export function uploadFile(request: UploadRequest): RunningUpload<StoredFile> {
  return uploadBytes<StoredFile>({
    path: '/api/v1/files/upload',
    query: { fileName: request.file.name, propertyId: request.propertyId, typeDocument: request.typeDocument },
    body: request.file,
    token: request.token,
    idempotencyKey: request.idempotencyKey,
    onProgress: request.onProgress,
    baseUrl: request.baseUrl,
  });
}
