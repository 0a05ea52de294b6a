/** Small helpers shared by the fake providers: JSON answers and the providers' error bodies. */

export type Handler = (request: Request) => Promise<Response>;

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=UTF-8', ...headers } });
}

const GOOGLE_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  410: 'FAILED_PRECONDITION',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** An error the way Google's JSON APIs answer it (`{ error: { code, message, errors: [{ reason }], status } }`). */
export function googleError(
  status: number,
  reason: string,
  message: string,
  headers: Record<string, string> = {},
  domain = 'global',
): Response {
  return json(
    status,
    { error: { code: status, message, errors: [{ message, domain, reason }], status: GOOGLE_STATUS[status] ?? 'UNKNOWN' } },
    headers,
  );
}

/** An error the way the Graph API answers it. */
export function graphError(status: number, code: number, message: string, subcode?: number): Response {
  const type = code === 190 ? 'OAuthException' : 'GraphMethodException';
  return json(status, {
    error: { message, type, code, ...(subcode === undefined ? {} : { error_subcode: subcode }), fbtrace_id: 'AbCdEfGhIjKlMnOpQrStUv' },
  });
}

export const encodeToken = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function decodeToken<T>(token: string | null): T | null {
  if (!token) return null;
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    return null;
  }
}
