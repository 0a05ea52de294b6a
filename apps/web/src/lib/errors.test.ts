import { describe, expect, it } from 'vitest';
import { frenchIssue, toFrenchError } from './errors.ts';

const trpcError = (data: unknown) => Object.assign(new Error('refused'), { data });

describe('API errors in French', () => {
  it('puts each invalid field next to its control, in French', () => {
    const error = trpcError({
      code: 'BAD_REQUEST',
      details: {
        issues: [
          { path: 'email', code: 'invalid_format', message: 'must be an e-mail address' },
          { path: 'postalCode', code: 'invalid_format', message: 'must be a 5-digit French postal code' },
        ],
      },
    });
    expect(toFrenchError(error)).toEqual({
      code: 'BAD_REQUEST',
      message: 'Certaines informations sont invalides.',
      fields: { email: 'Adresse e-mail invalide.', postalCode: 'Code postal à 5 chiffres.' },
    });
  });

  it('says what a refusal reason means, on its field when it has one', () => {
    const taken = toFrenchError(trpcError({ code: 'CONFLICT', details: { reason: 'EMAIL_TAKEN' } }));
    expect(taken.fields.email).toBe('Cette adresse e-mail est déjà utilisée.');
    expect(toFrenchError(trpcError({ code: 'UNAUTHORIZED', details: { reason: 'INVALID_CREDENTIALS' } })).message).toBe(
      'E-mail ou mot de passe incorrect.',
    );
  });

  it('falls back on the code, then on a network failure', () => {
    expect(toFrenchError(trpcError({ code: 'FORBIDDEN' })).message).toBe('Votre rôle ne permet pas cette action.');
    expect(toFrenchError(trpcError({ code: 'SOMETHING_NEW' })).message).toMatch(/erreur inattendue/);
    expect(toFrenchError(new TypeError('Failed to fetch'))).toMatchObject({
      code: 'NETWORK',
      message: expect.stringMatching(/joindre le serveur/),
    });
  });

  it('tells how long to wait when rate limited', () => {
    expect(toFrenchError(trpcError({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 30 } })).message).toBe(
      'Trop de tentatives : réessayez dans 30 s.',
    );
    expect(toFrenchError(trpcError({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 600 } })).message).toBe(
      'Trop de tentatives : réessayez dans 10 minutes.',
    );
  });

  it('reads REST bodies too (the upload route answers them)', () => {
    const body = { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'nope', details: { reason: 'VIDEO_NOT_ACCEPTED' } };
    expect(toFrenchError(body).message).toBe('Les vidéos ne sont pas acceptées.');
  });

  it('never shows an English rule message', () => {
    expect(frenchIssue({ code: 'custom', message: 'give exactly one of userId and contact' })).toBe('Valeur invalide.');
    expect(frenchIssue({ code: 'too_small', message: 'Trop petit : au moins 2 caractères' })).toBe('Trop court.');
  });
});
