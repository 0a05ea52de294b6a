import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pointAtRealApi, renderApp, signUpAgency } from './app.tsx';
import { rest, type RestProperty } from './rest.ts';

beforeEach(() => {
  pointAtRealApi();
});
afterEach(cleanup);

describe('« Nouveau bien »', () => {
  it('creates a property with a new owner and lands on its fiche', async () => {
    const admin = await signUpAgency();
    const { router } = await renderApp('/biens', { signedInAs: admin });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Nouveau bien' }));
    const dialog = await screen.findByRole('dialog', { name: 'Nouveau bien' });
    const form = within(dialog);
    // The form loads on first opening.
    await form.findByLabelText('Titre');
    await user.type(form.getByLabelText('Titre'), 'Maison avec jardin');
    await user.type(form.getByLabelText('Adresse'), '8 chemin du Roucas');
    await user.type(form.getByLabelText('Code postal'), '13007');
    await user.type(form.getByLabelText('Ville'), 'Marseille');
    await user.type(form.getByLabelText('Prix (€)'), '540 000');
    await user.selectOptions(form.getByLabelText('Type de bien'), 'MAISON');
    await user.type(form.getByLabelText('Surface (m²)'), '120');
    await user.type(form.getByLabelText('Pièces'), '5');
    await user.type(form.getByLabelText('Prénom'), 'Lucie');
    await user.type(form.getByLabelText('Nom'), 'Fabre');
    await user.type(form.getByLabelText('E-mail'), `lucie.fabre.${Date.now()}@exemple.fr`);
    await user.click(form.getByRole('button', { name: 'Créer le bien' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Maison avec jardin' })).toBeTruthy();
    const id = router.state.location.pathname.split('/').pop()!;
    expect(router.state.location.pathname).toBe(`/biens/${id}`);
    const people = screen.getByRole('region', { name: 'Participants' });
    expect(await within(people).findByText('Lucie Fabre')).toBeTruthy();
    const stored = await rest<RestProperty>(admin, 'GET', `/properties/${id}`);
    expect(stored.price).toBe(540000);
    expect(stored.details).toEqual({ propertyType: 'MAISON', surface: 120, rooms: 5 });
  });

  it('checks the owner: an e-mail or a phone, in French', async () => {
    const admin = await signUpAgency();
    await renderApp('/biens', { signedInAs: admin });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Nouveau bien' }));
    const form = within(await screen.findByRole('dialog', { name: 'Nouveau bien' }));
    // The form loads on first opening.
    await form.findByLabelText('Titre');
    // Every missing field at the first submit, the owner's included.
    await user.click(form.getByRole('button', { name: 'Créer le bien' }));
    await waitFor(() => expect(form.getAllByText('Obligatoire.')).toHaveLength(6));
    await user.type(form.getByLabelText('Titre'), 'Studio');
    await user.type(form.getByLabelText('Adresse'), '1 rue de Rome');
    await user.type(form.getByLabelText('Code postal'), '13001');
    await user.type(form.getByLabelText('Ville'), 'Marseille');
    await user.type(form.getByLabelText('Prénom'), 'Marc');
    await user.type(form.getByLabelText('Nom'), 'Rey');
    await user.click(form.getByRole('button', { name: 'Créer le bien' }));
    expect(await form.findByText('Indiquez un e-mail ou un téléphone.')).toBeTruthy();
  });

  it('links an existing contact as owner and says so when the e-mail is known', async () => {
    const admin = await signUpAgency();
    await rest(admin, 'POST', '/users', { accountType: 'CLIENT', firstName: 'Anne', lastName: 'Giraud', email: 'anne.giraud@exemple.fr' });
    await renderApp('/biens', { signedInAs: admin });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Nouveau bien' }));
    const form = within(await screen.findByRole('dialog', { name: 'Nouveau bien' }));
    // The form loads on first opening.
    await form.findByLabelText('Titre');
    await user.type(form.getByLabelText('Titre'), 'T2 Castellane');
    await user.type(form.getByLabelText('Adresse'), '3 place Castellane');
    await user.type(form.getByLabelText('Code postal'), '13006');
    await user.type(form.getByLabelText('Ville'), 'Marseille');
    await user.type(form.getByLabelText('Prénom'), 'Annie');
    await user.type(form.getByLabelText('Nom'), 'Giraud');
    await user.type(form.getByLabelText('E-mail'), 'anne.giraud@exemple.fr');
    await user.click(form.getByRole('button', { name: 'Créer le bien' }));
    expect(await screen.findByText(/déjà dans vos contacts/)).toBeTruthy();
    expect(screen.getByText(/prénom/)).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('heading', { level: 1, name: 'T2 Castellane' })).toBeTruthy());
  });
});
