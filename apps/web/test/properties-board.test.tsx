import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { InfiniteData } from '@tanstack/react-query';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { PropertyItem as Property } from '../src/features/properties/board-queries.ts';
import { columnInput } from '../src/features/properties/board-queries.ts';
import { pointAtRealApi, renderApp, signUpAgency } from './app.tsx';
import { restAs } from './properties-scene.ts';

beforeAll(() => {
  pointAtRealApi();
});
afterEach(cleanup);

const column = (label: string) => screen.getByRole('region', { name: label });

describe('the properties board', () => {
  it('shows each property in its column, with the columns’ counts', async () => {
    const admin = await signUpAgency();
    const rest = await restAs(admin);
    await rest.createProperty({ title: 'Maison avec jardin', price: 365000 });
    await rest.createProperty({ title: 'Studio Vieux-Port', status: 'MANDAT_SIGNE', city: 'Aix-en-Provence', postalCode: '13100' });
    await rest.createProperty({ title: 'Loft Joliette', status: 'MANDAT_SIGNE' });
    await rest.createProperty({ title: 'Villa Roucas', status: 'VENDU' });

    await renderApp('/biens', { signedInAs: admin });
    expect(await screen.findByRole('heading', { level: 1, name: 'Biens' })).toBeTruthy();
    const mandate = await screen.findByRole('region', { name: 'Mandat signé' });
    await within(mandate).findByRole('link', { name: 'Studio Vieux-Port' });
    expect(within(mandate).getByRole('link', { name: 'Loft Joliette' }).getAttribute('href')).toMatch(/^\/biens\/[0-9a-f-]{36}$/);
    expect(within(mandate).getByText('2 biens')).toBeTruthy();
    expect(within(mandate).getByText('Aix-en-Provence')).toBeTruthy();

    const prospection = column('Prospection');
    await within(prospection).findByRole('link', { name: 'Maison avec jardin' });
    expect(within(prospection).getByText('365 000 €')).toBeTruthy();
    expect(within(prospection).getByText('Jeanne Dupont')).toBeTruthy();
    expect(within(prospection).getByText('1 bien')).toBeTruthy();
    await within(column('Vendu')).findByRole('link', { name: 'Villa Roucas' });
    expect(within(column('Offres')).getByText('0 bien')).toBeTruthy();

    // The 8 columns in pipeline order.
    const sections = screen.getAllByRole('region').filter((region) => region.tagName === 'SECTION');
    const names = sections.map((section) => section.getAttribute('aria-labelledby'));
    const labels = names.map((id) => document.getElementById(id!)?.textContent);
    expect(labels).toEqual(['Prospection', 'Mandat signé', 'En diffusion', 'Visites', 'Offres', 'Compromis', 'Vendu', 'Archivé']);
  });

  it('moves a card at once through « Déplacer vers… », and the API keeps it', async () => {
    const admin = await signUpAgency();
    const rest = await restAs(admin);
    const flat = await rest.createProperty({ title: 'Appartement Castellane', status: 'VISITES' });

    await renderApp('/biens', { signedInAs: admin });
    const user = userEvent.setup();
    await within(await screen.findByRole('region', { name: 'Visites' })).findByRole('link', { name: 'Appartement Castellane' });
    await user.click(screen.getByRole('button', { name: 'Déplacer « Appartement Castellane » vers…' }));
    const menu = await screen.findByRole('menu');
    // The column it is in is not offered.
    expect(within(menu).queryByRole('menuitem', { name: /Visites/ })).toBeNull();
    await user.click(within(menu).getByRole('menuitem', { name: 'Offres' }));

    const offers = column('Offres');
    expect(within(offers).getByRole('link', { name: 'Appartement Castellane' })).toBeTruthy();
    expect(within(offers).getByText('1 bien')).toBeTruthy();
    expect(within(column('Visites')).queryByRole('link', { name: 'Appartement Castellane' })).toBeNull();
    await waitFor(async () => expect((await rest.getProperty(flat.id)).status).toBe('OFFRES'));
    expect(await screen.findByText('« Appartement Castellane » est passé en « Offres ».')).toBeTruthy();
  });

  it('puts the card back and says why in French when the API refuses the move', async () => {
    const admin = await signUpAgency();
    const rest = await restAs(admin);
    await rest.createProperty({ title: 'Maison Saint-Barnabé' });
    // A property that is not (or no longer) the agency's: the API answers « not found ».
    const other = await restAs(await signUpAgency('Autre agence'));
    const foreign = await other.createProperty({ title: 'Bastide disparue' });
    const stale = await other.call<Property>(`/properties/${foreign.id}`);

    const { queryClient, router } = await renderApp('/biens', { signedInAs: admin });
    const user = userEvent.setup();
    await within(await screen.findByRole('region', { name: 'Prospection' })).findByRole('link', { name: 'Maison Saint-Barnabé' });
    const key = router.options.context.trpc.properties.list.infiniteQueryKey(columnInput('PROSPECTION'));
    queryClient.setQueryData<InfiniteData<{ items: Property[]; nextCursor: string | null }>>(key, (data) =>
      data ? { ...data, pages: data.pages.map((page, i) => (i === 0 ? { ...page, items: [stale, ...page.items] } : page)) } : data,
    );
    await within(column('Prospection')).findByRole('link', { name: 'Bastide disparue' });

    await user.click(screen.getByRole('button', { name: 'Déplacer « Bastide disparue » vers…' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Mandat signé' }));

    expect(await screen.findByText('Introuvable : l’élément a peut-être été supprimé.')).toBeTruthy();
    await waitFor(() => expect(within(column('Mandat signé')).queryByRole('link', { name: 'Bastide disparue' })).toBeNull());
    expect(within(column('Mandat signé')).getByText('0 bien')).toBeTruthy();
    // Still the other agency's, untouched.
    expect((await other.getProperty(foreign.id)).status).toBe('PROSPECTION');
  });

  it('pages further in a column holding more cards than one page', async () => {
    const admin = await signUpAgency();
    const rest = await restAs(admin);
    for (let i = 1; i <= 22; i += 1) await rest.createProperty({ title: `Lot ${i}`, status: 'COMPROMIS' });
    await renderApp('/biens', { signedInAs: admin });
    const user = userEvent.setup();
    const compromis = await screen.findByRole('region', { name: 'Compromis' });
    await within(compromis).findByRole('link', { name: 'Lot 22' });
    expect(within(compromis).getByText('22 biens')).toBeTruthy();
    expect(within(compromis).getAllByRole('link')).toHaveLength(20);
    await user.click(within(compromis).getByRole('button', { name: 'Voir plus' }));
    await within(compromis).findByRole('link', { name: 'Lot 1' });
    expect(within(compromis).getAllByRole('link')).toHaveLength(22);
    expect(within(compromis).queryByRole('button', { name: 'Voir plus' })).toBeNull();
  });

  it('says what to do when the agency has no property yet', async () => {
    await renderApp('/biens', { signedInAs: await signUpAgency() });
    expect(await screen.findByText('Aucun bien pour l’instant.')).toBeTruthy();
    expect(screen.getByText('Créez votre premier bien.')).toBeTruthy();
  });
});
