import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchChromium, openPage, PHONE, screenshot, seriousViolations, signIn } from './browser.ts';
import { startBuiltApp, type BuiltApp } from './built-app.ts';

// What a newcomer sees after `pnpm start` and `pnpm db:seed`: the demo agency's kanban.
let app: BuiltApp;
let browser: Browser;
const TITLES = [
  'Appartement T3 lumineux, rue Sainte',
  'Maison de ville avec jardin',
  'Studio étudiant proche Saint-Charles',
  'Appartement rue Paradis',
  'Villa vue mer avec piscine',
];

beforeAll(async () => {
  app = await startBuiltApp({ demo: true });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the demo agency', () => {
  it('shows its five properties on the kanban, and a property with its documents', async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR' });
    const { page, problems } = await openPage(context);
    await signIn(page, app.url);
    await page.getByRole('link', { name: 'Biens', exact: true }).first().click();
    for (const title of TITLES) await page.getByRole('link', { name: title }).waitFor();
    expect(await page.getByRole('region').getByRole('link').count()).toBe(TITLES.length);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'demo-tableau');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'demo-tableau');
    await page.setViewportSize(DESKTOP);

    await page.getByRole('link', { name: 'Appartement T3 lumineux, rue Sainte' }).click();
    for (const name of ['DPE - 14 rue Sainte.pdf', 'Mandat de vente MV-2026-014 signé.pdf', 'Façade rue Sainte.jpg']) {
      await page.getByRole('listitem', { name, exact: true }).waitFor();
    }
    await page
      .getByRole('listitem', { name: 'DPE - 14 rue Sainte.pdf', exact: true })
      .getByText('Diagnostic de performance énergétique (DPE)', { exact: true })
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'demo-fiche-bien');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'demo-fiche-bien');
    expect(problems).toEqual([]);
    await context.close();
  });
});
