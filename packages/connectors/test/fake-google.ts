import { FakeGoogle, type FakeGoogleOptions } from '../src/fake/google.ts';
import { googleError, json } from '../src/fake/http.ts';
import { GoogleOAuthClient } from '../src/oauth.ts';
import type { OAuthTokens } from '../src/oauth.ts';
import { serve, type ScriptedServer } from './http-server.ts';

export interface FakeGoogleServer extends ScriptedServer {
  fake: FakeGoogle;
  oauth: GoogleOAuthClient;
  /** Tokens from a code exchange, as after the user's consent. */
  connect(): Promise<OAuthTokens>;
}

/** Google's token endpoint, Gmail and Calendar on 127.0.0.1, with scriptable failures. */
export async function startFakeGoogle(options: FakeGoogleOptions = {}): Promise<FakeGoogleServer> {
  const fake = new FakeGoogle(options);
  const server = await serve(fake.handle);
  const oauth = new GoogleOAuthClient({
    clientId: fake.oauth.clientId,
    clientSecret: fake.oauth.clientSecret,
    tokenUrl: `${server.origin}/token`,
  });
  return {
    ...server,
    fake,
    oauth,
    connect: () => oauth.exchangeCode('4/0AeanS0-consent-code', 'https://app.monimmo.test/integrations/google/callback'),
  };
}

/** The answers Google gives when it is unwell or throttling, for failNext(). */
export const googleFailures = {
  rateLimited: (retryAfter: string) => () =>
    googleError(429, 'rateLimitExceeded', 'Too many concurrent requests for user.', { 'retry-after': retryAfter }),
  userRateLimit: () => () => googleError(403, 'userRateLimitExceeded', 'User Rate Limit Exceeded', {}, 'usageLimits'),
  backendError: () => () => googleError(500, 'backendError', 'Backend Error'),
  unavailable: () => () => googleError(503, 'backendError', 'The service is currently unavailable.'),
  html502: () => () => new Response('<html><body>502 Bad Gateway</body></html>', { status: 502, headers: { 'content-type': 'text/html' } }),
  insufficientScope: () => () => googleError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.'),
  tokenEchoingError: (token: string) => () =>
    json(400, { error: { code: 400, message: `Invalid value for access token ${token}`, status: 'INVALID_ARGUMENT' } }),
};
