import { outboxEmails, type Database } from '@monimmo/db';
import { sql } from 'drizzle-orm';

/**
 * Part of the periodic pass: e-mails sent longer ago than the retention are deleted, and so are
 * never-sent ones that old (their links expired long since). Their secrets are masked anyway;
 * what is left is personal data kept no longer than needed.
 */
export async function purgeOldEmails(database: Database, retentionDays: number, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
  const deleted = await database.tx((tx) =>
    tx.delete(outboxEmails).where(sql`coalesce(${outboxEmails.sentAt}, ${outboxEmails.createdAt}) < ${cutoff}`),
  );
  return deleted.rowsAffected;
}
