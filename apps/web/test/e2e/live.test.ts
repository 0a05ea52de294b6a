import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkScreen, DEMO_LOGIN, DESKTOP, launchChromium, openPage, signIn } from './browser.ts';
import { startBuiltApp, type BuiltApp } from './built-app.ts';

// The demo agency's day with the background work in a separate worker process (ENABLE_QUEUE, Redis):
// what the worker decides reaches the screens through the event stream, never through a reload.
let app: BuiltApp;
let browser: Browser;
interface Tab {
  context: BrowserContext;
  page: Page;
  problems: string[];
}
let demo: Tab;
let other: Tab;
let demoToken = '';
const OTHER = { email: 'nadia.benali@agence-des-calanques.fr', password: 'un-mot-de-passe-solide' };
const asset = (name: string) => fileURLToPath(new URL(`../../../../packages/core/src/seed-assets/${name}`, import.meta.url));

/** The public REST API as a third party calls it. */
async function rest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${app.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${demoToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** A tab whose page notes every event the stream delivers, and whether it was ever reloaded. */
async function openTab(): Promise<Tab> {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR', timezoneId: 'Europe/Paris' });
  await context.addInitScript(() => {
    const w = window as unknown as { EventSource: typeof EventSource; streamed: string[] };
    const Native = w.EventSource;
    w.streamed = [];
    w.EventSource = class extends Native {
      constructor(url: string | URL, init?: EventSourceInit) {
        super(url, init);
        this.addEventListener('message', (event) => w.streamed.push(String((event as MessageEvent).data)));
      }
    };
  });
  return { context, ...(await openPage(context)) };
}

/** Client-side navigation through the app's own menu: the page (and its stream) stays the same. */
async function go(page: Page, label: string): Promise<void> {
  const link = page.getByRole('navigation').getByRole('link', { name: new RegExp(`^${label}`) });
  if (await link.first().isVisible()) await link.first().click();
  else {
    await page.getByRole('button', { name: 'Plus' }).click();
    await page.getByRole('menuitem', { name: new RegExp(`^${label}`) }).click();
  }
}

/** The page was loaded once: a marker set on its window is still there. */
const neverReloaded = (page: Page) => page.evaluate(() => (window as unknown as { loadedOnce?: boolean }).loadedOnce === true);

beforeAll(async () => {
  app = await startBuiltApp({ demo: true, worker: true });
  browser = await launchChromium();
  demoToken = (
    await fetch(`${app.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(DEMO_LOGIN),
    }).then((r) => r.json() as Promise<{ accessToken: string }>)
  ).accessToken;
  const registered = await fetch(`${app.url}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ organizationName: 'Agence des Calanques', firstName: 'Nadia', lastName: 'Benali', ...OTHER }),
  });
  expect(registered.ok).toBe(true);
  [demo, other] = await Promise.all([openTab(), openTab()]);
  await signIn(demo.page, app.url);
  await signIn(other.page, app.url, OTHER);
  for (const { page } of [demo, other]) await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
  // The second agency watches its own inbox all along: nothing of the first one may reach it.
  await go(other.page, 'Boîte de réception');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the app follows the worker live', { timeout: 120_000 }, () => {
  it('shows the dashboard of the demo agency', async () => {
    const { page } = demo;
    await page.getByRole('heading', { name: 'Bonjour Sophie' }).waitFor();
    await checkScreen(page, 'tableau-de-bord');
  });

  it('shows a message posted through REST in the inbox, then attaches it, without a reload', async () => {
    const { page } = demo;
    await go(page, 'Boîte de réception');
    await page.getByRole('heading', { level: 1, name: 'Boîte de réception' }).waitFor();
    const message = await rest<{ id: string }>('POST', '/messages', {
      channel: 'GMAIL',
      fromName: 'Jean-Pierre Fabre',
      fromAddress: 'jp.fabre@orange.fr',
      subject: 'Des nouvelles du 14 rue Sainte ?',
      body: 'Bonjour Madame Marchand,\n\nAvez-vous eu des retours des visites de mon appartement du 14 rue Sainte ?\n\nJean-Pierre Fabre',
    });
    const row = page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ hasText: 'Des nouvelles du 14 rue Sainte ?' });
    await row.getByText('Rattaché').waitFor({ timeout: 30_000 });
    await row.getByRole('link').first().click();
    await page.getByText('Avez-vous eu des retours des visites').first().waitFor();
    await page.getByText('Appartement T3 lumineux, rue Sainte').first().waitFor();
    expect(await neverReloaded(page)).toBe(true);
    const streamed = await page.evaluate(() => (window as unknown as { streamed: string[] }).streamed.join('\n'));
    expect(streamed).toContain(message.id);
    await checkScreen(page, 'boite-de-reception');
  });

  it('puts an ambiguous message in the review queue live, and clears it from the keyboard', async () => {
    const { page } = demo;
    await go(page, 'À traiter');
    await page.getByRole('heading', { level: 1, name: /traiter/ }).waitFor();
    const email = 'paul.double@exemple.fr';
    const studio = await rest<{ id: string; participants: { contact: { id: string } }[] }>('POST', '/properties', {
      title: 'Studio rue Longue des Capucins',
      address: '2 rue Longue des Capucins',
      postalCode: '13001',
      city: 'Marseille',
      owner: { firstName: 'Paul', lastName: 'Double', email },
    });
    const garage = await rest<{ id: string }>('POST', '/properties', {
      title: 'Garage rue Consolat',
      address: '9 rue Consolat',
      postalCode: '13001',
      city: 'Marseille',
      ownerUserId: studio.participants[0]!.contact.id,
    });
    await rest('POST', '/messages', {
      channel: 'GMAIL',
      fromAddress: email,
      subject: 'Où en êtes-vous ?',
      body: 'Bonjour, des nouvelles ?',
    });

    // The new item joins the list live; the one being read stays in front of the person.
    await page.getByRole('button', { name: /Où en êtes-vous \?/ }).waitFor({ timeout: 30_000 });
    const item = page.getByRole('region', { name: 'Où en êtes-vous ?' });
    while (!(await item.isVisible())) {
      await page.keyboard.press('k');
      await page.waitForTimeout(100);
    }
    await item.getByText('Bonjour, des nouvelles ?').waitFor();
    await page
      .getByRole('button', { name: /^(Studio rue Longue des Capucins|Garage rue Consolat) — .*confiance/ })
      .first()
      .waitFor();
    await checkScreen(page, 'a-traiter');
    const first = await page
      .getByRole('button', { name: /confiance/ })
      .first()
      .textContent();
    await page.keyboard.press('1');
    await page.keyboard.press('Enter');
    await item.waitFor({ state: 'detached' });
    // The rest of the demo's queue, from the keyboard alone: a candidate when there is one, else set aside.
    const empty = page.getByText('Rien à traiter.');
    for (let left = 5; left > 0 && !(await empty.isVisible()); left -= 1) {
      const before = await page.locator('#review-current').textContent();
      if (await page.getByRole('button', { name: /confiance/ }).count()) {
        await page.keyboard.press('1');
        await page.keyboard.press('Enter');
      } else await page.keyboard.press('x');
      await page.waitForFunction((title) => document.querySelector('#review-current')?.textContent !== title, before);
    }
    await empty.waitFor();
    const messages = await rest<{ items: { subject: string | null; propertyId: string | null; aiStatus: string }[] }>('GET', '/messages');
    const resolved = messages.items.find((m) => m.subject === 'Où en êtes-vous ?');
    expect(resolved).toMatchObject({ aiStatus: 'PROCESSED', propertyId: first!.includes('Studio') ? studio.id : garage.id });
    expect(await neverReloaded(page)).toBe(true);
  });

  it('classifies a document uploaded from the property page while the page is open', async () => {
    const { page } = demo;
    await go(page, 'Biens');
    await page.getByRole('link', { name: 'Appartement rue Paradis' }).first().click();
    await page.getByRole('heading', { name: 'Appartement rue Paradis' }).waitFor();
    await page.getByLabel('Fichiers à déposer').setInputFiles([asset('dpe.pdf')]);
    await page
      .getByRole('listitem', { name: 'dpe.pdf', exact: true })
      .getByText('Diagnostic de performance énergétique (DPE)', { exact: true })
      .waitFor({ timeout: 30_000 });
    expect(await neverReloaded(page)).toBe(true);
  });

  it('connects the three mock integrations, and the inbox, documents and agenda fill', async () => {
    const { page } = demo;
    await go(page, 'Intégrations');
    const card = (name: string) => page.getByRole('article', { name });
    await card('Gmail').getByRole('button', { name: 'Connecter Gmail' }).click();
    await card('Gmail').getByText('Connecté', { exact: true }).waitFor({ timeout: 30_000 });
    await card('Google Agenda').getByRole('button', { name: 'Connecter Google Agenda' }).click();
    await card('Google Agenda').getByText('Connecté', { exact: true }).waitFor({ timeout: 30_000 });
    // Google's consent is a full-page round trip (immediate with the mock runtime): from here on, no reload again.
    expect(new URL(page.url()).pathname).toBe('/integrations');
    await page.evaluate(() => ((window as unknown as { loadedOnce: boolean }).loadedOnce = true));
    const whatsapp = card('WhatsApp');
    await whatsapp.getByRole('button', { name: 'Connecter WhatsApp' }).click();
    await whatsapp.getByLabel('Identifiant du numéro de téléphone').fill('106540352242922');
    await whatsapp.getByLabel('Jeton d’accès').fill('EAAMockWhatsAppSystemUserToken0000000000');
    await whatsapp.getByLabel('Clé secrète de l’application').fill('mock-whatsapp-app-secret');
    await whatsapp.getByLabel('Jeton de vérification du webhook').fill('mon-jeton-de-verification');
    await whatsapp.getByRole('button', { name: 'Connecter WhatsApp' }).click();
    await whatsapp.getByText('Connecté', { exact: true }).waitFor({ timeout: 30_000 });
    await card('Gmail').getByRole('button', { name: 'Synchroniser Gmail maintenant' }).click();
    await page.getByText('Synchronisation de Gmail lancée.').first().waitFor();
    await card('Gmail').getByText('Connecté', { exact: true }).waitFor({ timeout: 30_000 });
    await checkScreen(page, 'integrations');

    await go(page, 'Boîte de réception');
    const list = page.getByRole('list', { name: 'Messages' });
    await list.getByText('Seconde visite du T3 rue Sainte : samedi à 10 h ?').waitFor({ timeout: 30_000 });
    await list.getByText("DPE de l'appartement du 14 rue Sainte").waitFor();
    await list.getByRole('img', { name: 'WhatsApp' }).first().waitFor({ timeout: 30_000 });

    await go(page, 'Agenda');
    await page.getByText('Visite – T3 14 rue Sainte (Mme Girard)').first().waitFor({ timeout: 30_000 });
    await checkScreen(page, 'agenda');

    await go(page, 'Biens');
    await page.getByRole('link', { name: 'Studio étudiant proche Saint-Charles' }).first().click();
    await page.getByRole('listitem', { name: 'Taxe foncière 2026 - studio.pdf', exact: true }).waitFor({ timeout: 30_000 });
    await page.getByText('Contre-visite studio rue Bernard du Bois (M. Lenoir)').first().waitFor();
    expect(await neverReloaded(page)).toBe(true);
    expect(demo.problems).toEqual([]);
  });

  it("never shows the second agency anything of the first one's events", async () => {
    const { page } = other;
    expect(await neverReloaded(page)).toBe(true);
    const streamed = await page.evaluate(() => (window as unknown as { streamed: string[] }).streamed);
    const own = await demo.page.evaluate(() => (window as unknown as { streamed: string[] }).streamed);
    const domainEvents = (all: string[]) => all.filter((data) => /"type":"[a-z_]+\.[a-z_]+"/.test(data));
    // The first agency's tab heard dozens of events in the meantime; this one, on its own stream, none.
    expect(domainEvents(own).length).toBeGreaterThan(10);
    expect(domainEvents(streamed)).toEqual([]);
    expect(await page.getByRole('list', { name: 'Messages' }).count()).toBe(0);
    expect(other.problems).toEqual([]);
  });
});
