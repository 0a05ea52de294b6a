import { cleanup, screen, within } from '@testing-library/react';
import { EventSource } from 'eventsource';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pointAtRealApi, renderApp, signUpAgency } from './app.tsx';
import { restAs } from './properties-scene.ts';
import { createProperty, rest } from './rest.ts';

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

  it('shows a message triaged in the inbox, refetching only the property it was attached to', async () => {
    const admin = await signUpAgency();
    const oliviers = await createProperty(admin, {
      title: 'Maison des Oliviers',
      address: '5 chemin des Oliviers',
      postalCode: '13012',
      owner: { firstName: 'Anne', lastName: 'Olivier', email: `anne.olivier.${Date.now()}@exemple.fr` },
    });
    const email = `paul.durand.${Date.now()}@exemple.fr`;
    const paradis = await createProperty(admin, { owner: { firstName: 'Paul', lastName: 'Durand', email } });
    // Filed by hand: the inbox shows the property's name on its row.
    await rest(admin, 'POST', '/messages', {
      channel: 'GMAIL',
      fromAddress: 'notaire@exemple.fr',
      body: 'Acte signé.',
      propertyId: oliviers.id,
    });
    await renderApp('/boite-de-reception', { signedInAs: admin });
    const list = await screen.findByRole('list', { name: 'Messages' });
    await within(list).findByRole('link', { name: /Maison des Oliviers/ });
    await expect.poll(listening).toBe(true);

    const asked: string[] = [];
    const original = window.fetch;
    window.fetch = (input, init) => {
      asked.push(decodeURIComponent(String(input instanceof Request ? input.url : input)));
      return original.call(window, input, init);
    };
    try {
      // From the owner of the other property: the triage attaches it there.
      await rest(admin, 'POST', '/messages', {
        channel: 'GMAIL',
        fromName: 'Paul Durand',
        fromAddress: email,
        subject: 'Les clés',
        body: 'Bonjour, les clés sont chez la gardienne.',
      });
      const row = (await within(list).findByText('Paul Durand', {}, { timeout: 10_000 })).closest('li')!;
      await within(row).findByText('Rattaché auto', {}, { timeout: 10_000 });
      await within(row).findByRole('link', { name: /Appartement rue Paradis/ });
    } finally {
      window.fetch = original;
    }
    // The other row's property was not asked again: its detail did not change.
    expect(asked.some((url) => url.includes('properties.get') && url.includes(paradis.id))).toBe(true);
    expect(asked.filter((url) => url.includes(oliviers.id))).toEqual([]);
  }, 30_000);
});
