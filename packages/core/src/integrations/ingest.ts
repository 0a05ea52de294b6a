import type { CalendarEvent } from '@monimmo/connectors';
import type { Logger } from 'pino';
import { calendarPage } from './ingest-calendar.ts';
import { messagesPage } from './ingest-messages.ts';
import type { IncomingMessage, IngestDeps, IngestTarget } from './ingest-types.ts';

export { fromGmail, htmlToText } from './ingest-email.ts';
export type { IncomingAttachment, IncomingMessage, IngestDeps, IngestQueues, IngestTarget } from './ingest-types.ts';
export { fromWhatsApp } from './ingest-whatsapp.ts';

/**
 * Imports pages of messages and calendar events. A message, its files and its vocal are written in
 * one transaction with ON CONFLICT DO NOTHING on the unique (org, channel or source, external id)
 * indexes, so an import run twice, concurrently, or again after a crash adds nothing twice; AI work
 * is queued after the commit. Bytes go to storage first (storage cannot join the transaction):
 * those a concurrent import made useless are deleted again.
 */
export function createIngest(deps: IngestDeps) {
  return {
    messagesPage: (target: IngestTarget, page: IncomingMessage[], log: Logger) => messagesPage(deps, target, page, log),
    calendarPage: (target: IngestTarget, events: CalendarEvent[], log: Logger) => calendarPage(deps, target, events, log),
  };
}

export type Ingest = ReturnType<typeof createIngest>;
