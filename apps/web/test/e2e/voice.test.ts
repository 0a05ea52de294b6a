import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, launchChromium, openPage, PHONE, screenshot, seriousViolations, signIn } from './browser.ts';
import { startBuiltApp, type BuiltApp } from './built-app.ts';
import { writeMicrophoneWav } from './microphone.ts';

// A voice note recorded with the browser's microphone (Chromium's fake one, playing a tone), through
// the API and a separate worker on Redis, followed on screen from « Envoyée » to the property's facts.
let app: BuiltApp;
let browser: Browser;
let dir: string;

/** What the demo's first-visit recording says (its comment tag): the mock cannot hear the tone. */
const DICTATION =
  "Premier rendez-vous chez Madame Garnier pour l'estimation de son appartement au 5 rue Paradis à Marseille, 13001. " +
  "C'est un quatre pièces de 92 m² au troisième étage avec ascenseur, trois chambres, un balcon, DPE classe C. " +
  'Elle souhaite le mettre en vente autour de 365 000 €. La cuisine est à rénover. Prochaine étape : lui envoyer le mandat de vente.';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'monimmo-voice-'));
  [app, browser] = await Promise.all([
    startBuiltApp({ demo: true, worker: true }),
    launchChromium({ microphone: writeMicrophoneWav(dir) }),
  ]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Watched {
  statuses: string[];
  progress: number[];
}

/**
 * Records, from inside the page, every status the open note shows and every upload progress
 * value, so the test can tell they moved on screen; a reload would lose the record.
 */
async function watch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const watched = { statuses: [] as string[], progress: [] as number[] };
    (window as unknown as { watched: typeof watched }).watched = watched;
    const note = (text: string) => {
      if (watched.statuses.at(-1) !== text) watched.statuses.push(text);
    };
    new MutationObserver(() => {
      const status = document.querySelector('article[aria-label="Note vocale"] [data-status]');
      const label = status?.getAttribute('aria-label') ?? status?.textContent;
      if (label) note(label.replace('Avancement : ', ''));
      const bar = document.querySelector('progress');
      if (bar && watched.progress.at(-1) !== bar.value) watched.progress.push(bar.value);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

async function watched(page: Page): Promise<Watched> {
  const record = await page.evaluate(() => (window as unknown as { watched?: Watched }).watched);
  if (!record) throw new Error('the page was reloaded');
  return record;
}

describe('a voice note recorded in the browser', () => {
  it('is recorded, sent, followed live, completed by hand, and fills its property', { timeout: 180_000 }, async () => {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'fr-FR', permissions: ['microphone'] });
    const { page, problems } = await openPage(context);
    await signIn(page, app.url);
    await page.getByRole('link', { name: 'Vocaux', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Vocaux', exact: true }).waitFor();
    await page.getByText('Aucune note vocale pour l’instant').waitFor();
    await watch(page);

    // Recording: the timer runs and the meter shows the microphone's signal.
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    const timer = page.getByRole('timer', { name: 'Durée de l’enregistrement' });
    await timer.waitFor();
    await page.waitForFunction(() => Number(document.querySelector('[role="meter"]')?.getAttribute('aria-valuenow')) > 10);
    await page.getByRole('timer').getByText('00:03').waitFor({ timeout: 20_000 });

    // A slow line, so the upload's progress is there to be seen (the recording is a few kilobytes).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 2048 });
    await page.getByRole('button', { name: 'Arrêter et envoyer' }).click();
    const progress = page.getByRole('progressbar', { name: /^Envoi de Note vocale .*\.webm$/ });
    await progress.waitFor();
    expect(await page.getByText(/ sur \d+(,\d)? Ko$/).textContent()).toMatch(/^\d+(,\d)? (octets|Ko) sur \d+(,\d)? Ko$/);
    await progress.waitFor({ state: 'detached', timeout: 30_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

    // The note opens, and its status moves without a reload: sent, then nothing heard, for a person.
    const detail = page.getByRole('article', { name: 'Note vocale' });
    await detail.waitFor();
    const transcript = detail.getByRole('region', { name: 'Transcription' });
    await transcript.getByText(/Aucune parole n’a été reconnue/).waitFor({ timeout: 30_000 });
    const seen = await watched(page);
    expect(seen.statuses[0]).toBe('Envoyée');
    expect(seen.statuses.at(-1)).toBe('À vérifier');
    expect(seen.progress.some((value) => value > 0 && value < 100)).toBe(true);
    await expect.poll(() => detail.getByText('Durée').count()).toBe(0);

    // The review queue holds the note, with the reason and a way back to it.
    await page
      .getByRole('link', { name: /^À traiter/ })
      .first()
      .click();
    const item = page.getByText('Aucune parole n’a été reconnue dans l’enregistrement : saisissez la transcription ou relancez-la.');
    await item.waitFor();
    await page.getByRole('link', { name: 'Ouvrir la note vocale' }).click();
    await detail.waitFor();

    // The person types what was said; the analysis runs again from it, live.
    await watch(page);
    await transcript.getByRole('button', { name: 'Saisir la transcription' }).click();
    await transcript.getByLabel('Ce qui a été dit').fill(DICTATION);
    await transcript.getByRole('button', { name: 'Enregistrer la transcription' }).click();
    await detail.getByRole('list', { name: 'Avancement : Analysée' }).waitFor({ timeout: 30_000 });
    expect((await watched(page)).statuses.at(-1)).toBe('Analysée');
    await transcript.getByText(/5 rue Paradis/).waitFor();
    await detail
      .getByRole('region', { name: 'Résumé' })
      .getByText(/Madame Garnier/)
      .waitFor();
    await detail.getByRole('region', { name: 'Enseignements' }).getByText('Prochaines étapes').waitFor();
    const facts = detail.getByRole('region', { name: 'Relevé de la première visite' });
    for (const fact of ['92 m²', '365 000 €']) await facts.getByText(fact).waitFor();
    expect(await facts.getByText('ajouté à la fiche').count()).toBeGreaterThan(3);
    expect(await page.getByLabel('Type de note').inputValue()).toBe('VISITE_INITIALE');

    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      await detail.getByRole('region', { name: 'Transcription' }).waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'vocal');
    }
    await page.setViewportSize(DESKTOP);

    // The property now holds what the note said.
    await facts.getByRole('link', { name: 'Voir la fiche du bien' }).click();
    await page.getByRole('heading', { name: 'Appartement rue Paradis' }).waitFor();
    for (const fact of ['92 m²', '365 000 €', 'Classe C']) await page.getByText(fact, { exact: true }).first().waitFor();

    // The list of notes, with the analysed one.
    await page.getByRole('link', { name: 'Vocaux', exact: true }).first().click();
    const list = page.getByRole('region', { name: 'Notes vocales de l’agence' });
    await list.getByRole('list', { name: 'Avancement : Analysée' }).waitFor();
    await list.getByRole('link', { name: 'Appartement rue Paradis' }).waitFor();
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      await list.waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'vocaux');
    }
    expect(problems).toEqual([]);
    await context.close();
  });
});
