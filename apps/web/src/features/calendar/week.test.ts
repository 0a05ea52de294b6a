import { describe, expect, it } from 'vitest';
import { addDays, eventsByDay, localDay, parseDay, startOfWeek, weekDays, weekRange } from './week.ts';

describe('calendar weeks', () => {
  it('start on Monday, whatever the day given', () => {
    expect(localDay(startOfWeek(new Date(2026, 11, 7)))).toBe('2026-12-07'); // a Monday
    expect(localDay(startOfWeek(new Date(2026, 11, 13, 23, 30)))).toBe('2026-12-07'); // the Sunday after
    expect(localDay(startOfWeek(new Date(2027, 0, 1)))).toBe('2026-12-28');
  });

  it('read days from the address and refuse what is not a date', () => {
    expect(parseDay('2026-12-09')?.getDate()).toBe(9);
    expect(parseDay('2026-02-30')).toBeNull();
    expect(parseDay('demain')).toBeNull();
  });

  it('ask the API for Monday to the next Monday', () => {
    const monday = new Date(2026, 11, 7);
    expect(weekRange(monday)).toEqual({ from: monday.toISOString(), to: new Date(2026, 11, 14).toISOString() });
  });

  it('put each event on its days, all-day ones first', () => {
    const days = weekDays(new Date(2026, 11, 7));
    const at = (d: number, h: number) => new Date(2026, 11, d, h).toISOString();
    const visit = { startAt: at(8, 10), endAt: at(8, 11), allDay: false };
    const fair = { startAt: '2026-12-08', endAt: '2026-12-10', allDay: true };
    const late = { startAt: at(9, 23), endAt: at(10, 0), allDay: false };
    const byDay = eventsByDay([visit, late, fair], days);
    expect(byDay[0]).toEqual([]);
    expect(byDay[1]).toEqual([fair, visit]);
    expect(byDay[2]).toEqual([fair, late]);
    expect(byDay[3]).toEqual([]);
    expect(localDay(addDays(days[6]!, 1))).toBe('2026-12-14');
  });
});
