import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pointAtRealApi, renderApp, signUpAgency, type Credentials } from './app.tsx';
import { createProperty, rest } from './rest.ts';

beforeEach(() => void pointAtRealApi());
afterEach(cleanup);

interface RestMessage {
  id: string;
  aiStatus: string;
  propertyId: string | null;
  aiDecision: { confidence: number; reasoning: string } | null;
}

const QUOTED_BODY = [
  'Bonjour,',
  'Je confirme la visite de samedi à 10 h pour l’appartement.',
  '',
  'Le 3 mars 2026 à 10:12, Léa Roy <lea@agence.fr> a écrit :',
  '> Êtes-vous disponible samedi matin ?',
].join('\n');

async function message(creds: Credentials, body: Record<string, unknown>) {
  return rest<RestMessage>(creds, 'POST', '/messages', body);
}

/** The triage runs in the API's queue: wait until it has decided. */
async function triaged(creds: Credentials, id: string) {
  let current: RestMessage | undefined;
  await waitFor(
    async () => {
      current = await rest<RestMessage>(creds, 'GET', `/messages/${id}`);
      expect(current.aiStatus).not.toBe('PENDING');
    },
    { timeout: 10_000 },
  );
  return current!;
}

describe('boîte de réception', () => {
  it('lists a message with its French state, folds its history, shows the reasoning and files it by keyboard', async () => {
    const admin = await signUpAgency();
    const sent = await message(admin, {
      channel: 'GMAIL',
      fromName: 'Sophie Garnier',
      fromAddress: 'sophie.garnier@exemple.fr',
      subject: 'Visite de samedi',
      body: QUOTED_BODY,
    });
    // No property yet: the triage cannot decide and asks a person.
    expect((await triaged(admin, sent.id)).aiStatus).toBe('REVIEW_REQUIRED');
    const property = await createProperty(admin, { title: 'T3 lumineux Prado', address: '40 avenue du Prado', postalCode: '13006' });

    const { router } = await renderApp('/boite-de-reception', { signedInAs: admin });
    const list = await screen.findByRole('list', { name: 'Messages' });
    const row = await within(list).findByRole('listitem');
    expect(within(row).getByText('Sophie Garnier')).toBeTruthy();
    expect(within(row).getByText('Visite de samedi')).toBeTruthy();
    expect(within(row).getByText('À vérifier')).toBeTruthy();
    expect(within(row).getByText('Non rattaché')).toBeTruthy();
    expect(within(row).getByRole('img', { name: 'Gmail' })).toBeTruthy();

    const user = userEvent.setup();
    await user.click(within(row).getByRole('link', { name: 'Sophie Garnier' }));
    await waitFor(() => expect(router.state.location.search).toMatchObject({ message: sent.id }));
    const detail = await screen.findByRole('article', { name: 'Visite de samedi' });
    expect(within(detail).getByText(/Je confirme la visite de samedi/)).toBeTruthy();
    expect(within(detail).queryByText(/Êtes-vous disponible/)).toBeNull();
    await user.click(within(detail).getByRole('button', { name: 'Afficher l’historique' }));
    expect(within(detail).getByText(/Êtes-vous disponible/)).toBeTruthy();
    expect(within(detail).getByText('Message : aucun bien actif dans l’agence')).toBeTruthy();
    expect(within(detail).getByText(/aucun bien actif auquel rattacher/)).toBeTruthy();

    // Filing by hand, keyboard only: type, arrow down, Enter.
    const box = within(detail).getByRole('combobox', { name: 'Rattacher à un bien' });
    await user.click(box);
    await user.keyboard('Prado');
    const option = await within(detail).findByRole('option', { name: /T3 lumineux Prado/ });
    expect(box.getAttribute('aria-expanded')).toBe('true');
    expect(box.getAttribute('aria-controls')).toBe(within(detail).getByRole('listbox', { name: 'Rattacher à un bien' }).id);
    await user.keyboard('{ArrowDown}');
    // The highlight is announced through the box, the focus stays in it.
    expect(box.getAttribute('aria-activedescendant')).toBe(option.id);
    expect(option.getAttribute('aria-selected')).toBe('true');
    await user.keyboard('{Enter}');
    expect(await screen.findByText('Message rattaché au bien.')).toBeTruthy();
    const saved = await rest<RestMessage>(admin, 'GET', `/messages/${sent.id}`);
    expect(saved).toMatchObject({ propertyId: property.id, aiStatus: 'PROCESSED' });
    await waitFor(() => expect(within(row).getByText('Rattaché')).toBeTruthy());
    expect(within(row).getByRole('link', { name: /T3 lumineux Prado/ })).toBeTruthy();
    expect(within(detail).getByText(/décidé par/)).toBeTruthy();
    // Filed by a person: their name and the day, not the AI.
    expect(await within(detail).findByText(/^Rattaché par Claire Martin le \d{1,2} \S+ \d{4}$/)).toBeTruthy();
    expect(within(detail).queryByText(/automatiquement/)).toBeNull();
  });

  it('tells an attachment the AI made alone, with its reasoning, from one made by a person', async () => {
    const admin = await signUpAgency();
    const owner = `anne.vidal.${Date.now()}@exemple.fr`;
    const property = await createProperty(admin, {
      title: 'T3 lumineux Sainte',
      address: '14 rue Sainte',
      owner: { firstName: 'Anne', lastName: 'Vidal', email: owner },
    });
    const sent = await message(admin, {
      channel: 'GMAIL',
      fromName: 'Anne Vidal',
      fromAddress: owner,
      subject: 'Les clés',
      body: 'Bonjour, je dépose les clés à l’agence demain matin.',
    });
    const decided = await triaged(admin, sent.id);
    expect(decided).toMatchObject({ aiStatus: 'PROCESSED', propertyId: property.id });

    const { router } = await renderApp('/boite-de-reception', { signedInAs: admin });
    const list = await screen.findByRole('list', { name: 'Messages' });
    const row = await within(list).findByRole('listitem');
    expect(within(row).getByText('Rattaché auto')).toBeTruthy();

    const user = userEvent.setup();
    await user.click(within(row).getByRole('link', { name: 'Anne Vidal' }));
    await waitFor(() => expect(router.state.location.search).toMatchObject({ message: sent.id }));
    const detail = await screen.findByRole('article', { name: 'Les clés' });
    // « 90 % » with its narrow no-break space, which the queries read as a plain space.
    const percent = Math.round(decided.aiDecision!.confidence * 100);
    expect(within(detail).getByText(`Rattaché automatiquement par Monimmo (confiance ${percent} %)`)).toBeTruthy();
    expect(within(detail).getByText(decided.aiDecision!.reasoning.replace(/\s+/g, ' '))).toBeTruthy();
    expect(decided.aiDecision!.reasoning).toMatch(
      /^Rattaché à « T3 lumineux Sainte » \(14 rue Sainte, Marseille\).*Indices : l’expéditeur/,
    );
  });

  it('keeps its filters in the address', async () => {
    const admin = await signUpAgency();
    await message(admin, {
      channel: 'GMAIL',
      fromAddress: 'notaire@etude-martin.fr',
      subject: 'Projet d’acte',
      body: 'Veuillez trouver le projet.',
    });
    await message(admin, {
      channel: 'WHATSAPP',
      fromName: 'Marc Olive',
      fromAddress: '+33622334455',
      body: 'Les clés sont chez le gardien.',
    });
    const property = await createProperty(admin, { title: 'Mas des Oliviers', address: '3 chemin des Oliviers', postalCode: '13100' });
    await message(admin, {
      channel: 'GMAIL',
      fromAddress: 'acquereur@exemple.fr',
      subject: 'Offre acceptée',
      body: 'Merci pour la bonne nouvelle.',
      propertyId: property.id,
    });

    const { router } = await renderApp('/boite-de-reception?canal=WHATSAPP', { signedInAs: admin });
    const list = await screen.findByRole('list', { name: 'Messages' });
    expect(await within(list).findByText('Marc Olive')).toBeTruthy();
    expect(within(list).queryByText('notaire@etude-martin.fr')).toBeNull();
    expect((screen.getByRole('combobox', { name: 'Canal' }) as HTMLSelectElement).value).toBe('WHATSAPP');

    const user = userEvent.setup();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Canal' }), 'Gmail');
    await waitFor(() => expect(router.state.location.search).toMatchObject({ canal: 'GMAIL' }));
    expect(await within(list).findByText('notaire@etude-martin.fr')).toBeTruthy();
    await waitFor(() => expect(within(list).queryByText('Marc Olive')).toBeNull());

    await user.selectOptions(screen.getByRole('combobox', { name: 'Canal' }), 'Tous les canaux');
    await user.type(screen.getByRole('searchbox', { name: 'Rechercher un message' }), 'cles gardien');
    await waitFor(() => expect(router.state.location.search).toMatchObject({ q: 'cles gardien' }));
    expect(await within(list).findByText('Marc Olive')).toBeTruthy();
    await waitFor(() => expect(within(list).queryByText('notaire@etude-martin.fr')).toBeNull());

    // One property's messages, picked by its name.
    await user.clear(screen.getByRole('searchbox', { name: 'Rechercher un message' }));
    await user.type(screen.getByRole('combobox', { name: 'Bien concerné' }), 'Olivier');
    await user.click(await screen.findByRole('option', { name: /Mas des Oliviers/ }));
    await waitFor(() => expect(router.state.location.search).toMatchObject({ bien: property.id }));
    expect(await within(list).findByText('Offre acceptée')).toBeTruthy();
    await waitFor(() => expect(within(list).queryByText('Marc Olive')).toBeNull());
    expect(screen.getByText(/Messages du bien/)).toBeTruthy();
  });

  it('lists the property’s messages on its page, each opening in the inbox', async () => {
    const admin = await signUpAgency();
    const property = await createProperty(admin);
    const sent = await message(admin, {
      channel: 'GMAIL',
      fromName: 'Paul Durand',
      fromAddress: 'paul.durand@exemple.fr',
      subject: 'Diagnostics reçus',
      body: 'Voici les diagnostics.',
      propertyId: property.id,
    });
    const { router } = await renderApp(`/biens/${property.id}`, { signedInAs: admin });
    const card = await screen.findByRole('region', { name: 'Messages' });
    const link = await within(card).findByRole('link', { name: /Paul Durand/ });
    expect(within(card).getByText('Diagnostics reçus')).toBeTruthy();
    await userEvent.setup().click(link);
    await waitFor(() => expect(router.state.location.pathname).toBe('/boite-de-reception'));
    expect(router.state.location.search).toMatchObject({ bien: property.id, message: sent.id });
    expect(await screen.findByRole('article', { name: 'Diagnostics reçus' })).toBeTruthy();
  });
});
