import { createSecretKey } from 'node:crypto';
import { AppError } from '@monimmo/contract';
import { errors, jwtVerify, SignJWT } from 'jose';

export interface AccessClaims {
  userId: string;
  orgId: string;
  sessionId: string;
}

export interface AccessTokenOptions {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

const ALGORITHM = 'HS256';
/** Verified tokens kept at most; past it the oldest goes first. */
const MAX_VERIFIED = 10_000;

/** Short-lived JWTs naming the user, the agency and the session (so logout ends them too). */
export function createAccessTokens(options: AccessTokenOptions) {
  // A KeyObject built once: jose would otherwise import the raw secret on every verify.
  const key = createSecretKey(Buffer.from(options.secret, 'utf8'));
  // The same bytes verify the same way under one key: jose's signature check (an async WebCrypto
  // job, the costliest step of a small read) is paid once per token, not once per request.
  const verified = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();
  const expired = () => new AppError('UNAUTHORIZED', 'Access token expired', { reason: 'TOKEN_EXPIRED' });
  return {
    ttlSeconds: options.ttlSeconds,
    sign(claims: AccessClaims): Promise<string> {
      return new SignJWT({ org: claims.orgId, sid: claims.sessionId })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setSubject(claims.userId)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setIssuedAt()
        .setExpirationTime(`${options.ttlSeconds}s`)
        .sign(key);
    },
    async verify(token: string): Promise<AccessClaims> {
      const known = verified.get(token);
      if (known) {
        if (known.expiresAtMs > Date.now()) return known.claims;
        verified.delete(token);
        throw expired();
      }
      try {
        // Pinning the algorithm refuses `alg: none` and algorithm-confusion tokens.
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: options.issuer,
          audience: options.audience,
          // jose checks exp only when present: a token without one would never expire.
          requiredClaims: ['exp', 'sub'],
        });
        const { sub, org, sid } = payload;
        if (typeof sub !== 'string' || typeof org !== 'string' || typeof sid !== 'string')
          throw new errors.JWTClaimValidationFailed('missing claims', payload);
        const claims = { userId: sub, orgId: org, sessionId: sid };
        if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
        verified.set(token, { claims, expiresAtMs: payload.exp! * 1000 });
        return claims;
      } catch (error) {
        if (error instanceof errors.JWTExpired) throw expired();
        throw new AppError('UNAUTHORIZED', 'Invalid access token', { reason: 'TOKEN_INVALID' });
      }
    },
  };
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;
