import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accessTokenOf, pointAtRealApi, lastMailTo, renderApp, signUpAgency, type Credentials } from './app.tsx';

// Scenes are set by REST before the app renders: relative URLs need the API's address first.
beforeEach(() => void pointAtRealApi());
afterEach(cleanup);

interface StaffRow {
  email: string;
  role: string;
  firstName: string;
}

async function staffOf(credentials: Credentials): Promise<StaffRow[]> {
  const res = await fetch('/api/v1/users?accountType=AGENT&limit=100', {
    headers: { authorization: `Bearer ${await accessTokenOf(credentials)}` },
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: StaffRow[] }).items;
}

/** A staff member invited by REST, as another screen or a script would. */
async function inviteByRest(admin: Credentials, email: string, role = 'AGENT', password?: string) {
  const res = await fetch('/api/v1/users', {
    method: 'POST',
    headers: { authorization: `Bearer ${await accessTokenOf(admin)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ accountType: 'AGENT', role, firstName: 'Louis', lastName: 'Garnier', email, ...(password ? { password } : {}) }),
  });
  expect(res.status).toBe(201);
}

describe('team screen', () => {
  it('lists the staff with their role in French and marks the signed-in person', async () => {
    const admin = await signUpAgency();
    await renderApp('/equipe', { signedInAs: admin });
    const row = await screen.findByRole('listitem', { name: /Claire Martin/ });
    expect(within(row).getByText('Administrateur')).toBeTruthy();
    expect(within(row).getByText('vous')).toBeTruthy();
    expect(within(row).getByText(admin.email)).toBeTruthy();
  });

  it('lets an administrator invite an agent, then change a role', async () => {
    const admin = await signUpAgency();
    await renderApp('/equipe', { signedInAs: admin });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Inviter un collaborateur' }));
    const dialog = await screen.findByRole('dialog', { name: 'Inviter un collaborateur' });
    const email = `jean-${Date.now()}@agence.test`;
    await user.type(within(dialog).getByLabelText('Prénom'), 'Jean');
    await user.type(within(dialog).getByLabelText('Nom'), 'Dupont');
    await user.type(within(dialog).getByLabelText('Adresse e-mail'), email);
    expect((within(dialog).getByLabelText('Rôle') as HTMLSelectElement).value).toBe('AGENT');
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer l’invitation' }));

    expect(await screen.findByText(`Invitation envoyée à ${email}`)).toBeTruthy();
    const row = await screen.findByRole('listitem', { name: /Jean Dupont/ });
    const roleSelect = within(row).getByRole('combobox', { name: 'Changer le rôle de Jean Dupont' }) as HTMLSelectElement;
    expect(roleSelect.selectedOptions[0]?.textContent).toBe('Agent');
    expect((await staffOf(admin)).find((s) => s.email === email)?.role).toBe('AGENT');

    await user.selectOptions(roleSelect, 'MANAGER');
    expect(await screen.findByText('Jean Dupont est désormais Responsable d’agence.')).toBeTruthy();
    expect((await staffOf(admin)).find((s) => s.email === email)?.role).toBe('MANAGER');
  });

  it('says in French why the last administrator keeps their role', async () => {
    const admin = await signUpAgency();
    await renderApp('/equipe', { signedInAs: admin });
    const user = userEvent.setup();
    const mine = (await screen.findByRole('combobox', { name: 'Changer le rôle de Claire Martin' })) as HTMLSelectElement;
    await user.selectOptions(mine, 'AGENT');
    expect(await screen.findByText('L’agence doit garder au moins un administrateur.')).toBeTruthy();
    await waitFor(() => expect(mine.value).toBe('ADMIN'));
    expect((await staffOf(admin)).find((s) => s.email === admin.email)?.role).toBe('ADMIN');
  });

  it('checks the invitation form with the contract rules', async () => {
    const admin = await signUpAgency();
    await renderApp('/equipe', { signedInAs: admin });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Inviter un collaborateur' }));
    const dialog = await screen.findByRole('dialog', { name: 'Inviter un collaborateur' });
    await user.type(within(dialog).getByLabelText('Prénom'), 'Jean');
    await user.type(within(dialog).getByLabelText('Nom'), 'Dupont');
    await user.type(within(dialog).getByLabelText('Téléphone (facultatif)'), 'abc');
    await user.click(within(dialog).getByRole('button', { name: 'Envoyer l’invitation' }));
    expect(await within(dialog).findByText('Numéro de téléphone invalide.')).toBeTruthy();
    expect(within(dialog).getByLabelText('Adresse e-mail').getAttribute('aria-invalid')).toBe('true');
  });

  it('takes an invited agent from the e-mail link to a session without staff management', async () => {
    const admin = await signUpAgency();
    const email = `louis-${Date.now()}@agence.test`;
    await inviteByRest(admin, email);
    const mail = await lastMailTo(email);
    const link = /https?:\/\/[^\s]+\/invitation#token=[\w-]+/.exec(mail.text)?.[0];
    expect(link).toBeTruthy();
    const { pathname, hash } = new URL(link!);

    const { router } = await renderApp(`${pathname}${hash}`);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Mot de passe'), 'mon-mot-de-passe-neuf');
    await user.type(screen.getByLabelText('Confirmation'), 'mon-mot-de-passe-neuf');
    await user.click(screen.getByRole('button', { name: 'Activer mon compte' }));
    await user.click(await screen.findByRole('link', { name: 'Se connecter' }));

    await user.type(await screen.findByLabelText('Adresse e-mail'), email);
    await user.type(screen.getByLabelText('Mot de passe'), 'mon-mot-de-passe-neuf');
    await user.click(screen.getByRole('button', { name: 'Se connecter' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/tableau-de-bord'));

    await router.navigate({ to: '/equipe' });
    const row = await screen.findByRole('listitem', { name: /Louis Garnier/ });
    expect(within(row).getByText('vous')).toBeTruthy();
    expect(within(row).getByText('Agent')).toBeTruthy();
    expect(screen.getByRole('listitem', { name: /Claire Martin/ })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Inviter un collaborateur' })).toBeNull();
    expect(screen.queryByRole('combobox')).toBeNull();

    // The screen hides what the API refuses anyway.
    const agent = { email, password: 'mon-mot-de-passe-neuf' };
    const res = await fetch('/api/v1/users', {
      method: 'POST',
      headers: { authorization: `Bearer ${await accessTokenOf(agent)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ accountType: 'AGENT', role: 'ADMIN', firstName: 'Intrus', lastName: 'Test', email: `x-${email}` }),
    });
    expect(res.status).toBe(403);
  });

  it('keeps a manager away from the administrator role', async () => {
    const admin = await signUpAgency();
    const manager = { email: `louis-${Date.now()}@agence.test`, password: 'mot-de-passe-louis' };
    await inviteByRest(admin, manager.email, 'MANAGER', manager.password);
    await renderApp('/equipe', { signedInAs: manager });

    const adminRow = await screen.findByRole('listitem', { name: /Claire Martin/ });
    expect(within(adminRow).queryByRole('combobox')).toBeNull();
    expect(within(adminRow).getByText('Administrateur')).toBeTruthy();
    const mine = within(screen.getByRole('listitem', { name: /Louis Garnier/ })).getByRole('combobox', {
      name: 'Changer le rôle de Louis Garnier',
    }) as HTMLSelectElement;
    expect([...mine.options].map((o) => o.textContent)).toEqual(['Agent', 'Responsable d’agence']);

    await userEvent.setup().click(screen.getByRole('button', { name: 'Inviter un collaborateur' }));
    const roles = within(await screen.findByRole('dialog')).getByLabelText('Rôle') as HTMLSelectElement;
    expect([...roles.options].map((o) => o.textContent)).toEqual(['Agent', 'Responsable d’agence']);
  });
});
