import { afterCommit, outboxEmails, type Database, type Tx } from '@monimmo/db';
import { eq } from 'drizzle-orm';
import { createTransport } from 'nodemailer';
import type { Logger } from 'pino';
import type { BackgroundTasks } from './shared/background.ts';

export interface Email {
  orgId: string;
  to: string;
  subject: string;
  text: string;
  /** Parts of `text` that must never be stored (a password link's token): delivered, then masked in the outbox. */
  secrets?: string[];
}

/** What a transport hands on: the message as the recipient reads it, secrets included. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Where e-mails leave the process (SMTP, the development terminal, a test's inbox). */
export interface MailTransport {
  deliver(message: MailMessage): Promise<void>;
}

/**
 * Sends e-mail. It writes inside the caller's transaction, so an e-mail exists exactly
 * when the change that caused it was committed.
 */
export interface Mailer {
  send(tx: Tx, email: Email): Promise<void>;
}

/** What the outbox keeps in place of a secret: the message stays readable, the link unusable. */
export const MASKED_SECRET = '[masqué]';

export function maskSecrets(text: string, secrets: readonly string[] = []): string {
  return secrets.filter(Boolean).reduce((masked, secret) => masked.split(secret).join(MASKED_SECRET), text);
}

/**
 * Default mailer: the outbox table keeps every e-mail with its secrets masked; once the caller's
 * transaction has committed, the transport delivers the full message and the row is marked sent.
 * Without a transport the row stays unsent. The log line never carries the body.
 */
export function createOutboxMailer({
  database,
  logger,
  transport,
  background,
}: {
  database: Database;
  logger: Logger;
  transport: MailTransport | null;
  background: BackgroundTasks;
}): Mailer {
  async function deliver(via: MailTransport, id: string, message: MailMessage, meta: Record<string, unknown>): Promise<void> {
    try {
      await via.deliver(message);
    } catch (error) {
      // The clear message went with this attempt (nothing stores it): the person asks again.
      logger.warn({ ...meta, err: error }, 'e-mail not delivered');
      return;
    }
    await database.tx((tx) => tx.update(outboxEmails).set({ sentAt: new Date().toISOString() }).where(eq(outboxEmails.id, id)));
    logger.info(meta, 'e-mail delivered');
  }

  return {
    async send(tx, email) {
      const { secrets, ...message } = email;
      const [row] = await tx
        .insert(outboxEmails)
        .values({ ...message, text: maskSecrets(message.text, secrets) })
        .returning({ id: outboxEmails.id });
      if (!row) throw new Error('outbox insert returned nothing');
      const meta = { emailId: row.id, orgId: email.orgId, to: maskEmail(email.to), subject: email.subject };
      logger.info(meta, 'e-mail queued in outbox');
      if (!transport) return;
      const clear = { to: message.to, subject: message.subject, text: message.text };
      afterCommit(tx, () => background.run('deliver-email', () => deliver(transport, row.id, clear, meta)));
    },
  };
}

/** SMTP through nodemailer: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
export function smtpTransport(url: string, from: string): MailTransport {
  const smtp = createTransport(url);
  return {
    async deliver(message) {
      await smtp.sendMail({ from, ...message });
    },
  };
}

/**
 * Development without SMTP: the message, link included, goes to the terminal (stdout, not the
 * JSON log, which may be shipped elsewhere), as web frameworks' console mail backends do.
 */
export function terminalTransport(write: (text: string) => void = (text) => process.stdout.write(text)): MailTransport {
  return {
    async deliver(message) {
      write(`\n----- e-mail to ${message.to} -----\nSubject: ${message.subject}\n\n${message.text}\n----- end of e-mail -----\n`);
    },
  };
}

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}
