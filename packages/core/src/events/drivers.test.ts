import type { DomainEvent } from '@monimmo/contract';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessEvents } from './in-process.ts';
import type { Events, NewEvent } from './port.ts';
import { createEventStream } from './recent.ts';
import { createRedisEvents } from './redis.ts';

const ORG = '0190c8a4-0000-7000-8000-000000000001';
const moved: NewEvent = { orgId: ORG, type: 'property.status_changed', itemId: 'p1', from: 'PROSPECTION', to: 'MANDAT' };
const logger = pino({ level: 'silent' });
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The next event a listener hears. */
const next = (events: Events) =>
  new Promise<DomainEvent>((resolve) => {
    const stop = events.subscribe((e) => {
      stop();
      resolve(e);
    });
  });

const opened: Events[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((e) => e.close()));
});

describe('in-process events', () => {
  it('hands every subscriber the event with an id and a time, until it unsubscribes', () => {
    const events = createInProcessEvents();
    const heard: DomainEvent[] = [];
    const stop = events.subscribe((e) => heard.push(e));
    const sent = events.publish(moved);
    stop();
    events.publish(moved);
    expect(heard).toEqual([sent]);
    expect(sent).toMatchObject({ ...moved, id: expect.any(String), at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });

  it('keeps delivering when a listener throws', () => {
    const events = createInProcessEvents(logger);
    const heard: string[] = [];
    events.subscribe(() => {
      throw new Error('boom');
    });
    events.subscribe((e) => heard.push(e.id));
    const sent = events.publish(moved);
    expect(heard).toEqual([sent.id]);
  });
});

describe('redis events (real Redis)', () => {
  const prefix = `t-events-${process.pid}-${Date.now()}`;
  const open = async (p = prefix) => {
    const events = createRedisEvents({ url: REDIS_URL, prefix: p, logger });
    opened.push(events);
    await events.ready();
    return events;
  };

  it("carries one process's event to another, once, and to its own listeners at once", async () => {
    const api = await open();
    const worker = await open();
    const arriving = next(api);
    const own: DomainEvent[] = [];
    worker.subscribe((e) => own.push(e));
    const sent = worker.publish(moved);
    expect(own).toEqual([sent]);
    expect(await arriving).toEqual(sent);
    // Its own event does not come back through the channel.
    const later = next(worker);
    const second = api.publish({ ...moved, itemId: 'p2' });
    expect(await later).toEqual(second);
    expect(own.map((e) => e.id)).toEqual([sent.id, second.id]);
  });

  it('stays within its prefix', async () => {
    const mine = await open();
    const other = await open(`${prefix}-other`);
    const heard: DomainEvent[] = [];
    mine.subscribe((e) => heard.push(e));
    other.publish(moved);
    const sentHere = (await open()).publish({ ...moved, itemId: 'here' });
    await expect.poll(() => heard.map((e) => e.id)).toEqual([sentHere.id]);
  });
});

describe('the event stream with its ring of recent events', () => {
  it('replays what came after a known id, and answers null for an id it does not hold', () => {
    const events = createInProcessEvents();
    const stream = createEventStream(events, { max: 3 });
    const [a, b, c, d] = [1, 2, 3, 4].map((n) => events.publish({ ...moved, itemId: `p${n}` }));
    expect(stream.since(b!.id)).toEqual([c, d]);
    expect(stream.since(d!.id)).toEqual([]);
    // Only the last three are held: the first is too old to resume from.
    expect(stream.since(a!.id)).toBeNull();
    expect(stream.since('never-sent')).toBeNull();
  });

  it('forgets events older than its age limit', () => {
    let now = 0;
    const events = createInProcessEvents();
    const stream = createEventStream(events, { maxAgeMs: 1000, now: () => now });
    const first = events.publish(moved);
    now = 500;
    const second = events.publish(moved);
    expect(stream.since(first.id)).toEqual([second]);
    now = 1200;
    expect(stream.since(first.id)).toBeNull();
    expect(stream.since(second.id)).toEqual([]);
  });
});
