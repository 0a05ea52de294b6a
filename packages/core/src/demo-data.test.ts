import { messages } from '@monimmo/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreHarness, requestInfo, type CoreHarness } from '../test/harness.ts';
import { DEMO_LOGIN, seedDemo } from './seed.ts';

let h: CoreHarness;
beforeAll(async () => {
  h = await createCoreHarness({ CONNECTOR_RUNTIME: 'mock' });
});
afterAll(() => h.close());

const plain = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();
/** Who wrote it, whatever the channel: the same person e-mails and sends WhatsApp messages. */
const sender = (name: string | null) => plain(name ?? '').replace(/^maitre /, '');
/** Greetings, closings and names say nothing of what a message is about. */
const FORMULAS = new Set([
  'bonjour',
  'madame',
  'monsieur',
  'marchand',
  'chere',
  'bien',
  'cordialement',
  'merci',
  'vous',
  'votre',
  'nous',
  'notre',
  'pour',
]);

/** The words of what the sender wrote, without the quoted e-mail it answers, formulas or their own name. */
function words(body: string, name: string | null): Set<string> {
  const own = body
    .split(/\n.*a écrit :/)[0]!
    .split('\n')
    .filter((line) => !line.startsWith('>'))
    .join(' ');
  const skip = new Set([...FORMULAS, ...(sender(name).match(/[a-z0-9]+/g) ?? [])]);
  return new Set((plain(own).match(/[a-z]{4,}|\d{3,}/g) ?? []).filter((w) => !skip.has(w)));
}

/** Shared words over all words: 1 for the same text, near 0 for two different conversations. */
function likeness(a: Set<string>, b: Set<string>): number {
  const shared = [...a].filter((w) => b.has(w)).length;
  return shared / (a.size + b.size - shared || 1);
}

describe('the demo inbox after syncing the mock integrations', () => {
  it('holds no near-copy of a seeded message among the imported ones', async () => {
    await seedDemo(h.services, h.database);
    const session = await h.services.auth.login(DEMO_LOGIN, requestInfo());
    const actor = await h.services.auth.authenticate(session.accessToken);
    await h.services.integrations.connect(actor, { provider: 'gmail', code: 'code-de-test' });
    await h.services.integrations.connect(actor, {
      provider: 'whatsapp',
      phoneNumberId: '106540352242922',
      accessToken: 'EAAMockWhatsAppSystemUserToken0000000000',
      appSecret: 'mock-whatsapp-app-secret',
      verifyToken: 'monimmo-mock-verify-token',
    });
    await h.queue.idle(120_000);

    const rows = await h.database.db.select().from(messages).where(eq(messages.orgId, actor.orgId));
    const seeded = rows.filter((m) => m.externalId?.startsWith('demo-'));
    const imported = rows.filter((m) => !m.externalId?.startsWith('demo-'));
    expect(seeded).toHaveLength(5);
    expect(imported).toHaveLength(13);

    const pairs = seeded.flatMap((s) =>
      imported
        .filter((i) => sender(i.fromName) === sender(s.fromName))
        .map((i) => ({
          seeded: s.body.slice(0, 60),
          imported: i.body.slice(0, 60),
          likeness: likeness(words(s.body, s.fromName), words(i.body, i.fromName)),
        })),
    );
    // The people come back (the imported items must find their properties), their words do not.
    expect(pairs.length).toBeGreaterThan(0);
    expect(pairs.filter((p) => p.likeness >= 0.15)).toEqual([]);
    // Nothing arrives from the future either.
    const now = Date.now();
    expect(rows.filter((m) => Date.parse(m.receivedAt) > now).map((m) => m.fromName)).toEqual([]);
  });
});
