import { cleanup, screen, within } from '@testing-library/react';
import { EventSource } from 'eventsource';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pointAtRealApi, renderApp, signUpAgency } from './app.tsx';
import { restAs } from './properties-scene.ts';

// happy-dom has no EventSource: the `eventsource` package stands in, in this file only,
// recording the streams it opens so the test knows when the app listens.
const streams: EventSource[] = [];
// Failing a stream's body cuts it as a network drop would (the EventSource then reconnects).
const cuts: (() => void)[] = [];
async function cuttableFetch(input: string | URL, init?: RequestInit) {
  const res = await fetch(input, init);
  const reader = res.body!.getReader();
  let fail: (error: Error) => void = () => undefined;
  let cut = false;
  const body = new ReadableStream<Uint8Array>({
    start: (controller) => void (fail = (error) => controller.error(error)),
    async pull(controller) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (cut) return;
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: () => reader.cancel().catch(() => undefined),
  });
  cuts.push(() => {
    cut = true;
    fail(new TypeError('network connection lost'));
    // The old response is left unread, not cancelled: happy-dom's fetch would still write to it.
  });
  return { status: res.status, headers: res.headers, redirected: res.redirected, url: res.url, body };
}
class RecordedEventSource extends EventSource {
  constructor(url: string | URL, init?: ConstructorParameters<typeof EventSource>[1]) {
    super(url, { ...init, fetch: cuttableFetch as never });
    streams.push(this);
  }
}
const listening = () => streams.some((s) => s.readyState === EventSource.OPEN);
const had = Object.getOwnPropertyDescriptor(globalThis, 'EventSource');
beforeAll(() => {
  pointAtRealApi();
  Object.defineProperty(globalThis, 'EventSource', { value: RecordedEventSource, configurable: true, writable: true });
});
afterAll(() => {
  if (had) Object.defineProperty(globalThis, 'EventSource', had);
  else delete (globalThis as { EventSource?: unknown }).EventSource;
});
afterEach(cleanup);

describe('live updates', () => {
  it('shows a property moved by someone else in its new column, without a reload', async () => {
    const admin = await signUpAgency();
    const rest = await restAs(admin);
    const property = await rest.createProperty({ title: 'Mas provençal' });

    await renderApp('/biens', { signedInAs: admin });
    await within(await screen.findByRole('region', { name: 'Prospection' })).findByRole('link', { name: 'Mas provençal' });
    // The stream is open once the shell is: a colleague moves the property meanwhile (REST).
    await expect.poll(listening).toBe(true);
    expect(screen.queryByText(/Connexion perdue/)).toBeNull();
    await rest.call(`/properties/${property.id}/status`, 'PATCH', { status: 'VISITES' });

    await within(screen.getByRole('region', { name: 'Visites' })).findByRole('link', { name: 'Mas provençal' }, { timeout: 5000 });
    expect(within(screen.getByRole('region', { name: 'Prospection' })).queryByRole('link', { name: 'Mas provençal' })).toBeNull();
  });

  it('says the connection is lost while the stream is down, and catches up when it is back', async () => {
    const admin = await signUpAgency();
    const rest = await restAs(admin);
    const property = await rest.createProperty({ title: 'Bastide aux volets bleus' });
    await renderApp('/biens', { signedInAs: admin });
    await within(await screen.findByRole('region', { name: 'Prospection' })).findByRole('link', { name: 'Bastide aux volets bleus' });
    await expect.poll(listening).toBe(true);

    for (const cut of cuts.splice(0)) cut();
    expect(
      await screen.findByText('Connexion perdue — les informations se mettront à jour dès son retour', {}, { timeout: 5000 }),
    ).toBeTruthy();
    // Moved while the app could not hear it: the reconnection (Last-Event-ID) brings it.
    await rest.call(`/properties/${property.id}/status`, 'PATCH', { status: 'OFFRES' });
    await within(screen.getByRole('region', { name: 'Offres' })).findByRole(
      'link',
      { name: 'Bastide aux volets bleus' },
      { timeout: 10_000 },
    );
    expect(screen.queryByText(/Connexion perdue/)).toBeNull();
  }, 20_000);
});
