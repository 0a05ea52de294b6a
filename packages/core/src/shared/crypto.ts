import { createHash, randomBytes } from 'node:crypto';

/** 256 bits from the CSPRNG, URL-safe: refresh, reset and invitation tokens. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

/** Tokens are stored as their SHA-256: a leaked table yields nothing usable. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
