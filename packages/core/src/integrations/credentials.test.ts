import { createCipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCredentialsBox, CredentialsKeyMismatchError, type GoogleCredentials } from './credentials.ts';

const google: GoogleCredentials = {
  kind: 'google',
  accessToken: 'ya29.jeton-accès',
  refreshToken: '1//jeton-rafraîchissement',
  expiresAt: '2026-11-25T10:00:00.000Z',
  scope: 'gmail.readonly',
};
const SECRET = 'a-private-random-secret-of-at-least-32-chars';
const gmailOfA = { orgId: 'org-a', provider: 'GMAIL' };

/** The first sealed form (v1): no associated data, the tag as long as the writer chose. */
function legacySeal(secret: string, tagLength = 16): string {
  const key = Buffer.from(hkdfSync('sha256', secret, 'monimmo-integration-credentials', 'v1', 32));
  const keyId = createCredentialsBox(secret).keyId;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagLength });
  const sealed = Buffer.concat([cipher.update(JSON.stringify(google), 'utf8'), cipher.final()]);
  return ['v1', keyId, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
}

describe('integration credentials at rest', () => {
  const box = createCredentialsBox(SECRET);

  it('round-trips, with a fresh IV each time and nothing readable in the sealed form', () => {
    const a = box.seal(google, gmailOfA);
    const b = box.seal(google, gmailOfA);
    expect(a).not.toBe(b);
    expect(box.open(a, gmailOfA)).toEqual({ credentials: google, resealed: null });
    for (const secret of ['ya29', 'jeton', 'gmail.readonly']) expect(a).not.toContain(secret);
  });

  it('refuses a tampered value (authenticated encryption)', () => {
    const sealed = box.seal(google, gmailOfA).split('.');
    const body = Buffer.from(sealed[4]!, 'base64url');
    body[0] = body[0]! ^ 1;
    sealed[4] = body.toString('base64url');
    expect(() => box.open(sealed.join('.'), gmailOfA)).toThrow();
    expect(() => box.open('not-sealed', gmailOfA)).toThrow(/known format/);
  });

  it('refuses a truncated authentication tag (GCM tags shorter than 16 bytes are forgeable)', () => {
    const sealed = box.seal(google, gmailOfA).split('.');
    sealed[3] = Buffer.from(sealed[3]!, 'base64url').subarray(0, 4).toString('base64url');
    expect(() => box.open(sealed.join('.'), gmailOfA)).toThrow(/16-byte/);
    expect(() => box.open(legacySeal(SECRET, 12), gmailOfA)).toThrow(/16-byte/);
  });

  it('binds a sealed value to its agency and provider: copied to another row, it does not open', () => {
    const sealed = box.seal(google, gmailOfA);
    expect(() => box.open(sealed, { orgId: 'org-b', provider: 'GMAIL' })).toThrow();
    expect(() => box.open(sealed, { orgId: 'org-a', provider: 'GOOGLE_CALENDAR' })).toThrow();
  });

  it('says "reconnect" when the secret was rotated without keeping the old one, never garbage', () => {
    const rotated = createCredentialsBox('another-private-random-secret-32-chars-long');
    expect(rotated.keyId).not.toBe(box.keyId);
    expect(() => rotated.open(box.seal(google, gmailOfA), gmailOfA)).toThrow(CredentialsKeyMismatchError);
  });

  it('opens values sealed under a previous secret of the key ring, and reseals them under the current one', () => {
    const rotated = createCredentialsBox('another-private-random-secret-32-chars-long', [SECRET]);
    const { credentials, resealed } = rotated.open(box.seal(google, gmailOfA), gmailOfA);
    expect(credentials).toEqual(google);
    expect(resealed?.split('.')[1]).toBe(rotated.keyId);
    expect(rotated.open(resealed!, gmailOfA)).toEqual({ credentials: google, resealed: null });
    // The old secret alone no longer opens what was resealed.
    expect(() => box.open(resealed!, gmailOfA)).toThrow(CredentialsKeyMismatchError);
  });

  it('still opens the first format (no key ring, no binding) and reseals it bound to its row', () => {
    const { credentials, resealed } = box.open(legacySeal(SECRET), gmailOfA);
    expect(credentials).toEqual(google);
    expect(resealed?.startsWith(`v2.${box.keyId}.`)).toBe(true);
    expect(box.open(resealed!, gmailOfA).credentials).toEqual(google);
    expect(() => box.open(resealed!, { orgId: 'org-b', provider: 'GMAIL' })).toThrow();
  });
});
