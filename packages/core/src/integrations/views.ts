import type { CalendarEventView, IntegrationProvider, IntegrationView } from '@monimmo/contract';
import type { calendarEvents, integrations } from '@monimmo/db';

type IntegrationRow = typeof integrations.$inferSelect;
type CalendarRow = typeof calendarEvents.$inferSelect;

export function toIntegrationView(row: IntegrationRow): IntegrationView {
  return {
    provider: row.provider,
    status: row.status,
    accountLabel: row.accountLabel,
    connectedAt: row.connectedAt,
    lastSyncedAt: row.lastSyncedAt,
    lastError: row.lastError,
    failureCount: row.failureCount,
  };
}

export const neverConnected = (provider: IntegrationProvider): IntegrationView => ({
  provider,
  status: 'DISCONNECTED',
  accountLabel: null,
  connectedAt: null,
  lastSyncedAt: null,
  lastError: null,
  failureCount: 0,
});

export function toCalendarEventView(row: CalendarRow): CalendarEventView {
  return {
    id: row.id,
    externalId: row.externalId,
    status: row.status,
    title: row.title,
    description: row.description,
    location: row.location,
    startAt: row.startAt,
    endAt: row.endAt,
    allDay: row.allDay,
    attendees: row.attendees,
    propertyId: row.propertyId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
