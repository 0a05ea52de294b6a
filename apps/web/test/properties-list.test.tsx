import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pointAtRealApi, renderApp, signUpAgency } from './app.tsx';
import { restAs } from './properties-scene.ts';

beforeAll(() => {
  pointAtRealApi();
});
afterEach(cleanup);

const results = () => screen.getByRole('list', { name: 'Biens' });

describe('the properties list', () => {
  it('switches from the board to the list, kept in the address', async () => {
    const admin = await signUpAgency();
    const rest = await restAs(admin);
    await rest.createProperty({ title: 'Maison du Roucas', price: 520000 });
    const { router } = await renderApp('/biens', { signedInAs: admin });
    const user = userEvent.setup();
    const group = await screen.findByRole('group', { name: 'Affichage' });
    expect(within(group).getByRole('button', { name: 'Tableau' }).getAttribute('aria-pressed')).toBe('true');
    await user.click(within(group).getByRole('button', { name: 'Liste' }));
    await waitFor(() => expect(router.state.location.search).toMatchObject({ vue: 'liste' }));
    const list = await screen.findByRole('list', { name: 'Biens' });
    const row = (await within(list).findByRole('link', { name: 'Maison du Roucas' })).closest('li')!;
    expect(within(row).getByText('Prospection')).toBeTruthy();
    expect(within(row).getByText('520 000 €')).toBeTruthy();
    expect(within(row).getByText('Jeanne Dupont')).toBeTruthy();
    expect(within(row).getByText(/Marseille/)).toBeTruthy();
  });

  it('finds an accented title from an unaccented word, as you type', async () => {
    const admin = await signUpAgency();
    const rest = await restAs(admin);
    await rest.createProperty({ title: 'Appartement près de l’École' });
    await rest.createProperty({ title: 'Maison des Goudes' });
    const { router } = await renderApp('/biens?vue=liste', { signedInAs: admin });
    const user = userEvent.setup();
    await within(await screen.findByRole('list', { name: 'Biens' })).findByRole('link', { name: 'Maison des Goudes' });
    await user.type(screen.getByRole('searchbox', { name: 'Rechercher un bien' }), 'ecole');
    await waitFor(() => expect(router.state.location.search).toMatchObject({ vue: 'liste', q: 'ecole' }));
    await waitFor(() => expect(within(results()).queryByRole('link', { name: 'Maison des Goudes' })).toBeNull());
    expect(within(results()).getByRole('link', { name: 'Appartement près de l’École' })).toBeTruthy();

    await user.clear(screen.getByRole('searchbox', { name: 'Rechercher un bien' }));
    await user.type(screen.getByRole('searchbox', { name: 'Rechercher un bien' }), 'introuvable');
    expect(await screen.findByText('Aucun bien ne correspond à votre recherche.')).toBeTruthy();
    expect(screen.getByText('Modifiez la recherche ou les filtres.')).toBeTruthy();
  });

  it('filters by status, city and price, from the address too', async () => {
    const admin = await signUpAgency();
    const rest = await restAs(admin);
    await rest.createProperty({ title: 'T2 Endoume', price: 210000, status: 'EN_DIFFUSION' });
    await rest.createProperty({ title: 'T4 Endoume', price: 480000, status: 'EN_DIFFUSION' });
    await rest.createProperty({ title: 'Mas aixois', price: 900000, status: 'EN_DIFFUSION', city: 'Aix-en-Provence', postalCode: '13100' });
    await rest.createProperty({ title: 'T3 Prado', price: 300000 });
    const { router } = await renderApp('/biens?vue=liste', { signedInAs: admin });
    const user = userEvent.setup();
    await within(await screen.findByRole('list', { name: 'Biens' })).findByRole('link', { name: 'T3 Prado' });

    const status = screen.getByRole('combobox', { name: 'Statut' });
    expect(within(status).getByRole('option', { name: 'Tous les statuts' })).toBeTruthy();
    await user.selectOptions(status, 'En diffusion');
    await waitFor(() => expect(within(results()).queryByRole('link', { name: 'T3 Prado' })).toBeNull());
    expect(router.state.location.search).toMatchObject({ statut: 'EN_DIFFUSION' });

    await user.type(screen.getByRole('textbox', { name: 'Ville' }), 'marseille');
    await waitFor(() => expect(within(results()).queryByRole('link', { name: 'Mas aixois' })).toBeNull());

    await user.type(screen.getByRole('spinbutton', { name: 'Prix max (€)' }), '300000');
    await waitFor(() => expect(within(results()).queryByRole('link', { name: 'T4 Endoume' })).toBeNull());
    expect(within(results()).getByRole('link', { name: 'T2 Endoume' })).toBeTruthy();
    expect(router.state.location.search).toMatchObject({ statut: 'EN_DIFFUSION', ville: 'marseille', prixMax: 300000 });

    cleanup();
    await renderApp('/biens?vue=liste&prixMin=400000', { signedInAs: admin });
    await within(await screen.findByRole('list', { name: 'Biens' })).findByRole('link', { name: 'Mas aixois' });
    expect(within(results()).getByRole('link', { name: 'T4 Endoume' })).toBeTruthy();
    expect(within(results()).queryByRole('link', { name: 'T2 Endoume' })).toBeNull();
    expect((screen.getByRole('spinbutton', { name: 'Prix min (€)' }) as HTMLInputElement).value).toBe('400000');
  });

  it('loads the next page on the keyset cursor', async () => {
    const admin = await signUpAgency();
    const rest = await restAs(admin);
    for (let i = 1; i <= 23; i += 1) await rest.createProperty({ title: `Bien numéro ${i}` });
    await renderApp('/biens?vue=liste', { signedInAs: admin });
    const user = userEvent.setup();
    await within(await screen.findByRole('list', { name: 'Biens' })).findByRole('link', { name: 'Bien numéro 23' });
    expect(within(results()).getAllByRole('link')).toHaveLength(20);
    await user.click(screen.getByRole('button', { name: 'Charger plus' }));
    await within(results()).findByRole('link', { name: 'Bien numéro 1' });
    expect(within(results()).getAllByRole('link')).toHaveLength(23);
    expect(screen.queryByRole('button', { name: 'Charger plus' })).toBeNull();
  });
});
