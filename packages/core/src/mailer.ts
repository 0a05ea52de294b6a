import { outboxEmails, type Tx } from '@monimmo/db';
import type { Logger } from 'pino';

export interface Email {
  orgId: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends e-mail. It writes inside the caller's transaction, so an e-mail exists exactly
 * when the change that caused it was committed.
 */
export interface Mailer {
  send(tx: Tx, email: Email): Promise<void>;
}

/** Default mailer: the outbox table plus a log line (without the body, which may hold a token). */
export function createOutboxMailer(logger: Logger): Mailer {
  return {
    async send(tx, email) {
      const [row] = await tx.insert(outboxEmails).values(email).returning({ id: outboxEmails.id });
      logger.info({ emailId: row?.id, orgId: email.orgId, to: maskEmail(email.to), subject: email.subject }, 'e-mail queued in outbox');
    },
  };
}

export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}
