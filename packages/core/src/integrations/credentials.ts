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

const VERSION = 'v1';

/** The stored credentials were sealed under another secret (INTEGRATION_TOKEN_SECRET rotated): connect again. */
export class CredentialsKeyMismatchError extends Error {
  constructor() {
    super('integration credentials were encrypted with another INTEGRATION_TOKEN_SECRET');
    this.name = 'CredentialsKeyMismatchError';
  }
}

/**
 * AES-256-GCM under a key derived (HKDF-SHA256) from INTEGRATION_TOKEN_SECRET. The sealed form
 * names the key by a short fingerprint, so a rotated secret is recognised and answered with
 * "reconnect" rather than garbage or a cryptic authentication failure.
 */
export function createCredentialsBox(secret: string) {
  const key = Buffer.from(hkdfSync('sha256', secret, 'monimmo-integration-credentials', VERSION, 32));
  const keyId = createHash('sha256').update(key).digest('hex').slice(0, 12);
  return {
    keyId,
    seal(credentials: Credentials): string {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(JSON.stringify(credentials), 'utf8'), cipher.final()]);
      return [VERSION, keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
    },
    open<T extends Credentials = Credentials>(stored: string): T {
      const [version, storedKeyId, iv, tag, sealed] = stored.split('.');
      if (version !== VERSION || !iv || !tag || !sealed) throw new Error('integration credentials are not in a known format');
      if (storedKeyId !== keyId) throw new CredentialsKeyMismatchError();
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return JSON.parse(Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]).toString('utf8')) as T;
    },
  };
}

export type CredentialsBox = ReturnType<typeof createCredentialsBox>;
