import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenOf, pointAtRealApi, renderApp, signUpAgency, type Credentials } from './app.tsx';
import { consentRedirect } from './consent.ts';

beforeAll(() => {
  pointAtRealApi();
});
afterEach(() => {
  cleanup();
  sessionStorage.clear();
});

const card = (name: string) => screen.getByRole('article', { name });

/** A consent started by REST, as the button does: the callback's query (code and state) in mock mode. */
async function startedBy(admin: Credentials, provider: 'gmail' | 'google-calendar'): Promise<URLSearchParams> {
  const res = await fetch(`/api/v1/integrations/${provider}/consent`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await accessTokenOf(admin)}`, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(200);
  return new URL(((await res.json()) as { url: string }).url).searchParams;
}

describe('Google consent', () => {
  it('sends « Connecter » to the consent URL, then the callback connects and lands on the integrations', async () => {
    const admin = await signUpAgency();
    await renderApp('/integrations', { signedInAs: admin });
    const url = await consentRedirect('Google Agenda');
    // The mock connectors have no screen to show: straight to the app's callback, with a code and a state.
    expect(url.pathname).toBe('/integrations/google/callback');
    expect(url.searchParams.get('code')).toBeTruthy();
    expect(url.searchParams.get('state')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    cleanup();

    const app = await renderApp(`${url.pathname}${url.search}`, { signedInAs: admin });
    expect(await screen.findByText('Google Agenda est connecté : première synchronisation en cours.')).toBeTruthy();
    expect(await screen.findByRole('heading', { level: 1, name: 'Intégrations' })).toBeTruthy();
    expect(app.router.state.location.pathname).toBe('/integrations');
    // Every step replaced the one before: no entry of the history holds the code any more.
    expect(app.router.history.length).toBe(1);
    expect(sessionStorage.length).toBe(0);
    await waitFor(() => expect(within(card('Google Agenda')).getByText('Connecté')).toBeTruthy(), { timeout: 15_000 });
  });

  it('says so when the person refused access on Google’s screen', async () => {
    const admin = await signUpAgency();
    const state = (await startedBy(admin, 'gmail')).get('state')!;
    await renderApp(`/integrations/google/callback?error=access_denied&state=${encodeURIComponent(state)}`, { signedInAs: admin });
    expect(await screen.findByText('Vous avez refusé l’accès à Google : Gmail n’est pas connecté.')).toBeTruthy();
    expect(await screen.findByRole('heading', { level: 1, name: 'Intégrations' })).toBeTruthy();
    expect(within(await screen.findByRole('article', { name: 'Gmail' })).getByText('Non connecté')).toBeTruthy();
  });

  it('refuses a state of someone else, in French, with a way back', async () => {
    const admin = await signUpAgency();
    const query = await startedBy(admin, 'gmail');
    const user = userEvent.setup();
    const app = await renderApp(`/integrations/google/callback?${query.toString()}`, { signedInAs: await signUpAgency() });
    expect(await screen.findByRole('heading', { name: 'Connexion à Google non aboutie' })).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe(
      'Ce retour de Google ne correspond pas à une connexion que vous avez lancée : recommencez depuis Intégrations.',
    );
    expect(app.router.state.location.searchStr).toBe('');
    await user.click(screen.getByRole('link', { name: 'Retour aux intégrations' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Intégrations' })).toBeTruthy();

    // The same address again (a reload): the answer served once and is gone.
    cleanup();
    await renderApp('/integrations/google/callback', { signedInAs: admin });
    expect(await screen.findByText(/Ce retour de Google a déjà servi ou est incomplet/)).toBeTruthy();
    // A state without a code or an error is not sent at all.
    cleanup();
    await renderApp(`/integrations/google/callback?state=${query.get('state')!}`, { signedInAs: admin });
    expect(await screen.findByText(/Ce retour de Google a déjà servi ou est incomplet/)).toBeTruthy();
  });

  it('takes a signed-out person through sign-in, then completes', async () => {
    const admin = await signUpAgency();
    const query = await startedBy(admin, 'gmail');
    const user = userEvent.setup();
    const app = await renderApp(`/integrations/google/callback?${query.toString()}`);
    await user.type(await screen.findByLabelText('Adresse e-mail'), admin.email);
    // Sign-in keeps where to come back, not the code.
    expect(app.router.state.location.pathname).toBe('/connexion');
    expect(app.router.state.location.search).toEqual({ redirect: '/integrations/google/callback' });
    await user.type(screen.getByLabelText('Mot de passe'), admin.password);
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));
    expect(await screen.findByText('Gmail est connecté : première synchronisation en cours.', {}, { timeout: 10_000 })).toBeTruthy();
    expect(app.router.state.location.pathname).toBe('/integrations');
  });
});
