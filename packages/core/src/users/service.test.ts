import type { Actor, CreateUserInput } from '@monimmo/contract';
import { outboxEmails, users } from '@monimmo/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreHarness, expectAppError, requestInfo, type CoreHarness } from '../../test/harness.ts';

let h: CoreHarness;
let admin: Actor;
let manager: Actor;
let agent: Actor;
let otherAgencyAdmin: Actor;
let n = 0;
const uniq = () => `${++n}-${Date.now()}`;

async function staff(role: 'AGENT' | 'MANAGER' | 'ADMIN', by: Actor = admin): Promise<Actor> {
  const email = `staff-${uniq()}@agence-horizon.fr`;
  await h.services.users.create(by, {
    accountType: 'AGENT',
    role,
    firstName: 'Inès',
    lastName: 'Moreau',
    email,
    password: 'mot-de-passe-agent',
  });
  const s = await h.services.auth.login({ email, password: 'mot-de-passe-agent' }, requestInfo(`10.9.${n}.1`));
  return h.services.auth.authenticate(s.accessToken);
}

const contact = (overrides: Partial<CreateUserInput> = {}): CreateUserInput => ({
  accountType: 'CLIENT',
  firstName: 'Gérard',
  lastName: 'Lefèvre',
  email: `gerard-${uniq()}@exemple.fr`,
  ...overrides,
});

beforeAll(async () => {
  h = await createCoreHarness();
  const s = await h.services.auth.register(
    {
      organizationName: 'Agence Horizon',
      firstName: 'Claire',
      lastName: 'Bernard',
      email: 'claire@agence-horizon.fr',
      password: 'mot-de-passe-admin',
    },
    requestInfo(),
  );
  admin = await h.services.auth.authenticate(s.accessToken);
  const o = await h.services.auth.register(
    { organizationName: 'Agence Rivale', firstName: 'Paul', lastName: 'Petit', email: 'paul@rivale.fr', password: 'mot-de-passe-admin' },
    requestInfo(),
  );
  otherAgencyAdmin = await h.services.auth.authenticate(o.accessToken);
  manager = await staff('MANAGER');
  agent = await staff('AGENT');
});
afterAll(() => h.close());

describe('contacts', () => {
  it('any staff member creates and edits contacts; an e-mail or a phone is enough', async () => {
    const byPhone = await h.services.users.create(agent, contact({ email: undefined, phone: '06 12 34 56 78', accountType: 'NOTAIRE' }));
    expect(byPhone).toMatchObject({ accountType: 'NOTAIRE', role: null, phone: '06 12 34 56 78', email: null });
    const edited = await h.services.users.update(agent, { id: byPhone.id, city: 'Lyon', postalCode: '69002' });
    expect(edited).toMatchObject({ city: 'Lyon', postalCode: '69002' });
  });

  it('keeps an e-mail or a phone on every contact', async () => {
    const c = await h.services.users.create(agent, contact());
    await expectAppError(h.services.users.update(agent, { id: c.id, email: null }), 'BAD_REQUEST');
    const ok = await h.services.users.update(agent, { id: c.id, email: null, phone: '+33 6 11 22 33 44' });
    expect(ok.email).toBeNull();
  });

  it('refuses a role or active flag on a contact', async () => {
    const c = await h.services.users.create(agent, contact());
    await expectAppError(h.services.users.update(admin, { id: c.id, role: 'ADMIN' }), 'BAD_REQUEST');
    await expectAppError(h.services.users.update(admin, { id: c.id, active: false }), 'BAD_REQUEST');
  });

  it('keeps e-mails unique within the agency, case-insensitively, but not across agencies', async () => {
    const email = `dupont-${uniq()}@exemple.fr`;
    await h.services.users.create(agent, contact({ email }));
    await expectAppError(h.services.users.create(agent, contact({ email: email.toUpperCase() })), 'CONFLICT', 'EMAIL_TAKEN');
    const elsewhere = await h.services.users.create(otherAgencyAdmin, contact({ email }));
    expect(elsewhere.email).toBe(email);
    const other = await h.services.users.create(agent, contact());
    await expectAppError(h.services.users.update(agent, { id: other.id, email }), 'CONFLICT', 'EMAIL_TAKEN');
  });
});

describe('staff accounts', () => {
  it('only managers and admins create staff; only admins create admins', async () => {
    const input = {
      accountType: 'AGENT' as const,
      role: 'AGENT' as const,
      firstName: 'Léa',
      lastName: 'Roux',
      email: `lea-${uniq()}@agence-horizon.fr`,
    };
    await expectAppError(h.services.users.create(agent, input), 'FORBIDDEN');
    await expectAppError(h.services.users.create(manager, { ...input, role: 'ADMIN' }), 'FORBIDDEN');
    const created = await h.services.users.create(manager, input);
    expect(created).toMatchObject({ accountType: 'AGENT', role: 'AGENT', active: true });
  });

  it('invites staff created without a password, by e-mail, in French', async () => {
    const email = `hugo-${uniq()}@agence-horizon.fr`;
    await h.services.users.create(admin, { accountType: 'AGENT', role: 'AGENT', firstName: 'Hugo', lastName: 'Faure', email });
    await h.services.drain();
    const mail = h.mail.find((m) => m.to === email);
    expect(mail?.subject).toBe('Votre accès Monimmo pour Agence Horizon');
    const token = /#token=([\w-]+)/.exec(mail?.text ?? '')?.[1] ?? '';
    const [stored] = await h.database.db.select().from(outboxEmails).where(eq(outboxEmails.to, email));
    expect(stored?.text).toContain('/invitation#token=[masqué]');
    expect(stored?.text).not.toContain(token);
    // cannot log in before choosing a password
    await expectAppError(h.services.auth.login({ email, password: 'nimporte-quoi-123' }, requestInfo('10.8.0.1')), 'UNAUTHORIZED');
    await h.services.auth.resetPassword({ token, password: 'mon-premier-mdp' }, requestInfo());
    const s = await h.services.auth.login({ email, password: 'mon-premier-mdp' }, requestInfo('10.8.0.1'));
    expect(s.user.email).toBe(email);
  });

  it('lets an agent edit their own profile but not their role or status, nor other staff', async () => {
    const me = await h.services.users.update(agent, { id: agent.userId, phone: '07 00 00 00 00' });
    expect(me.phone).toBe('07 00 00 00 00');
    await expectAppError(h.services.users.update(agent, { id: agent.userId, role: 'ADMIN' }), 'FORBIDDEN');
    await expectAppError(h.services.users.update(agent, { id: manager.userId, firstName: 'X' }), 'FORBIDDEN');
    await expectAppError(h.services.users.update(agent, { id: agent.userId, email: null }), 'BAD_REQUEST');
  });

  it("only the owner or an admin changes a staff member's login e-mail, and the old address is told", async () => {
    const peer = await staff('MANAGER');
    const member = await staff('AGENT');
    const [before] = await h.database.db.select().from(users).where(eq(users.id, peer.userId));
    // A manager could otherwise point a peer's account at their own mailbox, then reset its password.
    for (const target of [peer, member]) {
      const refused = await expectAppError(
        h.services.users.update(manager, { id: target.userId, email: `pirate-${uniq()}@exemple.fr` }),
        'FORBIDDEN',
      );
      expect(refused.details?.reason).toBe('STAFF_EMAIL_ADMIN_ONLY');
    }
    // Other fields stay a manager's to edit, and the e-mail as it was is no change.
    expect(
      await h.services.users.update(manager, {
        id: member.userId,
        phone: '06 98 76 54 32',
        email: (await h.services.users.get(admin, member.userId)).email,
      }),
    ).toMatchObject({ phone: '06 98 76 54 32' });
    const mine = `moi-${uniq()}@agence-horizon.fr`;
    expect((await h.services.users.update(peer, { id: peer.userId, email: mine })).email).toBe(mine);
    const byAdmin = `nouvelle-${uniq()}@agence-horizon.fr`;
    expect((await h.services.users.update(admin, { id: peer.userId, email: byAdmin })).email).toBe(byAdmin);
    const [notice] = await h.database.db.select().from(outboxEmails).where(eq(outboxEmails.to, before!.email!));
    expect(notice?.subject).toBe('Votre adresse de connexion Monimmo a changé');
    expect(notice?.text).toContain(mine);
  });

  it('a manager cannot touch an admin', async () => {
    await expectAppError(h.services.users.update(manager, { id: admin.userId, firstName: 'Autre' }), 'FORBIDDEN');
  });

  it('never removes the last active admin, by demotion or deactivation', async () => {
    await expectAppError(h.services.users.update(admin, { id: admin.userId, role: 'MANAGER' }), 'INVALID_STATE', 'LAST_ADMIN');
    await expectAppError(h.services.users.update(admin, { id: admin.userId, active: false }), 'INVALID_STATE', 'LAST_ADMIN');
    const second = await staff('ADMIN');
    const demoted = await h.services.users.update(second, { id: admin.userId, role: 'MANAGER' });
    expect(demoted.role).toBe('MANAGER');
    // the role change applies at once, without a new login
    expect((await h.services.auth.authenticate(await tokenOf(admin))).role).toBe('MANAGER');
    await expectAppError(h.services.users.update(second, { id: second.userId, role: 'AGENT' }), 'INVALID_STATE', 'LAST_ADMIN');
    await h.services.users.update(second, { id: admin.userId, role: 'ADMIN' });
  });

  it('deactivating an account ends its sessions and blocks login', async () => {
    const email = `sortant-${uniq()}@agence-horizon.fr`;
    const created = await h.services.users.create(admin, {
      accountType: 'AGENT',
      role: 'AGENT',
      firstName: 'Noé',
      lastName: 'Blanc',
      email,
      password: 'mot-de-passe-noe',
    });
    const s = await h.services.auth.login({ email, password: 'mot-de-passe-noe' }, requestInfo('10.7.0.1'));
    await h.services.users.update(admin, { id: created.id, active: false });
    await expectAppError(h.services.auth.authenticate(s.accessToken), 'UNAUTHORIZED');
    await expectAppError(h.services.auth.refresh(s.refreshToken, requestInfo()), 'UNAUTHORIZED');
    await expectAppError(h.services.auth.login({ email, password: 'mot-de-passe-noe' }, requestInfo('10.7.0.2')), 'UNAUTHORIZED');
    // a disabled account gets no reset link (and the answer does not say so)
    await h.services.auth.forgotPassword(email, requestInfo('10.7.0.3'));
    await h.services.drain();
    expect(await h.database.db.select().from(outboxEmails).where(eq(outboxEmails.to, email))).toHaveLength(0);
  });

  it('staff e-mails are unique across agencies', async () => {
    await expectAppError(
      h.services.users.create(otherAgencyAdmin, {
        accountType: 'AGENT',
        role: 'AGENT',
        firstName: 'A',
        lastName: 'B',
        email: 'CLAIRE@agence-horizon.fr',
      }),
      'CONFLICT',
    );
  });
});

describe('reading', () => {
  it("never shows another agency's users: their ids are not found", async () => {
    const theirs = await h.services.users.create(otherAgencyAdmin, contact());
    await expectAppError(h.services.users.get(admin, theirs.id), 'NOT_FOUND');
    await expectAppError(h.services.users.update(admin, { id: theirs.id, firstName: 'Pirate' }), 'NOT_FOUND');
    const page = await h.services.users.list(admin, { limit: 100 });
    expect(page.items.map((u) => u.id)).not.toContain(theirs.id);
    expect(page.items.every((u) => u.email !== 'paul@rivale.fr')).toBe(true);
  });

  it('pages through every user exactly once, newest first', async () => {
    for (let i = 0; i < 7; i += 1) await h.services.users.create(agent, contact({ lastName: `Pagination${i}` }));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.services.users.list(agent, { limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const all = await h.services.users.list(agent, { limit: 100 });
    expect(seen).toEqual(all.items.map((u) => u.id));
    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort().reverse()).toEqual(seen); // UUIDv7 order = creation order
  });

  it('filters by account type and role', async () => {
    await h.services.users.create(
      agent,
      contact({ firstName: 'Sébastien', lastName: 'Garnier', email: `garnier-${uniq()}@notaires.fr`, accountType: 'NOTAIRE' }),
    );
    const notaries = await h.services.users.list(agent, { accountType: 'NOTAIRE', limit: 100 });
    expect(notaries.items.length).toBeGreaterThan(0);
    expect(notaries.items.every((u) => u.accountType === 'NOTAIRE')).toBe(true);
    const admins = await h.services.users.list(agent, { role: 'ADMIN', limit: 100 });
    expect(admins.items.every((u) => u.role === 'ADMIN')).toBe(true);
  });

  it('searches names, e-mails and phones, ignoring accents and case, by word prefixes', async () => {
    const c = await h.services.users.create(
      agent,
      contact({ firstName: 'Éloïse', lastName: "D'Artagnan-Lefèvre", email: `eloise-${uniq()}@cabinet-sud.fr`, phone: '06 45 45 12 12' }),
    );
    for (const q of ['eloise', 'ÉLOÏSE', 'artagnan lefevre', 'elo lef', 'cabinet-sud', '0645', '06 45']) {
      const found = await h.services.users.list(agent, { q, limit: 10 });
      expect(
        found.items.map((u) => u.id),
        q,
      ).toContain(c.id);
    }
    expect((await h.services.users.list(agent, { q: 'eloise marseille', limit: 10 })).items).toEqual([]);
    // FTS syntax is taken as text, and punctuation alone finds nothing
    expect((await h.services.users.list(agent, { q: '("eloise"* NEAR', limit: 10 })).items).toEqual([]);
    expect((await h.services.users.list(agent, { q: '("eloise"*', limit: 10 })).items.map((u) => u.id)).toContain(c.id);
    expect((await h.services.users.list(agent, { q: '%', limit: 10 })).items).toEqual([]);
    // the agency's own search never reaches another agency
    expect((await h.services.users.list(otherAgencyAdmin, { q: 'eloise', limit: 10 })).items).toEqual([]);
  });

  it('pages through ranked search results without loss or repetition', async () => {
    for (let i = 0; i < 5; i += 1) await h.services.users.create(agent, contact({ lastName: `Rangement${i}` }));
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.services.users.list(agent, { q: 'rangement', limit: 2, cursor });
      seen.push(...page.items.map((u) => u.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    await expectAppError(h.services.users.list(agent, { q: 'rangement', limit: 2, cursor: 'bm9wZQ' }), 'BAD_REQUEST');
  });

  it('refuses a malformed cursor', async () => {
    await expectAppError(h.services.users.list(agent, { limit: 5, cursor: 'pas-un-curseur' }), 'BAD_REQUEST');
  });
});

async function tokenOf(actor: Actor): Promise<string> {
  const { createAccessTokens } = await import('../auth/access-tokens.ts');
  return createAccessTokens({
    secret: h.config.JWT_SECRET,
    issuer: h.config.JWT_ISSUER,
    audience: h.config.JWT_AUDIENCE,
    ttlSeconds: 60,
  }).sign(actor);
}
