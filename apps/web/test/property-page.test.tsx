import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pointAtRealApi, renderApp, signUpAgency } from './app.tsx';
import { createProperty, rest, type RestProperty } from './rest.ts';

beforeEach(() => {
  pointAtRealApi();
});
afterEach(cleanup);

describe('fiche bien', () => {
  it('edits a fact in place, keeps unknown details, and the API has it', async () => {
    const admin = await signUpAgency();
    const property = await createProperty(admin, { details: { surface: 72, rooms: 3, cave: 'oui' } });
    await renderApp(`/biens/${property.id}`, { signedInAs: admin });
    const user = userEvent.setup();

    expect(await screen.findByRole('heading', { level: 1, name: 'Appartement rue Paradis' })).toBeTruthy();
    expect(screen.getByText('72 m²')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Modifier' }));
    const surface = await screen.findByLabelText('Surface (m²)');
    await user.clear(surface);
    await user.type(surface, '80');
    await user.selectOptions(screen.getByLabelText('Classe DPE'), 'C');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));

    expect(await screen.findByText('80 m²')).toBeTruthy();
    const stored = await rest<RestProperty>(admin, 'GET', `/properties/${property.id}`);
    expect(stored.details).toEqual({ surface: 80, rooms: 3, dpeClass: 'C', cave: 'oui' });
  });

  it('shows a mandate number already taken next to its field', async () => {
    const admin = await signUpAgency();
    await createProperty(admin, { mandateNumber: 'M-2026-001' });
    const property = await createProperty(admin, { title: 'Maison du Roucas' });
    await renderApp(`/biens/${property.id}`, { signedInAs: admin });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Modifier' }));
    await user.type(screen.getByLabelText('Numéro de mandat'), 'M-2026-001');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByText('Un autre bien porte déjà ce numéro de mandat.')).toBeTruthy();
  });

  it('adds an existing contact as participant through the picker, with the keyboard', async () => {
    const admin = await signUpAgency();
    const property = await createProperty(admin);
    await rest(admin, 'POST', '/users', {
      accountType: 'NOTAIRE',
      firstName: 'Hélène',
      lastName: 'Castellane',
      email: 'h.castellane@notaires.fr',
    });
    await renderApp(`/biens/${property.id}`, { signedInAs: admin });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Ajouter un participant' }));
    const dialog = await screen.findByRole('dialog', { name: 'Ajouter un participant' });
    await user.selectOptions(within(dialog).getByLabelText('Rôle'), 'NOTAIRE');
    const search = within(dialog).getByRole('combobox', { name: 'Rechercher un contact' });
    await user.type(search, 'castel');
    await within(dialog).findByRole('option', { name: /Hélène Castellane/ });
    await user.keyboard('{ArrowDown}{Enter}');
    expect(within(dialog).getByText('h.castellane@notaires.fr')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Ajouter' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    const people = screen.getByRole('region', { name: 'Participants' });
    expect(await within(people).findByText('Hélène Castellane')).toBeTruthy();
    const stored = await rest<RestProperty>(admin, 'GET', `/properties/${property.id}`);
    expect(stored.participants.map((p) => [p.role, p.contact.lastName])).toContainEqual(['NOTAIRE', 'Castellane']);
  });

  it('says in French that the last owner cannot be removed', async () => {
    const admin = await signUpAgency();
    const property = await createProperty(admin);
    await renderApp(`/biens/${property.id}`, { signedInAs: admin });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('button', { name: 'Retirer Paul Durand du bien' }));
    const confirm = await screen.findByRole('dialog', { name: 'Retirer Paul Durand ?' });
    await user.click(within(confirm).getByRole('button', { name: 'Retirer' }));
    expect(await within(confirm).findByText('Un bien garde au moins un propriétaire vendeur.')).toBeTruthy();
  });

  it('tells the timeline in words after a status change made by REST', async () => {
    const admin = await signUpAgency();
    const property = await createProperty(admin);
    await rest(admin, 'PATCH', `/properties/${property.id}/status`, { status: 'MANDAT_SIGNE' });
    await renderApp(`/biens/${property.id}`, { signedInAs: admin });

    const timeline = await screen.findByRole('region', { name: 'Historique' });
    expect(await within(timeline).findByText(/^Claire Martin a déplacé le bien de Prospection vers Mandat signé/)).toBeTruthy();
    expect(within(timeline).getByText(/^Claire Martin a créé le bien/)).toBeTruthy();
  });

  it('says « Bien introuvable » for another agency’s property', async () => {
    const other = await signUpAgency('Autre agence');
    const theirs = await createProperty(other);
    const admin = await signUpAgency();
    await renderApp(`/biens/${theirs.id}`, { signedInAs: admin });
    expect(await screen.findByRole('heading', { name: 'Bien introuvable' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Retour aux biens' })).toBeTruthy();
  });
});
