import type { Actor } from '@monimmo/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreHarness, requestInfo, type CoreHarness } from '../../test/harness.ts';
import { MAX_CANDIDATES, selectCandidates } from './candidates.ts';

let h: CoreHarness;
let actor: Actor;

beforeAll(async () => {
  h = await createCoreHarness();
  const s = await h.services.auth.register(
    { organizationName: 'Agence Grande', firstName: 'Zoé', lastName: 'Perrin', email: 'zoe@grande.fr', password: 'mot-de-passe-zoe' },
    requestInfo(),
  );
  actor = await h.services.auth.authenticate(s.accessToken);
});
afterAll(() => h.close());

const make = (i: number, overrides: Record<string, unknown> = {}) =>
  h.services.properties.create(actor, {
    title: `Appartement ${i}`,
    address: `${i} rue Paradis`,
    postalCode: '13006',
    city: 'Marseille',
    owner: {
      firstName: 'Propriétaire',
      lastName: `N${i}`,
      phone: `06 10 ${String(Math.floor(i / 100)).padStart(2, '0')} ${String(i % 100).padStart(2, '0')} 00`,
    },
    ...overrides,
  });

describe('selectCandidates', () => {
  it('gives a small agency all its live properties with participants and prospects', async () => {
    const p = await make(1);
    await h.services.properties.addProspect(actor, {
      id: p.id,
      contact: { firstName: 'Alice', lastName: 'Acheteuse', email: 'alice@exemple.fr' },
    });
    const archived = await make(2);
    await h.services.properties.changeStatus(actor, archived.id, 'ARCHIVE');
    const candidates = await selectCandidates(h.database.db, actor.orgId, { fromAddress: 'x@y.fr', subject: null, body: 'Bonjour' });
    expect(candidates.map((c) => c.id)).toEqual([p.id]);
    expect(candidates[0]?.participants.map((x) => x.role).sort()).toEqual(['PROSPECT', 'VENDEUR']);
  });

  it('pre-selects by sender, mandate number, postal code and words in a large agency', async () => {
    for (let i = 10; i < 10 + MAX_CANDIDATES + 5; i += 1) await make(i);
    const bySender = await make(900, { owner: { firstName: 'Bernard', lastName: 'Lenoir', phone: '+33 7 88 99 00 11' } });
    const byMandate = await make(901, { mandateNumber: 'MV-2026-777' });
    const byPostal = await make(902, { postalCode: '13260', city: 'Cassis' });
    const byWords = await make(903, { title: 'Bastide provençale avec oliveraie' });
    const pick = (body: string, fromAddress = 'inconnu@exemple.fr') =>
      selectCandidates(h.database.db, actor.orgId, { fromAddress, subject: null, body });

    const fromSender = await pick('Bonjour, des nouvelles ?', '07 88 99 00 11');
    expect(fromSender.map((c) => c.id)).toContain(bySender.id);
    expect(fromSender.length).toBeLessThanOrEqual(MAX_CANDIDATES);
    expect((await pick('Concernant le mandat mv-2026-777, je signe.')).map((c) => c.id)).toContain(byMandate.id);
    expect((await pick('Une maison à 13260 ?')).map((c) => c.id)).toContain(byPostal.id);
    expect((await pick("La bastide avec l'oliveraie m'intéresse")).map((c) => c.id)[0]).toBe(byWords.id);
    expect(await pick('!!')).toEqual([]);
    // A property a person tied to this sender comes along, even when the message names nothing of it.
    const learned = await selectCandidates(h.database.db, actor.orgId, {
      fromAddress: 'inconnu@exemple.fr',
      subject: null,
      body: 'Bonjour, des nouvelles ?',
      senderPropertyIds: [byMandate.id],
    });
    expect(learned.map((c) => c.id)).toContain(byMandate.id);
  });
});
