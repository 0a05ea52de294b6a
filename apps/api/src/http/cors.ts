import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOWED_HEADERS = 'authorization, content-type, x-request-id, trpc-accept';
const EXPOSED_HEADERS = 'x-request-id, retry-after';

/**
 * Sets CORS headers for allowed origins; answers preflights. Returns true when the request
 * was a preflight and has been answered. Bearer tokens, not cookies: no credentials mode.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: string[]): boolean {
  const origin = req.headers.origin;
  const anyOrigin = allowed.includes('*');
  if (origin && (anyOrigin || allowed.includes(origin))) {
    res.setHeader('access-control-allow-origin', anyOrigin ? '*' : origin);
    res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    if (!anyOrigin) res.setHeader('vary', 'Origin');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, PATCH, PUT, DELETE, OPTIONS',
        'access-control-allow-headers': ALLOWED_HEADERS,
        'access-control-max-age': '600',
      });
      res.end();
      return true;
    }
  }
  return false;
}
