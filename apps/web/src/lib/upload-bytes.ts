/** Why an upload did not store the bytes: the API's refusal (its REST body), the network, or a cancel. */
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

export interface RunningUpload<T> {
  promise: Promise<T>;
  abort(): void;
}

export interface BytesUpload {
  /** The streaming route, e.g. `/api/v1/files/upload`. */
  path: string;
  /** Names and ids the route reads from the query string. */
  query: Record<string, string | undefined>;
  body: Blob;
  token: string;
  /** The same key for every attempt of one upload: a retry after a lost answer gets the stored row back. */
  idempotencyKey: string;
  onProgress?: ((progress: { loaded: number; total: number }) => void) | undefined;
  baseUrl?: string | undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Raw bytes to one of the API's streaming upload routes. XMLHttpRequest rather than fetch: only
 * it reports upload progress.
 */
export function uploadBytes<T>(request: BytesUpload): RunningUpload<T> {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query)) if (value) query.set(name, value);
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open('POST', `${request.baseUrl ?? ''}${request.path}?${query}`);
    xhr.setRequestHeader('Authorization', `Bearer ${request.token}`);
    xhr.setRequestHeader('Idempotency-Key', request.idempotencyKey);
    // No type known to the browser: the API sniffs the bytes.
    xhr.setRequestHeader('Content-Type', request.body.type || 'application/octet-stream');
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) request.onProgress?.({ loaded: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && body) resolve(body as T);
      else reject(new UploadError(xhr.status, body));
    };
    xhr.onerror = () => reject(new UploadError(0, undefined));
    xhr.onabort = () => reject(new UploadError(0, undefined, true));
    xhr.send(request.body);
  });
  return { promise, abort: () => xhr.abort() };
}
