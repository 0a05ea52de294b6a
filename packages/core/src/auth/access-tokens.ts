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

/** Short-lived JWTs naming the user, the agency and the session (so logout ends them too). */
export function createAccessTokens(options: AccessTokenOptions) {
  // A KeyObject built once: jose would otherwise import the raw secret on every verify.
  const key = createSecretKey(Buffer.from(options.secret, 'utf8'));
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
        return { userId: sub, orgId: org, sessionId: sid };
      } catch (error) {
        if (error instanceof errors.JWTExpired) {
          throw new AppError('UNAUTHORIZED', 'Access token expired', { reason: 'TOKEN_EXPIRED' });
        }
        throw new AppError('UNAUTHORIZED', 'Invalid access token', { reason: 'TOKEN_INVALID' });
      }
    },
  };
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;
