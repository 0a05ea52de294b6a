import { describe, expect, it } from 'vitest';
import { sampleEmails, sampleWhatsAppMessages } from '../src/mock-data/samples.ts';

/** Every half hour over a few days, daylight-saving changes of Paris included. */
function instants(): Date[] {
  const starts = ['2026-03-27T00:00:00Z', '2026-10-23T00:00:00Z', '2026-12-06T00:00:00Z', '2027-06-30T00:00:00Z'];
  return starts.flatMap((start) => Array.from({ length: 4 * 48 }, (_, i) => new Date(Date.parse(start) + i * 30 * 60_000)));
}

describe('the mock integrations sample data', () => {
  it('never dates a message after the moment it is built for', () => {
    for (const now of instants()) {
      for (const email of sampleEmails(now))
        expect(email.date.getTime(), `${email.subject} at ${now.toISOString()}`).toBeLessThanOrEqual(now.getTime());
      for (const message of sampleWhatsAppMessages(now))
        expect(message.at.getTime(), `${message.name} at ${now.toISOString()}`).toBeLessThanOrEqual(now.getTime());
    }
  });
});
