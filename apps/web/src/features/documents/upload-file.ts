import type { TypeDocument } from '@monimmo/contract/vocabulary/lists';
import type { RouterOutputs } from '../../lib/api-types.ts';

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

/** Why an upload did not store the file: the API's refusal (its REST body), the network, or a cancel. */
export class UploadError extends Error {
  constructor(
    /** 0 when no answer came (network, cancel). */
    readonly status: number,
    /** The API's `{ code, message, details }`, when it answered one. */
    readonly body: unknown,
    readonly aborted = false,
  ) {
    super(aborted ? 'Upload cancelled' : `Upload failed (${status})`);
    this.name = 'UploadError';
  }
}

export interface RunningUpload {
  promise: Promise<StoredFile>;
  abort(): void;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * One file to the streaming upload route as raw bytes (names in the query string). XMLHttpRequest
 * rather than fetch: only it reports upload progress.
 */
export function uploadFile(request: UploadRequest): RunningUpload {
  const query = new URLSearchParams({ fileName: request.file.name });
  if (request.propertyId) query.set('propertyId', request.propertyId);
  if (request.typeDocument) query.set('typeDocument', request.typeDocument);
  const xhr = new XMLHttpRequest();
  const promise = new Promise<StoredFile>((resolve, reject) => {
    xhr.open('POST', `${request.baseUrl ?? ''}/api/v1/files/upload?${query}`);
    xhr.setRequestHeader('Authorization', `Bearer ${request.token}`);
    xhr.setRequestHeader('Idempotency-Key', request.idempotencyKey);
    // No type known to the browser: the API sniffs the bytes.
    xhr.setRequestHeader('Content-Type', request.file.type || 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) request.onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body as StoredFile);
      else reject(new UploadError(xhr.status, body));
    };
    xhr.onerror = () => reject(new UploadError(0, undefined));
    xhr.onabort = () => reject(new UploadError(0, undefined, true));
    xhr.send(request.file);
  });
  return { promise, abort: () => xhr.abort() };
}
