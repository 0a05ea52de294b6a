import { parseDay } from './week.ts';

/** The agenda keeps the week it shows in its address (any day of it, `YYYY-MM-DD`): a link opens that week. */
export interface AgendaSearch {
  semaine?: string;
}

export function parseAgendaSearch(search: Record<string, unknown>): AgendaSearch {
  return parseDay(search.semaine) ? { semaine: search.semaine as string } : {};
}
