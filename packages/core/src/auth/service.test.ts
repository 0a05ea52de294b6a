import type { AuthSession } from '@monimmo/contract';
import { outboxEmails, refreshTokens, sessions } from '@monimmo/db';
import { desc, eq } from 'drizzle-orm';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCoreHarness, expectAppError, requestInfo, type CoreHarness } from '../../test/harness.ts';
import { sha256 } from '../shared/crypto.ts';
import { createAccessTokens } from './access-tokens.ts';

let h: CoreHarness;
let n = 0;
const agency = () => {
  n += 1;
  return {
    organizationName: `Agence Bellevue ${n}`,
    firstName: 'Étienne',
    lastName: 'Durand',
    email: `Etienne.Durand+${n}@Bellevue-Immo.fr`,
    password: 'un-mot-de-passe-long',
  };
};

beforeAll(async () => {
  h = await createCoreHarness({
    LOGIN_MAX_ATTEMPTS_PER_EMAIL_AND_IP: '3',
    LOGIN_MAX_ATTEMPTS_PER_EMAIL: '6',
    LOGIN_MAX_ATTEMPTS_PER_IP: '8',
  });
});
afterAll(() => h.close());

describe('register and login', () => {
  it('creates the agency and its first ADMIN, logged in', async () => {
    const input = agency();
    const session = await h.services.auth.register(input, requestInfo());
    expect(session.tokenType).toBe('Bearer');
    expect(session.expiresIn).toBe(900);
    expect(session.user).toMatchObject({ accountType: 'AGENT', role: 'ADMIN', email: input.email, active: true });
    expect(session.organization.name).toBe(input.organizationName);
    expect(session.user).not.toHaveProperty('passwordHash');
    const actor = await h.services.auth.authenticate(session.accessToken);
    expect(actor).toMatchObject({ userId: session.user.id, orgId: session.organization.id, role: 'ADMIN' });
    const me = await h.services.auth.me(actor);
    expect(me.user.id).toBe(session.user.id);
  });

  it('refuses a second account with the same e-mail in any case', async () => {
    const input = agency();
    await h.services.auth.register(input, requestInfo());
    await expectAppError(
      h.services.auth.register({ ...agency(), email: input.email.toUpperCase() }, requestInfo()),
      'CONFLICT',
      'EMAIL_TAKEN',
    );
  });

  it('logs in case-insensitively and refuses a wrong password or unknown e-mail alike', async () => {
    const input = agency();
    await h.services.auth.register(input, requestInfo());
    const session = await h.services.auth.login({ email: input.email.toLowerCase(), password: input.password }, requestInfo('10.0.0.1'));
    expect(session.user.email).toBe(input.email);
    const wrong = await expectAppError(
      h.services.auth.login({ email: input.email, password: 'pas-le-bon-mot' }, requestInfo('10.0.0.1')),
      'UNAUTHORIZED',
      'INVALID_CREDENTIALS',
    );
    const unknown = await expectAppError(
      h.services.auth.login({ email: 'personne@nulle-part.fr', password: 'pas-le-bon-mot' }, requestInfo('10.0.0.1')),
      'UNAUTHORIZED',
      'INVALID_CREDENTIALS',
    );
    expect(unknown.message).toBe(wrong.message);
  });

  it('throttles per e-mail and address, with a retry delay', async () => {
    const input = agency();
    await h.services.auth.register(input, requestInfo());
    const ip = '10.0.1.1';
    for (let i = 0; i < 3; i += 1) {
      await expectAppError(
        h.services.auth.login({ email: input.email, password: 'mauvais-mot-de-passe' }, requestInfo(ip)),
        'UNAUTHORIZED',
      );
    }
    const limited = await expectAppError(
      h.services.auth.login({ email: input.email, password: input.password }, requestInfo(ip)),
      'RATE_LIMITED',
    );
    expect(limited.details?.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.details?.retryAfterSeconds).toBeLessThanOrEqual(900);
  });

  it('a stranger guessing from elsewhere does not lock the owner out of their own address', async () => {
    const input = agency();
    await h.services.auth.register(input, requestInfo());
    for (let i = 0; i < 3; i += 1) {
      await expectAppError(
        h.services.auth.login({ email: input.email, password: 'mauvais-mot-de-passe' }, requestInfo('10.0.5.66')),
        'UNAUTHORIZED',
      );
    }
    await expectAppError(
      h.services.auth.login({ email: input.email, password: 'mauvais-mot-de-passe' }, requestInfo('10.0.5.66')),
      'RATE_LIMITED',
    );
    const owner = await h.services.auth.login({ email: input.email, password: input.password }, requestInfo('10.0.5.1'));
    expect(owner.user.email).toBe(input.email);
  });

  it('a looser limit per e-mail stops guessing spread over many addresses', async () => {
    const input = agency();
    await h.services.auth.register(input, requestInfo());
    for (let i = 0; i < 6; i += 1) {
      await expectAppError(
        h.services.auth.login({ email: input.email, password: 'mauvais-mot-de-passe' }, requestInfo(`10.0.6.${i}`)),
        'UNAUTHORIZED',
      );
    }
    await expectAppError(h.services.auth.login({ email: input.email, password: input.password }, requestInfo('10.0.6.99')), 'RATE_LIMITED');
  });

  it('does not count successful logins, and a success clears the failures of its e-mail and address', async () => {
    const input = agency();
    await h.services.auth.register(input, requestInfo());
    const ip = '10.0.7.7';
    // More successes than the per-address limit (8): none is refused.
    for (let i = 0; i < 10; i += 1) await h.services.auth.login(input, requestInfo(ip));
    const wrong = () => h.services.auth.login({ email: input.email, password: 'mauvais-mot-de-passe' }, requestInfo(ip));
    await expectAppError(wrong(), 'UNAUTHORIZED');
    await expectAppError(wrong(), 'UNAUTHORIZED');
    await h.services.auth.login(input, requestInfo(ip));
    // Three fresh tries after the success, then the pair's limit.
    for (let i = 0; i < 3; i += 1) await expectAppError(wrong(), 'UNAUTHORIZED');
    await expectAppError(h.services.auth.login(input, requestInfo(ip)), 'RATE_LIMITED');
  });

  it('throttles per IP across e-mails', async () => {
    const ip = '10.0.2.2';
    for (let i = 0; i < 8; i += 1) {
      await expectAppError(
        h.services.auth.login({ email: `inconnu${i}@exemple.fr`, password: 'mauvais-mot-de-passe' }, requestInfo(ip)),
        'UNAUTHORIZED',
      );
    }
    await expectAppError(
      h.services.auth.login({ email: 'autre@exemple.fr', password: 'mauvais-mot-de-passe' }, requestInfo(ip)),
      'RATE_LIMITED',
    );
    // another address is not affected
    await expectAppError(
      h.services.auth.login({ email: 'autre@exemple.fr', password: 'mauvais-mot-de-passe' }, requestInfo('10.0.2.3')),
      'UNAUTHORIZED',
    );
  });
});

describe('refresh tokens', () => {
  let session: AuthSession;
  beforeAll(async () => {
    session = await h.services.auth.register(agency(), requestInfo());
  });

  it('rotates: the new pair works, the old refresh token does not', async () => {
    const next = await h.services.auth.refresh(session.refreshToken, requestInfo());
    expect(next.refreshToken).not.toBe(session.refreshToken);
    const actor = await h.services.auth.authenticate(next.accessToken);
    expect(actor.sessionId).toBe((await h.services.auth.authenticate(session.accessToken)).sessionId);
    session = next;
  });

  /** Moves a token's rotation back in time, past the grace period. */
  const rotatedLongAgo = (token: string) =>
    h.database.tx((tx) =>
      tx
        .update(refreshTokens)
        .set({ usedAt: new Date(Date.now() - 31_000).toISOString() })
        .where(eq(refreshTokens.tokenHash, sha256(token))),
    );

  it('revokes the whole family when a rotated token comes back after the grace period', async () => {
    const first = await h.services.auth.register(agency(), requestInfo());
    const second = await h.services.auth.refresh(first.refreshToken, requestInfo());
    await rotatedLongAgo(first.refreshToken);
    await expectAppError(h.services.auth.refresh(first.refreshToken, requestInfo()), 'UNAUTHORIZED', 'REFRESH_TOKEN_REUSED');
    // the thief's copy and the legitimate newest token are both dead now
    await expectAppError(h.services.auth.refresh(second.refreshToken, requestInfo()), 'UNAUTHORIZED', 'SESSION_REVOKED');
    await expectAppError(h.services.auth.authenticate(second.accessToken), 'UNAUTHORIZED', 'SESSION_REVOKED');
    const actor = await h.services.auth.authenticate(session.accessToken);
    const [row] = await h.database.db.select().from(sessions).where(eq(sessions.userId, second.user.id));
    expect(row?.revokedReason).toBe('REFRESH_REUSE');
    expect(actor.userId).toBe(session.user.id); // other sessions untouched
  });

  it('refuses unknown and expired refresh tokens', async () => {
    await expectAppError(h.services.auth.refresh('inconnu', requestInfo()), 'UNAUTHORIZED', 'REFRESH_TOKEN_INVALID');
    const s = await h.services.auth.register(agency(), requestInfo());
    await h.database.tx((tx) =>
      tx.update(refreshTokens).set({ expiresAt: '2000-01-01T00:00:00.000Z' }).where(eq(refreshTokens.orgId, s.organization.id)),
    );
    await expectAppError(h.services.auth.refresh(s.refreshToken, requestInfo()), 'UNAUTHORIZED', 'REFRESH_TOKEN_INVALID');
  });

  it('two tabs refreshing the same token at once both go on, in the same session', async () => {
    const s = await h.services.auth.register(agency(), requestInfo());
    const [a, b] = await Promise.all([
      h.services.auth.refresh(s.refreshToken, requestInfo()),
      h.services.auth.refresh(s.refreshToken, requestInfo()),
    ]);
    expect(a.refreshToken).not.toBe(b.refreshToken);
    const sessionId = (await h.services.auth.authenticate(s.accessToken)).sessionId;
    for (const tab of [a, b]) {
      expect((await h.services.auth.authenticate(tab.accessToken)).sessionId).toBe(sessionId);
      // Each tab's own token rotates on as usual.
      expect((await h.services.auth.refresh(tab.refreshToken, requestInfo())).user.id).toBe(s.user.id);
    }
  });

  it('within the grace period, only the immediately previous token answers: one rotated twice since is reuse', async () => {
    const s = await h.services.auth.register(agency(), requestInfo());
    const second = await h.services.auth.refresh(s.refreshToken, requestInfo());
    await h.services.auth.refresh(second.refreshToken, requestInfo());
    await expectAppError(h.services.auth.refresh(s.refreshToken, requestInfo()), 'UNAUTHORIZED', 'REFRESH_TOKEN_REUSED');
    await expectAppError(h.services.auth.authenticate(second.accessToken), 'UNAUTHORIZED', 'SESSION_REVOKED');
  });
});

describe('logout', () => {
  it('ends the session named by the refresh token', async () => {
    const s = await h.services.auth.register(agency(), requestInfo());
    await h.services.auth.logout({ refreshToken: s.refreshToken, bearerToken: null });
    await expectAppError(h.services.auth.authenticate(s.accessToken), 'UNAUTHORIZED', 'SESSION_REVOKED');
    await expectAppError(h.services.auth.refresh(s.refreshToken, requestInfo()), 'UNAUTHORIZED');
    // logging out twice is harmless
    await h.services.auth.logout({ refreshToken: s.refreshToken, bearerToken: null });
  });

  it('ends the bearer token session when no refresh token is given', async () => {
    const s = await h.services.auth.register(agency(), requestInfo());
    await h.services.auth.logout({ bearerToken: s.accessToken });
    await expectAppError(h.services.auth.authenticate(s.accessToken), 'UNAUTHORIZED');
  });

  it('needs one of the two', async () => {
    await expectAppError(h.services.auth.logout({ bearerToken: null }), 'UNAUTHORIZED');
    await expectAppError(h.services.auth.logout({ refreshToken: 'nope', bearerToken: null }), 'UNAUTHORIZED');
  });
});

describe('access tokens', () => {
  let session: AuthSession;
  const key = (secret: string) => new TextEncoder().encode(secret);
  const claims = () => ({ org: session.organization.id, sid: 'x' });
  beforeAll(async () => {
    session = await h.services.auth.register(agency(), requestInfo());
  });

  it('refuses an expired token with a distinct reason', async () => {
    const tokens = createAccessTokens({
      secret: h.config.JWT_SECRET,
      issuer: h.config.JWT_ISSUER,
      audience: h.config.JWT_AUDIENCE,
      ttlSeconds: 60,
    });
    const actor = await h.services.auth.authenticate(session.accessToken);
    const expired = await new SignJWT({ org: actor.orgId, sid: actor.sessionId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(actor.userId)
      .setIssuer(h.config.JWT_ISSUER)
      .setAudience(h.config.JWT_AUDIENCE)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(key(h.config.JWT_SECRET));
    await expectAppError(tokens.verify(expired), 'UNAUTHORIZED', 'TOKEN_EXPIRED');
    await expectAppError(h.services.auth.authenticate(expired), 'UNAUTHORIZED', 'TOKEN_EXPIRED');
  });

  it('verifies a token once, and still refuses it once it has expired', async () => {
    const tokens = createAccessTokens({
      secret: h.config.JWT_SECRET,
      issuer: h.config.JWT_ISSUER,
      audience: h.config.JWT_AUDIENCE,
      ttlSeconds: 60,
    });
    const token = await tokens.sign({ userId: session.user.id, orgId: session.organization.id, sessionId: 's1' });
    const first = await tokens.verify(token);
    expect(first).toEqual({ userId: session.user.id, orgId: session.organization.id, sessionId: 's1' });
    // Known now: the same claims, and a one-character change is checked (and refused) afresh.
    expect(await tokens.verify(token)).toBe(first);
    // The signature's first character carries six whole bits (its last one only four: a flip there may decode the same).
    const at = token.lastIndexOf('.') + 1;
    const tampered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
    await expectAppError(tokens.verify(tampered), 'UNAUTHORIZED', 'TOKEN_INVALID');
    vi.useFakeTimers({ now: Date.now() + 61_000, toFake: ['Date'] });
    try {
      await expectAppError(tokens.verify(token), 'UNAUTHORIZED', 'TOKEN_EXPIRED');
      await expectAppError(tokens.verify(token), 'UNAUTHORIZED', 'TOKEN_EXPIRED');
    } finally {
      vi.useRealTimers();
    }
  });

  it('refuses forged, wrong-algorithm, alg:none, wrong-audience and garbage tokens', async () => {
    const base = (alg: string) =>
      new SignJWT(claims())
        .setProtectedHeader({ alg })
        .setSubject(session.user.id)
        .setIssuer(h.config.JWT_ISSUER)
        .setAudience(h.config.JWT_AUDIENCE)
        .setExpirationTime('5m');
    const forged = await base('HS256').sign(key('another-secret-another-secret-another'));
    const wrongAlg = await base('HS512').sign(key(h.config.JWT_SECRET));
    const none = new UnsecuredJWT(claims())
      .setSubject(session.user.id)
      .setIssuer(h.config.JWT_ISSUER)
      .setAudience(h.config.JWT_AUDIENCE)
      .setExpirationTime('5m')
      .encode();
    const wrongAudience = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(session.user.id)
      .setIssuer(h.config.JWT_ISSUER)
      .setAudience('autre')
      .setExpirationTime('5m')
      .sign(key(h.config.JWT_SECRET));
    const missingClaims = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer(h.config.JWT_ISSUER)
      .setAudience(h.config.JWT_AUDIENCE)
      .setExpirationTime('5m')
      .sign(key(h.config.JWT_SECRET));
    // a valid signature over a session that does not exist
    const unknownSession = await base('HS256').sign(key(h.config.JWT_SECRET));
    for (const token of [forged, wrongAlg, none, wrongAudience, missingClaims, 'pas.un.jwt', session.accessToken + 'x']) {
      await expectAppError(h.services.auth.authenticate(token), 'UNAUTHORIZED', 'TOKEN_INVALID');
    }
    await expectAppError(h.services.auth.authenticate(unknownSession), 'UNAUTHORIZED', 'SESSION_REVOKED');
  });

  it('refuses a correctly signed token that never expires (no exp claim)', async () => {
    const actor = await h.services.auth.authenticate(session.accessToken);
    const forever = await new SignJWT({ org: actor.orgId, sid: actor.sessionId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(actor.userId)
      .setIssuer(h.config.JWT_ISSUER)
      .setAudience(h.config.JWT_AUDIENCE)
      .setIssuedAt()
      .sign(key(h.config.JWT_SECRET));
    await expectAppError(h.services.auth.authenticate(forever), 'UNAUTHORIZED', 'TOKEN_INVALID');
  });
});

describe('forgot and reset password', () => {
  /** The last message delivered to this address, as its recipient reads it. */
  const lastEmailTo = (email: string) => h.mail.findLast((m) => m.to === email);
  const tokenIn = (text: string) => /#token=([\w-]+)/.exec(text)?.[1] ?? '';

  it('sends a single-use link in French, then the new password works and old sessions end', async () => {
    const input = agency();
    const s = await h.services.auth.register(input, requestInfo());
    await h.services.auth.forgotPassword(input.email.toUpperCase(), requestInfo('10.1.0.1'));
    await h.services.drain();
    const mail = lastEmailTo(input.email);
    expect(mail?.subject).toBe('Réinitialisation de votre mot de passe Monimmo');
    expect(mail?.text).toContain('Bonjour Étienne');
    const token = tokenIn(mail?.text ?? '');
    expect(token).toHaveLength(43);
    // The outbox keeps the message, marked sent, without a usable link: only the token's hash is stored.
    const [row] = await h.database.db
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.to, input.email))
      .orderBy(desc(outboxEmails.createdAt))
      .limit(1);
    expect(row?.sentAt).not.toBeNull();
    expect(row?.text).not.toContain(token);
    expect(row?.text).toContain('/reinitialiser-mot-de-passe#token=[masqué]');
    expect(row?.text).toContain('Bonjour Étienne');

    await h.services.auth.resetPassword({ token, password: 'nouveau-mot-de-passe' }, requestInfo());
    await expectAppError(h.services.auth.authenticate(s.accessToken), 'UNAUTHORIZED', 'SESSION_REVOKED');
    await expectAppError(h.services.auth.login(input, requestInfo('10.1.0.2')), 'UNAUTHORIZED');
    const fresh = await h.services.auth.login({ email: input.email, password: 'nouveau-mot-de-passe' }, requestInfo('10.1.0.2'));
    expect(fresh.user.id).toBe(s.user.id);
    await expectAppError(
      h.services.auth.resetPassword({ token, password: 'encore-un-autre-mdp' }, requestInfo()),
      'BAD_REQUEST',
      'PASSWORD_TOKEN_INVALID',
    );
  });

  it('answers the same for an unknown e-mail and sends nothing', async () => {
    await expect(h.services.auth.forgotPassword('inconnu@exemple.fr', requestInfo('10.1.1.1'))).resolves.toBeUndefined();
    await h.services.drain();
    expect(lastEmailTo('inconnu@exemple.fr')).toBeUndefined();
  });

  it('stops sending after 5 requests an hour for one e-mail, silently', async () => {
    const input = agency();
    await h.services.auth.register(input, requestInfo());
    for (let i = 0; i < 7; i += 1) await h.services.auth.forgotPassword(input.email, requestInfo(`10.1.2.${i}`));
    await h.services.drain();
    const rows = await h.database.db.select().from(outboxEmails).where(eq(outboxEmails.to, input.email));
    expect(rows).toHaveLength(5);
  });

  it('refuses an expired token', async () => {
    const input = agency();
    await h.services.auth.register(input, requestInfo());
    await h.services.auth.forgotPassword(input.email, requestInfo('10.1.3.1'));
    await h.services.drain();
    const token = tokenIn(lastEmailTo(input.email)?.text ?? '');
    const { passwordTokens } = await import('@monimmo/db');
    await h.database.tx((tx) => tx.update(passwordTokens).set({ expiresAt: '2000-01-01T00:00:00.000Z' }));
    await expectAppError(
      h.services.auth.resetPassword({ token, password: 'nouveau-mot-de-passe' }, requestInfo()),
      'BAD_REQUEST',
      'PASSWORD_TOKEN_INVALID',
    );
  });
});
