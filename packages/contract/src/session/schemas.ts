import type { z } from 'zod';
import { authSessionSchema } from '../auth/schemas.ts';

/**
 * What the browser's session procedures answer: the AuthSession without its refresh token, which
 * travels only in an HttpOnly cookie so that no script (nor an XSS) can read it.
 */
export const browserSessionSchema = authSessionSchema.omit({ refreshToken: true });

export type BrowserSession = z.infer<typeof browserSessionSchema>;

/**
 * The host's side of the refresh cookie. The contract decides when to read, set and clear it; the
 * host decides how (name, attributes, Secure). A transport without cookies reads nothing and writes nothing.
 */
export interface SessionCookie {
  /** The refresh token the request's cookie carries, or null. */
  read(): string | null;
  /** Sets the cookie to this refresh token until `expiresAt` (ISO 8601). */
  write(refreshToken: string, expiresAt: string): void;
  /** Removes the cookie from the browser. */
  clear(): void;
}

/** For transports that never reach the session procedures (REST). */
export const noSessionCookie: SessionCookie = {
  read: () => null,
  write: () => {},
  clear: () => {},
};
