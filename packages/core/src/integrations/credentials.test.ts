import { describe, expect, it } from 'vitest';
import { createCredentialsBox, CredentialsKeyMismatchError, type GoogleCredentials } from './credentials.ts';

const google: GoogleCredentials = { kind: 'google', accessToken: 'ya29.jeton-accès', refreshToken: '1//jeton-rafraîchissement', expiresAt: '2026-11-25T10:00:00.000Z', scope: 'gmail.readonly' };

describe('integration credentials at rest', () => {
  const box = createCredentialsBox('a-private-random-secret-of-at-least-32-chars');

  it('round-trips, with a fresh IV each time and nothing readable in the sealed form', () => {
    const a = box.seal(google);
    const b = box.seal(google);
    expect(a).not.toBe(b);
    expect(box.open(a)).toEqual(google);
    for (const secret of ['ya29', 'jeton', 'gmail.readonly']) expect(a).not.toContain(secret);
  });

  it('refuses a tampered value (authenticated encryption)', () => {
    const sealed = box.seal(google).split('.');
    const body = Buffer.from(sealed[4]!, 'base64url');
    body[0] = body[0]! ^ 1;
    sealed[4] = body.toString('base64url');
    expect(() => box.open(sealed.join('.'))).toThrow();
    expect(() => box.open('not-sealed')).toThrow(/known format/);
  });

  it('says "reconnect" when the secret was rotated, never garbage', () => {
    const rotated = createCredentialsBox('another-private-random-secret-32-chars-long');
    expect(rotated.keyId).not.toBe(box.keyId);
    expect(() => rotated.open(box.seal(google))).toThrow(CredentialsKeyMismatchError);
  });
});
