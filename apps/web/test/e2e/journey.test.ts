import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH, DESKTOP, launchChromium, openPage, PHONE, screenshot, seriousViolations } from './browser.ts';
import { startBuiltApp, type BuiltApp } from './built-app.ts';

// One agency's day in the built app, in order: each step starts where the previous one left off.
let app: BuiltApp;
let browser: Browser;
let admin: { context: BrowserContext; page: Page; problems: string[] };
const PASSWORD = 'un-mot-de-passe-solide';
const ADMIN_EMAIL = 'claire.martin@agence-du-port.fr';

/** axe finds nothing serious and the screen is pictured at both sizes. */
async function checkScreen(page: Page, name: string): Promise<void> {
  expect(await seriousViolations(page), name).toEqual([]);
  await screenshot(page, name);
  const size = page.viewportSize()!;
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(150);
  expect(await seriousViolations(page), `${name} (téléphone)`).toEqual([]);
  await screenshot(page, name);
  await page.setViewportSize(size);
}

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
    await page.waitForURL(/\/biens/);
    await page.getByRole('heading', { name: 'Biens' }).waitFor();
  });

  it('keeps the person signed in across a reload, without a token in storage', async () => {
    const { page, context } = admin;
    await page.reload();
    await page.getByRole('heading', { name: 'Biens' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/biens');
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

  it('never lets script errors or CSP refusals through', () => {
    expect(admin.problems).toEqual([]);
  });
});
