import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accessTokenOf, pointAtRealApi, renderApp, signUpAgency, type Credentials } from './app.tsx';

// Scenes are set by REST before the app renders: relative URLs need the API's address first.
beforeEach(() => void pointAtRealApi());
afterEach(cleanup);

async function api(credentials: Credentials, path: string, body?: unknown) {
  const res = await fetch(`/api/v1${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${await accessTokenOf(credentials)}`, 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  expect(res.status).toBeLessThan(300);
  return (await res.json()) as { id: string };
}

const contact = (firstName: string, lastName: string, extra: Record<string, string> = {}) => ({
  accountType: 'CLIENT',
  firstName,
  lastName,
  ...extra,
});

describe('contacts screen', () => {
  it('finds a contact as one types, accents ignored', async () => {
    const admin = await signUpAgency();
    await api(admin, '/users', contact('Hélène', 'Dupré', { email: 'helene.dupre@exemple.fr', phone: '06 11 22 33 44' }));
    await api(admin, '/users', contact('Marc', 'Lefort', { phone: '06 55 66 77 88' }));
    await renderApp('/contacts', { signedInAs: admin });

    expect(await screen.findByRole('listitem', { name: /Hélène Dupré/ })).toBeTruthy();
    expect(screen.getByRole('listitem', { name: /Marc Lefort/ })).toBeTruthy();
    expect(screen.getByText('helene.dupre@exemple.fr')).toBeTruthy();
    // Staff are on the team screen, not here.
    expect(screen.queryByRole('listitem', { name: /Claire Martin/ })).toBeNull();

    const user = userEvent.setup();
    await user.type(screen.getByRole('searchbox', { name: 'Rechercher un contact' }), 'helene');
    await waitFor(() => expect(screen.queryByRole('listitem', { name: /Marc Lefort/ })).toBeNull());
    expect(screen.getByRole('listitem', { name: /Hélène Dupré/ })).toBeTruthy();

    await user.clear(screen.getByRole('searchbox', { name: 'Rechercher un contact' }));
    await user.type(screen.getByRole('searchbox', { name: 'Rechercher un contact' }), 'personne');
    expect(await screen.findByText('Aucun contact ne correspond à « personne ».')).toBeTruthy();
  });

  it('asks for an e-mail or a phone, then creates the contact', async () => {
    const admin = await signUpAgency();
    await renderApp('/contacts', { signedInAs: admin });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Nouveau contact' }));
    const dialog = await screen.findByRole('dialog', { name: 'Nouveau contact' });
    await user.type(within(dialog).getByLabelText('Prénom'), 'Paul');
    await user.type(within(dialog).getByLabelText('Nom'), 'Éluard');
    await user.click(within(dialog).getByRole('button', { name: 'Créer le contact' }));

    const email = within(dialog).getByLabelText('Adresse e-mail');
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'));
    const describedBy = email.getAttribute('aria-describedby') ?? '';
    expect(document.getElementById(describedBy.split(' ')[0]!)?.textContent).toBe('Indiquez un e-mail ou un téléphone.');

    await user.type(within(dialog).getByLabelText('Téléphone'), '06 01 02 03 04');
    await user.type(within(dialog).getByLabelText('Code postal'), '84000');
    await user.type(within(dialog).getByLabelText('Ville'), 'Avignon');
    await user.click(within(dialog).getByRole('button', { name: 'Créer le contact' }));
    expect(await screen.findByText('Contact Paul Éluard créé.')).toBeTruthy();
    const row = await screen.findByRole('listitem', { name: /Paul Éluard/ });
    expect(within(row).getByText('06 01 02 03 04')).toBeTruthy();
  });

  it('shows the properties a contact takes part in, with their role', async () => {
    const admin = await signUpAgency();
    const property = await api(admin, '/properties', {
      title: 'Maison de ville',
      address: '3 rue des Lices',
      postalCode: '84000',
      city: 'Avignon',
      price: 315000,
      details: { surface: 92, rooms: 4 },
      owner: { firstName: 'Anne', lastName: 'Vendeuse', phone: '0612121212' },
    });
    await renderApp('/contacts', { signedInAs: admin });
    const user = userEvent.setup();
    const row = await screen.findByRole('listitem', { name: /Anne Vendeuse/ });
    await user.click(within(row).getByRole('button', { name: 'Voir les biens de Anne Vendeuse' }));
    const link = await within(row).findByRole('link', { name: /Maison de ville/ });
    expect(link.getAttribute('href')).toBe(`/biens/${property.id}`);
    expect(within(row).getByText('Vendeur')).toBeTruthy();
  });

  it('loads the next contacts on « Charger plus »', async () => {
    const admin = await signUpAgency();
    for (let i = 1; i <= 32; i++)
      await api(admin, '/users', contact('Client', `Numéro ${i}`, { phone: `06 00 00 00 ${String(i).padStart(2, '0')}` }));
    await renderApp('/contacts', { signedInAs: admin });
    await screen.findByRole('listitem', { name: 'Client Numéro 32' });
    // Toasts are list items too: count the contacts' list only.
    const rows = () => within(screen.getByRole('list', { name: 'Contacts' })).getAllByRole('listitem');
    expect(rows()).toHaveLength(30);
    await userEvent.setup().click(screen.getByRole('button', { name: 'Charger plus' }));
    expect(await screen.findByRole('listitem', { name: 'Client Numéro 1' })).toBeTruthy();
    expect(rows()).toHaveLength(32);
    expect(screen.queryByRole('button', { name: 'Charger plus' })).toBeNull();
  });
});
