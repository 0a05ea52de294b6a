import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { registerAgency, renderApp } from './app.tsx';

afterEach(cleanup);

describe('agency creation screen', () => {
  it('creates the agency, signs its administrator in and shows the dashboard', async () => {
    const { router, session } = await renderApp('/creer-une-agence');
    const user = userEvent.setup();
    const email = `fondatrice-${Date.now()}@agence.test`;
    await user.type(await screen.findByLabelText('Nom de l’agence'), 'Agence des Lices');
    await user.type(screen.getByLabelText('Prénom'), 'Inès');
    await user.type(screen.getByLabelText('Nom'), 'Barbier');
    await user.type(screen.getByLabelText('Adresse e-mail'), email);
    await user.type(screen.getByLabelText('Mot de passe'), 'un-mot-de-passe-solide');
    await user.click(screen.getByRole('button', { name: 'Créer l’agence' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/tableau-de-bord'));
    const state = session.getSnapshot();
    expect(state.status === 'signedIn' && state.session.organization.name).toBe('Agence des Lices');
    expect(state.status === 'signedIn' && 'refreshToken' in state.session).toBe(false);
    expect(await screen.findByRole('heading', { name: 'Bonjour Inès' })).toBeTruthy();
    expect(await screen.findByText('Aucun bien pour l’instant.')).toBeTruthy();
  });

  it('says under the e-mail field that the address is taken, and checks the password length', async () => {
    const existing = await registerAgency('Agence Existante');
    await renderApp('/creer-une-agence');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Nom de l’agence'), 'Agence Doublon');
    await user.type(screen.getByLabelText('Prénom'), 'Paul');
    await user.type(screen.getByLabelText('Nom'), 'Roux');
    await user.type(screen.getByLabelText('Adresse e-mail'), existing.email);
    await user.type(screen.getByLabelText('Mot de passe'), 'court');
    await user.click(screen.getByRole('button', { name: 'Créer l’agence' }));
    expect(await screen.findByText('Au moins 10 caractères.')).toBeTruthy();
    await user.clear(screen.getByLabelText('Mot de passe'));
    await user.type(screen.getByLabelText('Mot de passe'), 'un-mot-de-passe-solide');
    await user.click(screen.getByRole('button', { name: 'Créer l’agence' }));
    const field = screen.getByLabelText('Adresse e-mail').closest('div')!;
    expect(await within(field).findByText('Cette adresse e-mail est déjà utilisée.')).toBeTruthy();
  });
});
