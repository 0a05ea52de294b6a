import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenOf, pointAtRealApi, renderApp, signUpAgency, type Credentials } from './app.tsx';
import { consentRedirect } from './consent.ts';

beforeAll(() => {
  pointAtRealApi();
});
afterEach(cleanup);

const card = (name: string) => screen.getByRole('article', { name });

/** An agent of the agency, with a password: invited by REST as a script would. */
async function agentOf(admin: Credentials): Promise<Credentials> {
  const email = `agent-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@agence.test`;
  const password = 'un-mot-de-passe-solide';
  const res = await fetch('/api/v1/users', {
    method: 'POST',
    headers: { authorization: `Bearer ${await accessTokenOf(admin)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ accountType: 'AGENT', role: 'AGENT', firstName: 'Louis', lastName: 'Garnier', email, password }),
  });
  expect(res.status).toBe(201);
  return { email, password };
}

describe('integrations screen', () => {
  it('connects Gmail, Google Agenda and WhatsApp with the mock runtime, then syncs', async () => {
    const admin = await signUpAgency();
    await renderApp('/integrations', { signedInAs: admin });
    expect(await screen.findByRole('heading', { level: 1, name: 'Intégrations' })).toBeTruthy();
    await screen.findByRole('article', { name: 'Gmail' });
    for (const name of ['Gmail', 'Google Agenda', 'WhatsApp']) expect(within(card(name)).getByText('Non connecté')).toBeTruthy();

    // Google's consent, which the mock runtime accepts at once: back to the callback, then here.
    for (const label of ['Gmail', 'Google Agenda']) {
      const url = await consentRedirect(label);
      cleanup();
      await renderApp(`${url.pathname}${url.search}`, { signedInAs: admin });
      await screen.findByRole('heading', { level: 1, name: 'Intégrations' });
    }
    // The first syncs run in the background: the cards follow them to « Connecté ».
    await waitFor(() => expect(within(card('Gmail')).getByText('Connecté')).toBeTruthy(), { timeout: 15_000 });
    expect(within(card('Gmail')).getByText('direction@vieuxport-immobilier.fr')).toBeTruthy();
    expect(within(card('Gmail')).queryByText('pas encore')).toBeNull();
    await waitFor(() => expect(within(card('Google Agenda')).getByText('Connecté')).toBeTruthy(), { timeout: 15_000 });

    const user = userEvent.setup();
    const whatsapp = card('WhatsApp');
    await user.click(within(whatsapp).getByRole('button', { name: 'Connecter WhatsApp' }));
    // The contract's rules, in French, before anything is sent.
    await user.type(within(whatsapp).getByLabelText('Identifiant du numéro de téléphone'), 'abc');
    await user.click(within(whatsapp).getByRole('button', { name: 'Connecter WhatsApp' }));
    expect(await within(whatsapp).findByText('Uniquement des chiffres (de 5 à 30).')).toBeTruthy();
    await user.clear(within(whatsapp).getByLabelText('Identifiant du numéro de téléphone'));
    await user.type(within(whatsapp).getByLabelText('Identifiant du numéro de téléphone'), `10${Date.now()}`);
    await user.type(within(whatsapp).getByLabelText('Jeton d’accès'), 'EAAMockWhatsAppSystemUserToken0000000000');
    await user.type(within(whatsapp).getByLabelText('Clé secrète de l’application'), 'mock-whatsapp-app-secret');
    await user.type(within(whatsapp).getByLabelText('Jeton de vérification du webhook'), 'mon-jeton-de-verification');
    await user.click(within(whatsapp).getByRole('button', { name: 'Connecter WhatsApp' }));

    await waitFor(() => expect(within(card('WhatsApp')).getByText('Connecté')).toBeTruthy(), { timeout: 15_000 });
    const connected = card('WhatsApp');
    expect(within(connected).getByText(/\/api\/v1\/integrations\/whatsapp\/webhook$/)).toBeTruthy();
    expect(within(connected).getByText('mon-jeton-de-verification')).toBeTruthy();
    expect(within(connected).getByRole('button', { name: 'Copier : URL de rappel' })).toBeTruthy();
    // Secrets are sealed by the API: never shown back.
    expect(within(connected).queryByText('mock-whatsapp-app-secret')).toBeNull();
    expect(within(connected).queryByText(/EAAMock/)).toBeNull();

    await user.click(within(card('Gmail')).getByRole('button', { name: 'Synchroniser Gmail maintenant' }));
    expect(await screen.findByText('Synchronisation de Gmail lancée.')).toBeTruthy();
    await waitFor(() => expect(within(card('Gmail')).getByText('Connecté')).toBeTruthy(), { timeout: 15_000 });

    await user.click(within(card('Gmail')).getByRole('button', { name: 'Déconnecter Gmail' }));
    await waitFor(() => expect(within(card('Gmail')).getByText('Non connecté')).toBeTruthy());
  });

  it('lets an agent sync but neither connect nor disconnect', async () => {
    const admin = await signUpAgency();
    const res = await fetch('/api/v1/integrations/gmail/connect', {
      method: 'POST',
      headers: { authorization: `Bearer ${await accessTokenOf(admin)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ code: 'code-de-test' }),
    });
    expect(res.status).toBe(200);
    await renderApp('/integrations', { signedInAs: await agentOf(admin) });
    const gmail = await screen.findByRole('article', { name: 'Gmail' });
    expect(await within(gmail).findByRole('button', { name: 'Synchroniser Gmail maintenant' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /^Déconnecter/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Connecter/ })).toBeNull();
    expect(within(card('WhatsApp')).getByText(/Un responsable ou un administrateur/)).toBeTruthy();
  });
});
