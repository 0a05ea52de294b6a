import { createSecretKey, hkdfSync } from 'node:crypto';
import { AppError, type GoogleProviderSlug } from '@monimmo/contract';
import { errors, jwtVerify, SignJWT } from 'jose';

/** Who started a Google consent: only they, in their agency, may complete it, for that provider. */
export interface ConsentBinding {
  orgId: string;
  userId: string;
  provider: GoogleProviderSlug;
}

const ALGORITHM = 'HS256';
const AUDIENCE = 'monimmo-google-consent';
const TTL_SECONDS = 600;
const PROVIDERS: readonly string[] = ['gmail', 'google-calendar'] satisfies GoogleProviderSlug[];

const invalid = () =>
  new AppError('BAD_REQUEST', 'The OAuth state is invalid: start the connection again', { reason: 'OAUTH_STATE_INVALID' });

/**
 * The OAuth `state`: a 10-minute JWT under a key derived from INTEGRATION_TOKEN_SECRET (its own HKDF
 * label and audience, so it is never mistaken for an access token or a sealed credential).
 */
export function createConsentStates(secret: string) {
  const key = createSecretKey(Buffer.from(hkdfSync('sha256', secret, 'monimmo-google-consent-state', 'v1', 32)));
  return {
    ttlSeconds: TTL_SECONDS,
    sign({ orgId, userId, provider }: ConsentBinding): Promise<string> {
      return new SignJWT({ org: orgId, provider })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(userId)
        .setAudience(AUDIENCE)
        .setJti(crypto.randomUUID())
        .setIssuedAt()
        .setExpirationTime(`${TTL_SECONDS}s`)
        .sign(key);
    },
    /** The provider the state was signed for, if it was signed for this user of this agency and is still valid. */
    async verify(state: string, caller: { orgId: string; userId: string }): Promise<GoogleProviderSlug> {
      let payload: Record<string, unknown>;
      try {
        ({ payload } = await jwtVerify(state, key, { algorithms: [ALGORITHM], audience: AUDIENCE, requiredClaims: ['exp', 'sub'] }));
      } catch (error) {
        if (error instanceof errors.JWTExpired)
          throw new AppError('BAD_REQUEST', 'The OAuth state has expired: start the connection again', { reason: 'OAUTH_STATE_EXPIRED' });
        throw invalid();
      }
      const { sub, org, provider } = payload;
      if (sub !== caller.userId || org !== caller.orgId || typeof provider !== 'string' || !PROVIDERS.includes(provider)) throw invalid();
      return provider as GoogleProviderSlug;
    },
  };
}

export type ConsentStates = ReturnType<typeof createConsentStates>;
