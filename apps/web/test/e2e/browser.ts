import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

// Debian's chromium, never a browser downloaded by Playwright.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

export interface LaunchOptions {
  /** A WAV file the browser's fake microphone plays (in a loop), granted without asking. */
  microphone?: string;
}

export const launchChromium = (options: LaunchOptions = {}): Promise<Browser> => {
  const microphone = options.microphone
    ? ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${options.microphone}`]
    : [];
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS, ...microphone] });
};

/** A page that records what must never happen: a script error, a CSP refusal, a failed request. */
export async function openPage(context: BrowserContext): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  // Under the test's own timeout, so a step that waits in vain says which element it waited for.
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // Refusals the screens expect (401 at the first refresh, 404 of « Bien introuvable ») log as
    // failed loads; a server error is caught below. Everything else in red is a defect.
    if (message.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(message.text())) {
      problems.push(`console: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 500) problems.push(`${response.status()} ${response.url()}`);
  });
  return { page, problems };
}

/** The login `pnpm db:seed` prints for the demo agency. */
export const DEMO_LOGIN = { email: 'direction@vieuxport-immobilier.fr', password: 'Demo-Monimmo-2026' };

/** Signs in through the login screen, and waits for the dashboard a sign-in lands on. */
export async function signIn(page: Page, url: string, login: { email: string; password: string } = DEMO_LOGIN): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Adresse e-mail').fill(login.email);
  await page.getByLabel('Mot de passe').fill(login.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: /^Bonjour/ }).waitFor();
}

const require = createRequire(import.meta.url);
const axeSource = (require('axe-core') as { source: string }).source;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on the page as it stands; only serious and critical findings count. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // evaluate() runs outside the page's CSP, which forbids injected scripts (rightly).
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const screenshotsDir = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));

/** Writes docs/screenshots/<name>-<desktop|phone>.png, shown in the README. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotsDir, { recursive: true });
  const size = page.viewportSize();
  const suffix = size && size.width < 768 ? 'telephone' : 'bureau';
  // Let transitions and lazy chunks settle: the picture is of what a person sees.
  await page.waitForLoadState('networkidle');
  await page.screenshot({ path: join(screenshotsDir, `${name}-${suffix}.png`), fullPage: false });
}

/** axe finds nothing serious and the screen is pictured at both sizes. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  expect(await seriousViolations(page), name).toEqual([]);
  await screenshot(page, name);
  const size = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(150);
  expect(await seriousViolations(page), `${name} (téléphone)`).toEqual([]);
  await screenshot(page, name);
  await page.setViewportSize(size);
}
