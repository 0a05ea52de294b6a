import type { RouterOutputs } from '../../lib/api-types.ts';

export type CalendarEvent = RouterOutputs['integrations']['calendarEvents']['items'][number];
