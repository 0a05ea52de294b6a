import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/** What a Google integration keeps: refreshed access tokens are written back. */
export interface GoogleCredentials {
  kind: 'google';
  accessToken: string;
  refreshToken: string | null;
  /** ISO 8601. */
  expiresAt: string;
  scope: string | null;
}

/** What a WhatsApp Cloud API integration keeps. */
export interface WhatsAppCredentials {
  kind: 'whatsapp';
  phoneNumberId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
}

export type Credentials = GoogleCredentials | WhatsAppCredentials;

/** v2 binds each value to its row (associated data); v1, the first form, is still read and resealed. */
const VERSION = 'v2';
const LEGACY_VERSION = 'v1';
const IV_BYTES = 12;
/** GCM accepts tags down to 4 bytes unless told otherwise; a short tag makes forgeries cheap. */
const TAG_BYTES = 16;

/** What a sealed value belongs to: copied onto another agency's (or provider's) row, it does not open. */
export interface CredentialsBinding {
  orgId: string;
  provider: string;
}

/** The stored credentials were sealed under another secret (INTEGRATION_TOKEN_SECRET rotated): connect again. */
export class CredentialsKeyMismatchError extends Error {
  constructor() {
    super('integration credentials were encrypted with another INTEGRATION_TOKEN_SECRET');
    this.name = 'CredentialsKeyMismatchError';
  }
}

const notKnownFormat = () => new Error('integration credentials are not in a known format');

function deriveKey(secret: string) {
  // The HKDF info stays 'v1' for every format: key ids of rows already stored keep matching.
  const key = Buffer.from(hkdfSync('sha256', secret, 'monimmo-integration-credentials', 'v1', 32));
  return { key, id: createHash('sha256').update(key).digest('hex').slice(0, 12) };
}

const associatedData = ({ orgId, provider }: CredentialsBinding) => Buffer.from(`monimmo-integration:${orgId}:${provider}`, 'utf8');

/**
 * AES-256-GCM under keys derived (HKDF-SHA256) from INTEGRATION_TOKEN_SECRET and, for reading only,
 * the previous secrets of the key ring. The sealed form names its key by a short fingerprint, so a
 * value sealed under a retired secret is either opened (and resealed under the current key by the
 * caller) or answered with "reconnect", never garbage.
 */
export function createCredentialsBox(secret: string, previousSecrets: readonly string[] = []) {
  const current = deriveKey(secret);
  const ring = new Map([current, ...previousSecrets.map(deriveKey)].map((k) => [k.id, k.key]));

  function seal(credentials: Credentials, binding: CredentialsBinding): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(binding));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
    return [VERSION, current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join(
      '.',
    );
  }

  return {
    keyId: current.id,
    seal,
    /** The credentials, and their new sealed form when they should be written back (old format or retired key), else null. */
    open<T extends Credentials = Credentials>(stored: string, binding: CredentialsBinding): { credentials: T; resealed: string | null } {
      const [version, storedKeyId, iv, tag, sealed, extra] = stored.split('.');
      if ((version !== VERSION && version !== LEGACY_VERSION) || !storedKeyId || !iv || !tag || !sealed || extra !== undefined)
        throw notKnownFormat();
      const key = ring.get(storedKeyId);
      if (!key) throw new CredentialsKeyMismatchError();
      const tagBytes = Buffer.from(tag, 'base64url');
      const ivBytes = Buffer.from(iv, 'base64url');
      if (tagBytes.length !== TAG_BYTES) throw new Error('integration credentials must carry a 16-byte authentication tag');
      if (ivBytes.length !== IV_BYTES) throw notKnownFormat();
      const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
      if (version === VERSION) decipher.setAAD(associatedData(binding));
      decipher.setAuthTag(tagBytes);
      const credentials = JSON.parse(
        Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8'),
      ) as T;
      const stale = version !== VERSION || storedKeyId !== current.id;
      return { credentials, resealed: stale ? seal(credentials, binding) : null };
    },
  };
}

export type CredentialsBox = ReturnType<typeof createCredentialsBox>;
