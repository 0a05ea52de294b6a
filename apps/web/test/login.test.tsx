import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup } from '@testing-library/react';
import { renderApp } from './app.tsx';

afterEach(cleanup);

describe('sign-in screen', () => {
  it('sends a visitor without a session to the sign-in screen, in French', async () => {
    const { router } = await renderApp('/biens');
    expect(await screen.findByRole('heading', { name: 'Connexion' })).toBeTruthy();
    expect(router.state.location.pathname).toBe('/connexion');
    expect(router.state.location.search).toEqual({ redirect: '/biens' });
  });

  it('checks the fields with the contract rules, messages in French', async () => {
    await renderApp('/connexion');
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Adresse e-mail'), 'pas-un-email');
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));
    await waitFor(() => expect(screen.getByText('Adresse e-mail invalide.')).toBeTruthy());
    expect(screen.getByLabelText('Adresse e-mail').getAttribute('aria-invalid')).toBe('true');
  });
});
