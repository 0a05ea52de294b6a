import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { accessTokenOf, renderApp, signUpAgency, type Credentials } from './app.tsx';
import { pdfBytes } from './document-bytes.ts';
import { createProperty, rest } from './rest.ts';

interface ReviewPage {
  items: { id: string; itemType: string; itemId: string; reason: string }[];
}

/** Waits until the triage and classifier jobs have put `count` items in the queue. */
async function openItems(creds: Credentials, count: number) {
  return waitFor(
    async () => {
      const page = await rest<ReviewPage>(creds, 'GET', '/review-queue');
      expect(page.items).toHaveLength(count);
      return page.items;
    },
    { timeout: 15_000, interval: 200 },
  );
}

/**
 * One owner selling two properties writes a vague message: the triage cannot choose between
 * them and leaves it for a person, with both as candidates.
 */
async function ambiguousMessage(creds: Credentials) {
  const email = `paul.double.${Date.now()}@exemple.fr`;
  const studio = await createProperty(creds, {
    title: 'Studio Longue',
    address: '2 rue Longue',
    postalCode: '13001',
    owner: { firstName: 'Paul', lastName: 'Double', email },
  });
  const garage = await rest<{ id: string }>(creds, 'POST', '/properties', {
    title: 'Garage Courte',
    address: '9 rue Courte',
    postalCode: '13001',
    city: 'Marseille',
    ownerUserId: studio.participants[0]!.contact.id,
  });
  const message = await rest<{ id: string }>(creds, 'POST', '/messages', {
    channel: 'GMAIL',
    fromAddress: email,
    subject: 'Nouvelles',
    body: 'Bonjour, où en êtes-vous ?',
  });
  return { studio, garage, message };
}

/** A scan with a name that says nothing, left to the classifier: it waits for its type. */
async function unhelpfulDocument(creds: Credentials, propertyId: string) {
  const form = new FormData();
  form.append('propertyId', propertyId);
  form.append('file', new File([pdfBytes('Page 1')], 'scan-0042.pdf', { type: 'application/pdf' }));
  const res = await fetch('/api/v1/files/upload', {
    method: 'POST',
    headers: { authorization: `Bearer ${await accessTokenOf(creds)}` },
    body: form,
  });
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string };
}

afterEach(cleanup);

/** The queue screen, its session closed after the test (its BroadcastChannel would keep the worker alive). */
async function openQueue(creds: Credentials) {
  const app = await renderApp('/a-traiter', { signedInAs: creds });
  onTestFinished(() => app.session.close());
  return app;
}

describe('la boîte de traitement', () => {
  it('says there is nothing to do on an empty queue', async () => {
    await openQueue(await signUpAgency());
    expect(await screen.findByText('Rien à traiter.')).toBeTruthy();
    expect(screen.getByText('Monimmo vous préviendra dès qu’un élément demandera votre avis.')).toBeTruthy();
  });

  it('attaches an ambiguous message to candidate 1 from the keyboard, then sets a document’s type', async () => {
    const creds = await signUpAgency();
    const { studio, garage, message } = await ambiguousMessage(creds);
    const file = await unhelpfulDocument(creds, studio.id);
    await openItems(creds, 2);
    const user = userEvent.setup();
    await openQueue(creds);

    // The navigation says how many wait; the filter counts each kind.
    // The top bar and the phone's tab bar both carry it (CSS shows one at a time in a browser).
    expect(await screen.findAllByRole('link', { name: /À traiter \(2 éléments\)/ })).toHaveLength(2);
    const filter = await screen.findByRole('group', { name: 'Filtrer par nature' });
    expect(within(filter).getByRole('button', { name: /Messages\s*1/ })).toBeTruthy();
    expect(within(filter).getByRole('button', { name: /Documents\s*1/ })).toBeTruthy();

    // The message's evidence: its text, the reason in French, both properties with a confidence.
    await user.click(within(filter).getByRole('button', { name: /Messages/ }));
    const region = await screen.findByRole('region', { name: 'Nouvelles' });
    expect(within(region).getByText('Message : plusieurs biens possibles')).toBeTruthy();
    expect(await within(region).findByText('Bonjour, où en êtes-vous ?')).toBeTruthy();
    await waitFor(() =>
      expect(
        screen.getAllByRole('button', { name: /^(Studio Longue|Garage Courte) — .*, confiance \d+\s%$/u, pressed: false }),
      ).toHaveLength(2),
    );
    const chosen = screen.getAllByRole('button', { name: /confiance/ })[0]!.textContent!;
    const expectedId = chosen.includes('Studio Longue') ? studio.id : garage.id;

    await user.keyboard('1');
    expect(screen.getAllByRole('button', { name: /confiance/ })[0]!.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByText(/Votre choix/)).toBeTruthy();
    await user.keyboard('{Enter}');

    await waitFor(async () =>
      expect(await rest(creds, 'GET', `/messages/${message.id}`)).toMatchObject({ propertyId: expectedId, aiStatus: 'PROCESSED' }),
    );
    // Only the document is left: the message's filter is empty now.
    expect(await screen.findByText('Rien de ce type à traiter.')).toBeTruthy();

    // The document: choose its type in the families' list and confirm.
    await user.click(within(filter).getByRole('button', { name: /Tout/ }));
    const doc = await screen.findByRole('region', { name: 'scan-0042.pdf' });
    expect(within(doc).getByText('Document : type à confirmer')).toBeTruthy();
    const types = screen.getByLabelText('Choisir le type de document');
    expect(within(types).getByRole('group', { name: 'Diagnostics techniques' })).toBeTruthy();
    await user.selectOptions(types, 'Diagnostic amiante');
    await user.click(screen.getByRole('button', { name: 'Valider' }));
    await waitFor(async () =>
      expect(await rest(creds, 'GET', `/files/${file.id}`)).toMatchObject({ typeDocument: 'AMIANTE', status: 'CLASSIFIED' }),
    );
    expect(await screen.findByText('Rien à traiter.')).toBeTruthy();
    expect((await rest<ReviewPage>(creds, 'GET', '/review-queue')).items).toEqual([]);
  });

  it('shows a voice note in which nothing was heard, and opens it', async () => {
    const creds = await signUpAgency();
    // Recorded live by Chromium: readable, but the mock hears no words in it.
    const res = await fetch('/api/v1/vocals/upload?fileName=Note%20vocale.webm', {
      method: 'POST',
      headers: { authorization: `Bearer ${await accessTokenOf(creds)}`, 'content-type': 'audio/webm' },
      body: readFileSync(resolve(process.cwd(), 'packages/ai/test/fixtures/vocals/enregistrement-chromium.webm')),
    });
    const vocal = (await res.json()) as { id: string };
    await openItems(creds, 1);
    const { router } = await openQueue(creds);
    expect(await screen.findByText('Aucune parole n’a été reconnue.')).toBeTruthy();
    expect(screen.getByText(/^Type à déterminer/)).toBeTruthy();
    await userEvent.setup().click(screen.getByRole('link', { name: 'Ouvrir la note vocale' }));
    await waitFor(() => expect(router.state.location).toMatchObject({ pathname: '/vocaux', search: { note: vocal.id } }));
  });

  it('dismisses with x, and ignores the shortcuts while typing in a field', async () => {
    const creds = await signUpAgency();
    const { message } = await ambiguousMessage(creds);
    await openItems(creds, 1);
    const user = userEvent.setup();
    await openQueue(creds);
    const search = await screen.findByRole('combobox', { name: 'Ou chercher un autre bien' });

    // Typed into the search box, « x1 » is text: nothing is chosen nor dismissed.
    await user.click(search);
    await user.keyboard('x1');
    expect((search as HTMLInputElement).value).toBe('x1');
    expect(screen.queryByText(/Votre choix/)).toBeNull();
    expect(screen.getByText('Bonjour, où en êtes-vous ?')).toBeTruthy();

    // Out of the field, x dismisses.
    await user.keyboard('{Escape}{Escape}');
    expect(document.activeElement).not.toBe(search);
    await user.keyboard('x');
    expect(await screen.findByText('Rien à traiter.')).toBeTruthy();
    await waitFor(async () =>
      expect(await rest(creds, 'GET', `/messages/${message.id}`)).toMatchObject({ propertyId: null, aiStatus: 'PROCESSED' }),
    );
  });

  it('drops an item a colleague already settled, with a French notice', async () => {
    const creds = await signUpAgency();
    await ambiguousMessage(creds);
    const [item] = await openItems(creds, 1);
    const user = userEvent.setup();
    await openQueue(creds);
    expect(await screen.findByText('Bonjour, où en êtes-vous ?')).toBeTruthy();

    // A colleague dismisses it meanwhile, from another screen.
    await rest(creds, 'POST', `/review-queue/${item!.id}/resolve`, { decision: 'DISMISS' });
    await user.click(screen.getByRole('button', { name: 'Ignorer' }));
    expect(await screen.findByText('Un collègue a déjà traité cet élément.')).toBeTruthy();
    expect(await screen.findByText('Rien à traiter.')).toBeTruthy();
  });
});
