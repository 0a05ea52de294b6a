import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionCookie } from '@monimmo/contract';
import { parse, serialize, type SerializeOptions } from 'cookie';
import { isSecureRequest } from './http/request-info.ts';

/** The browser's refresh token. The web client never sees it: it only calls the session procedures. */
export const SESSION_COOKIE_NAME = 'monimmo_refresh';

/**
 * The narrowest path browsers send it to while still reaching `/trpc/session.refresh`: cookie
 * paths match whole segments (RFC 6265 §5.1.4), so `/trpc/session.` would never match; and a
 * batched call's path lists several procedures anyway.
 */
export const SESSION_COOKIE_PATH = '/trpc';

function attributes(req: IncomingMessage, maxAge: number): SerializeOptions {
  // Secure only over https: on plain http://127.0.0.1 (development) a Secure cookie would be dropped.
  return { httpOnly: true, sameSite: 'strict', path: SESSION_COOKIE_PATH, maxAge, secure: isSecureRequest(req) };
}

/** The refresh cookie on a Node request and its response (the tRPC transport). */
export function browserSessionCookie(req: IncomingMessage, res: ServerResponse): SessionCookie {
  return {
    read() {
      const header = req.headers.cookie;
      return (header && parse(header)[SESSION_COOKIE_NAME]) || null;
    },
    write(refreshToken, expiresAt) {
      const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000));
      // Appended, not set: the header must survive whatever else the response sets.
      res.appendHeader('set-cookie', serialize(SESSION_COOKIE_NAME, refreshToken, attributes(req, maxAge)));
    },
    clear() {
      res.appendHeader('set-cookie', serialize(SESSION_COOKIE_NAME, '', attributes(req, 0)));
    },
  };
}
