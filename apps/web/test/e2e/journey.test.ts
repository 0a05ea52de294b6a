import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScreen, CHROMIUM_PATH, DESKTOP, launchChromium, openPage } from './browser.ts';
import { startBuiltApp, type BuiltApp } from './built-app.ts';

// One agency's day in the built app, in order: each step starts where the previous one left off.
let app: BuiltApp;
let browser: Browser;
let admin: { context: BrowserContext; page: Page; problems: string[] };
let agent: typeof admin;
let other: typeof admin;
let propertyPath = '';
const PASSWORD = 'un-mot-de-passe-solide';
const NEW_PASSWORD = 'un-autre-mot-de-passe-solide';
const TITLE = 'Maison de l’Écluse';
const AGENT_EMAIL = 'hugo.garnier@agence-du-port.fr';
const COLUMNS = ['Prospection', 'Mandat signé', 'En diffusion', 'Visites', 'Offres', 'Compromis', 'Vendu', 'Archivé'];

const column = (page: Page, label: string) => page.getByRole('region', { name: new RegExp(`^${label}`) });
const asset = (name: string) => fileURLToPath(new URL(`../../../../packages/core/src/seed-assets/${name}`, import.meta.url));

/** The last link to this screen the API printed for this address (development delivers e-mails to its terminal). */
async function emailedLink(email: string, screen: 'invitation' | 'reinitialiser-mot-de-passe'): Promise<string> {
  const pattern = new RegExp(`(http://\\S+/${screen}#token=\\S+)`);
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const mails = app
      .stdout()
      .split('----- e-mail to ')
      .filter((m) => m.startsWith(email));
    const link = mails
      .map((m) => pattern.exec(m)?.[1])
      .filter(Boolean)
      .at(-1);
    if (link) return link;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${screen} e-mail to ${email} in the API's output`);
}
const ADMIN_EMAIL = 'claire.martin@agence-du-port.fr';

beforeAll(async () => {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium (never playwright install).`);
  app = await startBuiltApp();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR', acceptDownloads: true });
  admin = { context, ...(await openPage(context)) };
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the web app, end to end', () => {
  it('serves the sign-in screen under a strict CSP', async () => {
    const res = await fetch(`${app.url}/connexion`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).not.toMatch(/<script>(?!\s*<\/script>)/);
    const { page } = admin;
    await page.goto(`${app.url}/`);
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/connexion');
    await checkScreen(page, 'connexion');
    await page.getByRole('link', { name: 'Mot de passe oublié ?' }).click();
    await page.getByRole('heading', { name: 'Mot de passe oublié' }).waitFor();
    await checkScreen(page, 'mot-de-passe-oublie');
  });

  it('creates an agency and signs its administrator in', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/creer-une-agence`);
    await checkScreen(page, 'creation-agence');
    await page.getByLabel('Nom de l’agence').fill('Agence du Port');
    await page.getByLabel('Prénom').fill('Claire');
    await page.getByLabel('Nom', { exact: true }).fill('Martin');
    await page.getByLabel('Adresse e-mail').fill(ADMIN_EMAIL);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Créer l’agence' }).click();
    await page.waitForURL(/\/tableau-de-bord/);
    await page.getByRole('heading', { name: 'Bonjour Claire' }).waitFor();
  });

  it('keeps the person signed in across a reload, without a token in storage', async () => {
    const { page, context } = admin;
    await page.reload();
    await page.getByRole('heading', { name: 'Bonjour Claire' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/tableau-de-bord');
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    expect(stored).not.toMatch(/eyJ/);
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'monimmo_refresh');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/trpc', secure: false });
  });

  it('shows a French 404 page for an unknown address, and JSON for an unknown API path', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/nulle-part`);
    await page.getByRole('heading', { name: 'Page introuvable' }).waitFor();
    await checkScreen(page, 'page-introuvable');
    const api = await fetch(`${app.url}/api/v1/nulle-part`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toContain('application/json');
  });

  it('signs out, and the refresh cookie no longer works', async () => {
    const { page, context } = admin;
    await page.goto(`${app.url}/biens`);
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'monimmo_refresh');
    await page.getByRole('button', { name: /Mon compte/ }).click();
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect((await context.cookies()).filter((c) => c.name === 'monimmo_refresh')).toEqual([]);
    const replay = await fetch(`${app.url}/trpc/session.refresh`, {
      method: 'POST',
      headers: { cookie: `monimmo_refresh=${cookie!.value}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(replay.status).toBe(401);
  });

  it('signs back in from the sign-in screen', async () => {
    const { page } = admin;
    await page.getByLabel('Adresse e-mail').fill(ADMIN_EMAIL);
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Biens' }).waitFor();
  });

  it('creates a property with a new owner', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/biens`);
    await page.getByRole('button', { name: 'Nouveau bien' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Nouveau bien' });
    await dialog.getByLabel('Titre').fill(TITLE);
    await dialog.getByLabel('Adresse').fill('4 quai de l’Écluse');
    await dialog.getByLabel('Code postal').fill('31000');
    await dialog.getByLabel('Ville').fill('Toulouse');
    await dialog.getByLabel('Prix (€)').fill('365 000');
    await dialog.getByLabel('Type de bien').selectOption('MAISON');
    await dialog.getByLabel('Surface (m²)').fill('96');
    await dialog.getByLabel('Pièces').fill('4');
    await dialog.getByLabel('Prénom').fill('Lucie');
    await dialog.getByLabel('Nom', { exact: true }).fill('Fabre');
    await dialog.getByLabel('E-mail').fill('lucie.fabre@exemple.fr');
    await checkScreen(page, 'nouveau-bien');
    await dialog.getByRole('button', { name: 'Créer le bien' }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    propertyPath = new URL(page.url()).pathname;
    await page.getByRole('region', { name: 'Participants' }).getByText('Lucie Fabre').waitFor();
    expect(await page.getByText('365 000 €').count()).toBeGreaterThan(0);
  });

  it('finds it in the list by a word typed without its accent', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/biens?vue=liste`);
    await page.getByRole('searchbox', { name: 'Rechercher un bien' }).fill('ecluse');
    await page.getByRole('list', { name: 'Biens' }).getByRole('link', { name: TITLE }).waitFor();
    await checkScreen(page, 'biens-liste');
  });

  it('drags it through every column with the mouse, then one more with the keyboard', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/biens`);
    await column(page, 'Prospection').getByRole('link', { name: TITLE }).waitFor();
    await checkScreen(page, 'biens-tableau');
    for (let i = 0; i < COLUMNS.length - 2; i += 1) {
      const from = column(page, COLUMNS[i]!);
      const to = column(page, COLUMNS[i + 1]!);
      await to.scrollIntoViewIfNeeded();
      const card = from.getByRole('link', { name: TITLE });
      const a = (await card.boundingBox())!;
      const b = (await to.boundingBox())!;
      await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
      await page.mouse.down();
      await page.mouse.move(a.x + a.width / 2 + 15, a.y + a.height / 2 + 5, { steps: 4 });
      await page.mouse.move(b.x + b.width / 2, b.y + 120, { steps: 12 });
      await page.mouse.up();
      await to.getByRole('link', { name: TITLE }).waitFor();
      await page.waitForLoadState('networkidle');
    }
    // Vendu → Archivé from the keyboard: lift with space, one column right, drop with space.
    await page.getByRole('button', { name: `Glisser « ${TITLE} »` }).focus();
    await page.keyboard.press('Space');
    // dnd-kit measures the columns once the card is lifted: a key too early is lost.
    await page.waitForTimeout(300);
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(300);
    await page.keyboard.press('Space');
    await column(page, 'Archivé').getByRole('link', { name: TITLE }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.reload();
    await column(page, 'Archivé').getByRole('link', { name: TITLE }).waitFor();
  });

  it('tells the moves on the property page, in words', async () => {
    const { page } = admin;
    await page.goto(`${app.url}${propertyPath}`);
    const history = page.getByRole('region', { name: 'Historique' });
    await history.getByText('Claire Martin a créé le bien').waitFor();
    for (let i = 0; i < COLUMNS.length - 1; i += 1) {
      await history.getByText(`Claire Martin a déplacé le bien de ${COLUMNS[i]} vers ${COLUMNS[i + 1]}`).waitFor();
    }
  });

  it('uploads a PDF and a JPEG at once with progress, then downloads the same bytes', async () => {
    const { page, context } = admin;
    const cdp = await context.newCDPSession(page);
    // A slow line, so each file's progress is seen moving before it arrives.
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 64 * 1024,
    });
    await page.getByLabel('Fichiers à déposer').setInputFiles([asset('dpe.pdf'), asset('facade.jpg')]);
    const progress = page.getByRole('progressbar', { name: 'Progression de dpe.pdf' });
    await progress.waitFor();
    await page
      .getByRole('listitem', { name: 'Envoi de dpe.pdf' })
      .getByText(/Envoi… \d+\s%/)
      .waitFor();
    await page.getByRole('listitem', { name: 'Envoi de dpe.pdf' }).getByText('Envoyé').waitFor({ timeout: 20_000 });
    await page.getByRole('listitem', { name: 'Envoi de facade.jpg' }).getByText('Envoyé').waitFor({ timeout: 20_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const row = page.getByRole('listitem', { name: 'dpe.pdf', exact: true });
    await row.waitFor();
    await page.getByRole('listitem', { name: 'facade.jpg', exact: true }).waitFor();
    await checkScreen(page, 'fiche-bien');
    const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'Télécharger' }).click()]);
    const path = await download.path();
    expect(readFileSync(path).equals(readFileSync(asset('dpe.pdf')))).toBe(true);
  });

  it('invites an agent, who chooses a password from the e-mail and signs in without staff management', async () => {
    const { page } = admin;
    await page.goto(`${app.url}/contacts`);
    await page.getByRole('heading', { name: 'Contacts' }).waitFor();
    await page.getByText('Lucie Fabre').waitFor();
    await checkScreen(page, 'contacts');
    await page.goto(`${app.url}/equipe`);
    await page.getByRole('button', { name: 'Inviter un collaborateur' }).click();
    const dialog = page.getByRole('dialog', { name: 'Inviter un collaborateur' });
    await dialog.getByLabel('Prénom').fill('Hugo');
    await dialog.getByLabel('Nom', { exact: true }).fill('Garnier');
    await dialog.getByLabel('Adresse e-mail').fill(AGENT_EMAIL);
    await dialog.getByRole('button', { name: 'Envoyer l’invitation' }).click();
    await page.getByRole('listitem', { name: /Hugo Garnier/ }).waitFor();
    await checkScreen(page, 'equipe');

    const link = await emailedLink(AGENT_EMAIL, 'invitation');
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' });
    agent = { context, ...(await openPage(context)) };
    await agent.page.goto(link);
    await agent.page.getByRole('heading', { name: 'Choisir mon mot de passe' }).waitFor();
    await checkScreen(agent.page, 'invitation');
    await agent.page.getByLabel('Mot de passe').fill(PASSWORD);
    await agent.page.getByLabel('Confirmation').fill(PASSWORD);
    await agent.page.getByRole('button', { name: 'Activer mon compte' }).click();
    await agent.page.getByRole('link', { name: 'Se connecter' }).click();
    await agent.page.getByLabel('Adresse e-mail').fill(AGENT_EMAIL);
    await agent.page.getByLabel('Mot de passe').fill(PASSWORD);
    await agent.page.getByRole('button', { name: 'Se connecter' }).click();
    await agent.page.getByRole('heading', { name: 'Biens' }).waitFor();
    await agent.page.goto(`${app.url}/equipe`);
    await agent.page.getByRole('listitem', { name: /Hugo Garnier/ }).waitFor();
    expect(await agent.page.getByRole('button', { name: 'Inviter un collaborateur' }).count()).toBe(0);
    expect(await agent.page.getByRole('combobox', { name: /Changer le rôle/ }).count()).toBe(0);
  });

  it('keeps the agent signed in across a reload, and signing out kills the refresh cookie', async () => {
    const { page, context } = agent;
    await page.reload();
    await page.getByRole('listitem', { name: /Hugo Garnier/ }).waitFor();
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'monimmo_refresh');
    await page.getByRole('button', { name: /Mon compte/ }).click();
    await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    const replay = await fetch(`${app.url}/trpc/session.refresh`, {
      method: 'POST',
      headers: { cookie: `monimmo_refresh=${cookie!.value}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(replay.status).toBe(401);
  });

  it('never shows another agency the first one’s properties', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' });
    other = { context, ...(await openPage(context)) };
    const { page } = other;
    await page.goto(`${app.url}/creer-une-agence`);
    await page.getByLabel('Nom de l’agence').fill('Immobilière du Canal');
    await page.getByLabel('Prénom').fill('Paul');
    await page.getByLabel('Nom', { exact: true }).fill('Roux');
    await page.getByLabel('Adresse e-mail').fill('paul.roux@immo-canal.fr');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Créer l’agence' }).click();
    await page.getByRole('heading', { name: 'Biens' }).waitFor();
    await page.goto(`${app.url}/biens`);
    await page.getByText('Aucun bien pour l’instant.').first().waitFor();
    await page.goto(`${app.url}/biens?vue=liste&q=ecluse`);
    await page.getByText('Aucun bien ne correspond à votre recherche.').waitFor();
    await page.goto(`${app.url}${propertyPath}`);
    await page.getByRole('heading', { name: 'Bien introuvable' }).waitFor();
    expect(await page.getByText(TITLE).count()).toBe(0);
  });

  it('resets a forgotten password from the e-mail link, which ends the old sessions', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' });
    const visitor = await openPage(context);
    await visitor.page.goto(`${app.url}/mot-de-passe-oublie`);
    await visitor.page.getByLabel('Adresse e-mail').fill(ADMIN_EMAIL);
    await visitor.page.getByRole('button', { name: 'Recevoir le lien' }).click();
    await visitor.page.getByRole('heading', { name: 'Vérifiez votre messagerie' }).waitFor();
    await visitor.page.goto(await emailedLink(ADMIN_EMAIL, 'reinitialiser-mot-de-passe'));
    await visitor.page.getByRole('heading', { name: 'Nouveau mot de passe' }).waitFor();
    // The token leaves the address bar once read.
    expect(new URL(visitor.page.url()).hash).toBe('');
    await checkScreen(visitor.page, 'nouveau-mot-de-passe');
    await visitor.page.getByLabel('Mot de passe').fill(NEW_PASSWORD);
    await visitor.page.getByLabel('Confirmation').fill(NEW_PASSWORD);
    await visitor.page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await visitor.page.getByRole('link', { name: 'Se connecter' }).click();
    await visitor.page.getByLabel('Adresse e-mail').fill(ADMIN_EMAIL);
    await visitor.page.getByLabel('Mot de passe').fill(NEW_PASSWORD);
    await visitor.page.getByRole('button', { name: 'Se connecter' }).click();
    await visitor.page.getByRole('heading', { name: 'Biens' }).waitFor();
    // The first tab's session ended with the reset: its next renewal finds no session.
    await admin.page.reload();
    await admin.page.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect(visitor.problems).toEqual([]);
    await context.close();
  });

  it('never lets script errors or CSP refusals through', () => {
    expect(admin.problems).toEqual([]);
    expect(agent.problems).toEqual([]);
    expect(other.problems).toEqual([]);
  });
});
