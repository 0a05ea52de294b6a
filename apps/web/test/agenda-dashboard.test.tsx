import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { localDay } from '../src/features/calendar/week.ts';
import { accessTokenOf, pointAtRealApi, renderApp, signUpAgency, type Credentials } from './app.tsx';
import { restAs } from './properties-scene.ts';

beforeAll(() => {
  pointAtRealApi();
});
afterEach(cleanup);

// The mock calendar's appointment the day after the sync (10:00, Paris time).
const TOMORROW_VISIT = 'Visite – T3 14 rue Sainte (Mme Girard)';

/** Connects a Google provider by REST and waits for its first sync to have run. */
async function connectGoogle(admin: Credentials, slug: 'gmail' | 'google-calendar') {
  const headers = { authorization: `Bearer ${await accessTokenOf(admin)}`, 'content-type': 'application/json' };
  const res = await fetch(`/api/v1/integrations/${slug}/connect`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ code: 'code-de-test' }),
  });
  expect(res.status).toBe(200);
  await vi.waitFor(
    async () => {
      const list = (await (await fetch('/api/v1/integrations', { headers })).json()) as {
        items: { status: string; lastSyncedAt: string | null }[];
      };
      if (!list.items.some((i) => i.status === 'CONNECTED' && i.lastSyncedAt)) throw new Error('not synced yet');
    },
    { timeout: 15_000, interval: 200 },
  );
}

describe('agenda', () => {
  it('shows the synced appointments of the week, and says what to do when there are none', async () => {
    const admin = await signUpAgency();
    await connectGoogle(admin, 'google-calendar');
    const tomorrow = new Date(Date.now() + 86_400_000);
    const { router } = await renderApp(`/agenda?semaine=${localDay(tomorrow)}`, { signedInAs: admin });
    expect(await screen.findByRole('heading', { level: 1, name: 'Agenda' })).toBeTruthy();
    expect(await screen.findByText(TOMORROW_VISIT)).toBeTruthy();
    const day = screen.getByRole('region', {
      name: new Intl.DateTimeFormat('fr-FR', { weekday: 'long', day: 'numeric', month: 'long' }).format(tomorrow),
    });
    expect(within(day).getByText(TOMORROW_VISIT)).toBeTruthy();
    expect(within(day).getAllByText('Confirmé').length).toBeGreaterThan(0);

    const user = userEvent.setup();
    await router.navigate({ to: '/agenda', search: { semaine: '2020-01-08' } });
    expect(await screen.findByText('Aucun rendez-vous cette semaine.')).toBeTruthy();
    expect(screen.getByText('Semaine du 6 au 12 janv. 2020')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Voir les intégrations' }).getAttribute('href')).toBe('/integrations');
    await user.click(screen.getByRole('button', { name: 'Semaine suivante' }));
    await waitFor(() => expect(router.state.location.search).toEqual({ semaine: '2020-01-13' }));
    await user.click(screen.getByRole('button', { name: 'Aujourd’hui' }));
    await waitFor(() => expect(router.state.location.search).toEqual({}));
  });
});

describe('dashboard', () => {
  it('is the home page: counts per column, appointments, review items and the last messages', async () => {
    const admin = await signUpAgency();
    const rest = await restAs(admin);
    await rest.createProperty({ title: 'Maison avec jardin' });
    await rest.createProperty({ title: 'Studio Vieux-Port' });
    await rest.createProperty({ title: 'Loft Joliette', status: 'MANDAT_SIGNE' });
    await rest.createProperty({ title: 'Villa Roucas', status: 'VENDU' });
    await connectGoogle(admin, 'google-calendar');

    const { router } = await renderApp('/', { signedInAs: admin });
    await waitFor(() => expect(router.state.location.pathname).toBe('/tableau-de-bord'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Bonjour Claire' })).toBeTruthy();
    const pipeline = await screen.findByRole('region', { name: 'Biens par étape' });
    const prospection = await within(pipeline).findByRole('link', { name: '2 biens en Prospection' });
    expect(prospection.getAttribute('href')).toBe('/biens?statut=PROSPECTION');
    expect(within(pipeline).getByRole('link', { name: '1 bien en Mandat signé' })).toBeTruthy();
    expect(within(pipeline).getByRole('link', { name: '1 bien en Vendu' })).toBeTruthy();
    expect(within(pipeline).getByText('4 biens')).toBeTruthy();

    const appointments = screen.getByRole('region', { name: 'Rendez-vous' });
    expect(await within(within(appointments).getByRole('region', { name: 'Demain' })).findByText(TOMORROW_VISIT)).toBeTruthy();

    const review = screen.getByRole('region', { name: 'À traiter' });
    expect(await within(review).findByText('Rien à vérifier : l’assistant a tout rangé.')).toBeTruthy();
    const messages = screen.getByRole('region', { name: 'Derniers messages' });
    expect(await within(messages).findByText(/Aucun message reçu/)).toBeTruthy();
    expect(within(messages).getByRole('link', { name: 'Boîte de réception' }).getAttribute('href')).toBe('/boite-de-reception');

    const user = userEvent.setup();
    await user.click(prospection);
    await waitFor(() => expect(router.state.location.search).toEqual({ statut: 'PROSPECTION' }));
  });

  it('lists the newest messages once Gmail has synced', async () => {
    const admin = await signUpAgency();
    await connectGoogle(admin, 'gmail');
    await renderApp('/tableau-de-bord', { signedInAs: admin });
    const messages = await screen.findByRole('region', { name: 'Derniers messages' });
    await waitFor(() => expect(within(messages).getAllByRole('listitem')).toHaveLength(5));
    expect(within(messages).getAllByText('Gmail').length).toBe(5);
  });
});
