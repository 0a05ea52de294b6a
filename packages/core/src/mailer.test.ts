import type { AddressInfo } from 'node:net';
import { outboxEmails } from '@monimmo/db';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreHarness, type CoreHarness } from '../test/harness.ts';
import { loadConfig } from '@monimmo/config';
import { mailTransportFromConfig } from './index.ts';
import { createOutboxMailer, smtpTransport, terminalTransport, type MailTransport } from './mailer.ts';
import { purgeOldEmails } from './recovery/outbox.ts';
import { createBackgroundTasks } from './shared/background.ts';

let h: CoreHarness;
let orgId: string;
let smtp: SMTPServer;
let smtpUrl: string;
/** Raw messages the SMTP server accepted; a recipient on `refuse.fr` is turned away. */
const received: string[] = [];

beforeAll(async () => {
  h = await createCoreHarness();
  const session = await h.services.auth.register(
    {
      organizationName: 'Agence Calanques',
      firstName: 'Anaïs',
      lastName: 'Roche',
      email: `anais-${Date.now()}@calanques.fr`,
      password: 'mot-de-passe-long',
    },
    { requestId: 't', ip: '127.0.0.1', userAgent: 'vitest' },
  );
  orgId = session.organization.id;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, callback) {
      callback(address.address.endsWith('@refuse.fr') ? Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }) : undefined);
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push(Buffer.concat(chunks).toString('utf8'));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  await h.close();
});

function outbox(transport: MailTransport | null) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  const background = createBackgroundTasks(logger);
  return { mailer: createOutboxMailer({ database: h.database, logger, transport, background }), background, lines };
}

const secret = 'Zq3-jeton-secret-de-test-9f8e7d6c5b4a';
const email = (to: string) => ({
  orgId,
  to,
  subject: 'Réinitialisation de votre mot de passe Monimmo',
  text: `Bonjour,\nVotre lien : https://app.monimmo.fr/reinitialiser-mot-de-passe#token=${secret}\n`,
  secrets: [secret],
});
const rowsTo = (to: string) => h.database.db.select().from(outboxEmails).where(eq(outboxEmails.to, to));

describe('the outbox mailer', () => {
  it('delivers the full message over SMTP after commit, and keeps it in the outbox with the secret masked', async () => {
    const { mailer, background, lines } = outbox(smtpTransport(smtpUrl, 'Monimmo <no-reply@monimmo.fr>'));
    const to = `client-${Date.now()}@exemple.fr`;
    await h.database.tx((tx) => mailer.send(tx, email(to)));
    await background.drain();
    const delivered = received.find((raw) => raw.includes(to));
    // The body travels quoted-printable: undo its soft line breaks and escaped `=`.
    expect(delivered?.replace(/=\r?\n/g, '').replaceAll('=3D', '=')).toContain(`#token=${secret}`);
    expect(delivered).toMatch(/^From: Monimmo <no-reply@monimmo\.fr>/m);
    const [row] = await rowsTo(to);
    expect(row?.sentAt).not.toBeNull();
    expect(row?.text).toBe('Bonjour,\nVotre lien : https://app.monimmo.fr/reinitialiser-mot-de-passe#token=[masqué]\n');
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('delivers nothing when the transaction that wrote the e-mail rolls back', async () => {
    const delivered: string[] = [];
    const { mailer, background } = outbox({ deliver: async (m) => void delivered.push(m.to) });
    const to = `annule-${Date.now()}@exemple.fr`;
    await expect(
      h.database.tx(async (tx) => {
        await mailer.send(tx, email(to));
        throw new Error('la modification échoue');
      }),
    ).rejects.toThrow('la modification échoue');
    await background.drain();
    expect(delivered).toEqual([]);
    expect(await rowsTo(to)).toEqual([]);
  });

  it('a refused delivery leaves the row unsent and logs it without the body', async () => {
    const { mailer, background, lines } = outbox(smtpTransport(smtpUrl, 'Monimmo <no-reply@monimmo.fr>'));
    const to = `personne-${Date.now()}@refuse.fr`;
    await h.database.tx((tx) => mailer.send(tx, email(to)));
    await background.drain();
    const [row] = await rowsTo(to);
    expect(row?.sentAt).toBeNull();
    expect(lines.find((l) => l.msg === 'e-mail not delivered')).toMatchObject({ emailId: row?.id, to: 'p***@refuse.fr' });
    expect(JSON.stringify(lines)).not.toContain(secret);
  });

  it('without a transport, keeps only the masked copy', async () => {
    const { mailer, background } = outbox(null);
    const to = `sans-smtp-${Date.now()}@exemple.fr`;
    await h.database.tx((tx) => mailer.send(tx, email(to)));
    await background.drain();
    const [row] = await rowsTo(to);
    expect(row).toMatchObject({ sentAt: null });
    expect(row?.text).not.toContain(secret);
  });
});

describe('choosing the transport', () => {
  it('SMTP when SMTP_URL is set, the terminal in development, nothing otherwise', async () => {
    expect(mailTransportFromConfig(loadConfig({ NODE_ENV: 'test' }))).toBeNull();
    expect(mailTransportFromConfig(loadConfig({ NODE_ENV: 'test', SMTP_URL: smtpUrl }))).not.toBeNull();
    expect(mailTransportFromConfig(loadConfig({ NODE_ENV: 'development' }))).not.toBeNull();
    const printed: string[] = [];
    await terminalTransport((text) => void printed.push(text)).deliver({
      to: 'agent@exemple.fr',
      subject: 'Sujet',
      text: `lien #token=${secret}`,
    });
    expect(printed.join('')).toContain('e-mail to agent@exemple.fr');
    expect(printed.join('')).toContain(`#token=${secret}`);
  });
});

describe('outbox retention', () => {
  it('the periodic pass deletes e-mails sent (or written and never sent) longer ago than the retention', async () => {
    const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
    const rows = [
      { to: 'envoye-ancien@exemple.fr', createdAt: daysAgo(40), sentAt: daysAgo(40) },
      { to: 'envoye-recent@exemple.fr', createdAt: daysAgo(40), sentAt: daysAgo(2) },
      { to: 'jamais-envoye-ancien@exemple.fr', createdAt: daysAgo(31), sentAt: null },
      { to: 'jamais-envoye-recent@exemple.fr', createdAt: daysAgo(1), sentAt: null },
    ];
    await h.database.tx((tx) =>
      tx.insert(outboxEmails).values(rows.map((r) => ({ ...r, orgId, subject: 'Test', text: 'Bonjour', updatedAt: r.createdAt }))),
    );
    await h.services.jobs.recovery.handler({}, { jobId: 'test-recovery', attempt: 1, log: pino({ level: 'silent' }) });
    const left = (await h.database.db.select({ to: outboxEmails.to }).from(outboxEmails)).map((r) => r.to);
    expect(left).toEqual(expect.arrayContaining(['envoye-recent@exemple.fr', 'jamais-envoye-recent@exemple.fr']));
    expect(left).not.toContain('envoye-ancien@exemple.fr');
    expect(left).not.toContain('jamais-envoye-ancien@exemple.fr');
    expect(await purgeOldEmails(h.database, 1)).toBeGreaterThan(0);
  });
});
