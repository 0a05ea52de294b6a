import { PROPERTY_STATUSES, type Actor, type CreatePropertyInput } from '@monimmo/contract';
import { properties } from '@monimmo/db';
import { eq, inArray } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreHarness, expectAppError, registerActor, type CoreHarness } from '../../test/harness.ts';

let h: CoreHarness;
let agent: Actor;
let rival: Actor;
let n = 0;
const uniq = () => `${++n}`;

const newProperty = (overrides: Partial<CreatePropertyInput> = {}): CreatePropertyInput => ({
  title: 'Appartement T3 lumineux',
  address: '12 rue de la République',
  postalCode: '13002',
  city: 'Marseille',
  price: 285000,
  owner: { firstName: 'Étienne', lastName: 'Roux', phone: `06 00 00 ${String(n).padStart(2, '0')} 00` },
  ...overrides,
});

beforeAll(async () => {
  h = await createCoreHarness();
  agent = await registerActor(h, 'Agence du Panier', 'marion@panier.fr');
  rival = await registerActor(h, 'Agence Concurrente', 'marion@concurrente.fr');
});
afterAll(() => h.close());

describe('creating properties', () => {
  it('creates a property in PROSPECTION with its new owner as VENDEUR and a CREATED event', async () => {
    const p = await h.services.properties.create(
      agent,
      newProperty({ details: { surface: 68, rooms: 3, dpeClass: 'C' }, mandateNumber: `M-${uniq()}` }),
    );
    expect(p).toMatchObject({ status: 'PROSPECTION', price: 285000, details: { surface: 68, rooms: 3, dpeClass: 'C' } });
    expect(p.owners).toEqual([expect.objectContaining({ firstName: 'Étienne', lastName: 'Roux', accountType: 'CLIENT' })]);
    expect(p.participants).toEqual([expect.objectContaining({ role: 'VENDEUR' })]);
    expect(p.timeline).toEqual([
      expect.objectContaining({
        type: 'CREATED',
        fromStatus: null,
        toStatus: 'PROSPECTION',
        actor: expect.objectContaining({ id: agent.userId }),
      }),
    ]);
    expect(p.documentCounts.DIAGNOSTICS).toBe(0);
    expect(p.unclassifiedDocuments).toBe(0);
  });

  it("takes an existing contact as owner, but not staff nor another agency's contact", async () => {
    const c = await h.services.users.create(agent, {
      accountType: 'CLIENT',
      firstName: 'Louise',
      lastName: 'Meyer',
      email: `louise-${uniq()}@exemple.fr`,
    });
    const p = await h.services.properties.create(agent, newProperty({ owner: undefined, ownerUserId: c.id }));
    expect(p.owners.map((o) => o.id)).toEqual([c.id]);
    await expectAppError(h.services.properties.create(agent, newProperty({ owner: undefined, ownerUserId: agent.userId })), 'BAD_REQUEST');
    const theirs = await h.services.users.create(rival, { accountType: 'CLIENT', firstName: 'X', lastName: 'Y', phone: '0600000001' });
    await expectAppError(h.services.properties.create(agent, newProperty({ owner: undefined, ownerUserId: theirs.id })), 'NOT_FOUND');
  });

  it('refuses a taken mandate number, or a staff e-mail as owner, writing nothing', async () => {
    const mandate = `M-${uniq()}`;
    await h.services.properties.create(agent, newProperty({ mandateNumber: mandate }));
    const before = await h.services.properties.pipeline(agent);
    await expectAppError(h.services.properties.create(agent, newProperty({ mandateNumber: mandate })), 'CONFLICT', 'MANDATE_NUMBER_TAKEN');
    await expectAppError(
      h.services.properties.create(agent, newProperty({ owner: { firstName: 'C', lastName: 'D', email: 'MARION@panier.fr' } })),
      'CONFLICT',
      'EMAIL_TAKEN',
    );
    expect(await h.services.properties.pipeline(agent)).toEqual(before);
    // the same mandate number is fine in another agency
    await h.services.properties.create(rival, newProperty({ mandateNumber: mandate }));
  });

  it('links an owner given by e-mail who is already a contact of the agency, filling only its empty fields', async () => {
    const email = `anne.vidal-${uniq()}@exemple.fr`;
    const existing = await h.services.users.create(agent, {
      accountType: 'CLIENT',
      firstName: 'Anne',
      lastName: 'Vidal',
      email,
      phone: '06 11 22 33 44',
    });
    const theirs = await h.services.users.create(rival, { accountType: 'CLIENT', firstName: 'Autre', lastName: 'Personne', email });
    const owner = { firstName: 'Anne', lastName: 'Vidal-Martin', email: email.toUpperCase(), phone: '07 00 00 00 00', city: 'Marseille' };
    const flat = await h.services.properties.create(agent, newProperty({ title: 'Appartement T3', owner }));
    expect(flat.owners.map((o) => o.id)).toEqual([existing.id]);
    expect(flat.ownerResolution).toEqual({
      contactId: existing.id,
      outcome: 'LINKED_EXISTING',
      filledFields: ['city'],
      ignoredFields: ['lastName', 'phone'],
    });
    // what was stored stays; the empty city is filled
    expect(await h.services.users.get(agent, existing.id)).toMatchObject({
      firstName: 'Anne',
      lastName: 'Vidal',
      email,
      phone: '06 11 22 33 44',
      city: 'Marseille',
    });
    // the same owner sells a garage too
    const garage = await h.services.properties.create(
      agent,
      newProperty({ title: 'Garage', owner: { firstName: 'Anne', lastName: 'Vidal', email } }),
    );
    expect(garage.owners.map((o) => o.id)).toEqual([existing.id]);
    expect(garage.ownerResolution).toEqual({ contactId: existing.id, outcome: 'LINKED_EXISTING', filledFields: [], ignoredFields: [] });
    // another agency's contact with that e-mail is neither used nor changed
    const elsewhere = await h.services.properties.create(rival, newProperty({ owner: { ...owner, email } }));
    expect(elsewhere.ownerResolution).toMatchObject({
      contactId: theirs.id,
      outcome: 'LINKED_EXISTING',
      ignoredFields: ['firstName', 'lastName'],
    });
    expect(await h.services.users.get(rival, theirs.id)).toMatchObject({
      firstName: 'Autre',
      lastName: 'Personne',
      phone: '07 00 00 00 00',
      city: 'Marseille',
    });
    expect(await h.services.users.get(agent, existing.id)).toMatchObject({ phone: '06 11 22 33 44' });
    // a new e-mail is a new contact; an owner by id has nothing to resolve
    const fresh = await h.services.properties.create(
      agent,
      newProperty({ owner: { firstName: 'Nouveau', lastName: 'Client', email: `nouveau-${uniq()}@exemple.fr` } }),
    );
    expect(fresh.ownerResolution).toEqual({ contactId: fresh.owners[0]!.id, outcome: 'CREATED', filledFields: [], ignoredFields: [] });
    expect(
      (await h.services.properties.create(agent, newProperty({ owner: undefined, ownerUserId: existing.id }))).ownerResolution,
    ).toBeNull();
    // a prospect given inline the same way
    const prospect = await h.services.properties.addProspect(agent, {
      id: fresh.id,
      contact: { firstName: 'Anne', lastName: 'Vidal', email, phone: '06 99 99 99 99' },
    });
    expect(prospect).toMatchObject({
      contact: { id: existing.id },
      contactResolution: { outcome: 'LINKED_EXISTING', ignoredFields: ['phone'] },
    });
  });
});

describe('the pipeline', () => {
  it('moves through every column, any to any, each change in the timeline with from, to, who and when', async () => {
    const p = await h.services.properties.create(agent, newProperty());
    const path = [...PROPERTY_STATUSES.slice(1), 'PROSPECTION', 'VENDU'] as const;
    for (const status of path) await h.services.properties.changeStatus(agent, p.id, status);
    const after = await h.services.properties.get(agent, p.id);
    expect(after.status).toBe('VENDU');
    const changes = after.timeline.filter((e) => e.type === 'STATUS_CHANGED');
    expect(changes.map((e) => [e.fromStatus, e.toStatus])).toEqual(path.map((to, i) => [i === 0 ? 'PROSPECTION' : path[i - 1], to]));
    expect(changes.every((e) => e.actor?.id === agent.userId && e.createdAt >= p.createdAt)).toBe(true);
    // moving to the current column records nothing
    await h.services.properties.changeStatus(agent, p.id, 'VENDU');
    expect((await h.services.properties.get(agent, p.id)).timeline).toHaveLength(after.timeline.length);
  });

  it('changes the status and writes its event atomically', async () => {
    const p = await h.services.properties.create(agent, newProperty());
    // an actor whose user row does not exist makes the event insert fail (foreign key)
    const ghost: Actor = { ...agent, userId: '01938a6e-0000-7000-8000-00000000dead' };
    await expect(h.services.properties.changeStatus(ghost, p.id, 'VISITES')).rejects.toThrow();
    const after = await h.services.properties.get(agent, p.id);
    expect(after.status).toBe('PROSPECTION');
    expect(after.timeline).toHaveLength(1);
  });

  it('counts properties per column in pipeline order, for the agency only', async () => {
    const fresh = await registerActor(h, 'Agence Vide', `vide-${uniq()}@exemple.fr`);
    const a = await h.services.properties.create(fresh, newProperty());
    await h.services.properties.create(fresh, newProperty());
    await h.services.properties.changeStatus(fresh, a.id, 'OFFRES');
    const pipeline = await h.services.properties.pipeline(fresh);
    expect(pipeline.columns.map((c) => c.status)).toEqual([...PROPERTY_STATUSES]);
    expect(pipeline.columns.find((c) => c.status === 'OFFRES')?.count).toBe(1);
    expect(pipeline.columns.find((c) => c.status === 'PROSPECTION')?.count).toBe(1);
    expect(pipeline.total).toBe(2);
  });
});

describe('editing', () => {
  it('patches fields, clears nullable ones and replaces details', async () => {
    const p = await h.services.properties.create(agent, newProperty({ details: { surface: 50 }, mandateNumber: `M-${uniq()}` }));
    const edited = await h.services.properties.update(agent, {
      id: p.id,
      title: 'Maison de ville',
      price: null,
      mandateNumber: null,
      details: { rooms: 5 },
    });
    expect(edited).toMatchObject({ title: 'Maison de ville', price: null, mandateNumber: null, details: { rooms: 5 } });
    expect(await h.services.properties.update(agent, { id: p.id })).toMatchObject({ title: 'Maison de ville' });
  });
});

describe('participants and prospects', () => {
  it('adds, changes and removes participants, never the last owner', async () => {
    const p = await h.services.properties.create(agent, newProperty());
    const notary = await h.services.users.create(agent, {
      accountType: 'NOTAIRE',
      firstName: 'Anne',
      lastName: 'Notaire',
      email: `notaire-${uniq()}@notaires.fr`,
    });
    const added = await h.services.properties.addParticipant(agent, { id: p.id, userId: notary.id, role: 'NOTAIRE' });
    expect(added).toMatchObject({ role: 'NOTAIRE', contact: { id: notary.id } });
    await expectAppError(
      h.services.properties.addParticipant(agent, { id: p.id, userId: notary.id, role: 'AUTRE' }),
      'CONFLICT',
      'ALREADY_PARTICIPANT',
    );
    await expectAppError(h.services.properties.addParticipant(agent, { id: p.id, userId: agent.userId, role: 'AUTRE' }), 'BAD_REQUEST');

    const ownerLink = p.participants[0]!;
    await expectAppError(
      h.services.properties.updateParticipant(agent, { id: p.id, participantId: ownerLink.id, role: 'ACHETEUR' }),
      'INVALID_STATE',
      'LAST_OWNER',
    );
    await expectAppError(
      h.services.properties.removeParticipant(agent, { id: p.id, participantId: ownerLink.id }),
      'INVALID_STATE',
      'LAST_OWNER',
    );
    // with a second owner, the first can go
    await h.services.properties.updateParticipant(agent, { id: p.id, participantId: added.id, role: 'VENDEUR' });
    await h.services.properties.removeParticipant(agent, { id: p.id, participantId: ownerLink.id });
    const after = await h.services.properties.get(agent, p.id);
    expect(after.owners.map((o) => o.id)).toEqual([notary.id]);
    await expectAppError(h.services.properties.removeParticipant(agent, { id: p.id, participantId: ownerLink.id }), 'NOT_FOUND');
  });

  it('adds prospects (existing or new clients), pages them, and shows links on the contact', async () => {
    const p = await h.services.properties.create(agent, newProperty());
    const buyer = await h.services.users.create(agent, {
      accountType: 'CLIENT',
      firstName: 'Yanis',
      lastName: 'Acheteur',
      phone: '0611111111',
    });
    await h.services.properties.addProspect(agent, { id: p.id, userId: buyer.id, note: 'Budget 300 k€, primo-accédant' });
    await expectAppError(h.services.properties.addProspect(agent, { id: p.id, userId: buyer.id }), 'CONFLICT', 'ALREADY_PROSPECT');
    for (let i = 0; i < 4; i += 1) {
      await h.services.properties.addProspect(agent, {
        id: p.id,
        contact: { firstName: 'Visiteur', lastName: `N${i}`, email: `visiteur-${uniq()}@exemple.fr` },
      });
    }
    const first = await h.services.properties.listProspects(agent, { id: p.id, limit: 3 });
    const second = await h.services.properties.listProspects(agent, { id: p.id, limit: 3, cursor: first.nextCursor ?? undefined });
    expect([...first.items, ...second.items]).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    const detail = await h.services.properties.get(agent, p.id);
    expect(detail.prospectCount).toBe(5);
    expect(detail.recentProspects[0]?.contact.lastName).toBe('N3');

    await h.services.properties.addParticipant(agent, { id: p.id, userId: buyer.id, role: 'ACHETEUR' });
    const linked = await h.services.users.get(agent, buyer.id);
    expect(linked.properties).toEqual([
      expect.objectContaining({ role: 'ACHETEUR', property: expect.objectContaining({ id: p.id, title: p.title }) }),
    ]);
    expect(linked.prospectFor).toEqual([expect.objectContaining({ property: expect.objectContaining({ id: p.id }) })]);
  });
});

describe('isolation', () => {
  it("answers 404 for another agency's property, participant or prospect list", async () => {
    const theirs = await h.services.properties.create(rival, newProperty());
    const c = await h.services.users.create(agent, { accountType: 'CLIENT', firstName: 'A', lastName: 'B', phone: '0622222222' });
    const ours = await h.services.properties.create(agent, newProperty());
    const calls = [
      h.services.properties.get(agent, theirs.id),
      h.services.properties.update(agent, { id: theirs.id, title: 'Volé' }),
      h.services.properties.changeStatus(agent, theirs.id, 'VENDU'),
      h.services.properties.addParticipant(agent, { id: theirs.id, userId: c.id, role: 'ACHETEUR' }),
      h.services.properties.updateParticipant(agent, { id: theirs.id, participantId: theirs.participants[0]!.id, role: 'AUTRE' }),
      h.services.properties.updateParticipant(agent, { id: ours.id, participantId: theirs.participants[0]!.id, role: 'AUTRE' }),
      h.services.properties.removeParticipant(agent, { id: theirs.id, participantId: theirs.participants[0]!.id }),
      h.services.properties.listProspects(agent, { id: theirs.id, limit: 5 }),
      h.services.properties.addProspect(agent, { id: theirs.id, userId: c.id }),
    ];
    for (const call of calls) await expectAppError(call, 'NOT_FOUND');
    expect((await h.services.properties.get(rival, theirs.id)).status).toBe('PROSPECTION');
  });
});

describe('listing and search', () => {
  let org: Actor;
  beforeAll(async () => {
    org = await registerActor(h, 'Agence Recherche', `recherche-${uniq()}@exemple.fr`);
    const make = (overrides: Partial<CreatePropertyInput>) => h.services.properties.create(org, newProperty(overrides));
    await make({ title: 'Studio rénové, électricité refaite', city: 'Aix-en-Provence', postalCode: '13100', price: 150000 });
    await make({
      title: 'Villa avec piscine',
      address: '3 chemin des Pins',
      city: 'Cassis',
      postalCode: '13260',
      price: 950000,
      owner: { firstName: 'Hélène', lastName: 'Brémond', email: `helene-${uniq()}@exemple.fr` },
    });
    const sold = await make({ title: 'Loft industriel', city: 'MARSEILLE', postalCode: '13006', price: 420000 });
    await h.services.properties.changeStatus(org, sold.id, 'VENDU');
    await make({ title: 'Maison de village', city: 'Lyon', postalCode: '69005', price: null as unknown as undefined });
  });

  const titles = async (input: Parameters<typeof h.services.properties.list>[1]) =>
    (await h.services.properties.list(org, input)).items.map((p) => p.title).sort();

  it('filters by status, city (any case), postal code or its start, and price range', async () => {
    expect(await titles({ limit: 20, status: 'VENDU' })).toEqual(['Loft industriel']);
    expect(await titles({ limit: 20, city: 'marseille' })).toEqual(['Loft industriel']);
    expect(await titles({ limit: 20, postalCode: '13' })).toEqual([
      'Loft industriel',
      'Studio rénové, électricité refaite',
      'Villa avec piscine',
    ]);
    expect(await titles({ limit: 20, postalCode: '69005' })).toEqual(['Maison de village']);
    expect(await titles({ limit: 20, minPrice: 200000, maxPrice: 500000 })).toEqual(['Loft industriel']);
  });

  it('finds by unaccented words, prefixes, city, postal code and owner name, ranked', async () => {
    expect(await titles({ limit: 20, q: 'electricite' })).toEqual(['Studio rénové, électricité refaite']);
    expect(await titles({ limit: 20, q: 'RENOV elec' })).toEqual(['Studio rénové, électricité refaite']);
    expect(await titles({ limit: 20, q: 'helene bremond' })).toEqual(['Villa avec piscine']);
    expect(await titles({ limit: 20, q: 'cassis' })).toEqual(['Villa avec piscine']);
    expect(await titles({ limit: 20, q: '13260' })).toEqual(['Villa avec piscine']);
    expect(await titles({ limit: 20, q: 'etienne' })).toHaveLength(3);
    expect(await titles({ limit: 20, q: 'etienne', status: 'VENDU' })).toEqual(['Loft industriel']);
    expect(await titles({ limit: 20, q: 'piscine', city: 'Lyon' })).toEqual([]);
    expect(await titles({ limit: 20, q: '!!!' })).toEqual([]);
    // the rival agency's identical words never show up here
    expect((await h.services.properties.list(rival, { limit: 20, q: 'electricite' })).items).toEqual([]);
  });

  it('keeps search in step with renames of the property and of its owner', async () => {
    const p = await h.services.properties.create(
      org,
      newProperty({ title: 'Bastide provençale', owner: { firstName: 'Gaëlle', lastName: 'Ancien', phone: '0633333333' } }),
    );
    await h.services.properties.update(org, { id: p.id, title: 'Mas restauré' });
    expect(await titles({ limit: 20, q: 'bastide' })).toEqual([]);
    expect(await titles({ limit: 20, q: 'mas restaure' })).toEqual(['Mas restauré']);
    await h.services.users.update(org, { id: p.owners[0]!.id, lastName: 'Nouveau' });
    expect(await titles({ limit: 20, q: 'gaelle nouveau' })).toEqual(['Mas restauré']);
    expect(await titles({ limit: 20, q: 'ancien' })).toEqual([]);
  });
});

describe('keyset pagination', () => {
  it('never loses or repeats a row when many rows share a timestamp', async () => {
    const org = await registerActor(h, 'Agence Pagination', `pages-${uniq()}@exemple.fr`);
    const created: string[] = [];
    for (let i = 0; i < 37; i += 1) created.push((await h.services.properties.create(org, newProperty({ title: `Bien ${i}` }))).id);
    // a bulk import: everything at the same millisecond
    await h.database.tx((tx) =>
      tx.update(properties).set({ createdAt: '2026-01-01T00:00:00.000Z' }).where(inArray(properties.id, created)),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 40 }), fc.boolean(), async (limit, search) => {
        const seen: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await h.services.properties.list(org, { limit, cursor, ...(search ? { q: 'bien' } : {}) });
          seen.push(...page.items.map((p) => p.id));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        expect(seen.length).toBe(created.length);
        expect(new Set(seen)).toEqual(new Set(created));
      }),
      { numRuns: 25 },
    );
    const [row] = await h.database.db.select().from(properties).where(eq(properties.id, created[0]!));
    expect(row?.createdAt).toBe('2026-01-01T00:00:00.000Z');
  });
});
